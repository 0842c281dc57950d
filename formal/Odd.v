(* Theorem 6, the odd case of the open lemma: alternating data with K odd >= 5 has a network
   with K - 2 neurons (docs/two-layer-exact.md, "Alternating, K odd"). *)
Require Import Reals Lra Lia Psatz List Arith.
Require Import FTC.Net FTC.Interp FTC.Exact6 FTC.Tight.
Import ListNotations.
Open Scope R_scope.

(* relu(-x) = relu(x) - x: flipping a neuron changes it by an affine function. *)
Definition flipN (n : neuron) : neuron := mkNeuron (- na n) (- nb n) (nc n).

Lemma relu_flip : forall x, relu (- x) = relu x - x.
Proof.
  intros x. destruct (Rle_dec 0 x).
  - rewrite (relu_pos x), (relu_neg (- x)) by lra. ring.
  - rewrite (relu_neg x), (relu_pos (- x)) by lra. ring.
Qed.

Lemma neval_flip : forall n t, neval (flipN n) t = neval n t - nc n * (na n * t + nb n).
Proof.
  intros n t. unfold neval, flipN. cbn [na nb nc].
  replace (- na n * t + - nb n) with (- (na n * t + nb n)) by ring.
  rewrite relu_flip. ring.
Qed.

Fixpoint sumA (l : list neuron) : R := match l with [] => 0 | n :: l' => nc n * na n + sumA l' end.
Fixpoint sumC (l : list neuron) : R := match l with [] => 0 | n :: l' => nc n * nb n + sumC l' end.

Lemma sum_flip : forall l t, sum_net (map flipN l) t = sum_net l t - (sumA l * t + sumC l).
Proof.
  induction l as [|n l IH]; intros t; simpl; [ring|]. rewrite IH, neval_flip. ring.
Qed.

Fixpoint lastslope (s : R) (ps : list (R * R)) : R :=
  match ps with
  | p :: ((q :: _) as rest) => lastslope (slope p q) rest
  | _ => s
  end.

Lemma sumA_lemma45 : forall ps s, sumA (lemma45 s ps) = lastslope s ps - s.
Proof.
  induction ps as [|p ps IH]; intros s; [simpl; ring|].
  destruct ps as [|q ps]; [simpl; ring|].
  change (sumA (mkNeuron 1 (- fst p) (slope p q - s) :: lemma45 (slope p q) (q :: ps))
          = lastslope (slope p q) (q :: ps) - s).
  cbn [sumA nc na]. rewrite IH. cbn [lastslope]. ring.
Qed.

Lemma lastslope_app : forall l p q s, lastslope s (l ++ [p; q]) = slope p q.
Proof.
  induction l as [|a l IH]; intros p q s; [reflexivity|].
  destruct l as [|b l].
  - reflexivity.
  - change (lastslope (slope a b) ((b :: l) ++ [p; q]) = slope p q). apply IH.
Qed.

(* The first gap (a, b) is split at a + (b - a) / (1 + l), the last at a + (b - a) m / (1 + m):
   both strictly inside for l, m > 0. *)
Lemma split_in : forall a b l, a < b -> 0 < l -> a < a + (b - a) / (1 + l) < b.
Proof.
  intros a b l H L.
  assert (0 < (b - a) / (1 + l)) by (apply Rdiv_lt_0_compat; lra).
  assert ((b - a) / (1 + l) < b - a).
  { apply (Rmult_lt_reg_r (1 + l)); [lra|]. unfold Rdiv. rewrite Rmult_assoc, Rinv_l by lra. nra. }
  lra.
Qed.

Lemma split_in_mu : forall a b m, a < b -> 0 < m -> a < a + (b - a) * m / (1 + m) < b.
Proof.
  intros a b m H M. replace (a + (b - a) * m / (1 + m)) with (a + (b - a) / (1 + / m)) by (field; lra).
  apply split_in; [exact H|apply Rinv_0_lt_compat; exact M].
Qed.

(* The point E over the last gap, on the line of slope dp through (tp, zp), is also on the ray of
   slope dq + J m through (tq, zq), when zq = zp + dq (tq - tp) and J = dq - dp. *)
Lemma ray_meet : forall zp zq tp tq dp dq J m, tp < tq -> 0 < m ->
  zq = zp + dq * (tq - tp) -> J = dq - dp ->
  zp + dp * (tp + (tq - tp) * m / (1 + m) - tp) = zq + (dq + J * m) * (tp + (tq - tp) * m / (1 + m) - tq).
Proof. intros zp zq tp tq dp dq J m H M -> ->. field. lra. Qed.

Section Odd.

Variable K : nat.
Variable t z : nat -> R.
Hypothesis t_incr : forall i j, (i < j < K)%nat -> t i < t j.
Hypothesis HK : (5 <= K)%nat.

Let d := dsl t z.
Let PP := P t z.

(* The open choices of the construction: positive lambda, mu with s0 - d1 + sL = 0. *)
Variable J1 JL : R.
Hypothesis HJ1 : J1 = d 1%nat - d 0%nat.
Hypothesis HJL : JL = d (K - 2)%nat - d (K - 3)%nat.
Hypothesis HJ : 0 < J1 * JL.

Let G := d (K - 2)%nat - J1.
Let mu := 1 + Rabs (G * J1) / (JL * J1).
Let lam := (G + JL * mu) / J1.
Let s0 := d 0%nat - J1 * lam.
Let sL := d (K - 2)%nat + JL * mu.

Lemma J1_nz : J1 <> 0.
Proof. intros E. rewrite E in HJ. lra. Qed.

Lemma mu_pos : 0 < mu.
Proof.
  unfold mu. assert (0 <= Rabs (G * J1) / (JL * J1)).
  { apply Rmult_le_pos; [apply Rabs_pos|left; apply Rinv_0_lt_compat; nra]. }
  lra.
Qed.

Lemma lam_pos : 0 < lam.
Proof.
  unfold lam. assert (Hm : JL * J1 * mu = JL * J1 + Rabs (G * J1)).
  { unfold mu. field. nra. }
  assert (Ha : - (G * J1) <= Rabs (G * J1)) by (rewrite <- Rabs_Ropp; apply Rle_abs).
  assert (Hp : 0 < (G + JL * mu) * J1) by nra.
  replace ((G + JL * mu) / J1) with ((G + JL * mu) * J1 / (J1 * J1)) by (field; apply J1_nz).
  apply Rdiv_lt_0_compat; [exact Hp|]. assert (J1 <> 0) by apply J1_nz. nra.
Qed.

Lemma slopes_sum : s0 - d 1%nat + sL = 0.
Proof.
  assert (H1 := J1_nz). unfold s0, sL, lam, G. field_simplify; [|exact H1]. rewrite HJ1. field.
Qed.


Let zstep : forall i, (S i < K)%nat -> z (S i) = z i + d i * (t (S i) - t i) := dsl_step K t z t_incr.

Let h0 := t 1%nat - t 0%nat.
Let xB := t 0%nat + h0 / (1 + lam).
Let yB := z 0%nat + s0 * (xB - t 0%nat).
Let B := (xB, yB).
Let h := t (K - 1)%nat - t (K - 2)%nat.
Let xE := t (K - 2)%nat + h * mu / (1 + mu).
Let yE := z (K - 2)%nat + d (K - 3)%nat * (xE - t (K - 2)%nat).
Let E := (xE, yE).
Let Q0 := (t 0%nat - 1, z 0%nat - s0).
Let mid := map PP (seq 2 (K - 4)).
Let ps := Q0 :: PP 0%nat :: B :: mid ++ [E; PP (K - 1)%nat].

Lemma T01 : t 0%nat < t 1%nat. Proof. apply t_incr; lia. Qed.
Lemma TE : t (K - 2)%nat < t (K - 1)%nat. Proof. apply t_incr; lia. Qed.

Lemma xB_in : t 0%nat < xB < t 1%nat.
Proof. apply split_in; [exact T01|exact lam_pos]. Qed.

Lemma xE_in : t (K - 2)%nat < xE < t (K - 1)%nat.
Proof. apply split_in_mu; [exact TE|exact mu_pos]. Qed.

Lemma slope_Q0 : slope Q0 (PP 0%nat) = s0.
Proof. unfold slope, Q0, PP, P. simpl. field; lra. Qed.

Lemma slope_0B : slope (PP 0%nat) B = s0.
Proof. assert (X := xB_in). unfold slope, B, PP, P, yB. simpl. field. lra. Qed.

Lemma B_on_l1 : yB = z 1%nat + d 1%nat * (xB - t 1%nat).
Proof.
  assert (L := lam_pos). assert (H1 := J1_nz). assert (T := T01).
  rewrite (zstep 0) by lia. unfold yB, xB, s0, h0. rewrite HJ1. field. lra.
Qed.

Lemma slope_B2 : slope B (PP 2%nat) = d 1%nat.
Proof.
  assert (X := xB_in). assert (t 1%nat < t 2%nat) by (apply t_incr; lia).
  unfold slope, B, PP, P. simpl. rewrite (zstep 1) by lia. rewrite B_on_l1. field. lra.
Qed.

Lemma E_on_ray : yE = z (K - 1)%nat + sL * (xE - t (K - 1)%nat).
Proof. apply ray_meet; [exact TE|exact mu_pos|exact (dsl_last K t z t_incr ltac:(lia))|exact HJL]. Qed.

Lemma slope_E : slope E (PP (K - 1)%nat) = sL.
Proof.
  assert (X := xE_in). unfold slope, E, PP, P. simpl. rewrite E_on_ray. field. lra.
Qed.

Lemma slope_3E : slope (PP (K - 3)%nat) E = d (K - 3)%nat.
Proof. apply (slope_to_line K t z t_incr (K - 3) (K - 2)); [lia|lia|exact (proj1 xE_in)|reflexivity]. Qed.

Lemma mid_first : mid = PP 2%nat :: map PP (seq 3 (K - 5)).
Proof. unfold mid. replace (K - 4)%nat with (S (K - 5)) by lia. reflexivity. Qed.

Lemma ps_sorted : sorted ps.
Proof.
  assert (X := xB_in). assert (Y := xE_in). assert (T := T01).
  destruct (tail_sorted K t z t_incr 2 (K - 4) E ltac:(lia) ltac:(lia) Y) as [Hrest Hge].
  assert (Hgt : forall y, In y (mid ++ [E; PP (K - 1)%nat]) -> t 1%nat < fst y).
  { intros y Hy. apply Hge in Hy. assert (t 1%nat < t 2%nat) by (apply t_incr; lia). lra. }
  unfold ps. apply sorted_cons; [apply sorted_cons; [apply sorted_cons; [exact Hrest|]|]|].
  - intros y Hy. apply Hgt in Hy. unfold B. simpl. lra.
  - intros y [<-|Hy]; [unfold B, PP, P; simpl; lra|]. apply Hgt in Hy. unfold PP, P. simpl. lra.
  - intros y [<-|[<-|Hy]]; [unfold PP, P, Q0; simpl; lra|unfold B, Q0; simpl; lra|].
    apply Hgt in Hy. unfold Q0. simpl. lra.
Qed.

Lemma ps_fits : forall i, (i < K)%nat -> pl 0 ps (t i) = z i.
Proof.
  intros i Hi. assert (Hso := ps_sorted). assert (X := xB_in). assert (Y := xE_in).
  destruct (Nat.eq_dec i 1) as [->|N1].
  - unfold ps. rewrite mid_first.
    change (pl 0 ([Q0; PP 0%nat] ++ B :: PP 2%nat :: map PP (seq 3 (K - 5)) ++ [E; PP (K - 1)%nat])
              (t 1%nat) = z 1%nat).
    rewrite pl_between.
    + rewrite slope_B2. unfold B. simpl. rewrite B_on_l1. ring.
    + change (sorted (Q0 :: PP 0%nat :: B :: (PP 2%nat :: map PP (seq 3 (K - 5))) ++ [E; PP (K - 1)%nat])).
      rewrite <- mid_first. exact Hso.
    + unfold B, PP, P. simpl. split; [lra|apply Rlt_le, t_incr; lia].
  - destruct (Nat.eq_dec i (K - 2)) as [->|N2].
    + apply (pl_tail K t z t_incr [Q0; PP 0%nat; B] 2 (K - 4) E); [lia|lia|lia|exact Hso|simpl; lra|].
      exact slope_3E.
    + change (z i) with (snd (PP i)). change (t i) with (fst (PP i)).
      apply pl_knots; [exact Hso|]. unfold ps.
      destruct (Nat.eq_dec i 0) as [->|N0]; [right; left; reflexivity|].
      right; right; right. apply in_or_app.
      destruct (Nat.eq_dec i (K - 1)) as [->|N3]; [right; right; left; reflexivity|].
      left. unfold mid. apply in_map, in_seq. lia.
Qed.

Let L2 := lemma45 (slope B (PP 2%nat)) (mid ++ [E; PP (K - 1)%nat]).

Lemma net0_shape : lemma45 0 ps =
  mkNeuron 1 (- fst Q0) (slope Q0 (PP 0%nat) - 0)
  :: mkNeuron 1 (- fst (PP 0%nat)) (slope (PP 0%nat) B - slope Q0 (PP 0%nat))
  :: mkNeuron 1 (- fst B) (slope B (PP 2%nat) - slope (PP 0%nat) B) :: L2.
Proof. unfold L2, ps. rewrite mid_first. reflexivity. Qed.

Lemma sumA_L2 : sumA L2 = sL - d 1%nat.
Proof.
  unfold L2. rewrite sumA_lemma45, lastslope_app, slope_E, slope_B2. reflexivity.
Qed.

Definition odd_net : list neuron := mkNeuron 1 (- xB) (d 1%nat - s0) :: map flipN L2.
Definition odd_b : R := z 0%nat - s0 + s0 * (1 - t 0%nat) + sumC L2.

Theorem odd_construction : length odd_net = (K - 2)%nat /\
  forall i, (i < K)%nat -> net1 odd_b odd_net (t i) = z i.
Proof.
  split.
  - unfold odd_net. simpl length. rewrite map_length. unfold L2. rewrite lemma45_length.
    rewrite app_length. unfold mid. rewrite map_length, seq_length. simpl. lia.
  - intros i Hi. assert (H0 : t 0%nat <= t i) by (destruct i; [lra|apply Rlt_le, t_incr; lia]).
    rewrite <- (knots_fit K t z t_incr ps Q0 ps_sorted (ex_intro _ _ eq_refl) ltac:(simpl; lra) ps_fits i Hi).
    rewrite net0_shape. unfold net1, odd_net, odd_b.
    cbn [sum_net]. rewrite sum_flip, sumA_L2, slope_Q0, slope_0B, slope_B2.
    unfold neval. cbn [na nb nc]. unfold Q0. cbn [fst snd].
    rewrite (relu_pos (1 * t i + - (t 0%nat - 1))) by lra.
    assert (Hs := slopes_sum). replace (s0 - s0) with 0 by ring.
    replace (sL - d 1%nat) with (- s0) by lra. change (fst B) with xB. ring.
Qed.

End Odd.
