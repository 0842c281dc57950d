(* Not part of the build: check.sh runs it to list the axioms each main theorem depends on
   and compares the output with assumptions.txt. *)
Require Import FTC.Interp FTC.Paper FTC.Project FTC.Dims FTC.Windows FTC.Hard FTC.Tight FTC.Exact
  FTC.Sort FTC.Every FTC.Compute FTC.Exact6 FTC.Capacity FTC.Odd FTC.Even FTC.Theorem6 FTC.EveryExact.
Goal True. idtac "== interpolation". Abort.
Print Assumptions interpolation.
Goal True. idtac "== paper_upper". Abort.
Print Assumptions paper_upper.
Goal True. idtac "== projection". Abort.
Print Assumptions projection.
Goal True. idtac "== paper_upper_d". Abort.
Print Assumptions paper_upper_d.
Goal True. idtac "== affine_between_kinks". Abort.
Print Assumptions affine_between_kinks.
Goal True. idtac "== convex_window". Abort.
Print Assumptions convex_window.
Goal True. idtac "== concave_window". Abort.
Print Assumptions concave_window.
Goal True. idtac "== disjoint_windows". Abort.
Print Assumptions disjoint_windows.
Goal True. idtac "== alternating_lower". Abort.
Print Assumptions alternating_lower.
Goal True. idtac "== hard_lower". Abort.
Print Assumptions hard_lower.
Goal True. idtac "== hard_lower_d". Abort.
Print Assumptions hard_lower_d.
Goal True. idtac "== tight_upper". Abort.
Print Assumptions tight_upper.
Goal True. idtac "== mstar_large_K". Abort.
Print Assumptions mstar_large_K.
Goal True. idtac "== paper_upper_any". Abort.
Print Assumptions paper_upper_any.
Goal True. idtac "== tight_upper_any". Abort.
Print Assumptions tight_upper_any.
Goal True. idtac "== paper_upper_dim". Abort.
Print Assumptions paper_upper_dim.
Goal True. idtac "== tight_upper_dim". Abort.
Print Assumptions tight_upper_dim.
Goal True. idtac "== mstar_dim". Abort.
Print Assumptions mstar_dim.
Goal True. idtac "== qpaper_net_R". Abort.
Print Assumptions qpaper_net_R.
Goal True. idtac "== qtight_net_R". Abort.
Print Assumptions qtight_net_R.
Goal True. idtac "== not_alternating_upper". Abort.
Print Assumptions not_alternating_upper.
Goal True. idtac "== upper_K_minus_2". Abort.
Print Assumptions upper_K_minus_2.
Goal True. idtac "== exact_width". Abort.
Print Assumptions exact_width.
Goal True. idtac "== corollary_4_2". Abort.
Print Assumptions corollary_4_2.
Goal True. idtac "== hardT_size_small". Abort.
Print Assumptions hardT_size_small.
Goal True. idtac "== exact_width_K5". Abort.
Print Assumptions exact_width_K5.
Goal True. idtac "== corollary_4_2_K5". Abort.
Print Assumptions corollary_4_2_K5.
Goal True. idtac "== capacity_large_K". Abort.
Print Assumptions capacity_large_K.
Goal True. idtac "== odd_construction". Abort.
Print Assumptions odd_construction.
Goal True. idtac "== alternating_odd". Abort.
Print Assumptions alternating_odd.
Goal True. idtac "== exact_width_odd". Abort.
Print Assumptions exact_width_odd.
Goal True. idtac "== exact_width_even_open". Abort.
Print Assumptions exact_width_even_open.
Goal True. idtac "== corollary_4_2_even_open". Abort.
Print Assumptions corollary_4_2_even_open.
Goal True. idtac "== even_construction". Abort.
Print Assumptions even_construction.
Goal True. idtac "== alternating_even". Abort.
Print Assumptions alternating_even.
Goal True. idtac "== alternating_all". Abort.
Print Assumptions alternating_all.
Goal True. idtac "== exact_width_all". Abort.
Print Assumptions exact_width_all.
Goal True. idtac "== corollary_4_2_all". Abort.
Print Assumptions corollary_4_2_all.
Goal True. idtac "== mstar_all_dim". Abort.
Print Assumptions mstar_all_dim.
