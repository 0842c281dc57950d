(* Numbering the samples by their projections: Theorems 2 and 5 for samples in any order. *)
Require Import Reals Lra Lia List Arith Bool Permutation Sorted Mergesort Orders.
Require Import FTC.Net FTC.Interp FTC.Paper FTC.Tight.
Open Scope R_scope.

(* Samples as (key, original index), ordered by key. *)
Module KeyOrder <: TotalLeBool'.
  Definition t := (R * nat)%type.
  Definition leb (x y : t) : bool := if Rle_dec (fst x) (fst y) then true else false.
  Infix "<=?" := leb (at level 70, no associativity).
  Theorem leb_total : forall x y, (x <=? y) = true \/ (y <=? x) = true.
  Proof.
    intros x y. unfold leb. destruct (Rle_dec (fst x) (fst y)); [left; reflexivity|].
    destruct (Rle_dec (fst y) (fst x)); [right; reflexivity|lra].
  Qed.
End KeyOrder.

Module KeySort := Sort KeyOrder.

Lemma leb_trans : Transitive (fun x y => is_true (KeyOrder.leb x y)).
Proof.
  intros x y w. unfold is_true, KeyOrder.leb.
  destruct (Rle_dec (fst x) (fst y)), (Rle_dec (fst y) (fst w)), (Rle_dec (fst x) (fst w));
    try discriminate; intros; try reflexivity; lra.
Qed.

Lemma SS_nth : forall (A : Type) (Rel : A -> A -> Prop) l d i j, StronglySorted Rel l ->
  (i < j < length l)%nat -> Rel (nth i l d) (nth j l d).
Proof.
  intros A Rel l d; induction l as [|x l IH]; intros i j H Hij; simpl in Hij; [lia|].
  inversion H as [|? ? Hs Hf]; subst.
  destruct i as [|i], j as [|j]; try lia.
  - simpl. rewrite Forall_forall in Hf. apply Hf. apply nth_In. lia.
  - simpl. apply IH; [exact Hs|lia].
Qed.

Lemma map_nth_seq_all : forall (A : Type) (l : list A) d,
  map (fun r => nth r l d) (seq 0 (length l)) = l.
Proof.
  intros A l d; induction l as [|x l IH]; [reflexivity|].
  simpl. f_equal. rewrite <- seq_shift, map_map. simpl. exact IH.
Qed.

Lemma Permutation_filter_length : forall (A : Type) (f : A -> bool) l l',
  Permutation l l' -> length (filter f l) = length (filter f l').
Proof.
  intros A f l l' H; induction H; simpl; try reflexivity.
  - destruct (f x); simpl; lia.
  - destruct (f x), (f y); simpl; reflexivity.
  - lia.
Qed.

Lemma filter_map_length : forall (A B : Type) (f : B -> bool) (g : A -> B) l,
  length (filter f (map g l)) = length (filter (fun x => f (g x)) l).
Proof.
  intros A B f g l; induction l as [|x l IH]; [reflexivity|]. simpl.
  destruct (f (g x)); simpl; lia.
Qed.

Section Sorting.

Variable K : nat.
Variable t z : nat -> R.
Variable inT : nat -> bool.
Hypothesis t_distinct : forall i j, (i < K)%nat -> (j < K)%nat -> i <> j -> t i <> t j.
Hypothesis z_off_T : forall i, inT i = false -> z i = 0.
Hypothesis T_range : forall i, inT i = true -> (i < K)%nat.

Definition sorted_keys : list (R * nat) := KeySort.sort (map (fun i => (t i, i)) (seq 0 K)).

(* pi r: the sample of rank r. *)
Definition pi (r : nat) : nat := snd (nth r sorted_keys (0, O)).

Definition st (r : nat) : R := t (pi r).
Definition sz (r : nat) : R := if Nat.ltb r K then z (pi r) else 0.
Definition sT (r : nat) : bool := if Nat.ltb r K then inT (pi r) else false.

Lemma perm_keys : Permutation (map (fun i => (t i, i)) (seq 0 K)) sorted_keys.
Proof. apply KeySort.Permuted_sort. Qed.

Lemma keys_length : length sorted_keys = K.
Proof. rewrite <- (Permutation_length perm_keys), map_length, seq_length. reflexivity. Qed.

Lemma keys_snd : Permutation (seq 0 K) (map snd sorted_keys).
Proof.
  replace (seq 0 K) with (map snd (map (fun i => (t i, i)) (seq 0 K))) at 1
    by (rewrite map_map; apply map_id).
  apply Permutation_map, perm_keys.
Qed.

Lemma keys_fst : forall r, (r < K)%nat -> fst (nth r sorted_keys (0, O)) = t (pi r).
Proof.
  intros r Hr. unfold pi.
  assert (H : In (nth r sorted_keys (0, O)) (map (fun i => (t i, i)) (seq 0 K))).
  { apply (Permutation_in _ (Permutation_sym perm_keys)). apply nth_In. rewrite keys_length. exact Hr. }
  apply in_map_iff in H. destruct H as [i [<- _]]. reflexivity.
Qed.

Lemma pi_range : forall r, (r < K)%nat -> (pi r < K)%nat.
Proof.
  intros r Hr. unfold pi.
  assert (H : In (snd (nth r sorted_keys (0, O))) (seq 0 K)).
  { apply (Permutation_in _ (Permutation_sym keys_snd)).
    rewrite <- (map_nth snd sorted_keys (0, O) r). apply nth_In. rewrite map_length, keys_length. exact Hr. }
  apply in_seq in H. lia.
Qed.

Lemma pi_inj : forall r r', (r < K)%nat -> (r' < K)%nat -> pi r = pi r' -> r = r'.
Proof.
  intros r r' Hr Hr' E.
  assert (ND : NoDup (map snd sorted_keys)) by (apply (Permutation_NoDup keys_snd), seq_NoDup).
  apply (proj1 (NoDup_nth (map snd sorted_keys) O) ND); rewrite ?map_length, ?keys_length; try lia.
  unfold pi in E.
  rewrite (@nth_indep _ _ r O (snd (0, O))), (@nth_indep _ _ r' O (snd (0, O)))
    by (rewrite map_length, keys_length; lia).
  rewrite !map_nth. exact E.
Qed.

Lemma pi_onto : forall j, (j < K)%nat -> exists r, (r < K)%nat /\ pi r = j.
Proof.
  intros j Hj.
  assert (H : In j (map snd sorted_keys)) by (apply (Permutation_in _ keys_snd), in_seq; lia).
  apply (In_nth _ _ O) in H. destruct H as [r [Hr E]]. rewrite map_length, keys_length in Hr.
  exists r. split; [exact Hr|]. unfold pi.
  rewrite (@nth_indep _ _ r O (snd (0, O))) in E by (rewrite map_length, keys_length; lia).
  rewrite map_nth in E. exact E.
Qed.

Lemma st_incr : forall r r', (r < r' < K)%nat -> st r < st r'.
Proof.
  intros r r' H. unfold st.
  assert (SS := KeySort.StronglySorted_sort (map (fun i => (t i, i)) (seq 0 K)) leb_trans).
  assert (Le := SS_nth _ _ _ (0, O) r r' SS ltac:(fold sorted_keys; rewrite keys_length; lia)).
  fold sorted_keys in Le. unfold is_true, KeyOrder.leb in Le.
  rewrite !keys_fst in Le by lia. destruct (Rle_dec _ _) as [Hle|]; [|discriminate].
  destruct (Req_dec (t (pi r)) (t (pi r'))) as [E|E]; [|lra].
  exfalso. apply (t_distinct (pi r) (pi r')); try (apply pi_range; lia); [|exact E].
  intros Ep. apply pi_inj in Ep; lia.
Qed.

Lemma sz_off : forall r, sT r = false -> sz r = 0.
Proof.
  intros r H. unfold sT, sz in *. destruct (Nat.ltb r K); [apply z_off_T; exact H|reflexivity].
Qed.

Lemma sT_range : forall r, sT r = true -> (r < K)%nat.
Proof. intros r H. unfold sT in H. destruct (Nat.ltb_spec r K); [assumption|discriminate]. Qed.

Lemma sN : N K sT = N K inT.
Proof.
  unfold N. rewrite <- !filter_seq_cnt.
  rewrite (filter_ext_in sT (fun r => inT (pi r)))
    by (intros r Hr; apply in_seq in Hr; unfold sT; destruct (Nat.ltb_spec r K); [reflexivity|lia]).
  rewrite <- filter_map_length.
  replace (map pi (seq 0 K)) with (map snd sorted_keys).
  - symmetry. apply Permutation_filter_length, keys_snd.
  - rewrite <- (map_nth_seq_all _ sorted_keys (0, O)) at 1. rewrite map_map, keys_length. reflexivity.
Qed.

(* A network that fits the renumbered samples fits the original ones. *)
Lemma unsort : forall b l, (forall r, (r < K)%nat -> net1 b l (st r) = sz r) ->
  forall i, (i < K)%nat -> net1 b l (t i) = z i.
Proof.
  intros b l H i Hi. destruct (pi_onto i Hi) as [r [Hr <-]].
  assert (E := H r Hr). unfold st, sz in E. destruct (Nat.ltb_spec r K); [exact E|lia].
Qed.

(** Theorem 2 for samples in any order (pairwise distinct t_i). *)
Theorem paper_upper_any : (1 <= K)%nat ->
  exists b l, (forall i, (i < K)%nat -> net1 b l (t i) = z i) /\
              (length l <= Nat.min (3 * N K inT + 1) (K - 1))%nat.
Proof.
  intros HK. destruct (paper_upper K st sz sT st_incr sz_off sT_range HK) as [H1 [_ H3]].
  exists (sz O), (paper_net K st sz sT). split; [apply unsort; exact H1|]. rewrite sN in H3. exact H3.
Qed.

(** Theorem 5 for samples in any order. *)
Theorem tight_upper_any : (1 <= K)%nat ->
  exists b l, (forall i, (i < K)%nat -> net1 b l (t i) = z i) /\ (length l <= K - 1)%nat /\
              ((3 * N K inT + 1 <= K)%nat -> (length l <= Nat.min (3 * N K inT) (K - 2))%nat).
Proof.
  intros HK. destruct (tight_upper K st sz sT st_incr sz_off sT_range HK) as [H1 [H2 H3]].
  exists (tight_b K st sz sT), (tight_net K st sz sT). split; [apply unsort; exact H1|].
  rewrite sN in H3. split; [exact H2|exact H3].
Qed.

End Sorting.
