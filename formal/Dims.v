(* Theorems 1 and 2 in R^d: a d-dimensional network whose rows are multiples of a(s). *)
Require Import Reals Lra Lia List.
Require Import FTC.Net FTC.Interp FTC.Paper FTC.Project FTC.Windows FTC.Hard.
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

(** Theorem 4 in R^d: on the samples x_p = p e_1, a d-dimensional network is the 1-D network
    whose neuron j has input weight (w_j)_1; so the hard instances need min(3N, K - 2) neurons in
    every dimension d >= 1. *)
Definition e1 (d : nat) : list R := 1 :: repeat 0 (d - 1).

Definition restrict (l : list neuronD) : list neuron :=
  map (fun n => mkNeuron (hd 0 (wD n)) (bD n) (cD n)) l.

Lemma dot_e1 : forall w d s, dot w (scale s (e1 d)) = hd 0 w * s.
Proof.
  intros w d s. unfold e1, scale. simpl. destruct w as [|a w]; simpl; [ring|].
  assert (H : forall v n, dot v (map (fun c => s * c) (repeat 0 n)) = 0).
  { induction v as [|b v IH]; intros [|n]; simpl; try ring. rewrite IH. ring. }
  rewrite H. ring.
Qed.

Lemma restrict_eval : forall b l d s, netD b l (scale s (e1 d)) = net1 b (restrict l) s.
Proof.
  intros b l d s. unfold netD, net1. f_equal.
  induction l as [|n l IH]; [reflexivity|].
  change (nevalD n (scale s (e1 d)) + sumD l (scale s (e1 d))
          = neval (mkNeuron (hd 0 (wD n)) (bD n) (cD n)) s + sum_net (restrict l) s).
  rewrite IH. unfold nevalD, neval. cbn [na nb nc]. rewrite dot_e1. reflexivity.
Qed.

Theorem hard_lower_d : forall d K N b (l : list neuronD), (N <= K)%nat ->
  (forall i, (1 <= i <= K)%nat -> netD b l (scale (INR i) (e1 d)) = Hard.hardz K N i) ->
  (Nat.min (3 * N) (K - 2) <= length l)%nat.
Proof.
  intros d K N b l HNK H.
  replace (length l) with (length (restrict l)) by apply map_length.
  apply (Hard.hard_lower K N b (restrict l) HNK).
  intros i Hi. rewrite <- restrict_eval with (d := d). apply H. exact Hi.
Qed.
