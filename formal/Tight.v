(* Theorem 5: the tight construction (two-layer-tight, spec two-layer.md section 3). *)
Require Import Reals Lra Lia List Arith Bool.
Require Import FTC.Net FTC.Interp FTC.Paper.
Open Scope R_scope.
Open Scope bool_scope.

(* Drop the neurons with output weight 0 (they contribute nothing). *)
Definition nonzero_w (n : neuron) : bool := if Req_EM_T (nc n) 0 then false else true.
Definition prune (l : list neuron) : list neuron := filter nonzero_w l.

Lemma prune_eval : forall l t, sum_net (prune l) t = sum_net l t.
Proof.
  induction l as [|n l IH]; intros t; [reflexivity|].
  unfold prune in *. simpl. unfold nonzero_w at 1.
  destruct (Req_EM_T (nc n) 0) as [E|E].
  - rewrite IH. unfold neval. rewrite E. ring.
  - simpl. rewrite IH. reflexivity.
Qed.

Lemma prune_le : forall l, (length (prune l) <= length l)%nat.
Proof.
  induction l as [|n l IH]; [simpl; lia|]. unfold prune in *. simpl.
  destruct (nonzero_w n); simpl; lia.
Qed.

(* Mirror a network: relu (a t + beta) becomes relu (-a t + beta). *)
Definition reflect (l : list neuron) : list neuron :=
  map (fun n => mkNeuron (- na n) (nb n) (nc n)) l.

Lemma reflect_eval : forall l t, sum_net (reflect l) t = sum_net l (- t).
Proof.
  induction l as [|n l IH]; intros t; [reflexivity|].
  simpl. rewrite IH. unfold neval. simpl. f_equal. f_equal. f_equal. ring.
Qed.

Lemma reflect_length : forall l, length (reflect l) = length l.
Proof. intros; apply map_length. Qed.

Definition first_slope (ps : list (R * R)) : R :=
  match ps with p :: q :: _ => slope p q | _ => 0 end.

(* With a flat left end, the first neuron of Lemma 4.5's network has weight 0. *)
Lemma prune_flat : forall ps, first_slope ps = 0 ->
  (length (prune (lemma45 0 ps)) <= pred (pred (length ps)))%nat.
Proof.
  intros [|p [|q rest]] H; [simpl; lia|simpl; lia|].
  change (length (filter nonzero_w (mkNeuron 1 (- fst p) (slope p q - 0)
            :: lemma45 (slope p q) (q :: rest))) <= pred (pred (length (p :: q :: rest))))%nat.
  cbn [filter]. unfold nonzero_w at 1. simpl in H. cbn [nc].
  destruct (Req_EM_T (slope p q - 0) 0) as [_|E]; [|exfalso; apply E; lra].
  fold (prune (lemma45 (slope p q) (q :: rest))).
  eapply Nat.le_trans; [apply prune_le|]. rewrite lemma45_length. cbn [length pred]. lia.
Qed.

Lemma filter_first : forall (f : nat -> bool) n s,
  (exists i, (s <= i < s + n)%nat /\ f i = true) ->
  exists j rest, filter f (seq s n) = j :: rest /\ (s <= j < s + n)%nat /\ f j = true /\
                 forall i, (s <= i < j)%nat -> f i = false.
Proof.
  intros f n; induction n as [|n IH]; intros s [i [Hi Hf]]; [lia|].
  simpl seq. simpl filter. destruct (f s) eqn:Es.
  - exists s, (filter f (seq (S s) n)). split; [reflexivity|]. split; [lia|].
    split; [exact Es|]. intros k Hk. lia.
  - destruct (IH (S s)) as [j [rest [E [Hj [Hfj Hb]]]]].
    + exists i. split; [|exact Hf]. destruct (Nat.eq_dec i s) as [->|]; [congruence|lia].
    + exists j, rest. split; [exact E|]. split; [lia|]. split; [exact Hfj|].
      intros k Hk. destruct (Nat.eq_dec k s) as [->|]; [exact Es|apply Hb; lia].
Qed.

Lemma cnt_rev : forall f n, cnt (fun i => f (n - 1 - i)%nat) n = cnt f n.
Proof.
  intros f n; revert f; induction n as [|n IH]; intros f; [reflexivity|].
  change (cnt (fun i => f (S n - 1 - i)%nat) n + (if f (S n - 1 - n)%nat then 1 else 0)
          = cnt f (S n))%nat.
  rewrite <- cnt_shift. replace (S n - 1 - n)%nat with O by lia.
  rewrite <- (IH (fun i => f (S i))). f_equal.
  apply cnt_ext. intros i Hi. f_equal. lia.
Qed.

Section Tight.

Variable K : nat.
Variable t z : nat -> R.
Variable inT : nat -> bool.
Hypothesis t_incr : forall i j, (i < j < K)%nat -> t i < t j.
Hypothesis z_off_T : forall i, inT i = false -> z i = 0.
Hypothesis T_range : forall i, inT i = true -> (i < K)%nat.

(* A flat left end exists unless the first or second sample is in T. *)
Lemma first_slope_T : forall (K' : nat) (t' z' : nat -> R) (inT' : nat -> bool),
  (forall i, inT' i = false -> z' i = 0) -> (2 <= K')%nat ->
  first_slope (knots K' t' z' inT') <> 0 -> inT' O = true \/ inT' 1%nat = true.
Proof.
  intros K' t' z' inT' Hz HK Hs.
  destruct (inT' O) eqn:E0; [left; reflexivity|]. destruct (inT' 1%nat) eqn:E1; [right; reflexivity|].
  exfalso. apply Hs. unfold knots.
  destruct K' as [|k]; [lia|]. simpl seq. simpl filter. rewrite kept_0.
  destruct (filter_first (kept (S k) inT') k 1) as [j [rest [E [Hj [Hkj Hb]]]]].
  { exists k. split; [lia|]. unfold kept. simpl. rewrite Nat.sub_0_r, Nat.eqb_refl.
    rewrite !Bool.orb_true_r. reflexivity. }
  rewrite E. simpl map. unfold first_slope, slope. simpl.
  assert (Hzj : inT' j = false).
  { destruct (Nat.eq_dec j 1) as [->|Hne]; [exact E1|].
    assert (Hk' := Hb (j - 1)%nat ltac:(lia)). unfold kept in Hk'.
    replace (S (j - 1)) with j in Hk' by lia.
    destruct (inT' j); [|reflexivity]. rewrite !Bool.orb_true_r in Hk'. discriminate. }
  rewrite (Hz j Hzj), (Hz O E0). unfold Rdiv. ring.
Qed.

(* The mirrored instance: sample i is the original sample K-1-i at -t. *)
Definition rt (i : nat) : R := - t (K - 1 - i).
Definition rz (i : nat) : R := if Nat.ltb i K then z (K - 1 - i) else 0.
Definition rT (i : nat) : bool := if Nat.ltb i K then inT (K - 1 - i) else false.

Lemma rt_incr : forall i j, (i < j < K)%nat -> rt i < rt j.
Proof. intros i j H. unfold rt. apply Ropp_lt_contravar. apply t_incr. lia. Qed.

Lemma rz_off : forall i, rT i = false -> rz i = 0.
Proof.
  intros i H. unfold rT, rz in *. destruct (Nat.ltb i K); [apply z_off_T; exact H|reflexivity].
Qed.

Lemma rT_range : forall i, rT i = true -> (i < K)%nat.
Proof.
  intros i H. unfold rT in H. destruct (Nat.ltb_spec i K); [assumption|discriminate].
Qed.

Lemma rN : N K rT = N K inT.
Proof.
  unfold N. rewrite <- (cnt_rev inT K). apply cnt_ext. intros i Hi. unfold rT.
  destruct (Nat.ltb_spec i K); [reflexivity|lia].
Qed.

Lemma kept_count_3N : (2 <= K)%nat -> (inT O = true \/ inT 1%nat = true) ->
  (inT (K - 1)%nat = true \/ inT (K - 2)%nat = true) -> (cnt (kept K inT) K <= 3 * N K inT)%nat.
Proof.
  intros HK H0 H1. unfold N.
  assert (A := cnt_or (kept K inT) inT (fun i => prevT inT i || inT (S i)) K).
  assert (B := cnt_orb (prevT inT) (fun i => inT (S i)) K).
  assert (C := cnt_prevT K t inT t_incr T_range). assert (D := cnt_nextT K inT T_range).
  cbv beta in B.
  enough (cnt (kept K inT) K <= cnt inT K + cnt (fun i => prevT inT i || inT (S i)) K)%nat by lia.
  apply A. intros i Hi Hk. unfold kept in Hk.
  destruct (inT i) eqn:Ei; [left; reflexivity|right]. simpl in Hk.
  destruct (Nat.eqb_spec i 0) as [->|H0'].
  - destruct H0 as [H0|H0]; [congruence|]. simpl. now rewrite H0.
  - destruct (Nat.eqb_spec i (K - 1)) as [->|H1'].
    + destruct H1 as [H1|H1]; [congruence|].
      replace (K - 1)%nat with (S (K - 2)) by lia. simpl prevT. rewrite H1. reflexivity.
    + simpl in Hk. exact Hk.
Qed.

(* The tight network: prune Lemma 4.5's network when the left end is flat; else mirror when the
   right end is flat; else prune (one extra neuron pays for the left slope). *)
Definition left_flat : bool := if Req_EM_T (first_slope (knots K t z inT)) 0 then true else false.
Definition right_flat : bool := if Req_EM_T (first_slope (knots K rt rz rT)) 0 then true else false.

Definition tight_net : list neuron :=
  if left_flat then prune (paper_net K t z inT)
  else if right_flat then reflect (prune (paper_net K rt rz rT))
  else prune (paper_net K t z inT).

Definition tight_b : R := if left_flat then z O else if right_flat then rz O else z O.

Lemma paper_len : forall K' t' z' inT',
  length (paper_net K' t' z' inT') = pred (cnt (kept K' inT') K').
Proof.
  intros. unfold paper_net, interp_net. rewrite lemma45_length. unfold knots.
  rewrite map_length, filter_seq_cnt. reflexivity.
Qed.

Lemma knots_len : forall K' t' z' inT', length (knots K' t' z' inT') = cnt (kept K' inT') K'.
Proof. intros. unfold knots. rewrite map_length, filter_seq_cnt. reflexivity. Qed.

(** Theorem 5 (two-layer-tight). The tight network fine-tunes all K samples with at most K - 1
    neurons, and with at most min(3N, K - 2) neurons when K >= 3N + 1. *)
Theorem tight_upper : (1 <= K)%nat ->
  (forall i, (i < K)%nat -> net1 tight_b tight_net (t i) = z i) /\
  (length tight_net <= K - 1)%nat /\
  ((3 * N K inT + 1 <= K)%nat -> (length tight_net <= Nat.min (3 * N K inT) (K - 2))%nat).
Proof.
  intros HK.
  destruct (paper_upper K t z inT t_incr z_off_T T_range HK) as [P1 [_ P3]].
  destruct (paper_upper K rt rz rT rt_incr rz_off rT_range HK) as [R1 [_ R3]].
  assert (KC := kept_count K t inT t_incr T_range). assert (KR := kept_count K rt rT rt_incr rT_range).
  rewrite rN in KR. pose proof (cnt_le (kept K inT) K). pose proof (cnt_le (kept K rT) K).
  unfold tight_net, tight_b. destruct left_flat eqn:EL; [|destruct right_flat eqn:ER].
  - unfold left_flat in EL. destruct (Req_EM_T _ 0) as [F|]; [|discriminate].
    split; [|split].
    + intros i Hi. unfold net1. rewrite prune_eval. apply P1. exact Hi.
    + eapply Nat.le_trans; [apply prune_le|]. rewrite paper_len. lia.
    + intros _. assert (X := prune_flat _ F). unfold paper_net, interp_net.
      rewrite knots_len in X. lia.
  - unfold right_flat in ER. destruct (Req_EM_T _ 0) as [F|]; [|discriminate].
    split; [|split].
    + intros i Hi. unfold net1. rewrite reflect_eval, prune_eval.
      assert (E := R1 (K - 1 - i)%nat ltac:(lia)). unfold net1 in E.
      replace (rt (K - 1 - i)) with (- t i) in E by (unfold rt; do 2 f_equal; lia). rewrite E.
      unfold rz. destruct (Nat.ltb_spec (K - 1 - i) K); [|lia]. f_equal. lia.
    + rewrite reflect_length. eapply Nat.le_trans; [apply prune_le|]. rewrite paper_len. lia.
    + intros _. rewrite reflect_length. assert (X := prune_flat _ F). unfold paper_net, interp_net.
      rewrite knots_len in X. lia.
  - unfold left_flat in EL. destruct (Req_EM_T _ 0) as [|FL]; [discriminate|].
    unfold right_flat in ER. destruct (Req_EM_T _ 0) as [|FR]; [discriminate|].
    split; [|split].
    + intros i Hi. unfold net1. rewrite prune_eval. apply P1. exact Hi.
    + eapply Nat.le_trans; [apply prune_le|]. rewrite paper_len. lia.
    + intros H3N. eapply Nat.le_trans; [apply prune_le|]. rewrite paper_len.
      destruct (Nat.le_gt_cases 2 K) as [H2|H2].
      * assert (L := first_slope_T K t z inT z_off_T H2 FL).
        assert (R := first_slope_T K rt rz rT rz_off H2 FR).
        unfold rT in R. destruct (Nat.ltb_spec 0 K); [|lia]. destruct (Nat.ltb_spec 1 K); [|lia].
        replace (K - 1 - 0)%nat with (K - 1)%nat in R by lia.
        replace (K - 1 - 1)%nat with (K - 2)%nat in R by lia.
        assert (C := kept_count_3N H2 L R). lia.
      * exfalso. apply FL. destruct K as [|[|k]]; [lia| |lia]. unfold knots. simpl seq. simpl filter. rewrite kept_0. reflexivity.
Qed.

End Tight.
