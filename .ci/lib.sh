# Shared helpers for .ci/run and .ci/steps/*.sh (sourced, not executed).

# need CMD PACKAGE...: install Debian PACKAGEs when CMD is missing (apt-get update once per run).
# Without root (a developer's machine) it only reports what is missing and returns 1.
need() {
  local cmd=$1; shift
  command -v "$cmd" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "missing $cmd: install Debian package(s) $*" >&2
    return 1
  fi
  if [ -z "${FTCERT_APT_UPDATED:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    export FTCERT_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  command -v "$cmd" >/dev/null 2>&1
}
