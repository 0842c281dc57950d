(* Theorem 6 in R^d, samples in any order. *)
Require Import Reals Lra Lia List Arith.
Require Import FTC.Net FTC.Paper FTC.Project FTC.Dims FTC.Hard FTC.Exact FTC.Sort FTC.Every
  FTC.Capacity FTC.Theorem6.
Open Scope R_scope.

(** m*(K, N) = min(3N, K - 2) for every K >= 5, N <= K and dimension d >= 1: every instance in
    R^d (pairwise-distinct samples in any order, |T| = N) is fine-tuned by a 2-layer network with
    min(3N, K - 2) neurons, and the hard instance x_p = p e_1 (|T| = N) needs that many. *)
Theorem mstar_all_dim : forall d K N, (1 <= d)%nat -> (5 <= K)%nat -> (N <= K)%nat ->
  okD d (Nat.min (3 * N) (K - 2)) K N /\
  (cnt (hardT K N) (S K) = N /\
   (forall p, hardT K N p = false -> hardz K N p = 0) /\
   forall b (l : list neuronD),
     (forall p, (1 <= p <= K)%nat -> netD b l (scale (INR p) (e1 d)) = hardz K N p) ->
     (Nat.min (3 * N) (K - 2) <= length l)%nat).
Proof.
  intros d K N Hd HK HN. split; [|split; [|split]].
  - intros x z inT Hx Hdist Hz HC.
    destruct (proj_distinct d K x Hx Hdist) as [s Hs].
    set (t := fun i => dot (avec (INR s) d) (x i)).
    destruct (proj1 (exact_width_all K N HK HN) (st K t) (sz K t z) (sT K t inT)
                (st_incr K t Hs) (sz_off K t z inT Hz) (sT_range K t inT)) as [b [l [Hl Hf]]].
    { assert (E := sN K t inT). unfold Paper.N in E. rewrite E. exact HC. }
    exists b, (lift (avec (INR s) d) l). split; [rewrite lift_length; exact Hl|].
    intros i Hi. rewrite lift_eval. apply (unsort K t z b l Hf i Hi).
  - destruct (Nat.le_gt_cases (3 * N + 1) K) as [L|L];
      [apply hardT_size_large; exact L|apply hardT_size_small; lia].
  - apply hardz_off.
  - intros b l H. apply (hard_lower_d d K N b l HN H).
Qed.
