(* Theorem 6, the even case: alternating data with K even >= 6 has a network with K - 2 neurons
   (docs/two-layer-exact.md, "Alternating, K even"), with an explicit lambda instead of doubling. *)
Require Import Reals Lra Lia Psatz List Arith.
Require Import FTC.Net FTC.Interp FTC.Exact6 FTC.Odd.
Import ListNotations.
Open Scope R_scope.

Section Even.

Variable K : nat.
Variable t z : nat -> R.
Hypothesis t_incr : forall i j, (i < j < K)%nat -> t i < t j.
Hypothesis HK : (6 <= K)%nat.

Let d := dsl t z.
Let PP := P t z.

Variable J1 J2 J3 JL : R.
Hypothesis HJ1 : J1 = d 1%nat - d 0%nat.
Hypothesis HJ2 : J2 = d 2%nat - d 1%nat.
Hypothesis HJ3 : J3 = d 3%nat - d 2%nat.
Hypothesis HJL : JL = d (K - 2)%nat - d (K - 3)%nat.
Hypothesis S12 : J1 * J2 < 0.
Hypothesis S23 : J2 * J3 < 0.
Hypothesis S2L : 0 < J2 * JL.

Lemma zstep' : forall i, (S i < K)%nat -> z (S i) = z i + d i * (t (S i) - t i).
Proof.
  intros i H. assert (t i < t (S i)) by (apply t_incr; lia).
  unfold d, dsl, slope, P. simpl. field. lra.
Qed.

Lemma tlt : forall i j, (i < j < K)%nat -> t i < t j.
Proof. exact t_incr. Qed.

Let b3 := (t 2%nat + t 3%nat) / 2.
Let l1 (x : R) : R := z 1%nat + d 1%nat * (x - t 1%nat).
Let l3 (x : R) : R := z 3%nat + d 3%nat * (x - t 3%nat).
Let Dl := l3 b3 - l1 b3.
Let C0 := d 0%nat + d (K - 2)%nat - d 3%nat.
Let W := JL - J1.
Let lam := 1 + (Rabs C0 + Rabs Dl / (t 3%nat - b3)) / Rabs W.
Let s0 := d 0%nat - J1 * lam.
Let sL := d (K - 2)%nat + JL * lam.
Let Sm := s0 + sL.
Let b4 := b3 + Dl / (Sm - d 3%nat).

Lemma b3_in : t 2%nat < b3 < t 3%nat.
Proof. assert (t 2%nat < t 3%nat) by (apply t_incr; lia). unfold b3. lra. Qed.

Lemma Dl_sign : 0 < Dl * J2.
Proof.
  assert (X := b3_in). assert (T12 : t 1%nat < t 2%nat) by (apply t_incr; lia).
  assert (E : Dl = J2 * (b3 - t 2%nat) - J3 * (t 3%nat - b3)).
  { unfold Dl, l1, l3. rewrite HJ2, HJ3.
    replace 3%nat with (S 2) at 1 by reflexivity. rewrite (zstep' 2) by lia.
    replace 2%nat with (S 1) at 1 by reflexivity. rewrite (zstep' 1) by lia.
    simpl. ring. }
  rewrite E. nra.
Qed.

Lemma W_sign : 0 < W * J2.
Proof. unfold W. nra. Qed.

Lemma lam_pos' : 0 < lam.
Proof.
  unfold lam. assert (X := b3_in).
  assert (HW0 : W <> 0) by (intros E; pose proof W_sign as HW'; rewrite E in HW'; lra).
  assert (0 < Rabs W) by (apply Rabs_pos_lt; exact HW0).
  assert (0 <= Rabs Dl / (t 3%nat - b3)) by (apply Rmult_le_pos; [apply Rabs_pos|left; apply Rinv_0_lt_compat; lra]).
  assert (0 <= (Rabs C0 + Rabs Dl / (t 3%nat - b3)) / Rabs W)
    by (apply Rmult_le_pos; [pose proof (Rabs_pos C0); lra|left; apply Rinv_0_lt_compat; lra]).
  lra.
Qed.

Lemma Sm_eq : Sm - d 3%nat = C0 + lam * W.
Proof. unfold Sm, s0, sL, C0, W. ring. Qed.

Lemma frac_in : forall D Sd q, 0 < q -> 0 < D * Sd -> Rabs D < Rabs Sd * q -> 0 < D / Sd < q.
Proof.
  intros D Sd q Hq HDS HA. destruct (Rlt_or_le 0 Sd) as [P|N].
  - assert (0 < D) by nra. rewrite Rabs_pos_eq in HA by lra. rewrite (Rabs_pos_eq Sd) in HA by lra.
    split; [apply Rdiv_lt_0_compat; lra|].
    apply (Rmult_lt_reg_r Sd); [lra|]. unfold Rdiv. rewrite Rmult_assoc, Rinv_l by lra. lra.
  - assert (Sd < 0) by (destruct N as [N|N]; [lra|rewrite N in HDS; lra]).
    assert (D < 0) by nra. rewrite Rabs_left in HA by lra. rewrite (Rabs_left Sd) in HA by lra.
    replace (D / Sd) with ((- D) / (- Sd)) by (field; lra).
    split; [apply Rdiv_lt_0_compat; lra|].
    apply (Rmult_lt_reg_r (- Sd)); [lra|]. unfold Rdiv. rewrite Rmult_assoc, Rinv_l by lra. lra.
Qed.

Lemma big_lam : forall C Wv lw A, 0 <= A -> Wv <> 0 -> lw * Rabs Wv = Rabs Wv + Rabs C + A ->
  forall l, lw = l -> 0 < Wv * (C + l * Wv) /\ A < Rabs (C + l * Wv).
Proof.
  intros C Wv lw A HA HW H l ->.
  assert (Ra := Rle_abs C). assert (Rb := Rle_abs (- C)). rewrite Rabs_Ropp in Rb.
  destruct (Rlt_or_le 0 Wv) as [P|N].
  - rewrite Rabs_pos_eq in H by lra. set (m := l * Wv) in *.
    assert (0 < C + m) by lra. split; [nra|]. rewrite Rabs_pos_eq by lra. lra.
  - assert (Wv < 0) by (destruct N as [N|N]; [lra|contradiction]).
    rewrite Rabs_left in H by lra.
    assert (E : l * Wv = Wv - Rabs C - A) by lra. set (m := l * Wv) in *.
    assert (C + m < 0) by lra. split; [nra|]. rewrite Rabs_left by lra. lra.
Qed.

Lemma b4_in : b3 < b4 < t 3%nat.
Proof.
  assert (X := b3_in). assert (HD := Dl_sign). assert (HW := W_sign).
  set (q := t 3%nat - b3). assert (Hq : 0 < q) by (unfold q; lra).
  assert (HW0 : W <> 0) by (intros E; rewrite E in HW; lra).
  assert (HWa : Rabs W <> 0) by (apply Rabs_no_R0; exact HW0).
  assert (HA : 0 <= Rabs Dl / q)
    by (apply Rmult_le_pos; [apply Rabs_pos|left; apply Rinv_0_lt_compat; lra]).
  assert (HlW : lam * Rabs W = Rabs W + Rabs C0 + Rabs Dl / q).
  { unfold lam. fold q. field. split; [lra|exact HWa]. }
  destruct (big_lam C0 W lam (Rabs Dl / q) HA HW0 HlW lam eq_refl) as [G1 G2].
  rewrite <- Sm_eq in G1, G2.
  assert (HDS : 0 < Dl * (Sm - d 3%nat)).
  { destruct (Rlt_or_le 0 J2) as [P2|N2].
    - assert (0 < W) by nra. assert (0 < Dl) by nra. assert (0 < Sm - d 3%nat) by nra. nra.
    - assert (J2 < 0) by (destruct N2 as [N2|N2]; [lra|rewrite N2 in HD; lra]).
      assert (W < 0) by nra. assert (Dl < 0) by nra. assert (Sm - d 3%nat < 0) by nra. nra. }
  assert (HAq : Rabs Dl < Rabs (Sm - d 3%nat) * q).
  { assert (Rabs Dl = Rabs Dl / q * q) by (field; lra).
    assert (Rabs Dl / q * q < Rabs (Sm - d 3%nat) * q) by (apply Rmult_lt_compat_r; lra). lra. }
  destruct (frac_in Dl (Sm - d 3%nat) q Hq HDS HAq) as [F1 F2].
  unfold b4. unfold q in F2. lra.
Qed.

End Even.
