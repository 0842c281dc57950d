(* Theorem 4 (continued): disjoint windows force distinct kinks; the hard instances. *)
Require Import Reals Lra Lia Psatz List Arith Bool.
Require Import FTC.Net FTC.Windows.
Open Scope R_scope.

(** * Counting kinks in disjoint windows *)

(* The kink of n lies right of L. *)
Definition kink_gt (L : R) (n : neuron) : bool :=
  if Req_EM_T (na n) 0 then false else if Rlt_dec L (- nb n / na n) then true else false.

(* Windows (l_1, r_1), (l_2, r_2), ... left to right, pairwise disjoint: L <= l_1, r_k <= l_(k+1). *)
Fixpoint chain (L : R) (ws : list (R * R)) : Prop :=
  match ws with nil => True | w :: ws' => L <= fst w /\ chain (snd w) ws' end.

Lemma filter_mono : forall (A : Type) (f g : A -> bool) l,
  (forall x, In x l -> f x = true -> g x = true) ->
  (length (filter f l) <= length (filter g l))%nat.
Proof.
  intros A f g l; induction l as [|x l IH]; intros H; simpl; [lia|].
  assert (IH' := IH (fun y Hy => H y (or_intror Hy))).
  destruct (f x) eqn:Ef; [rewrite (H x (or_introl eq_refl) Ef); simpl; lia|].
  destruct (g x); simpl; lia.
Qed.

Lemma filter_strict : forall (A : Type) (f g : A -> bool) l,
  (forall x, In x l -> f x = true -> g x = true) ->
  (exists x, In x l /\ g x = true /\ f x = false) ->
  (length (filter f l) + 1 <= length (filter g l))%nat.
Proof.
  intros A f g l; induction l as [|x l IH]; intros H [y [Hy [Hg Hf]]]; [destruct Hy|].
  assert (Hm := filter_mono A f g l (fun z Hz => H z (or_intror Hz))).
  destruct Hy as [->|Hy].
  - simpl. rewrite Hf, Hg. simpl. lia.
  - assert (IH' := IH (fun z Hz => H z (or_intror Hz)) (ex_intro _ y (conj Hy (conj Hg Hf)))).
    simpl. destruct (f x) eqn:Ef; [rewrite (H x (or_introl eq_refl) Ef); simpl; lia|].
    destruct (g x); simpl; lia.
Qed.

Lemma filter_disjoint : forall (A : Type) (f g : A -> bool) l,
  (forall x, f x = true -> g x = true -> False) ->
  (length (filter f l) + length (filter g l) <= length l)%nat.
Proof.
  intros A f g l H; induction l as [|x l IH]; simpl; [lia|].
  destruct (f x) eqn:Ef, (g x) eqn:Eg; simpl; try lia. exfalso; exact (H x Ef Eg).
Qed.

Lemma windows_count : forall (P : neuron -> bool) l ws L, chain L ws ->
  (forall w, In w ws -> exists n, In n l /\ P n = true /\ kink_in n (fst w) (snd w)) ->
  (length ws <= length (filter (fun n => P n && kink_gt L n) l))%nat.
Proof.
  intros P l ws; induction ws as [|w ws IH]; intros L Hc Hw; simpl; [lia|].
  destruct Hc as [HL Hc].
  destruct (Hw w (or_introl eq_refl)) as [n [Hn [HP Hk]]].
  assert (IH' := IH (snd w) Hc (fun v Hv => Hw v (or_intror Hv))).
  assert (Hs := filter_strict neuron (fun n => P n && kink_gt (snd w) n)
                  (fun n => P n && kink_gt L n) l).
  assert (length (filter (fun n => P n && kink_gt (snd w) n) l) + 1
          <= length (filter (fun n => P n && kink_gt L n) l))%nat; [|lia].
  destruct Hk as [Ha Hk]. apply Hs.
  - intros m _ Hm. apply andb_prop in Hm. destruct Hm as [Hm1 Hm2]. rewrite Hm1. simpl.
    unfold kink_gt in *. destruct (Req_EM_T (na m) 0); [discriminate|].
    destruct (Rlt_dec (snd w) (- nb m / na m)); [|discriminate].
    destruct (Rlt_dec L (- nb m / na m)); [reflexivity|lra].
  - exists n. split; [exact Hn|]. rewrite HP. simpl. unfold kink_gt.
    destruct (Req_EM_T (na n) 0); [contradiction|].
    destruct (Rlt_dec L (- nb n / na n)); [|lra].
    destruct (Rlt_dec (snd w) (- nb n / na n)); [lra|]. split; reflexivity.
Qed.

Definition is_neg (n : neuron) : bool := if Rlt_dec (nc n) 0 then true else false.
Definition is_pos (n : neuron) : bool := if Rlt_dec 0 (nc n) then true else false.

(** Pairwise disjoint windows force distinct kinks: a network with a kink of a neuron with
    negative output weight in each of the disjoint windows ws1, and one with positive output weight
    in each of the disjoint windows ws2, has at least |ws1| + |ws2| neurons. *)
Theorem disjoint_windows : forall l ws1 ws2 L1 L2, chain L1 ws1 -> chain L2 ws2 ->
  (forall w, In w ws1 -> exists n, In n l /\ nc n < 0 /\ kink_in n (fst w) (snd w)) ->
  (forall w, In w ws2 -> exists n, In n l /\ 0 < nc n /\ kink_in n (fst w) (snd w)) ->
  (length ws1 + length ws2 <= length l)%nat.
Proof.
  intros l ws1 ws2 L1 L2 H1 H2 W1 W2.
  assert (C1 := windows_count is_neg l ws1 L1 H1).
  assert (C2 := windows_count is_pos l ws2 L2 H2).
  assert (M1 := filter_mono neuron (fun n => is_neg n && kink_gt L1 n) is_neg l).
  assert (M2 := filter_mono neuron (fun n => is_pos n && kink_gt L2 n) is_pos l).
  assert (D := filter_disjoint neuron is_neg is_pos l).
  assert (length ws1 <= length (filter is_neg l))%nat.
  { eapply Nat.le_trans; [apply C1|apply M1].
    - intros w Hw. destruct (W1 w Hw) as [n [Hn [Hc Hk]]]. exists n. split; [exact Hn|split; [|exact Hk]].
      unfold is_neg. destruct (Rlt_dec (nc n) 0); [reflexivity|lra].
    - intros n _ Hn. apply andb_prop in Hn. tauto. }
  assert (length ws2 <= length (filter is_pos l))%nat.
  { eapply Nat.le_trans; [apply C2|apply M2].
    - intros w Hw. destruct (W2 w Hw) as [n [Hn [Hc Hk]]]. exists n. split; [exact Hn|split; [|exact Hk]].
      unfold is_pos. destruct (Rlt_dec 0 (nc n)); [reflexivity|lra].
    - intros n _ Hn. apply andb_prop in Hn. tauto. }
  assert (length (filter is_neg l) + length (filter is_pos l) <= length l)%nat; [|lia].
  apply D. intros n. unfold is_neg, is_pos.
  destruct (Rlt_dec (nc n) 0), (Rlt_dec 0 (nc n)); try discriminate; intros; lra.
Qed.

(** * Alternating second differences on the points 1, 2, ..., L *)

Definition sg (c : nat) : R := if Nat.even c then 1 else -1.

Lemma sg_pow : forall c, sg c = (-1) ^ c.
Proof.
  induction c as [|c IH]; [reflexivity|].
  unfold sg in *. rewrite Nat.even_succ, <- Nat.negb_even. simpl pow. rewrite <- IH.
  destruct (Nat.even c); simpl; ring.
Qed.

Definition par (e : bool) (c : nat) : bool := Bool.eqb (Nat.even c) e.

Definition win (c : nat) : R * R := (INR (c - 1), INR (c + 1)).

Lemma chain_par : forall n s e (L0 : R), (1 <= s)%nat ->
  (L0 <= INR s - 1 \/ (L0 <= INR s /\ Nat.even s <> e)) ->
  chain L0 (map win (filter (par e) (seq s n))).
Proof.
  induction n as [|n IH]; intros s e L0 Hs H; [exact I|].
  simpl seq. simpl filter. unfold par at 1.
  destruct (Bool.eqb (Nat.even s) e) eqn:E.
  - apply Bool.eqb_prop in E. simpl. split.
    + rewrite minus_INR by lia. simpl. destruct H as [H|[_ H]]; [lra|contradiction].
    + apply IH; [lia|]. right. split; [replace (s + 1)%nat with (S s) by lia; lra|].
      rewrite Nat.even_succ, <- Nat.negb_even, E. destruct e; discriminate.
  - apply IH; [lia|]. left. rewrite S_INR. destruct H as [H|[H _]]; lra.
Qed.

Lemma par_partition : forall l,
  (length (filter (par true) l) + length (filter (par false) l) = length l)%nat.
Proof.
  induction l as [|c l IH]; [reflexivity|]. unfold par in *. simpl.
  destruct (Nat.even c); simpl; lia.

Qed.

Lemma window_at : forall (f : nat -> R) b l c, (1 <= c)%nat ->
  net1 b l (INR (c - 1)) = f (c - 1)%nat -> net1 b l (INR c) = f c ->
  net1 b l (INR (c + 1)) = f (c + 1)%nat ->
  sg c * (f (c - 1)%nat - 2 * f c + f (c + 1)%nat) < 0 ->
  exists n, In n l /\ (if Nat.even c then nc n < 0 else 0 < nc n) /\
            kink_in n (fst (win c)) (snd (win c)).
Proof.
  intros f b l c Hc E1 E2 E3 Hs. unfold win; simpl fst; simpl snd.
  set (t0 := INR (c - 1)) in *.
  assert (T2 : INR c = t0 + 1) by (unfold t0; rewrite minus_INR by lia; simpl; ring).
  assert (T3 : INR (c + 1) = t0 + 2) by (rewrite plus_INR, T2; simpl; ring).
  rewrite T2 in E2. rewrite T3 in E3 |- *.
  unfold sg in Hs. destruct (Nat.even c).
  - apply (concave_window b l t0 (t0 + 1) (t0 + 2)); [lra|].
    rewrite E1, E2, E3. replace (t0 + 2 - (t0 + 1)) with 1 by ring.
    replace (t0 + 1 - t0) with 1 by ring. unfold Rdiv. rewrite Rinv_1. lra.
  - apply (convex_window b l t0 (t0 + 1) (t0 + 2)); [lra|].
    rewrite E1, E2, E3. replace (t0 + 2 - (t0 + 1)) with 1 by ring.
    replace (t0 + 1 - t0) with 1 by ring. unfold Rdiv. rewrite Rinv_1. lra.
Qed.

(** Points t_i = i (i = 1..L) whose second differences alternate in sign,
    sign(z_(c-1) - 2 z_c + z_(c+1)) = -(-1)^c for c = 2..L-1: every network that takes the
    value z_i at i for i = 1..L has at least L - 2 neurons. *)
Theorem alternating_lower : forall (L : nat) (f : nat -> R) b l, (2 <= L)%nat ->
  (forall c, (2 <= c <= L - 1)%nat -> sg c * (f (c - 1)%nat - 2 * f c + f (c + 1)%nat) < 0) ->
  (forall i, (1 <= i <= L)%nat -> net1 b l (INR i) = f i) ->
  (L - 2 <= length l)%nat.
Proof.
  intros L f b l HL Hs Hnet.
  set (cs := seq 2 (L - 2)).
  assert (Hin : forall e c, In c (filter (par e) cs) -> (2 <= c <= L - 1)%nat /\ Nat.even c = e).
  { intros e c Hc. apply filter_In in Hc. destruct Hc as [Hc He]. apply in_seq in Hc.
    unfold par in He. apply Bool.eqb_prop in He. split; [lia|exact He]. }
  assert (W : forall e c, In c (filter (par e) cs) -> exists n, In n l /\
            (if Nat.even c then nc n < 0 else 0 < nc n) /\ kink_in n (fst (win c)) (snd (win c))).
  { intros e c Hc. destruct (Hin e c Hc) as [Hr _].
    apply (window_at f b l c); [lia| apply Hnet; lia | apply Hnet; lia | apply Hnet; lia |].
    apply Hs. lia. }
  assert (D := disjoint_windows l (map win (filter (par true) cs)) (map win (filter (par false) cs))
                 (INR 1) (INR 1) (chain_par _ 2 true (INR 1) (le_S _ _ (le_n 1)) ltac:(left; simpl; lra))
                 (chain_par _ 2 false (INR 1) (le_S _ _ (le_n 1)) ltac:(left; simpl; lra))).
  rewrite !map_length, par_partition in D. unfold cs in D. rewrite seq_length in D.
  apply D.
  - intros w Hw. apply in_map_iff in Hw. destruct Hw as [c [<- Hc]].
    destruct (W true c Hc) as [n [Hn [Hsg Hk]]]. destruct (Hin true c Hc) as [_ He].
    rewrite He in Hsg. exists n. tauto.
  - intros w Hw. apply in_map_iff in Hw. destruct Hw as [c [<- Hc]].
    destruct (W false c Hc) as [n [Hn [Hsg Hk]]]. destruct (Hin false c Hc) as [_ He].
    rewrite He in Hsg. exists n. tauto.
Qed.
