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

Let zstep' : forall i, (S i < K)%nat -> z (S i) = z i + d i * (t (S i) - t i) := dsl_step K t z t_incr.

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


Lemma J1_nz' : J1 <> 0. Proof. intros E. rewrite E in S12. lra. Qed.

Let h0 := t 1%nat - t 0%nat.
Let xB := t 0%nat + h0 / (1 + lam).
Let yB := z 0%nat + s0 * (xB - t 0%nat).
Let B := (xB, yB).
Let h := t (K - 1)%nat - t (K - 2)%nat.
Let xE := t (K - 2)%nat + h * lam / (1 + lam).
Let yE := z (K - 2)%nat + d (K - 3)%nat * (xE - t (K - 2)%nat).
Let E := (xE, yE).
Let Q0 := (t 0%nat - 1, z 0%nat - s0).
Let X3 := (b3, l1 b3).
Let X4 := (b4, l1 b3 + Sm * (b4 - b3)).
Let mid := map PP (seq 3 (K - 5)).
Let ps := Q0 :: PP 0%nat :: B :: X3 :: X4 :: mid ++ [E; PP (K - 1)%nat].

Lemma xB_in' : t 0%nat < xB < t 1%nat.
Proof. apply split_in; [apply t_incr; lia|exact lam_pos']. Qed.

Lemma xE_in' : t (K - 2)%nat < xE < t (K - 1)%nat.
Proof. apply split_in_mu; [apply t_incr; lia|exact lam_pos']. Qed.

Lemma B_on_l1' : yB = l1 xB.
Proof.
  assert (L := lam_pos'). assert (H1 := J1_nz'). assert (T : t 0%nat < t 1%nat) by (apply t_incr; lia).
  unfold l1. rewrite (zstep' 0) by lia. unfold yB, xB, s0, h0. rewrite HJ1. field. lra.
Qed.

Lemma E_on_ray' : yE = z (K - 1)%nat + sL * (xE - t (K - 1)%nat).
Proof. apply ray_meet; [apply t_incr; lia|exact lam_pos'|exact (dsl_last K t z t_incr ltac:(lia))|exact HJL]. Qed.

Lemma X4_on_l3 : l1 b3 + Sm * (b4 - b3) = l3 b4.
Proof.
  assert (X := b3_in). assert (Y := b4_in).
  assert (Hne : Sm - d 3%nat <> 0).
  { intros E0. unfold b4 in Y. rewrite E0 in Y. unfold Rdiv in Y. rewrite Rinv_0, Rmult_0_r in Y. lra. }
  unfold b4, l3. fold Dl. unfold Dl, l3. field. exact Hne.
Qed.

Lemma sl_Q0 : slope Q0 (PP 0%nat) = s0.
Proof. unfold slope, Q0, PP, P. simpl. field; lra. Qed.
Lemma sl_0B : slope (PP 0%nat) B = s0.
Proof. assert (X := xB_in'). unfold slope, B, PP, P, yB. simpl. field. lra. Qed.
Lemma sl_BX3 : slope B X3 = d 1%nat.
Proof.
  assert (X := xB_in'). assert (Y := b3_in). assert (t 1%nat < t 2%nat) by (apply t_incr; lia).
  unfold slope, B, X3. simpl. rewrite B_on_l1'. unfold l1. field. lra.
Qed.
Lemma sl_X34 : slope X3 X4 = Sm.
Proof. assert (Y := b4_in). unfold slope, X3, X4. simpl. field. lra. Qed.
Lemma sl_X4P3 : slope X4 (PP 3%nat) = d 3%nat.
Proof.
  assert (Y := b4_in). unfold slope, X4, PP, P. simpl. rewrite X4_on_l3. unfold l3. field. lra.
Qed.
Lemma sl_E : slope E (PP (K - 1)%nat) = sL.
Proof. assert (X := xE_in'). unfold slope, E, PP, P. simpl. rewrite E_on_ray'. field. lra. Qed.
Lemma sl_3E : slope (PP (K - 3)%nat) E = d (K - 3)%nat.
Proof. apply (slope_to_line K t z t_incr (K - 3) (K - 2)); [lia|lia|exact (proj1 xE_in')|reflexivity]. Qed.

Lemma mid_first' : mid = PP 3%nat :: map PP (seq 4 (K - 6)).
Proof. unfold mid. replace (K - 5)%nat with (S (K - 6)) by lia. reflexivity. Qed.

Lemma rest_shape : exists q r, map PP (seq 4 (K - 6)) ++ [E; PP (K - 1)%nat] = q :: r /\
  slope (PP 3%nat) q = d 3%nat.
Proof.
  destruct (Nat.eq_dec K 6) as [E6|N6].
  - exists E, [PP (K - 1)%nat]. split.
    + rewrite E6. reflexivity.
    + replace 3%nat with (K - 3)%nat at 1 by lia. rewrite sl_3E. f_equal. lia.
  - exists (PP 4%nat), (map PP (seq 5 (K - 7)) ++ [E; PP (K - 1)%nat]). split.
    + replace (K - 6)%nat with (S (K - 7)) by lia. reflexivity.
    + reflexivity.
Qed.

Lemma ps_sorted' : sorted ps.
Proof.
  assert (X := xB_in'). assert (Y := xE_in'). assert (B3 := b3_in). assert (B4 := b4_in).
  assert (T01 : t 0%nat < t 1%nat) by (apply t_incr; lia).
  assert (T12 : t 1%nat < t 2%nat) by (apply t_incr; lia).
  destruct (tail_sorted K t z t_incr 3 (K - 5) E ltac:(lia) ltac:(lia) Y) as [Hrest Hgt].
  unfold ps.
  apply sorted_cons; [apply sorted_cons; [apply sorted_cons; [apply sorted_cons;
    [apply sorted_cons; [exact Hrest|]|]|]|]|].
  - intros y Hy. apply Hgt in Hy. unfold X4. simpl. lra.
  - intros y [<-|Hy]; [unfold X3, X4; simpl; lra|]. apply Hgt in Hy. unfold X3. simpl. lra.
  - intros y [<-|[<-|Hy]]; [unfold B, X3; simpl; lra|unfold B, X4; simpl; lra|].
    apply Hgt in Hy. unfold B. simpl. lra.
  - intros y [<-|[<-|[<-|Hy]]]; [unfold B, PP, P; simpl; lra|unfold X3, PP, P; simpl; lra|
      unfold X4, PP, P; simpl; lra|]. apply Hgt in Hy. unfold PP, P. simpl. lra.
  - intros y [<-|[<-|[<-|[<-|Hy]]]]; [unfold PP, P, Q0; simpl; lra|unfold B, Q0; simpl; lra|
      unfold X3, Q0; simpl; lra|unfold X4, Q0; simpl; lra|]. apply Hgt in Hy. unfold Q0. simpl. lra.
Qed.


Lemma ps_fits' : forall i, (i < K)%nat -> pl 0 ps (t i) = z i.
Proof.
  intros i Hi. assert (Hso := ps_sorted'). assert (X := xB_in'). assert (Y := xE_in').
  assert (B3 := b3_in).
  assert (T12 : t 1%nat < t 2%nat) by (apply t_incr; lia).
  destruct (Nat.eq_dec i 1) as [E1|N1]; [|destruct (Nat.eq_dec i 2) as [E2|N2]].
  1, 2: (
    change (pl 0 ([Q0; PP 0%nat] ++ B :: X3 :: X4 :: mid ++ [E; PP (K - 1)%nat]) (t i) = z i);
    rewrite pl_between; [| exact Hso | unfold B, X3; simpl; subst i; lra];
    rewrite sl_BX3; unfold B; simpl; rewrite B_on_l1'; unfold l1; subst i;
    first [ring | rewrite (zstep' 1) by lia; ring]).
  destruct (Nat.eq_dec i (K - 2)) as [->|N3].
  - apply (pl_tail K t z t_incr [Q0; PP 0%nat; B; X3; X4] 3 (K - 5) E); [lia|lia|lia|exact Hso|simpl; lra|].
    exact sl_3E.
  - change (z i) with (snd (PP i)). change (t i) with (fst (PP i)).
    apply pl_knots; [exact Hso|]. unfold ps.
    destruct (Nat.eq_dec i 0) as [->|N0]; [right; left; reflexivity|].
    right; right; right; right; right. apply in_or_app.
    destruct (Nat.eq_dec i (K - 1)) as [->|N4]; [right; right; left; reflexivity|].
    left. unfold mid. apply in_map, in_seq. lia.
Qed.

Theorem even_construction : exists b l, length l = (K - 2)%nat /\
  forall i, (i < K)%nat -> net1 b l (t i) = z i.
Proof.
  destruct rest_shape as [q [r [Er Sq]]].
  set (L4 := lemma45 (slope (PP 3%nat) q) (q :: r)).
  assert (Hshape : lemma45 0 ps =
    mkNeuron 1 (- fst Q0) (slope Q0 (PP 0%nat) - 0)
    :: mkNeuron 1 (- fst (PP 0%nat)) (slope (PP 0%nat) B - slope Q0 (PP 0%nat))
    :: mkNeuron 1 (- fst B) (slope B X3 - slope (PP 0%nat) B)
    :: mkNeuron 1 (- fst X3) (slope X3 X4 - slope B X3)
    :: mkNeuron 1 (- fst X4) (slope X4 (PP 3%nat) - slope X3 X4)
    :: mkNeuron 1 (- fst (PP 3%nat)) (slope (PP 3%nat) q - slope X4 (PP 3%nat)) :: L4).
  { unfold L4, ps. rewrite mid_first'. simpl app. rewrite Er. reflexivity. }
  assert (HA : sumA L4 = sL - d 3%nat).
  { unfold L4. rewrite sumA_lemma45, <- Er, lastslope_app, sl_E, Sq. reflexivity. }
  set (nX4 := mkNeuron 1 (- b4) (d 3%nat - Sm)).
  exists (z 0%nat - s0 + s0 * (1 - t 0%nat) + sumC (nX4 :: L4)),
         (mkNeuron 1 (- xB) (d 1%nat - s0) :: mkNeuron 1 (- b3) (Sm - d 1%nat) :: map flipN (nX4 :: L4)).
  split.
  - assert (Hlen : length (q :: r) = S (K - 5)).
    { rewrite <- Er, app_length, map_length, seq_length. simpl. lia. }
    cbn [length]. rewrite map_length. cbn [length]. unfold L4. rewrite lemma45_length, Hlen.
    simpl. lia.
  - intros i Hi. assert (H0 : t 0%nat <= t i) by (destruct i; [lra|apply Rlt_le, t_incr; lia]).
    rewrite <- (knots_fit K t z t_incr ps Q0 ps_sorted' (ex_intro _ _ eq_refl) ltac:(simpl; lra) ps_fits' i Hi).
    rewrite Hshape. unfold net1.
    cbn [sum_net]. rewrite sum_flip. cbn [sumA sumC]. rewrite HA.
    rewrite sl_Q0, sl_0B, sl_BX3, sl_X34, sl_X4P3, Sq.
    unfold nX4, neval. cbn [na nb nc]. unfold Q0. cbn [fst snd].
    change (fst B) with xB. change (fst X3) with b3. change (fst X4) with b4.
    rewrite (relu_pos (1 * t i + - (t 0%nat - 1))) by lra.
    cbn [sum_net]. unfold neval. cbn [na nb nc]. unfold Sm. ring.
Qed.

End Even.
