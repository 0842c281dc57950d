(* Theorem 2: the paper's upper bound (Theorem 4.4 with Lemma 4.5). *)
Require Import Reals Lra Lia List Arith.
Require Import FTC.Net FTC.Interp.
Open Scope R_scope.
Open Scope bool_scope.

(** * Counting indices *)

Fixpoint cnt (f : nat -> bool) (n : nat) : nat :=
  match n with
  | O => O
  | S n' => (cnt f n' + if f n' then 1 else 0)%nat
  end.

Lemma cnt_le : forall f n, (cnt f n <= n)%nat.
Proof. induction n; simpl; [lia|destruct (f n); lia]. Qed.

Lemma cnt_or : forall f g h n,
  (forall i, (i < n)%nat -> f i = true -> g i = true \/ h i = true) ->
  (cnt f n <= cnt g n + cnt h n)%nat.
Proof.
  intros f g h n; induction n as [|n IH]; intros H; simpl; [lia|].
  assert (Hn := H n (Nat.lt_succ_diag_r n)).
  assert (IH' : (cnt f n <= cnt g n + cnt h n)%nat) by (apply IH; intros i Hi Hf; apply H; [lia|exact Hf]).
  destruct (f n), (g n), (h n); try lia.
Qed.

Lemma cnt_orb : forall f g n, (cnt (fun i => f i || g i) n <= cnt f n + cnt g n)%nat.
Proof.
  intros f g n. apply cnt_or. intros i _ Hi. apply Bool.orb_prop in Hi. exact Hi.
Qed.

Lemma cnt_ext : forall f g n, (forall i, (i < n)%nat -> f i = g i) -> cnt f n = cnt g n.
Proof.
  intros f g n; induction n as [|n IH]; intros H; simpl; [reflexivity|].
  rewrite IH by (intros; apply H; lia). rewrite (H n) by lia. reflexivity.
Qed.

Lemma cnt_mono : forall f n m, (n <= m)%nat -> (cnt f n <= cnt f m)%nat.
Proof. intros f n m H; induction H; simpl; [lia|destruct (f m); lia]. Qed.

Lemma cnt_shift : forall f n, (cnt (fun i => f (S i)) n + (if f O then 1 else 0) = cnt f (S n))%nat.
Proof.
  intros f n; induction n as [|n IH]; [simpl; reflexivity|].
  change (cnt (fun i => f (S i)) n + (if f (S n) then 1 else 0) + (if f O then 1 else 0)
          = cnt f (S n) + (if f (S n) then 1 else 0))%nat.
  rewrite <- IH. lia.
Qed.

Lemma cnt_zero : forall f n, (forall i, (i < n)%nat -> f i = false) -> cnt f n = O.
Proof.
  intros f n; induction n as [|n IH]; intros H; simpl; [reflexivity|].
  rewrite IH by (intros; apply H; lia). rewrite H by lia. reflexivity.
Qed.

Lemma cnt_eq1 : forall a n, (cnt (fun i => Nat.eqb i a) n <= 1)%nat.
Proof.
  intros a n; induction n as [|n IH]; simpl; [lia|].
  destruct (Nat.eqb_spec n a) as [->|Hne]; [|lia].
  rewrite cnt_zero; [lia|]. intros i Hi. apply Nat.eqb_neq. lia.
Qed.

Lemma cnt_compl : forall f n, (cnt f n + cnt (fun i => negb (f i)) n = n)%nat.
Proof. intros f n; induction n; simpl; [reflexivity|destruct (f n); simpl; lia]. Qed.

Lemma filter_seq_cnt : forall f n, length (filter f (seq 0 n)) = cnt f n.
Proof.
  intros f n; induction n as [|n IH]; [reflexivity|].
  rewrite seq_S, filter_app, app_length, IH. simpl. destruct (f n); reflexivity.
Qed.

(** * Zero blocks and the kept points *)

Section Paper.

Variable K : nat.              (* samples 0 .. K-1 (the paper's 1 .. K), sorted by t *)
Variable t z : nat -> R.       (* projections and targets *)
Variable inT : nat -> bool.    (* the fine-tuned set T *)

Definition prevT (i : nat) : bool := match i with O => false | S j => inT j end.

(* J: T, plus the first and last index of every zero block (a maximal run of indices not in T).
   An index not in T is a block end iff it is 0, K-1, or next to an index of T. *)
Definition kept (i : nat) : bool :=
  inT i || Nat.eqb i 0 || Nat.eqb i (K - 1) || prevT i || inT (S i).

(* The inner points of the zero blocks: not in T, with both neighbours present and not in T.
   A zero block P has max(|P| - 2, 0) of them. *)
Definition inner (i : nat) : bool := negb (kept i).

Definition knots : list (R * R) := map (fun i => (t i, z i)) (filter kept (seq 0 K)).

Definition paper_net : list neuron := interp_net knots.

Definition N : nat := cnt inT K.

Hypothesis t_incr : forall i j, (i < j < K)%nat -> t i < t j.
Hypothesis z_off_T : forall i, inT i = false -> z i = 0.
Hypothesis T_range : forall i, inT i = true -> (i < K)%nat.

Lemma cnt_prevT : (cnt prevT K <= cnt inT K)%nat.
Proof.
  destruct K as [|k]; [simpl; lia|].
  rewrite <- cnt_shift. simpl prevT. rewrite Nat.add_0_r.
  apply cnt_mono. lia.
Qed.

Lemma cnt_nextT : (cnt (fun i => inT (S i)) K <= cnt inT K)%nat.
Proof.
  assert (E := cnt_shift inT K). simpl in E.
  assert (E2 : inT K = false).
  { destruct (inT K) eqn:E3; [|reflexivity]. apply T_range in E3. lia. }
  rewrite E2, Nat.add_0_r in E. lia.
Qed.

Lemma kept_count : (cnt kept K <= 3 * N + 2)%nat.
Proof.
  unfold N.
  pose proof (cnt_orb (fun i => inT i || Nat.eqb i 0 || Nat.eqb i (K - 1) || prevT i)
                      (fun i => inT (S i)) K) as A.
  pose proof (cnt_orb (fun i => inT i || Nat.eqb i 0 || Nat.eqb i (K - 1)) prevT K) as B.
  pose proof (cnt_orb (fun i => inT i || Nat.eqb i 0) (fun i => Nat.eqb i (K - 1)) K) as C.
  pose proof (cnt_orb inT (fun i => Nat.eqb i 0) K) as D.
  cbv beta in A, B, C, D. unfold kept.
  pose proof cnt_prevT as H2. pose proof cnt_nextT as H3.
  pose proof (cnt_eq1 0 K). pose proof (cnt_eq1 (K - 1) K). lia.
Qed.

Lemma block_left : forall i, inT i = false ->
  exists j, (j <= i)%nat /\ (forall k, (j <= k <= i)%nat -> inT k = false) /\ kept j = true.
Proof.
  induction i as [|i IH]; intros Hi.
  - exists O. split; [lia|split].
    + intros k Hk. replace k with O by lia. exact Hi.
    + unfold kept. rewrite Nat.eqb_refl. rewrite !Bool.orb_true_r. reflexivity.
  - destruct (inT i) eqn:Ei.
    + exists (S i). split; [lia|split].
      * intros k Hk. replace k with (S i) by lia. exact Hi.
      * unfold kept. simpl prevT. rewrite Ei. rewrite !Bool.orb_true_r. reflexivity.
    + destruct (IH eq_refl) as [j [Hj [Hz Hk]]]. exists j. split; [lia|split; [|exact Hk]].
      intros k Hk'. destruct (Nat.eq_dec k (S i)) as [->|Hne]; [exact Hi|apply Hz; lia].
Qed.

Lemma block_right : forall n i, (i < K)%nat -> (i + n = K - 1)%nat -> inT i = false ->
  exists j, (i <= j < K)%nat /\ (forall k, (i <= k <= j)%nat -> inT k = false) /\ kept j = true.
Proof.
  induction n as [|n IH]; intros i HK Hn Hi.
  - exists i. split; [|split].
    + lia.
    + intros k Hk. replace k with i by lia. exact Hi.
    + unfold kept. replace (Nat.eqb i (K - 1)) with true by (symmetry; apply Nat.eqb_eq; lia).
      rewrite !Bool.orb_true_r. reflexivity.
  - destruct (inT (S i)) eqn:Ei.
    + exists i. split; [lia|split].
      * intros k Hk. replace k with i by lia. exact Hi.
      * unfold kept. rewrite Ei. rewrite !Bool.orb_true_r. reflexivity.
    + destruct (IH (S i) ltac:(lia) ltac:(lia) Ei) as [j [Hj [Hz Hk]]]. exists j. split; [lia|split; [|exact Hk]].
      intros k Hk'. destruct (Nat.eq_dec k i) as [->|Hne]; [exact Hi|apply Hz; lia].
Qed.

Lemma knots_sorted_gen : forall n s, (s + n <= K)%nat ->
  sorted (map (fun i => (t i, z i)) (filter kept (seq s n))).
Proof.
  induction n as [|n IH]; intros s Hn; [exact I|].
  simpl seq. simpl filter. destruct (kept s).
  - simpl map. apply sorted_cons; [apply IH; lia|].
    intros y Hy. apply in_map_iff in Hy. destruct Hy as [i [<- Hi]].
    apply filter_In in Hi. destruct Hi as [Hi _]. apply in_seq in Hi.
    simpl. apply t_incr. lia.
  - apply IH; lia.
Qed.

Lemma knots_sorted : sorted knots.
Proof. apply knots_sorted_gen. lia. Qed.

Lemma kept_0 : kept 0 = true.
Proof. unfold kept. simpl. rewrite !Bool.orb_true_r. reflexivity. Qed.

Lemma knots_head : (1 <= K)%nat ->
  exists rest, knots = (t 0, z 0) :: rest.
Proof.
  intros HK. unfold knots. destruct K as [|k]; [lia|].
  simpl seq. simpl filter. rewrite kept_0. eexists. reflexivity.
Qed.

Lemma knots_in : forall i, (i < K)%nat -> kept i = true -> In (t i, z i) knots.
Proof.
  intros i Hi Hk. unfold knots. apply in_map_iff. exists i. split; [reflexivity|].
  apply filter_In. split; [apply in_seq; lia|exact Hk].
Qed.

Lemma t_le : forall i j, (i <= j < K)%nat -> t i <= t j.
Proof.
  intros i j H. destruct (Nat.eq_dec i j) as [->|Hne]; [lra|].
  apply Rlt_le, t_incr. lia.
Qed.

Lemma t_le_inv : forall i j, (i < K)%nat -> (j < K)%nat -> t i <= t j -> (i <= j)%nat.
Proof.
  intros i j Hi Hj H. destruct (Nat.le_gt_cases i j) as [E|E]; [exact E|].
  assert (t j < t i) by (apply t_incr; lia). lra.
Qed.

(** Theorem 2 (Theorem 4.4 with Lemma 4.5). Keeping T and the two ends of every zero block,
    the Lemma 4.5 network of the kept points fine-tunes all K samples, with
    K - 1 - #(inner points of zero blocks) = K - 1 - sum_P max(|P| - 2, 0) neurons, which is at
    most min(3N + 1, K - 1). *)
Theorem paper_upper : (1 <= K)%nat ->
  (forall i, (i < K)%nat -> net1 (z 0) paper_net (t i) = z i) /\
  length paper_net = (K - 1 - cnt inner K)%nat /\
  (length paper_net <= Nat.min (3 * N + 1) (K - 1))%nat.
Proof.
  intros HK.
  assert (Hlen : length paper_net = pred (cnt kept K)).
  { unfold paper_net, interp_net. rewrite lemma45_length. unfold knots.
    rewrite map_length, filter_seq_cnt. reflexivity. }
  split; [|split].
  - intros i Hi. destruct (knots_head HK) as [rest Hr].
    assert (Hnet : net1 (z 0) paper_net (t i) = pl 0 knots (t i)).
    { unfold net1, paper_net, interp_net. rewrite Hr.
      rewrite <- (lemma45_pl rest (t 0, z 0) 0 (t i)).
      - simpl. ring.
      - rewrite <- Hr. apply knots_sorted.
      - simpl. apply t_le. lia. }
    rewrite Hnet. destruct (kept i) eqn:Ek.
    + apply (pl_knots knots 0 (t i, z i) knots_sorted (knots_in i Hi Ek)).
    + assert (HiT : inT i = false).
      { unfold kept in Ek. destruct (inT i); [discriminate|reflexivity]. }
      destruct (block_left i HiT) as [j [Hj [Hzj Hkj]]].
      destruct (block_right (K - 1 - i) i Hi ltac:(lia) HiT) as [j' [Hj' [Hzj' Hkj']]].
      rewrite (z_off_T i HiT).
      apply (pl_zero knots 0 (t j) (t j') (t i) knots_sorted).
      * apply in_map_iff. exists (t j, z j). split; [reflexivity|apply knots_in; [lia|exact Hkj]].
      * apply in_map_iff. exists (t j', z j'). split; [reflexivity|apply knots_in; [lia|exact Hkj']].
      * split; apply t_le; lia.
      * intros p Hp Hrange. unfold knots in Hp. apply in_map_iff in Hp.
        destruct Hp as [k [<- Hk]]. apply filter_In in Hk. destruct Hk as [Hk _].
        apply in_seq in Hk. simpl in Hrange |- *. destruct Hrange as [H1 H2].
        apply t_le_inv in H1; [|lia|lia]. apply t_le_inv in H2; [|lia|lia].
        apply z_off_T. destruct (Nat.le_gt_cases k i).
        -- apply Hzj. lia.
        -- apply Hzj'. lia.
  - rewrite Hlen. pose proof (cnt_compl kept K). unfold inner. lia.
  - rewrite Hlen. pose proof kept_count. pose proof (cnt_le kept K). lia.
Qed.

End Paper.
