(* Not part of the build: check.sh runs it and turns the output into fig4-paper.txt. *)
Require Import QArith FTC.Compute.
Eval vm_compute in fig4_net.
