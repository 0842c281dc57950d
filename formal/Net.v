(* Two-layer ReLU networks in one dimension, as lists of neurons with real weights. *)
Require Import Reals Lra List.
Open Scope R_scope.

Definition relu (x : R) : R := Rmax 0 x.

(* A hidden neuron t |-> nc * relu (na * t + nb): input weight, bias, output weight. *)
Record neuron := mkNeuron { na : R; nb : R; nc : R }.

Definition neval (n : neuron) (t : R) : R := nc n * relu (na n * t + nb n).

Fixpoint sum_net (l : list neuron) (t : R) : R :=
  match l with
  | nil => 0
  | n :: l' => neval n t + sum_net l' t
  end.

(* The network b + sum_j c_j relu (a_j t + beta_j); its width is length l. *)
Definition net1 (b : R) (l : list neuron) (t : R) : R := b + sum_net l t.

Lemma relu_pos : forall x, 0 <= x -> relu x = x.
Proof. intros x H; unfold relu; apply Rmax_right; exact H. Qed.

Lemma relu_neg : forall x, x <= 0 -> relu x = 0.
Proof. intros x H; unfold relu; apply Rmax_left; exact H. Qed.

Lemma relu_nonneg : forall x, 0 <= relu x.
Proof. intros x; unfold relu; apply Rmax_l. Qed.
