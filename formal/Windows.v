(* Theorem 4: kinks and windows, the lower bound on the hard instances. *)
Require Import Reals Lra Lia Psatz List Arith Bool.
Require Import FTC.Net.
Open Scope R_scope.

(** * Kinks *)

(* Neuron n has its kink -beta/a strictly inside (l, r). *)
Definition kink_in (n : neuron) (l r : R) : Prop :=
  na n <> 0 /\ l < - nb n / na n < r.

Lemma kink_in_dec : forall n l r, kink_in n l r \/ ~ kink_in n l r.
Proof.
  intros n l r. unfold kink_in.
  destruct (Req_dec (na n) 0) as [H|H]; [right; tauto|].
  destruct (Rlt_or_le l (- nb n / na n)); [|right; lra].
  destruct (Rlt_or_le (- nb n / na n) r); [left; tauto|right; lra].
Qed.

(** A neuron with no kink inside (l, r) is affine on [l, r]; so is a network. *)
Lemma neuron_affine : forall n l r, l < r -> ~ kink_in n l r ->
  exists al ga, forall t, l <= t <= r -> neval n t = al * t + ga.
Proof.
  intros [a be c] l r Hlr Hk. unfold kink_in in Hk; simpl in Hk. unfold neval; simpl.
  destruct (Req_dec a 0) as [->|Ha].
  - exists 0, (c * relu be). intros t _. rewrite Rmult_0_l, Rplus_0_l. ring.
  - set (k := - be / a) in Hk.
    assert (Hbe : be = - a * k) by (unfold k; field; exact Ha).
    assert (Hk' : k <= l \/ r <= k) by (destruct (Rlt_or_le l k); [|left; lra];
                                        destruct (Rlt_or_le k r); [tauto|right; lra]).
    destruct (Rlt_or_le 0 a) as [Hp|Hn].
    + destruct Hk' as [Hk'|Hk'].
      * exists (c * a), (c * be). intros t Ht. rewrite relu_pos by nra. ring.
      * exists 0, 0. intros t Ht. rewrite relu_neg by nra. ring.
    + destruct Hk' as [Hk'|Hk'].
      * exists 0, 0. intros t Ht. rewrite relu_neg by nra. ring.
      * exists (c * a), (c * be). intros t Ht. rewrite relu_pos by nra. ring.
Qed.

Theorem affine_between_kinks : forall b l lo hi, lo < hi ->
  (forall n, In n l -> ~ kink_in n lo hi) ->
  exists al ga, forall t, lo <= t <= hi -> net1 b l t = al * t + ga.
Proof.
  intros b l lo hi Hlh; induction l as [|n l IH]; intros H.
  - exists 0, b. intros t _. unfold net1. simpl. ring.
  - destruct IH as [al1 [ga1 H1]]; [intros m Hm; apply H; right; exact Hm|].
    destruct (neuron_affine n lo hi Hlh (H n (or_introl eq_refl))) as [al2 [ga2 H2]].
    exists (al1 + al2), (ga1 + ga2). intros t Ht.
    unfold net1 in *. simpl. rewrite H2 by exact Ht.
    replace (b + (al2 * t + ga2 + sum_net l t)) with (b + sum_net l t + (al2 * t + ga2)) by ring.
    rewrite H1 by exact Ht. ring.
Qed.

(** * Three points force a kink: the second difference *)

Definition D3 (g : R -> R) (t1 t2 t3 : R) : R :=
  (g t2 - g t1) * (t3 - t2) - (g t3 - g t2) * (t2 - t1).

Lemma D_relu_le : forall a b t1 t2 t3, t1 < t2 < t3 ->
  D3 (fun t => relu (a * t + b)) t1 t2 t3 <= 0.
Proof.
  intros a b t1 t2 t3 [H12 H23]. unfold D3, relu, Rmax.
  destruct (Rle_dec 0 (a * t1 + b)); destruct (Rle_dec 0 (a * t2 + b));
    destruct (Rle_dec 0 (a * t3 + b)); nra.
Qed.

Lemma D_affine : forall g al ga t1 t2 t3, t1 < t2 < t3 ->
  (forall t, t1 <= t <= t3 -> g t = al * t + ga) -> D3 g t1 t2 t3 = 0.
Proof.
  intros g al ga t1 t2 t3 H Hg. unfold D3. rewrite !Hg by lra. ring.
Qed.

Definition Dn (t1 t2 t3 : R) (n : neuron) : R :=
  nc n * D3 (fun t => relu (na n * t + nb n)) t1 t2 t3.

Fixpoint sumDn (t1 t2 t3 : R) (l : list neuron) : R :=
  match l with nil => 0 | n :: l' => Dn t1 t2 t3 n + sumDn t1 t2 t3 l' end.

Lemma D_net : forall b l t1 t2 t3, D3 (net1 b l) t1 t2 t3 = sumDn t1 t2 t3 l.
Proof.
  intros b l t1 t2 t3. induction l as [|n l IH].
  - unfold D3, net1. simpl. ring.
  - simpl sumDn. rewrite <- IH. unfold Dn, D3, net1. cbn [sum_net]. unfold neval. ring.
Qed.

(* Some neuron's term has the sign sg of the sum. *)
Lemma sumDn_sign : forall sg t1 t2 t3 l, 0 < sg * sumDn t1 t2 t3 l ->
  exists n, In n l /\ 0 < sg * Dn t1 t2 t3 n.
Proof.
  intros sg t1 t2 t3; induction l as [|n l IH]; simpl; intros H; [lra|].
  destruct (Rlt_or_le 0 (sg * Dn t1 t2 t3 n)) as [Hn|Hn].
  - exists n. split; [left; reflexivity|exact Hn].
  - destruct IH as [m [Hm Hm']]; [lra|]. exists m. split; [right; exact Hm|exact Hm'].
Qed.

Lemma Dn_kink : forall t1 t2 t3 n, t1 < t2 < t3 -> Dn t1 t2 t3 n <> 0 -> kink_in n t1 t3.
Proof.
  intros t1 t2 t3 n H Hn. destruct (kink_in_dec n t1 t3) as [K|K]; [exact K|].
  exfalso. apply Hn. unfold Dn.
  destruct (neuron_affine (mkNeuron (na n) (nb n) 1) t1 t3 ltac:(lra) K) as [al [ga Ha]].
  rewrite (D_affine _ al ga t1 t2 t3 H); [ring|].
  intros t Ht. rewrite <- (Ha t Ht). unfold neval. simpl. ring.
Qed.

(* The second difference is minus the change of slope, times (t2 - t1) (t3 - t2) > 0. *)
Lemma D3_slopes : forall g t1 t2 t3, t1 < t2 < t3 ->
  D3 g t1 t2 t3 =
  - (((g t3 - g t2) / (t3 - t2) - (g t2 - g t1) / (t2 - t1)) * ((t2 - t1) * (t3 - t2))).
Proof. intros g t1 t2 t3 H. unfold D3. field. lra. Qed.

(* Slopes that change with sign sg force a kink strictly between the outer two points, of a
   neuron whose output weight has the sign sg. *)
Lemma window_kink : forall b l t1 t2 t3 sg, t1 < t2 < t3 ->
  0 < sg * ((net1 b l t3 - net1 b l t2) / (t3 - t2) - (net1 b l t2 - net1 b l t1) / (t2 - t1)) ->
  exists n, In n l /\ 0 < sg * nc n /\ kink_in n t1 t3.
Proof.
  intros b l t1 t2 t3 sg H Hs.
  assert (HD : 0 < - sg * sumDn t1 t2 t3 l).
  { rewrite <- (D_net b l), D3_slopes by exact H.
    set (u := (net1 b l t3 - net1 b l t2) / (t3 - t2) - (net1 b l t2 - net1 b l t1) / (t2 - t1)) in *.
    assert (0 < (t2 - t1) * (t3 - t2)) by nra. nra. }
  destruct (sumDn_sign (- sg) _ _ _ _ HD) as [n [Hn Hd]].
  assert (HR := D_relu_le (na n) (nb n) t1 t2 t3 H). unfold Dn in Hd.
  exists n. split; [exact Hn|split; [nra|]].
  apply (Dn_kink t1 t2 t3 n H). unfold Dn. intros E. rewrite E in Hd. lra.
Qed.

(** Three points whose slopes increase (convex window) force a kink strictly between the outer
    two, of a neuron with positive output weight (its slope jump c |a| is positive); slopes that
    decrease force one with negative output weight. *)
Theorem convex_window : forall b l t1 t2 t3, t1 < t2 < t3 ->
  (net1 b l t2 - net1 b l t1) / (t2 - t1) < (net1 b l t3 - net1 b l t2) / (t3 - t2) ->
  exists n, In n l /\ 0 < nc n /\ kink_in n t1 t3.
Proof.
  intros b l t1 t2 t3 H Hs. destruct (window_kink b l t1 t2 t3 1 H ltac:(lra)) as [n [Hn [Hc Hk]]].
  exists n. split; [exact Hn|split; [lra|exact Hk]].
Qed.

Theorem concave_window : forall b l t1 t2 t3, t1 < t2 < t3 ->
  (net1 b l t3 - net1 b l t2) / (t3 - t2) < (net1 b l t2 - net1 b l t1) / (t2 - t1) ->
  exists n, In n l /\ nc n < 0 /\ kink_in n t1 t3.
Proof.
  intros b l t1 t2 t3 H Hs. destruct (window_kink b l t1 t2 t3 (-1) H ltac:(lra)) as [n [Hn [Hc Hk]]].
  exists n. split; [exact Hn|split; [lra|exact Hk]].
Qed.
