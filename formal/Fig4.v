(* Not part of the build: check.sh runs it and turns the output into coq-networks.txt. *)
Require Import QArith FTC.Compute.
Goal True. idtac "== two-layer-paper fig4". Abort.
Eval vm_compute in out_paper_fig4.
Goal True. idtac "== two-layer-tight fig4". Abort.
Eval vm_compute in out_tight_fig4.
Goal True. idtac "== two-layer-tight mirror6". Abort.
Eval vm_compute in out_tight_mirror6.
