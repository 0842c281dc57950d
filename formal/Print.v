(* Not part of the build: `make -C formal assumptions` runs it to list the axioms each main
   theorem depends on (compared with assumptions.txt by .ci/steps/50-coq.sh). *)
Require Import FTC.Interp FTC.Paper FTC.Project FTC.Dims FTC.Windows FTC.Hard FTC.Tight FTC.Exact.
Print Assumptions interpolation.
Print Assumptions paper_upper.
Print Assumptions projection.
Print Assumptions paper_upper_d.
Print Assumptions affine_between_kinks.
Print Assumptions convex_window.
Print Assumptions concave_window.
Print Assumptions disjoint_windows.
Print Assumptions alternating_lower.
Print Assumptions hard_lower.
Print Assumptions tight_upper.
Print Assumptions mstar_large_K.
