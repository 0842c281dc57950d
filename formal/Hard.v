(* Theorem 4 (continued): disjoint windows force distinct kinks; the hard instances. *)
Require Import Reals Lra Lia Psatz List Arith Bool.
Import ListNotations.
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

(** * The hard instances of ftcert lower (src/instance/generate.rs, hard_t and hard_instance) *)

(* T of the hard instance for (K, N), positions 1..K. K >= 3N + 2: T = {3, 6, ..., 3N}.
   Otherwise, with (a, b) = divmod(K - N, 2), the pattern (ZZF)^a (ZF)^b F^(N-a-b), or (ZZF)^N Z
   when a = N and b = 1 (F marks a position of T). *)
Definition hardT (K N p : nat) : bool :=
  if Nat.leb (3 * N + 2) K then Nat.eqb (p mod 3) 0 && Nat.leb 3 p && Nat.leb p (3 * N)
  else
    let a := ((K - N) / 2)%nat in
    let b := ((K - N) mod 2)%nat in
    if Nat.eqb a N && Nat.eqb b 1 then Nat.eqb (p mod 3) 0 && Nat.leb 3 p && Nat.leb p (3 * N)
    else if Nat.leb p (3 * a) then Nat.eqb (p mod 3) 0 && Nat.leb 3 p
    else if Nat.leb p (3 * a + 2 * b) then Nat.eqb ((p - 3 * a) mod 2) 0
    else Nat.leb p K.

(* Targets: z_p = (-1)^p on T, 0 elsewhere; the samples are x_p = p e_1, p = 1..K. *)
Definition hardz (K N p : nat) : R := if hardT K N p then sg p else 0.

Lemma mult3_near : forall c, (2 <= c)%nat ->
  exists q, (c - 1 <= 3 * q <= c + 1)%nat /\ (1 <= q)%nat /\ ((3 * q) mod 3 = 0)%nat.
Proof.
  intros c Hc. exists ((c + 1) / 3)%nat.
  assert (E := Nat.div_mod (c + 1) 3 ltac:(lia)).
  assert (M := Nat.mod_upper_bound (c + 1) 3 ltac:(lia)).
  split; [lia|split; [lia|]].
  rewrite Nat.mul_comm. apply Nat.mod_mul. lia.
Qed.

Ltac bool_true := repeat first
  [ reflexivity
  | apply andb_true_intro; split
  | apply Nat.leb_le; lia
  | apply Nat.eqb_eq; lia
  | rewrite (proj2 (Nat.leb_le _ _)) by lia
  | rewrite (proj2 (Nat.leb_gt _ _)) by lia ].

(* Every three consecutive positions c-1, c, c+1 of the first L = min(3N + 2, K) hold a point
   of T. *)
Lemma hard_windows : forall K N c, (N <= K)%nat ->
  (2 <= c)%nat -> (c + 1 <= (if Nat.leb (3 * N + 2) K then 3 * N + 2 else K))%nat ->
  exists p, (c - 1 <= p <= c + 1)%nat /\ hardT K N p = true.
Proof.
  intros K N c HNK Hc Hr. unfold hardT.
  destruct (Nat.leb (3 * N + 2) K) eqn:EA.
  - destruct (mult3_near c Hc) as [q [Hq1 [Hq2 Hq3]]]. exists (3 * q)%nat. split; [lia|].
    rewrite Hq3. bool_true.
  - apply Nat.leb_gt in EA.
    set (a := ((K - N) / 2)%nat). set (b := ((K - N) mod 2)%nat).
    assert (Ed : (K - N = 2 * a + b)%nat) by (apply Nat.div_mod; lia).
    assert (Eb : (b < 2)%nat) by (apply Nat.mod_upper_bound; lia).
    destruct (Nat.eqb a N && Nat.eqb b 1) eqn:ES.
    + apply andb_prop in ES. destruct ES as [E1 E2]. apply Nat.eqb_eq in E1, E2.
      destruct (mult3_near c Hc) as [q [Hq1 [Hq2 Hq3]]]. exists (3 * q)%nat. split; [lia|].
      rewrite Hq3. bool_true.
    + destruct (Nat.le_gt_cases (c + 1) (3 * a)) as [C1|C1].
      * destruct (mult3_near c Hc) as [q [Hq1 [Hq2 Hq3]]]. exists (3 * q)%nat. split; [lia|].
        rewrite (proj2 (Nat.leb_le (3 * q) (3 * a))) by lia. rewrite Hq3. bool_true.
      * destruct (Nat.le_gt_cases (3 * a + 2 * b + 1) c) as [C2|C2].
        -- exists c. split; [lia|]. bool_true.
        -- assert (Hc3 : c = (3 * a)%nat \/ c = (3 * a + 1)%nat \/ c = (3 * a + 2)%nat) by lia.
           destruct Hc3 as [ -> | [ -> | -> ]].
           ++ exists (3 * a)%nat. split; [lia|].
              rewrite (proj2 (Nat.leb_le (3 * a) (3 * a))) by lia.
              rewrite Nat.mul_comm, Nat.mod_mul by lia. bool_true.
           ++ exists (3 * a + 2)%nat. split; [lia|].
              rewrite (proj2 (Nat.leb_gt (3 * a + 2) (3 * a))) by lia.
              rewrite (proj2 (Nat.leb_le (3 * a + 2) (3 * a + 2 * b))) by lia.
              replace (3 * a + 2 - 3 * a)%nat with 2%nat by lia. reflexivity.
           ++ exists (3 * a + 2)%nat. split; [lia|].
              rewrite (proj2 (Nat.leb_gt (3 * a + 2) (3 * a))) by lia.
              rewrite (proj2 (Nat.leb_le (3 * a + 2) (3 * a + 2 * b))) by lia.
              replace (3 * a + 2 - 3 * a)%nat with 2%nat by lia. reflexivity.
Qed.

Lemma sg_S : forall c, sg (S c) = - sg c.
Proof.
  intros c. unfold sg. rewrite Nat.even_succ, <- Nat.negb_even.
  destruct (Nat.even c); simpl; ring.
Qed.

Lemma sg_cases : forall c, sg c = 1 \/ sg c = -1.
Proof. intros c. unfold sg. destruct (Nat.even c); [left|right]; reflexivity. Qed.

Lemma hard_alternating : forall K N c, (N <= K)%nat ->
  (2 <= c)%nat -> (c + 1 <= (if Nat.leb (3 * N + 2) K then 3 * N + 2 else K))%nat ->
  sg c * (hardz K N (c - 1) - 2 * hardz K N c + hardz K N (c + 1)) < 0.
Proof.
  intros K N c HNK Hc Hr.
  destruct (hard_windows K N c HNK Hc Hr) as [p [Hp HT]].
  destruct c as [|c']; [lia|].
  replace (S c' - 1)%nat with c' in * by lia.
  replace (S c' + 1)%nat with (S (S c')) in * by lia.
  unfold hardz. rewrite !sg_S.
  assert (Hp' : p = c' \/ p = S c' \/ p = S (S c')) by lia.
  destruct (sg_cases c') as [E|E]; rewrite E;
  destruct (hardT K N c') eqn:E1; destruct (hardT K N (S c')) eqn:E2;
    destruct (hardT K N (S (S c'))) eqn:E3; try lra;
  destruct Hp' as [ -> | [ -> | -> ]]; congruence.
Qed.

(** Theorem 4 (lower bound). On the hard instance for (K, N) (x_p = p e_1, T = hardT, z_p = (-1)^p
    on T, 0 elsewhere), every 2-layer network that fine-tunes it (restricted to the line, a 1-D
    network b + sum c_j relu (a_j t + beta_j)) has at least min(3N, K - 2) neurons. *)
Theorem hard_lower : forall K N b l, (N <= K)%nat ->
  (forall i, (1 <= i <= K)%nat -> net1 b l (INR i) = hardz K N i) ->
  (Nat.min (3 * N) (K - 2) <= length l)%nat.
Proof.
  intros K N b l HNK Hnet.
  set (L := if Nat.leb (3 * N + 2) K then (3 * N + 2)%nat else K).
  assert (HLK : (L <= K)%nat).
  { unfold L. destruct (Nat.leb (3 * N + 2) K) eqn:E; [apply Nat.leb_le in E|]; lia. }
  assert (HLm : (Nat.min (3 * N) (K - 2) <= L - 2)%nat).
  { unfold L. destruct (Nat.leb (3 * N + 2) K) eqn:E;
      [apply Nat.leb_le in E|apply Nat.leb_gt in E]; lia. }
  destruct (Nat.le_gt_cases 2 L) as [H2|H2]; [|lia].
  assert (A := alternating_lower L (hardz K N) b l H2).
  enough (L - 2 <= length l)%nat by lia.
  apply A.
  - intros c Hc. apply hard_alternating; [exact HNK|lia|]. fold L. lia.
  - intros i Hi. apply Hnet. lia.
Qed.

(* hardT agrees with generate.rs's hard_t on its unit tests, and |T| = N for every K <= 40
   by computation; proven for every K in Exact.v (hardT_size_large) and Capacity.v
   (hardT_size_small). *)
Example hardT_14_4 : filter (hardT 14 4) (seq 1 14) = [3; 6; 9; 12]%nat.
Proof. vm_compute. reflexivity. Qed.
Example hardT_9_4 : filter (hardT 9 4) (seq 1 9) = [3; 6; 8; 9]%nat.
Proof. vm_compute. reflexivity. Qed.
Example hardT_7_2 : filter (hardT 7 2) (seq 1 7) = [3; 6]%nat.
Proof. vm_compute. reflexivity. Qed.
Example hardT_7_7 : filter (hardT 7 7) (seq 1 7) = seq 1 7.
Proof. vm_compute. reflexivity. Qed.
Example hardT_size_upto_40 :
  forallb (fun K => forallb (fun N => Nat.eqb (length (filter (hardT K N) (seq 1 K))) N
                                      && forallb (fun p => negb (hardT K N p)) [0; S K]%nat)
                            (seq 0 (S K))) (seq 0 41) = true.
Proof. vm_compute. reflexivity. Qed.
