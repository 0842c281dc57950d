(* The executable side: the paper construction over Q, proven equal to the real one, and run on
   the K = 14 instance of the paper's Figure 4 (tests/data/fig4-instance.json). *)
Require Import Reals Lra Lia List Arith QArith Qreals.
Require Import FTC.Net FTC.Interp FTC.Paper.
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
