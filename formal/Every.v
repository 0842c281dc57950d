(* Theorems 2 and 5 in R^d for samples in any order, and m*(K, N) = min(3N, K - 2) in R^d. *)
Require Import Reals Lra Lia List Arith.
Require Import FTC.Net FTC.Paper FTC.Project FTC.Dims FTC.Hard FTC.Exact FTC.Sort.
Open Scope R_scope.

Section Every.

Variable d K : nat.
Variable x : nat -> list R.          (* samples x_0 .. x_(K-1) in R^d, any order *)
Variable z : nat -> R.
Variable inT : nat -> bool.
Hypothesis x_dim : forall i, (i < K)%nat -> length (x i) = d.
Hypothesis x_distinct : forall i j, (i < j < K)%nat -> x i <> x j.
Hypothesis z_off_T : forall i, inT i = false -> z i = 0.

Lemma proj_distinct : exists s : nat, forall i j, (i < K)%nat -> (j < K)%nat -> i <> j ->
  dot (avec (INR s) d) (x i) <> dot (avec (INR s) d) (x j).
Proof.
  destruct (projection d K x x_dim x_distinct) as [s0 H]. exists s0.
  intros i j Hi Hj Hij. destruct (Nat.lt_total i j) as [L|[L|L]]; [|lia|].
  - apply (H s0 (le_n s0)). lia.
  - intros E. apply (H s0 (le_n s0) j i); [lia|]. symmetry. exact E.
Qed.

Lemma lift_rows : forall a l n, In n (lift a l) -> exists al, wD n = scale al a.
Proof.
  intros a l n H. unfold lift in H. apply in_map_iff in H. destruct H as [m [<- _]].
  exists (na m). reflexivity.
Qed.

(** Theorem 2 in R^d: some natural s, and a 2-layer network whose rows are multiples of
    a(s) = (1, s, ..., s^(d-1)), fine-tune all K samples with at most min(3N + 1, K - 1) neurons. *)
Theorem paper_upper_dim : (1 <= K)%nat ->
  exists (s : nat) b (l : list neuronD),
    (forall n, In n l -> exists al, wD n = scale al (avec (INR s) d)) /\
    (forall i, (i < K)%nat -> netD b l (x i) = z i) /\
    (length l <= Nat.min (3 * N K inT + 1) (K - 1))%nat.
Proof.
  intros HK. destruct proj_distinct as [s Hs].
  destruct (paper_upper_any K (fun i => dot (avec (INR s) d) (x i)) z inT Hs z_off_T HK)
    as [b [l [H1 H2]]].
  exists s, b, (lift (avec (INR s) d) l). split; [apply lift_rows|split].
  - intros i Hi. rewrite lift_eval. apply H1. exact Hi.
  - rewrite lift_length. exact H2.
Qed.

(** Theorem 5 in R^d: at most K - 1 neurons, and min(3N, K - 2) when K >= 3N + 1. *)
Theorem tight_upper_dim : (1 <= K)%nat ->
  exists (s : nat) b (l : list neuronD),
    (forall n, In n l -> exists al, wD n = scale al (avec (INR s) d)) /\
    (forall i, (i < K)%nat -> netD b l (x i) = z i) /\
    (length l <= K - 1)%nat /\
    ((3 * N K inT + 1 <= K)%nat -> (length l <= Nat.min (3 * N K inT) (K - 2))%nat).
Proof.
  intros HK. destruct proj_distinct as [s Hs].
  destruct (tight_upper_any K (fun i => dot (avec (INR s) d) (x i)) z inT Hs z_off_T HK)
    as [b [l [H1 [H2 H3]]]].
  exists s, b, (lift (avec (INR s) d) l). split; [apply lift_rows|split; [|split]].
  - intros i Hi. rewrite lift_eval. apply H1. exact Hi.
  - rewrite lift_length. exact H2.
  - rewrite lift_length. exact H3.
Qed.

End Every.

(* Capacity in R^d (Capacity.ok in 1-D): every instance with K pairwise-distinct samples in R^d,
   in any order, and |T| = N is fine-tuned by a 2-layer network with at most m neurons. *)
Definition okD (d m K N : nat) : Prop :=
  forall (x : nat -> list R) (z : nat -> R) (inT : nat -> bool),
    (forall i, (i < K)%nat -> length (x i) = d) ->
    (forall i j, (i < j < K)%nat -> x i <> x j) ->
    (forall i, inT i = false -> z i = 0) ->
    cnt inT K = N ->
    exists b (l : list neuronD), (length l <= m)%nat /\ forall i, (i < K)%nat -> netD b l (x i) = z i.

(** m*(K, N) = min(3N, K - 2) for every K >= 3N + 1 and every dimension d >= 1:
    every instance in R^d (pairwise-distinct samples in any order, |T| = N) is fine-tuned with
    min(3N, K - 2) neurons, and the hard instance x_p = p e_1 in R^d needs that many. *)
Theorem mstar_dim : forall d K N, (1 <= d)%nat -> (3 * N + 1 <= K)%nat ->
  okD d (Nat.min (3 * N) (K - 2)) K N /\
  ((forall p, (1 <= p <= K)%nat -> length (scale (INR p) (e1 d)) = d) /\
   (forall p q, (1 <= p < q)%nat -> (q <= K)%nat -> scale (INR p) (e1 d) <> scale (INR q) (e1 d)) /\
   cnt (hardT K N) (S K) = N /\
   (forall p, hardT K N p = true -> (1 <= p <= K)%nat) /\
   (forall p, hardT K N p = false -> hardz K N p = 0) /\
   forall b (l : list neuronD),
     (forall p, (1 <= p <= K)%nat -> netD b l (scale (INR p) (e1 d)) = hardz K N p) ->
     (Nat.min (3 * N) (K - 2) <= length l)%nat).
Proof.
  intros d K N Hd HK.
  destruct (mstar_large_K K N HK) as [_ [Hs [Hr [Ho _]]]].
  split; [|split; [|split; [|split; [exact Hs|split; [exact Hr|split; [exact Ho|]]]]]].
  - intros x z inT Hx Hdist Hz HN.
    destruct (tight_upper_dim d K x z inT Hx Hdist Hz ltac:(lia)) as [s [b [l [_ [H1 [_ H3]]]]]].
    exists b, l. split; [|exact H1]. unfold Paper.N in H3. rewrite HN in H3. apply H3. exact HK.
  - intros p _. unfold scale, e1. rewrite map_length. simpl. rewrite repeat_length. lia.
  - intros p q Hpq Hq E. unfold scale, e1 in E. simpl in E. injection E as E _.
    rewrite !Rmult_1_r in E. apply INR_eq in E. lia.
  - intros b l H. apply (hard_lower_d d K N b l); [lia|exact H].
Qed.
