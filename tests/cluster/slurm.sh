#!/usr/bin/env bash
# The Slurm path of docs/cluster.md, run on a real Slurm: a one-node cluster on localhost (munged,
# slurmctld, slurmd from Debian's munge and slurm-wlm, all in a temporary folder, as root), then
#  1. docs/cluster/sweep.sbatch as a 4-task array (`sweep --k-min 3 --k-max 14`) and
#     docs/cluster/merge.sbatch as the job depending on it; the merged table and archive must be
#     byte-identical to the unsharded sweep;
#  2. the same with one array task cancelled mid-run (scancel) and requeued (scontrol requeue): it
#     resumes (--resume), and the merged table and archive are still byte-identical.
# Every daemon it started is stopped by process id on exit, also on failure.
#
#   tests/cluster/slurm.sh [FTCERT]        # default: target/release/ftcert
# Prints `ok - CHECK` / `not ok - CHECK` per check; exits non-zero if any failed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FTCERT=$(realpath "${1:-$ROOT/target/release/ftcert}")
TIMEOUT=${FTCERT_SLURM_TIMEOUT:-300} # seconds, for each wait below
SWEEP_ARGS="--k-min 3 --k-max 14"
SHARDS=4
for cmd in munged slurmctld slurmd sbatch scontrol squeue scancel "$FTCERT"; do
  command -v "$cmd" >/dev/null || { echo "not ok - $cmd not found" >&2; exit 1; }
done

WORK=$(mktemp -d /tmp/ftcert-slurm.XXXXXX)
export FTCERT_SLURM_WORK=$WORK # inherited by the daemons and every job: finds strays on exit
DAEMONS=()
JOBS=()
. "$(dirname "$0")/common.sh"

stop_all() {
  set +e
  [ ${#JOBS[@]} -gt 0 ] && scancel "${JOBS[@]}" 2>/dev/null
  # Daemons in reverse start order, by pid; then any process still carrying our marker (a job
  # step left behind by a killed slurmd), by pid.
  for ((i = ${#DAEMONS[@]} - 1; i >= 0; i--)); do
    kill "${DAEMONS[i]}" 2>/dev/null
    for _ in $(seq 50); do kill -0 "${DAEMONS[i]}" 2>/dev/null || break; sleep 0.1; done
    kill -9 "${DAEMONS[i]}" 2>/dev/null
    wait "${DAEMONS[i]}" 2>/dev/null
  done
  for env in /proc/[0-9]*/environ; do
    pid=${env#/proc/}; pid=${pid%/environ}
    [ "$pid" = $$ ] && continue
    if { tr '\0' '\n' <"$env" | grep -qx "FTCERT_SLURM_WORK=$WORK"; } 2>/dev/null; then
      kill -9 "$pid" 2>/dev/null
    fi
  done
  if [ "$failed" -gt 0 ] || [ -n "${FTCERT_SLURM_KEEP:-}" ]; then
    echo "logs kept in $WORK/log" >&2
  else
    rm -rf "$WORK"
  fi
}
trap stop_all EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# wait_for SECONDS CMD...: poll CMD until it succeeds; false after SECONDS.
wait_for() {
  local limit=$1; shift
  local end=$((SECONDS + limit))
  until "$@"; do
    [ $SECONDS -lt $end ] || return 1
    sleep 0.05
  done
}

start_cluster() {
  mkdir -p "$WORK"/{munge,state,spool,log,run}
  chmod 700 "$WORK/munge"
  dd if=/dev/urandom of="$WORK/munge/munge.key" bs=1024 count=1 status=none
  chmod 400 "$WORK/munge/munge.key"
  munged --foreground --force --socket="$WORK/munge/socket" --key-file="$WORK/munge/munge.key" \
    --pid-file="$WORK/run/munged.pid" --log-file="$WORK/log/munged.log" \
    --seed-file="$WORK/munge/seed" 2>>"$WORK/log/munged.log" &
  DAEMONS+=($!)
  wait_for 10 test -S "$WORK/munge/socket" || { not_ok "munged started (log: $WORK/log)"; exit 1; }

  local host hw
  host=$(hostname -s)
  hw=$(slurmd -C | head -1 | sed 's/^NodeName=[^ ]* //')
  cat >"$WORK/slurm.conf" <<CONF
ClusterName=ftcert
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$WORK/munge/socket,cred_expire=5
CredType=cred/munge
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/run/slurmctld.pid
SlurmdPidFile=$WORK/run/slurmd.pid
SlurmctldLogFile=$WORK/log/slurmctld.log
SlurmdLogFile=$WORK/log/slurmd.log
PlugStackConfig=$WORK/plugstack.conf
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
JobRequeue=1
KillWait=2
MinJobAge=600
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=ftcert-node NodeHostname=$host NodeAddr=127.0.0.1 $hw State=UNKNOWN
PartitionName=ftcert Nodes=ftcert-node Default=YES MaxTime=INFINITE State=UP
CONF
  : >"$WORK/plugstack.conf"
  export SLURM_CONF=$WORK/slurm.conf
  slurmctld -D -c -f "$SLURM_CONF" >>"$WORK/log/slurmctld.out" 2>&1 &
  DAEMONS+=($!)
  slurmd -D -N ftcert-node -f "$SLURM_CONF" >>"$WORK/log/slurmd.out" 2>&1 &
  DAEMONS+=($!)
  node_idle() { sinfo -h -n ftcert-node -o %t 2>/dev/null | grep -qx idle; }
  if wait_for 30 node_idle; then
    ok "one-node Slurm up in $SECONDS s (munged, slurmctld, slurmd: pids ${DAEMONS[*]})"
  else
    not_ok "one-node Slurm up (node state: $(sinfo -h -o %t 2>&1); logs: $WORK/log)"
    exit 1
  fi
}

# job_state JOBID: the JobState of a job or array task (e.g. 123_1).
job_state() { scontrol show job "$1" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -1; }
jobs_done() { [ -z "$(squeue -h -j "$(IFS=,; echo "$*")" 2>/dev/null)" ]; }

# submit OUT: the array job and the merge job depending on it, run from the docs' own files with
# the test's settings; sets SWEEP_JOB and MERGE_JOB.
submit() {
  local out=$1
  mkdir -p "$out"
  export FTCERT FTCERT_OUT=$out FTCERT_SWEEP=$SWEEP_ARGS FTCERT_FORMAT=table
  SWEEP_JOB=$(cd "$out" && sbatch --parsable --array=0-$((SHARDS - 1)) --cpus-per-task=1 --mem=200M \
    --time=00:10:00 "$ROOT/docs/cluster/sweep.sbatch")
  JOBS+=("$SWEEP_JOB")
  MERGE_JOB=$(cd "$out" && sbatch --parsable --dependency=afterok:"$SWEEP_JOB" --mem=200M \
    --time=00:10:00 "$ROOT/docs/cluster/merge.sbatch")
  JOBS+=("$MERGE_JOB")
}

# check_states WHAT JOB...: every job (array tasks included) ended COMPLETED.
check_states() {
  local what=$1; shift
  local bad
  bad=$(for j in "$@"; do scontrol show job "$j" -o 2>/dev/null |
    sed -n 's/^JobId=\([0-9]*\).*ArrayTaskId=\([0-9]*\).*JobState=\([A-Z_]*\).*/\1_\2 \3/p;
            /ArrayTaskId/!s/^JobId=\([0-9]*\).*JobState=\([A-Z_]*\).*/\1 \2/p'; done | grep -v ' COMPLETED$' || true)
  if [ -z "$bad" ]; then ok "$what: array tasks and merge job COMPLETED"; else not_ok "$what: jobs not COMPLETED: $bad"; fi
}

start_cluster
# The unsharded sweep, the reference.
mkdir -p "$WORK/ref"
read -r -a sweep_words <<<"$SWEEP_ARGS"
"$FTCERT" sweep "${sweep_words[@]}" --quiet --archive "$WORK/ref/archive" >"$WORK/ref/table.txt" 2>"$WORK/ref.log"

# 1. Array job + dependent merge job.
t0=$SECONDS
submit "$WORK/run1"
if wait_for "$TIMEOUT" jobs_done "$SWEEP_JOB" "$MERGE_JOB"; then
  ok "array job $SWEEP_JOB ($SHARDS shards) and merge job $MERGE_JOB done in $((SECONDS - t0)) s"
else
  not_ok "array job and merge job not done within $TIMEOUT s: $(squeue -h 2>&1)"
fi
check_states "array + merge" "$SWEEP_JOB" "$MERGE_JOB"
compare "$WORK/run1" "array + merge"

# 2. Preemption: cancel task 1 once it has completed its first K (its progress file exists) and
# before it finished (no report yet), requeue it; the merge job waits for it.
t0=$SECONDS
submit "$WORK/run2"
progress="$WORK/run2/archive/.ftcert-progress-1-of-$SHARDS.json"
if wait_for "$TIMEOUT" test -e "$progress"; then
  scancel "${SWEEP_JOB}_1"
  wait_for 30 bash -c "[ \"\$(scontrol show job ${SWEEP_JOB}_1 | grep -o 'JobState=[A-Z]*')\" = JobState=CANCELLED ]" || true
  state=$(job_state "${SWEEP_JOB}_1")
  if [ "$state" = CANCELLED ] && [ ! -e "$WORK/run2/reports/shard-1.json" ]; then
    ok "preemption: task ${SWEEP_JOB}_1 cancelled mid-run (progress saved, no report)"
  else
    not_ok "preemption: task ${SWEEP_JOB}_1 not cancelled mid-run (state $state)"
  fi
  scontrol requeue "${SWEEP_JOB}_1"
  # The cancelled task fails the merge job's afterok dependency on the array; re-arm it on the
  # array's tasks one by one (Slurm 22.05 keeps counting the cancelled task against the array).
  tasks=$(seq -s: -f "${SWEEP_JOB}_%g" 0 $((SHARDS - 1)))
  scontrol update JobId="$MERGE_JOB" Dependency=afterok:"$tasks"
else
  not_ok "preemption: task 1 wrote no progress file within $TIMEOUT s"
fi
if wait_for "$TIMEOUT" jobs_done "$SWEEP_JOB" "$MERGE_JOB"; then
  ok "preemption: requeued task, array and merge done in $((SECONDS - t0)) s"
else
  not_ok "preemption: jobs not done within $TIMEOUT s: $(squeue -h 2>&1)"
fi
check_states "preemption" "$SWEEP_JOB" "$MERGE_JOB"
if grep -qh "^resume: K = " "$WORK"/run2/ftcert-shard-"${SWEEP_JOB}"_1.log; then
  ok "preemption: the requeued task resumed ($(grep -h '^resume: K = ' "$WORK"/run2/ftcert-shard-"${SWEEP_JOB}"_1.log | cut -c1-60)...)"
else
  not_ok "preemption: the requeued task did not resume (log $WORK/run2/ftcert-shard-${SWEEP_JOB}_1.log)"
fi
compare "$WORK/run2" "preemption"

echo "slurm: $failed failed, total $SECONDS s"
[ "$failed" -eq 0 ]
