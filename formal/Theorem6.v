(* Theorem 6 with the odd case proven: only alternating data with K even remains open. *)
Require Import Reals Lra Lia Psatz List Arith.
Require Import FTC.Net FTC.Paper FTC.Hard FTC.Exact6 FTC.Odd FTC.Even FTC.Capacity.
Open Scope R_scope.

Section Signs.

Variable K : nat.
Variable t z : nat -> R.
Hypothesis Halt : alternating K t z.

Let J (c : nat) : R := dsl t z c - dsl t z (c - 1).

Lemma J_nz : forall c, (1 <= c)%nat -> (c + 2 <= K)%nat -> J c <> 0.
Proof. intros c H1 H2 E. apply (proj1 Halt c H1 H2). unfold J in E. lra. Qed.

Lemma J_alt : forall c, (1 <= c)%nat -> (c + 3 <= K)%nat -> J c * J (c + 1)%nat < 0.
Proof.
  intros c H1 H2. assert (Hle := proj2 Halt c H1 H2).
  assert (A := J_nz c H1 ltac:(lia)). assert (B := J_nz (c + 1) ltac:(lia) ltac:(lia)).
  unfold J in *. replace (c + 1 - 1)%nat with c in * by lia.
  destruct (Rle_lt_or_eq_dec _ _ Hle) as [L|E]; [exact L|].
  exfalso. apply Rmult_integral in E. destruct E; [apply A|apply B]; lra.
Qed.

Lemma J_same_from : forall c k, (1 <= c)%nat -> (c + 2 * k + 2 <= K)%nat ->
  0 < J c * J (c + 2 * k)%nat.
Proof.
  intros c k Hc. induction k as [|k IH]; intros Hk.
  - replace (c + 2 * 0)%nat with c by lia.
    assert (A := J_nz c Hc ltac:(lia)). nra.
  - assert (I := IH ltac:(lia)).
    assert (A1 := J_alt (c + 2 * k) ltac:(lia) ltac:(lia)).
    assert (A2 := J_alt (c + 2 * k + 1) ltac:(lia) ltac:(lia)).
    replace (c + 2 * k + 1 + 1)%nat with (c + 2 * S k)%nat in A2 by lia.
    set (a := J c) in *. set (b := J (c + 2 * k)%nat) in *.
    set (cc := J (c + 2 * k + 1)%nat) in *. set (e := J (c + 2 * S k)%nat) in *.
    assert (0 < b * e) by nra.
    assert (0 < a * e * (b * b)) by nra.
    assert (0 < b * b) by nra.
    nra.
Qed.

Lemma J_same : forall k, (2 * k + 3 <= K)%nat -> 0 < J 1%nat * J (1 + 2 * k)%nat.
Proof. intros k Hk. apply J_same_from; lia. Qed.

End Signs.

(** The odd case: alternating data with K odd >= 5 has a network with K - 2 neurons. *)
Theorem alternating_odd : forall K t z, (5 <= K)%nat -> Nat.odd K = true ->
  (forall i j, (i < j < K)%nat -> t i < t j) -> alternating K t z ->
  exists b l, length l = (K - 2)%nat /\ forall i, (i < K)%nat -> net1 b l (t i) = z i.
Proof.
  intros K t z HK Ho Ht Ha.
  destruct (Nat.odd_spec K) as [Hs _]. destruct (Hs Ho) as [k Hk].
  assert (HJ := J_same K t z Ha (k - 1) ltac:(lia)).
  replace (1 + 2 * (k - 1))%nat with (K - 2)%nat in HJ by lia.
  exists (odd_b K t z (dsl t z 1 - dsl t z 0) (dsl t z (K - 2) - dsl t z (K - 3))),
         (odd_net K t z (dsl t z 1 - dsl t z 0) (dsl t z (K - 2) - dsl t z (K - 3))).
  apply (odd_construction K t z Ht HK); [reflexivity| |].
  - reflexivity.
  - replace (K - 2 - 1)%nat with (K - 3)%nat in HJ by lia. exact HJ.
Qed.

(* What remains open: the even case. *)
Definition alternating_construction_even : Prop :=
  forall (K : nat) (t z : nat -> R), (6 <= K)%nat -> Nat.even K = true ->
    (forall i j, (i < j < K)%nat -> t i < t j) -> alternating K t z ->
    exists b l, length l = (K - 2)%nat /\ forall i, (i < K)%nat -> net1 b l (t i) = z i.

Lemma construction_from_even : alternating_construction_even -> alternating_construction.
Proof.
  intros He K t z HK Ht Ha. destruct (Nat.even K) eqn:E.
  - apply He; [|exact E|exact Ht|exact Ha].
    destruct (Nat.eq_dec K 5) as [->|]; [discriminate|lia].
  - apply alternating_odd; [exact HK| |exact Ht|exact Ha].
    rewrite <- Nat.negb_even, E. reflexivity.
Qed.

(** Theorem 6 under the one open lemma (the even case). *)
Theorem exact_width_even_open : alternating_construction_even ->
  forall K N, (5 <= K)%nat -> (N <= K)%nat ->
  ok (Nat.min (3 * N) (K - 2)) K N /\ cnt (hT K N) K = N /\
  hard_needs (Nat.min (3 * N) (K - 2)) K N.
Proof. intros He. apply exact_width_K5, construction_from_even, He. Qed.

Theorem corollary_4_2_even_open : alternating_construction_even ->
  forall m K N, (5 <= K)%nat -> (N <= K)%nat ->
  (ok m K N <-> (N <= if Nat.leb K (m + 2) then K else m / 3)%nat).
Proof. intros He. apply corollary_4_2_K5, construction_from_even, He. Qed.

(** For odd K nothing is assumed: m*(K, N) = min(3N, K - 2) for every odd K >= 5. *)
Theorem exact_width_odd : forall K N, (5 <= K)%nat -> Nat.odd K = true -> (N <= K)%nat ->
  ok (Nat.min (3 * N) (K - 2)) K N /\ hard_needs (Nat.min (3 * N) (K - 2)) K N.
Proof.
  intros K N HK Ho HN. split.
  - intros t z inT Ht Hz HT HC.
    destruct (Nat.le_gt_cases (3 * N + 1) K) as [L|L].
    + exact (proj2 (capacity_large_K (Nat.min (3 * N) (K - 2)) K N L) ltac:(lia) t z inT Ht Hz HT HC).
    + destruct (upper_K_minus_2_from K t z Ht (alternating_odd K t z HK Ho Ht)) as [b [l [Hl Hf]]].
      exists b, l. split; [lia|exact Hf].
  - apply hard_lower_ht. exact HN.
Qed.

(** The even case: alternating data with K even >= 6 has a network with K - 2 neurons. *)
Theorem alternating_even : alternating_construction_even.
Proof.
  intros K t z HK He Ht Ha.
  destruct (Nat.even_spec K) as [Hs _]. destruct (Hs He) as [k Hk].
  assert (S2L := J_same_from K t z Ha 2 (k - 2) (le_S _ _ (le_n 1)) ltac:(lia)).
  replace (2 + 2 * (k - 2))%nat with (K - 2)%nat in S2L by lia.
  replace (K - 2 - 1)%nat with (K - 3)%nat in S2L by lia.
  assert (S12 := J_alt K t z Ha 1 (le_n 1) ltac:(lia)).
  assert (S23 := J_alt K t z Ha 2 (le_S _ _ (le_n 1)) ltac:(lia)).
  simpl in S12, S23. cbn in S2L.
  apply (even_construction K t z Ht HK _ _ _ _ eq_refl eq_refl eq_refl eq_refl S12 S23 S2L).
Qed.

Theorem alternating_all : alternating_construction.
Proof. apply construction_from_even, alternating_even. Qed.

(** Theorem 6. For every K >= 5 and N <= K: every sorted instance with |T| = N is fine-tuned by
    min(3N, K - 2) neurons, and the hard instance (|T| = N) needs that many: m*(K, N) = min(3N, K - 2). *)
Theorem exact_width_all : forall K N, (5 <= K)%nat -> (N <= K)%nat ->
  ok (Nat.min (3 * N) (K - 2)) K N /\ cnt (hT K N) K = N /\
  hard_needs (Nat.min (3 * N) (K - 2)) K N.
Proof. apply exact_width_K5, alternating_all. Qed.

(** Corollary 4.2, corrected: for K >= 5 and N <= K, m neurons fine-tune every instance with
    |T| = N iff N <= N*(m, K) = (K if K <= m + 2, else floor(m / 3)). *)
Theorem corollary_4_2_all : forall m K N, (5 <= K)%nat -> (N <= K)%nat ->
  (ok m K N <-> (N <= if Nat.leb K (m + 2) then K else m / 3)%nat).
Proof. apply corollary_4_2_K5, alternating_all. Qed.
