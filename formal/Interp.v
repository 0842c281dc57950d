(* Theorem 1: one-dimensional interpolation (the core of the paper's Theorem 4.4 / Lemma 4.5). *)
Require Import Reals Lra List.
Require Import FTC.Net.
Open Scope R_scope.

(* Data points (t, y). *)
Definition slope (p q : R * R) : R := (snd q - snd p) / (fst q - fst p).

Fixpoint sorted (ps : list (R * R)) : Prop :=
  match ps with
  | p :: ((q :: _) as rest) => fst p < fst q /\ sorted rest
  | _ => True
  end.

(* Lemma 4.5's network: one neuron relu (t - t_k) per point but the last, with output weight
   s_k - s_(k-1) (s_0 = 0 for the whole list, s_k the slope of P_k P_(k+1)). *)
Fixpoint lemma45 (s0 : R) (ps : list (R * R)) : list neuron :=
  match ps with
  | p :: ((q :: _) as rest) =>
      mkNeuron 1 (- fst p) (slope p q - s0) :: lemma45 (slope p q) rest
  | _ => nil
  end.

Definition interp_net (ps : list (R * R)) : list neuron := lemma45 0 ps.

(* The piecewise-linear interpolant, written directly; s0 is the slope right of the last point
   when the list has one point. *)
Fixpoint pl (s0 : R) (ps : list (R * R)) (t : R) : R :=
  match ps with
  | nil => 0
  | p :: nil => snd p + s0 * (t - fst p)
  | p :: ((q :: _) as rest) =>
      if Rle_dec t (fst q) then snd p + slope p q * (t - fst p) else pl (slope p q) rest t
  end.

Lemma lemma45_length : forall ps s0, length (lemma45 s0 ps) = pred (length ps).
Proof.
  induction ps as [|p ps IH]; intros s0; [reflexivity|].
  destruct ps as [|q ps]; [reflexivity|].
  change (S (length (lemma45 (slope p q) (q :: ps))) = pred (length (p :: q :: ps))).
  rewrite IH. reflexivity.
Qed.

Lemma sorted_tail : forall p ps, sorted (p :: ps) -> sorted ps.
Proof. intros p ps H; destruct ps; simpl in *; tauto. Qed.

Lemma sorted_head_lt : forall p ps, sorted (p :: ps) -> forall x, In x ps -> fst p < fst x.
Proof.
  intros p ps; revert p; induction ps as [|q ps IH]; intros p H x Hx; [destruct Hx|].
  destruct H as [Hpq Hs]. destruct Hx as [<-|Hx]; [exact Hpq|].
  apply Rlt_trans with (fst q); [exact Hpq | apply IH; assumption].
Qed.

Lemma lemma45_vanish : forall ps p s0 t,
  sorted (p :: ps) -> t <= fst p -> sum_net (lemma45 s0 (p :: ps)) t = 0.
Proof.
  induction ps as [|q ps IH]; intros p s0 t Hs Ht; [reflexivity|].
  destruct Hs as [Hpq Hs].
  change (neval (mkNeuron 1 (- fst p) (slope p q - s0)) t
          + sum_net (lemma45 (slope p q) (q :: ps)) t = 0).
  rewrite IH by (assumption || lra).
  unfold neval; simpl. rewrite relu_neg by lra. ring.
Qed.

(* The network equals the interpolant right of its first point. *)
Lemma lemma45_pl : forall ps p s0 t,
  sorted (p :: ps) -> fst p <= t ->
  snd p + s0 * (t - fst p) + sum_net (lemma45 s0 (p :: ps)) t = pl s0 (p :: ps) t.
Proof.
  induction ps as [|q ps IH]; intros p s0 t Hs Ht.
  - simpl. ring.
  - destruct Hs as [Hpq Hs].
    change (snd p + s0 * (t - fst p) + (neval (mkNeuron 1 (- fst p) (slope p q - s0)) t
            + sum_net (lemma45 (slope p q) (q :: ps)) t)
            = if Rle_dec t (fst q) then snd p + slope p q * (t - fst p)
              else pl (slope p q) (q :: ps) t).
    unfold neval; simpl nc; simpl na; simpl nb. rewrite relu_pos by lra.
    destruct (Rle_dec t (fst q)) as [Hle|Hgt].
    + rewrite lemma45_vanish by assumption. ring.
    + rewrite <- IH by (assumption || lra).
      unfold slope. field. lra.
Qed.

Lemma pl_knots : forall ps s0 x, sorted ps -> In x ps -> pl s0 ps (fst x) = snd x.
Proof.
  induction ps as [|p ps IH]; intros s0 x Hs Hx; [destruct Hx|].
  destruct ps as [|q ps].
  - destruct Hx as [<-|[]]. simpl. ring.
  - pose proof (sorted_head_lt _ _ Hs) as Hlt.
    destruct Hs as [Hpq Hs']. simpl pl.
    destruct Hx as [<-|[<-|Hx]].
    + destruct (Rle_dec (fst p) (fst q)); [ring|lra].
    + destruct (Rle_dec (fst q) (fst q)); [|lra]. unfold slope. field. lra.
    + assert (fst q < fst x) by (apply (sorted_head_lt q ps); assumption).
      destruct (Rle_dec (fst x) (fst q)); [lra|].
      apply IH; [assumption | right; assumption].
Qed.

(** Theorem 1 (1-D interpolation, Theorem 4.4 core). For strictly increasing t_1 < ... < t_n and
    any y_1..y_n, y_1 + sum_(k<n) c_k relu (t - t_k) with c_k the slope differences takes the
    value y_i at t_i. *)
Theorem interpolation : forall (t1 y1 : R) (rest : list (R * R)),
  sorted ((t1, y1) :: rest) ->
  length (interp_net ((t1, y1) :: rest)) = length rest /\
  forall x, In x ((t1, y1) :: rest) -> net1 y1 (interp_net ((t1, y1) :: rest)) (fst x) = snd x.
Proof.
  intros t1 y1 rest Hs. split.
  - unfold interp_net. rewrite lemma45_length. reflexivity.
  - intros x Hx. unfold net1, interp_net.
    assert (t1 <= fst x).
    { destruct Hx as [<-|Hx]; [simpl; lra|].
      apply Rlt_le. apply (sorted_head_lt (t1, y1) rest Hs x Hx). }
    rewrite <- (pl_knots _ 0 x Hs Hx).
    rewrite <- (lemma45_pl rest (t1, y1) 0 (fst x) Hs) by (simpl; lra).
    simpl. ring.
Qed.

(* Between two knots whose knots in between are all 0, the interpolant is 0. *)
Lemma pl_zero : forall ps s0 al be x,
  sorted ps -> In al (map fst ps) -> In be (map fst ps) -> al <= x <= be ->
  (forall p, In p ps -> al <= fst p <= be -> snd p = 0) -> pl s0 ps x = 0.
Proof.
  induction ps as [|p ps IH]; intros s0 al be x Hs Ha Hb Hx Hz; [reflexivity|].
  destruct ps as [|q ps].
  - simpl in Ha, Hb. destruct Ha as [Ha|[]]; destruct Hb as [Hb|[]].
    simpl. rewrite (Hz p) by (simpl; auto; lra). replace x with (fst p) by lra. ring.
  - pose proof (sorted_head_lt _ _ Hs) as Hlt.
    assert (Hq : fst p < fst q) by (apply Hlt; left; reflexivity).
    assert (Hge : forall y, In y (map fst (q :: ps)) -> fst q <= y).
    { intros y Hy. apply in_map_iff in Hy. destruct Hy as [r [<- [<-|Hr]]]; [lra|].
      apply Rlt_le. apply (sorted_head_lt q ps (sorted_tail _ _ Hs)). exact Hr. }
    simpl pl. destruct (Rle_dec x (fst q)) as [Hle|Hgt].
    + destruct Ha as [Ha|Ha].
      * assert (Ep : snd p = 0) by (apply Hz; [left; reflexivity|lra]).
        destruct Hb as [Hb|Hb].
        -- replace x with (fst p) by lra. rewrite Ep. ring.
        -- assert (Eq : snd q = 0) by (apply Hz; [right; left; reflexivity|apply Hge in Hb; lra]).
           unfold slope. rewrite Ep, Eq. unfold Rdiv. ring.
      * apply Hge in Ha.
        assert (Eq : snd q = 0).
        { apply Hz; [right; left; reflexivity|].
          destruct Hb as [Hb|Hb]; [lra|apply Hge in Hb; lra]. }
        replace x with (fst q) by lra. unfold slope. rewrite Eq. field. lra.
    + assert (Hb' : In be (map fst (q :: ps))).
      { destruct Hb as [Hb|Hb]; [lra|exact Hb]. }
      destruct Ha as [Ha|Ha].
      * apply (IH (slope p q) (fst q) be x (sorted_tail _ _ Hs)); [left; reflexivity|exact Hb'|lra|].
        intros r Hr Hr'. apply Hz; [right; exact Hr|lra].
      * apply (IH (slope p q) al be x (sorted_tail _ _ Hs)); [exact Ha|exact Hb'|lra|].
        intros r Hr Hr'. apply Hz; [right; exact Hr|exact Hr'].
Qed.

Lemma sorted_cons : forall x l, sorted l -> (forall y, In y l -> fst x < fst y) -> sorted (x :: l).
Proof.
  intros x l Hs H. destruct l as [|y l]; [exact I|].
  split; [apply H; left; reflexivity|exact Hs].
Qed.
