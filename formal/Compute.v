(* The executable side: the paper construction over Q, proven equal to the real one, and run on
   the K = 14 instance of the paper's Figure 4 (tests/data/fig4-instance.json). *)
Require Import Reals Lra Lia List Arith QArith Qreals.
Require Import FTC.Net FTC.Interp FTC.Paper FTC.Tight.
Import ListNotations.
Open Scope Q_scope.

Definition qslope (p q : Q * Q) : Q := (snd q - snd p) / (fst q - fst p).

(* A neuron (input weight, bias, output weight). *)
Fixpoint qlemma45 (s0 : Q) (ps : list (Q * Q)) : list (Q * Q * Q) :=
  match ps with
  | p :: ((q :: _) as rest) => (1, - fst p, qslope p q - s0) :: qlemma45 (qslope p q) rest
  | _ => nil
  end.

Definition qknots (K : nat) (t z : nat -> Q) (inT : nat -> bool) : list (Q * Q) :=
  map (fun i => (t i, z i)) (filter (kept K inT) (seq 0 K)).

Definition qpaper_net K t z inT : list (Q * Q * Q) := qlemma45 0 (qknots K t z inT).

Definition toR (n : Q * Q * Q) : neuron :=
  match n with (a, b, c) => mkNeuron (Q2R a) (Q2R b) (Q2R c) end.

Definition ptR (p : Q * Q) : R * R := (Q2R (fst p), Q2R (snd p)).

Lemma Q2R_nonzero : forall x, Q2R x <> 0%R -> ~ x == 0.
Proof. intros x H E. apply H. rewrite (Qeq_eqR x 0 E). unfold Q2R. simpl. ring. Qed.

Lemma qslope_R : forall p q, Q2R (fst q) <> Q2R (fst p) ->
  Q2R (qslope p q) = slope (ptR p) (ptR q).
Proof.
  intros p q H. unfold qslope, slope, ptR. simpl.
  rewrite Q2R_div, !Q2R_minus; [reflexivity|].
  apply Q2R_nonzero. rewrite Q2R_minus. intros E. apply H. lra.
Qed.

Lemma qlemma45_R : forall ps s0, sorted (map ptR ps) ->
  map toR (qlemma45 s0 ps) = lemma45 (Q2R s0) (map ptR ps).
Proof.
  induction ps as [|p ps IH]; intros s0 Hs; [reflexivity|].
  destruct ps as [|q ps]; [reflexivity|].
  destruct Hs as [Hpq Hs].
  change (toR (1, - fst p, qslope p q - s0) :: map toR (qlemma45 (qslope p q) (q :: ps))
          = mkNeuron 1 (- fst (ptR p)) (slope (ptR p) (ptR q) - Q2R s0)
            :: lemma45 (slope (ptR p) (ptR q)) (ptR q :: map ptR ps)).
  rewrite <- qslope_R by (simpl in Hpq; lra).
  rewrite IH by exact Hs. f_equal. unfold toR. unfold ptR at 1. simpl fst.
  f_equal; [unfold Q2R; simpl; field | apply Q2R_opp | apply Q2R_minus].
Qed.

(** The Q construction computes the real construction of Theorem 2 (on sorted rational data). *)
Theorem qpaper_net_R : forall K t z inT,
  (forall i j, (i < j < K)%nat -> Q2R (t i) < Q2R (t j))%R ->
  map toR (qpaper_net K t z inT) = paper_net K (fun i => Q2R (t i)) (fun i => Q2R (z i)) inT.
Proof.
  intros K t z inT Ht. unfold qpaper_net, paper_net, interp_net.
  replace (knots K (fun i => Q2R (t i)) (fun i => Q2R (z i)) inT) with (map ptR (qknots K t z inT)).
  - replace 0%R with (Q2R 0) by (unfold Q2R; simpl; ring). apply qlemma45_R.
    unfold qknots. rewrite map_map. apply (knots_sorted K (fun i => Q2R (t i)) (fun i => Q2R (z i)) inT Ht).
  - unfold qknots, knots. rewrite map_map. reflexivity.
Qed.

(** Figure 4: K = 14, x_i = i, T = {4, 7, 9, 14} (1-based), targets of fig4-instance.json. *)
Definition fig4_z : list Q := [0; 0; 0; 1; 0; 0; -2; 0; 3; 0; 0; 0; 0; 1 # 2].
Definition fig4_t (i : nat) : Q := inject_Z (Z.of_nat (S i)).
Definition fig4_zf (i : nat) : Q := nth i fig4_z 0.
Definition fig4_T (i : nat) : bool := existsb (Nat.eqb i) [3; 6; 8; 13]%nat.

Definition qred3 (n : Q * Q * Q) : Q * Q * Q :=
  match n with (a, b, c) => (Qred a, Qred b, Qred c) end.

Definition fig4_net : list (Q * Q * Q) := map qred3 (qpaper_net 14 fig4_t fig4_zf fig4_T).

(* The weights of tests/snapshots/tests__certificates__figure_4_two_layer_paper.snap:
   W1 = 1, b1 = -1 -3 -4 -5 -6 -7 -8 -9 -10 -13, W2 = 0 1 -2 1 -2 4 1 -6 3 1/2, b2 = z_1 = 0. *)
Example fig4_weights : fig4_net =
  [(1, -1, 0); (1, -3, 1); (1, -4, -2); (1, -5, 1); (1, -6, -2); (1, -7, 4); (1, -8, 1);
   (1, -9, -6); (1, -10, 3); (1, -13, 1 # 2)].
Proof. vm_compute. reflexivity. Qed.

(** * The tight construction over Q *)

Definition qnonzero (n : Q * Q * Q) : bool := match n with (_, _, c) => negb (Qeq_bool c 0) end.
Definition qprune (l : list (Q * Q * Q)) : list (Q * Q * Q) := filter qnonzero l.
Definition qreflect (l : list (Q * Q * Q)) : list (Q * Q * Q) :=
  map (fun n => match n with (a, b, c) => (- a, b, c) end) l.
Definition qfirst_slope (ps : list (Q * Q)) : Q :=
  match ps with p :: q :: _ => qslope p q | _ => 0 end.
Definition qrt (K : nat) (t : nat -> Q) (i : nat) : Q := - t (K - 1 - i)%nat.
Definition qrz (K : nat) (z : nat -> Q) (i : nat) : Q := if Nat.ltb i K then z (K - 1 - i)%nat else 0.

Definition qtight_net K t z inT : list (Q * Q * Q) :=
  if Qeq_bool (qfirst_slope (qknots K t z inT)) 0 then qprune (qpaper_net K t z inT)
  else if Qeq_bool (qfirst_slope (qknots K (qrt K t) (qrz K z) (rT K inT))) 0
       then qreflect (qprune (qpaper_net K (qrt K t) (qrz K z) (rT K inT)))
       else qprune (qpaper_net K t z inT).

Definition qtight_b K (t z : nat -> Q) inT : Q :=
  if Qeq_bool (qfirst_slope (qknots K t z inT)) 0 then z O
  else if Qeq_bool (qfirst_slope (qknots K (qrt K t) (qrz K z) (rT K inT))) 0 then qrz K z O
       else z O.

Lemma Q2R_0 : Q2R 0 = 0%R.
Proof. unfold Q2R. simpl. ring. Qed.

Lemma Qeq_bool_R : forall c, Qeq_bool c 0 = (if Req_EM_T (Q2R c) 0 then true else false).
Proof.
  intros c. destruct (Req_EM_T (Q2R c) 0) as [E|E].
  - apply Qeq_bool_iff. apply eqR_Qeq. rewrite Q2R_0. exact E.
  - destruct (Qeq_bool c 0) eqn:B; [|reflexivity].
    exfalso. apply E. apply Qeq_bool_iff in B. rewrite (Qeq_eqR _ _ B). apply Q2R_0.
Qed.

Lemma qprune_R : forall l, map toR (qprune l) = prune (map toR l).
Proof.
  induction l as [|[[a b] c] l IH]; [reflexivity|].
  unfold qprune, prune in *. simpl. unfold nonzero_w at 1. simpl.
  rewrite Qeq_bool_R. destruct (Req_EM_T (Q2R c) 0); simpl; rewrite IH; reflexivity.
Qed.

Lemma qreflect_R : forall l, map toR (qreflect l) = reflect (map toR l).
Proof.
  induction l as [|[[a b] c] l IH]; [reflexivity|].
  simpl. rewrite <- IH. unfold toR at 1. rewrite Q2R_opp. reflexivity.
Qed.

Lemma qfirst_slope_R : forall ps, sorted (map ptR ps) ->
  Q2R (qfirst_slope ps) = first_slope (map ptR ps).
Proof.
  intros [|p [|q ps]] H; try apply Q2R_0.
  destruct H as [H _]. simpl. apply qslope_R. simpl in H. lra.
Qed.

Lemma knots_ext : forall K t1 t2 z1 z2 inT,
  (forall i, (i < K)%nat -> t1 i = t2 i) -> (forall i, (i < K)%nat -> z1 i = z2 i) ->
  knots K t1 z1 inT = knots K t2 z2 inT.
Proof.
  intros K t1 t2 z1 z2 inT Ht Hz. unfold knots. apply map_ext_in. intros i Hi.
  apply filter_In in Hi. destruct Hi as [Hi _]. apply in_seq in Hi.
  rewrite Ht, Hz by lia. reflexivity.
Qed.

Lemma qknots_R : forall K t z inT,
  map ptR (qknots K t z inT) = knots K (fun i => Q2R (t i)) (fun i => Q2R (z i)) inT.
Proof. intros. unfold qknots, knots. rewrite map_map. reflexivity. Qed.

Section QTight.

Variable K : nat.
Variable t z : nat -> Q.
Variable inT : nat -> bool.
Hypothesis t_incr : forall i j, (i < j < K)%nat -> (Q2R (t i) < Q2R (t j))%R.

Let tR (i : nat) : R := Q2R (t i).
Let zR (i : nat) : R := Q2R (z i).

Lemma mirror_incr : forall i j, (i < j < K)%nat -> (Q2R (qrt K t i) < Q2R (qrt K t j))%R.
Proof. intros i j H. unfold qrt. rewrite !Q2R_opp. apply Ropp_lt_contravar, t_incr. lia. Qed.

Lemma mirror_knots : knots K (fun i => Q2R (qrt K t i)) (fun i => Q2R (qrz K z i)) (rT K inT)
                     = knots K (rt K tR) (rz K zR) (rT K inT).
Proof.
  apply knots_ext; intros i Hi.
  - unfold qrt, rt, tR. apply Q2R_opp.
  - unfold qrz, rz, zR. destruct (Nat.ltb i K); [reflexivity|apply Q2R_0].
Qed.

(** The Q tight construction computes the real one of Theorem 5. *)
Theorem qtight_net_R : map toR (qtight_net K t z inT) = tight_net K tR zR inT /\
                       Q2R (qtight_b K t z inT) = tight_b K tR zR inT.
Proof.
  assert (S1 : sorted (map ptR (qknots K t z inT))).
  { rewrite qknots_R. apply (knots_sorted K tR zR inT t_incr). }
  assert (S2 : sorted (map ptR (qknots K (qrt K t) (qrz K z) (rT K inT)))).
  { rewrite qknots_R. apply (knots_sorted K _ _ (rT K inT) mirror_incr). }
  assert (L : Qeq_bool (qfirst_slope (qknots K t z inT)) 0 = left_flat K tR zR inT).
  { rewrite Qeq_bool_R, qfirst_slope_R, qknots_R by exact S1. reflexivity. }
  assert (R : Qeq_bool (qfirst_slope (qknots K (qrt K t) (qrz K z) (rT K inT))) 0
              = right_flat K tR zR inT).
  { rewrite Qeq_bool_R, qfirst_slope_R, qknots_R, mirror_knots by exact S2. reflexivity. }
  assert (P1 : map toR (qpaper_net K t z inT) = paper_net K tR zR inT)
    by (apply qpaper_net_R; exact t_incr).
  assert (P2 : map toR (qpaper_net K (qrt K t) (qrz K z) (rT K inT))
               = paper_net K (rt K tR) (rz K zR) (rT K inT)).
  { rewrite qpaper_net_R by exact mirror_incr. unfold paper_net. f_equal. exact mirror_knots. }
  unfold qtight_net, qtight_b, tight_net, tight_b. rewrite L, R.
  destruct (left_flat K tR zR inT); [rewrite qprune_R, P1; split; reflexivity|].
  destruct (right_flat K tR zR inT).
  - rewrite qreflect_R, qprune_R, P2. split; [reflexivity|].
    unfold qrz, rz, zR. destruct (Nat.ltb 0 K); [reflexivity|apply Q2R_0].
  - rewrite qprune_R, P1. split; reflexivity.
Qed.

End QTight.

Definition fig4_tight : list (Q * Q * Q) := map qred3 (qtight_net 14 fig4_t fig4_zf fig4_T).

(* ftcert's two-layer-tight certificate on Figure 4 (flat left end: no neuron at t = 1). *)
Example fig4_tight_weights : fig4_tight =
  [(1, -3, 1); (1, -4, -2); (1, -5, 1); (1, -6, -2); (1, -7, 4); (1, -8, 1);
   (1, -9, -6); (1, -10, 3); (1, -13, 1 # 2)] /\ Qred (qtight_b 14 fig4_t fig4_zf fig4_T) = 0.
Proof. vm_compute. split; reflexivity. Qed.

(** A mirrored example (flat right end only): K = 6, x_i = i, T = {1, 3}, z = (2, 0, -1, 0, 0, 0). *)
Definition mirror6_z : list Q := [2; 0; -1; 0; 0; 0].
Definition mirror6_zf (i : nat) : Q := nth i mirror6_z 0.
Definition mirror6_T (i : nat) : bool := existsb (Nat.eqb i) [0; 2]%nat.

(* Rows printed by Fig4.v: the neurons (input weight, bias, output weight), then (0, 0, b2). *)
Definition rows (net : list (Q * Q * Q)) (b : Q) : list (Q * Q * Q) := net ++ [(0, 0, Qred b)].

Definition out_paper_fig4 := rows fig4_net (fig4_zf O).
Definition out_tight_fig4 := rows fig4_tight (qtight_b 14 fig4_t fig4_zf fig4_T).
Definition out_tight_mirror6 :=
  rows (map qred3 (qtight_net 6 fig4_t mirror6_zf mirror6_T)) (qtight_b 6 fig4_t mirror6_zf mirror6_T).
