(* Theorems 1 and 2 in R^d: a d-dimensional network whose rows are multiples of a(s). *)
Require Import Reals Lra Lia List.
Require Import FTC.Net FTC.Interp FTC.Paper FTC.Project.
Open Scope R_scope.

(* A neuron of R^d: x |-> c * relu (w . x + beta). *)
Record neuronD := mkNeuronD { wD : list R; bD : R; cD : R }.

Definition nevalD (n : neuronD) (x : list R) : R := cD n * relu (dot (wD n) x + bD n).

Fixpoint sumD (l : list neuronD) (x : list R) : R :=
  match l with
  | nil => 0
  | n :: l' => nevalD n x + sumD l' x
  end.

Definition netD (b : R) (l : list neuronD) (x : list R) : R := b + sumD l x.

Definition scale (al : R) (a : list R) : list R := map (fun c => al * c) a.

Lemma dot_scale : forall al a x, dot (scale al a) x = al * dot a x.
Proof.
  intros al a; induction a as [|c a IH]; intros [|y x]; simpl; try ring.
  rewrite IH. ring.
Qed.

(* The 1-D network l read along direction a: row j is a_j * a, bias beta_j. *)
Definition lift (a : list R) (l : list neuron) : list neuronD :=
  map (fun n => mkNeuronD (scale (na n) a) (nb n) (nc n)) l.

Lemma lift_length : forall a l, length (lift a l) = length l.
Proof. intros; apply map_length. Qed.

Lemma lift_eval : forall a b l x, netD b (lift a l) x = net1 b l (dot a x).
Proof.
  intros a b l x. unfold netD, net1. f_equal.
  induction l as [|n l IH]; [reflexivity|].
  simpl. rewrite IH. unfold nevalD, neval. simpl. rewrite dot_scale. reflexivity.
Qed.

Section Dims.

Variable d K : nat.
Variable x : nat -> list R.
Variable z : nat -> R.
Variable inT : nat -> bool.
Variable s : R.

Let t (i : nat) : R := dot (avec s d) (x i).

Hypothesis t_incr : forall i j, (i < j < K)%nat -> t i < t j.
Hypothesis z_off_T : forall i, inT i = false -> z i = 0.
Hypothesis T_range : forall i, inT i = true -> (i < K)%nat.

(** Theorem 2 in R^d: with the samples numbered by increasing a(s) . x_i (Theorem 3 gives an s
    that makes these projections pairwise distinct), the lifted paper network fine-tunes every
    sample with at most min(3N + 1, K - 1) neurons. *)
Theorem paper_upper_d : (1 <= K)%nat ->
  (forall i, (i < K)%nat -> netD (z 0) (lift (avec s d) (paper_net K t z inT)) (x i) = z i) /\
  (length (lift (avec s d) (paper_net K t z inT)) <= Nat.min (3 * N K inT + 1) (K - 1))%nat.
Proof.
  intros HK. destruct (paper_upper K t z inT t_incr z_off_T T_range HK) as [H1 [_ H3]].
  split.
  - intros i Hi. rewrite lift_eval. apply H1. exact Hi.
  - rewrite lift_length. exact H3.
Qed.

End Dims.
