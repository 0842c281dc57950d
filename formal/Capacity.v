(* Theorem 6 (stretch), reduced to one open lemma: the exact width min(3N, K - 2) for every
   K >= 5 and the corrected Corollary 4.2, with the construction for alternating data (the
   odd/even construction of docs/two-layer-exact.md) as an explicit hypothesis
   (alternating_construction). Everything else is proven. *)
Require Import Reals Lra Lia List Arith Bool.
Require Import FTC.Net FTC.Paper FTC.Windows FTC.Hard FTC.Tight FTC.Exact FTC.Exact6.
Open Scope R_scope.

(* Alternating data: every eps_c is nonzero and consecutive ones differ (0-based: c = 1..K-2). *)
Definition alternating (K : nat) (t z : nat -> R) : Prop :=
  (forall c, (1 <= c)%nat -> (c + 2 <= K)%nat -> dsl t z c <> dsl t z (c - 1)) /\
  (forall c, (1 <= c)%nat -> (c + 3 <= K)%nat ->
             (dsl t z c - dsl t z (c - 1)) * (dsl t z (c + 1) - dsl t z c) <= 0).

(* The open lemma: alternating data with K >= 5 points has a network with K - 2 neurons. *)
Definition alternating_construction : Prop :=
  forall (K : nat) (t z : nat -> R), (5 <= K)%nat ->
    (forall i j, (i < j < K)%nat -> t i < t j) -> alternating K t z ->
    exists b l, length l = (K - 2)%nat /\ forall i, (i < K)%nat -> net1 b l (t i) = z i.

(* |T| = N for the hard instance when K <= 3N: stated as a hypothesis of exact_width and
   corollary_4_2, then proven (hardT_size_small below), so exact_width_K5 and corollary_4_2_K5
   assume only alternating_construction. *)
Definition hard_size_small : Prop :=
  forall K N, (N <= K)%nat -> (K <= 3 * N)%nat -> cnt (hardT K N) (S K) = N.

Lemma cnt_split : forall f m n, cnt f (m + n) = (cnt f m + cnt (fun i => f (m + i)%nat) n)%nat.
Proof.
  intros f m n; induction n as [|n IH]; [rewrite Nat.add_0_r; simpl; lia|].
  replace (m + S n)%nat with (S (m + n)) by lia. simpl. rewrite IH. lia.
Qed.

Lemma cnt_all : forall f n, (forall i, (i < n)%nat -> f i = true) -> cnt f n = n.
Proof.
  intros f n; induction n as [|n IH]; intros H; [reflexivity|].
  simpl. rewrite IH by (intros; apply H; lia). rewrite H by lia. lia.
Qed.

Lemma hardT_B : forall K N p, (N <= K)%nat -> (K <= 3 * N)%nat ->
  hardT K N p =
  (if Nat.leb p (3 * ((K - N) / 2)) then mult3 p
   else if Nat.leb p (3 * ((K - N) / 2) + 2 * ((K - N) mod 2))
        then Nat.eqb ((p - 3 * ((K - N) / 2)) mod 2) 0 else Nat.leb p K).
Proof.
  intros K N p HN HK. unfold hardT, mult3.
  destruct (Nat.leb_spec (3 * N + 2) K) as [E|_]; [lia|].
  assert (Ed := Nat.div_mod (K - N) 2 ltac:(lia)).
  assert (Eb := Nat.mod_upper_bound (K - N) 2 ltac:(lia)).
  cbv zeta. destruct (Nat.eqb ((K - N) / 2) N && Nat.eqb ((K - N) mod 2) 1) eqn:S.
  - apply andb_prop in S. destruct S as [S1 S2]. apply Nat.eqb_eq in S1, S2. lia.
  - reflexivity.
Qed.

(** |T| = N for the hard instance when K <= 3N (so hard_size_small below holds). *)
Theorem hardT_size_small : forall K N, (N <= K)%nat -> (K <= 3 * N)%nat ->
  cnt (hardT K N) (S K) = N.
Proof.
  intros K N HN HK.
  set (a := ((K - N) / 2)%nat). set (b := ((K - N) mod 2)%nat).
  assert (Ed : (K - N = 2 * a + b)%nat) by (apply Nat.div_mod; lia).
  assert (Eb : (b < 2)%nat) by (apply Nat.mod_upper_bound; lia).
  replace (S K) with ((3 * a + 1) + (2 * b + (K - 3 * a - 2 * b)))%nat by lia.
  rewrite (cnt_split (hardT K N) (3 * a + 1)).
  rewrite (cnt_split (fun i => hardT K N (3 * a + 1 + i)%nat) (2 * b)). cbv beta.
  rewrite (cnt_ext (hardT K N) mult3 (3 * a + 1)), cnt_mult3.
  2: { intros i Hi. rewrite hardT_B by lia. fold a b.
       rewrite (proj2 (Nat.leb_le i (3 * a))) by lia. reflexivity. }
  rewrite (cnt_all (fun i => hardT K N (3 * a + 1 + (2 * b + i))%nat)).
  2: { intros i Hi. rewrite hardT_B by lia. fold a b.
       rewrite (proj2 (Nat.leb_gt _ (3 * a))) by lia.
       rewrite (proj2 (Nat.leb_gt _ (3 * a + 2 * b))) by lia.
       apply Nat.leb_le. lia. }
  assert (R2 : cnt (fun i => hardT K N (3 * a + 1 + i)%nat) (2 * b) = b).
  { destruct (Nat.eq_dec b 0) as [E0|E1].
    - rewrite E0. reflexivity.
    - replace (2 * b)%nat with 2%nat by lia. cbn [cnt].
      rewrite !hardT_B by lia. fold a b.
      rewrite (proj2 (Nat.leb_gt (3 * a + 1 + 0) (3 * a))) by lia.
      rewrite (proj2 (Nat.leb_gt (3 * a + 1 + 1) (3 * a))) by lia.
      rewrite (proj2 (Nat.leb_le (3 * a + 1 + 0) (3 * a + 2 * b))) by lia.
      rewrite (proj2 (Nat.leb_le (3 * a + 1 + 1) (3 * a + 2 * b))) by lia.
      replace (3 * a + 1 + 0 - 3 * a)%nat with 1%nat by lia.
      replace (3 * a + 1 + 1 - 3 * a)%nat with 2%nat by lia. simpl. lia. }
  rewrite R2. lia.
Qed.

Lemma hard_size_small_holds : hard_size_small.
Proof. intros K N HN HK. apply hardT_size_small; assumption. Qed.

Lemma finite_dec : forall (Pr : nat -> Prop), (forall c, Pr c \/ ~ Pr c) ->
  forall n, (exists c, (c < n)%nat /\ Pr c) \/ (forall c, (c < n)%nat -> ~ Pr c).
Proof.
  intros Pr Hd n; induction n as [|n IH]; [right; intros; lia|].
  destruct IH as [[c [Hc Hp]]|IH]; [left; exists c; split; [lia|exact Hp]|].
  destruct (Hd n) as [Hn|Hn]; [left; exists n; split; [lia|exact Hn]|].
  right. intros c Hc. destruct (Nat.eq_dec c n) as [->|]; [exact Hn|apply IH; lia].
Qed.

Lemma nat_le_or : forall a b : nat, (a <= b)%nat \/ ~ (a <= b)%nat.
Proof. intros a b. destruct (Nat.le_gt_cases a b); [left|right]; lia. Qed.

(* Every sorted 1-D data set whose alternating case has a network with K - 2 neurons is fitted
   by K - 2 neurons: L3 (proven) when it is not alternating. *)
Lemma upper_K_minus_2_from : forall K t z, (forall i j, (i < j < K)%nat -> t i < t j) ->
  (alternating K t z ->
   exists b l, length l = (K - 2)%nat /\ forall i, (i < K)%nat -> net1 b l (t i) = z i) ->
  exists b l, (length l <= K - 2)%nat /\ forall i, (i < K)%nat -> net1 b l (t i) = z i.
Proof.
  intros K t z Ht HA.
  assert (D1 := finite_dec (fun c => (1 <= c)%nat /\ (c + 2 <= K)%nat /\ dsl t z c = dsl t z (c - 1))).
  assert (D2 := finite_dec (fun c => (1 <= c)%nat /\ (c + 3 <= K)%nat /\
                  0 < (dsl t z c - dsl t z (c - 1)) * (dsl t z (c + 1) - dsl t z c))).
  destruct (D1 ltac:(intros c; destruct (nat_le_or 1 c), (nat_le_or (c + 2) K),
                       (Req_dec (dsl t z c) (dsl t z (c - 1))); tauto) K) as [[c [_ H1]]|N1].
  - destruct (not_alternating_upper K t z Ht (or_introl (ex_intro _ c H1))) as [b [l [Hl Hf]]].
    exists b, l. split; [lia|exact Hf].
  - destruct (D2 ltac:(intros c; destruct (nat_le_or 1 c), (nat_le_or (c + 3) K),
                 (Rlt_dec 0 ((dsl t z c - dsl t z (c - 1)) * (dsl t z (c + 1) - dsl t z c)));
                 tauto) K) as [[c [_ H2]]|N2].
    + destruct (not_alternating_upper K t z Ht (or_intror (ex_intro _ c H2))) as [b [l [Hl Hf]]].
      exists b, l. split; [lia|exact Hf].
    + destruct HA as [b [l [Hl Hf]]].
      * split.
        -- intros c H1 H2 E. apply (N1 c); [lia|tauto].
        -- intros c H1 H2. apply Rnot_lt_le. intros E. apply (N2 c); [lia|tauto].
      * exists b, l. split; [lia|exact Hf].
Qed.

(** With the open lemma, every sorted 1-D data set with K >= 5 points (any targets) is fitted
    by K - 2 neurons: L3 (proven) when it is not alternating. *)
Theorem upper_K_minus_2 : alternating_construction -> forall K t z, (5 <= K)%nat ->
  (forall i j, (i < j < K)%nat -> t i < t j) ->
  exists b l, (length l <= K - 2)%nat /\ forall i, (i < K)%nat -> net1 b l (t i) = z i.
Proof. intros HA K t z HK Ht. exact (upper_K_minus_2_from K t z Ht (HA K t z HK Ht)). Qed.

(* The hard instance renumbered 0..K-1 (sample i at t = i + 1). *)
Definition ht (i : nat) : R := INR (S i).
Definition hz (K N i : nat) : R := if Nat.ltb i K then hardz K N (S i) else 0.
Definition hT (K N i : nat) : bool := hardT K N (S i) && Nat.ltb i K.

Lemma hardT_0 : forall K N, hardT K N 0 = false.
Proof.
  intros K N. unfold hardT.
  destruct (Nat.leb (3 * N + 2) K); [reflexivity|].
  destruct (Nat.eqb ((K - N) / 2) N && Nat.eqb ((K - N) mod 2) 1); reflexivity.
Qed.

Lemma hT_count : forall K N, cnt (hT K N) K = cnt (hardT K N) (S K).
Proof.
  intros K N. rewrite <- cnt_shift, hardT_0, Nat.add_0_r. apply cnt_ext.
  intros i Hi. unfold hT. destruct (Nat.ltb_spec i K); [apply andb_true_r|lia].
Qed.

(* The hard instance needs m neurons: every network fitting it has at least m. *)
Definition hard_needs (m K N : nat) : Prop :=
  forall b l, (forall i, (i < K)%nat -> net1 b l (ht i) = hz K N i) -> (m <= length l)%nat.

(* The lower bound of theorem 4 on the renumbered hard instance. *)
Lemma hard_lower_ht : forall K N, (N <= K)%nat -> hard_needs (Nat.min (3 * N) (K - 2)) K N.
Proof.
  intros K N HN b l H. apply (hard_lower K N b l HN). intros p Hp. destruct p as [|i]; [lia|].
  assert (E := H i ltac:(lia)). unfold ht, hz in E.
  destruct (Nat.ltb_spec i K); [exact E|lia].
Qed.

(* Capacity: every sorted instance with K samples and |T| = N is fine-tuned with <= m neurons. *)
Definition ok (m K N : nat) : Prop :=
  forall (t z : nat -> R) (inT : nat -> bool),
    (forall i j, (i < j < K)%nat -> t i < t j) -> (forall i, inT i = false -> z i = 0) ->
    (forall i, inT i = true -> (i < K)%nat) -> cnt inT K = N ->
    exists b l, (length l <= m)%nat /\ forall i, (i < K)%nat -> net1 b l (t i) = z i.

(** Theorem 6 (exact width), under the two open lemmas: for K >= 5 and N <= K,
    m*(K, N) = min(3N, K - 2). *)
Theorem exact_width : alternating_construction -> hard_size_small ->
  forall K N, (5 <= K)%nat -> (N <= K)%nat ->
  ok (Nat.min (3 * N) (K - 2)) K N /\ cnt (hT K N) K = N /\
  hard_needs (Nat.min (3 * N) (K - 2)) K N.
Proof.
  intros HA HS K N HK HN. split; [|split].
  - intros t z inT Ht Hz HT HC.
    destruct (Nat.le_gt_cases (3 * N + 1) K) as [L|L].
    + destruct (tight_upper K t z inT Ht Hz HT ltac:(lia)) as [H1 [_ H3]].
      exists (tight_b K t z inT), (tight_net K t z inT). split; [|exact H1].
      unfold Paper.N in H3. rewrite HC in H3. apply H3. exact L.
    + destruct (upper_K_minus_2 HA K t z HK Ht) as [b [l [Hl Hf]]].
      exists b, l. split; [lia|exact Hf].
  - rewrite hT_count. destruct (Nat.le_gt_cases (3 * N + 1) K) as [L|L].
    + apply hardT_size_large. exact L.
    + apply HS; lia.
  - apply hard_lower_ht. exact HN.
Qed.

Lemma ok_lower : forall m K N, hard_size_small -> (N <= K)%nat -> ok m K N ->
  (Nat.min (3 * N) (K - 2) <= m)%nat.
Proof.
  intros m K N HS HN Hok.
  assert (Hc : cnt (hT K N) K = N).
  { rewrite hT_count. destruct (Nat.le_gt_cases (3 * N + 1) K) as [L|L];
      [apply hardT_size_large; exact L|apply HS; lia]. }
  destruct (Hok ht (hz K N) (hT K N)) as [b [l [Hl Hf]]].
  - intros i j H. unfold ht. apply lt_INR. lia.
  - intros i H. unfold hz, hT in *. destruct (Nat.ltb_spec i K); [|reflexivity].
    rewrite andb_true_r in H. unfold hardz. rewrite H. reflexivity.
  - intros i H. unfold hT in H. apply andb_prop in H. destruct H as [_ H].
    apply Nat.ltb_lt in H. exact H.
  - exact Hc.
  - enough (Nat.min (3 * N) (K - 2) <= length l)%nat by lia.
    apply (hard_lower_ht K N HN b l Hf).
Qed.

(** Corollary 4.2, corrected, under the two open lemmas: for K >= 5 and N <= K, m neurons
    fine-tune every instance with |T| = N iff N <= N*(m, K), where N* = K if K <= m + 2, else
    floor(m / 3). *)
Theorem corollary_4_2 : alternating_construction -> hard_size_small ->
  forall m K N, (5 <= K)%nat -> (N <= K)%nat ->
  (ok m K N <-> (N <= if Nat.leb K (m + 2) then K else m / 3)%nat).
Proof.
  intros HA HS m K N HK HN.
  assert (Ar : (Nat.min (3 * N) (K - 2) <= m)%nat <->
               (N <= if Nat.leb K (m + 2) then K else m / 3)%nat).
  { assert (E := Nat.div_mod m 3 ltac:(lia)). assert (R := Nat.mod_upper_bound m 3 ltac:(lia)).
    destruct (Nat.leb_spec K (m + 2)); lia. }
  rewrite <- Ar. split.
  - apply ok_lower; assumption.
  - intros Hm t z inT Ht Hz HT HC.
    destruct (proj1 (exact_width HA HS K N HK HN) t z inT Ht Hz HT HC) as [b [l [Hl Hf]]].
    exists b, l. split; [lia|exact Hf].
Qed.

(** The same with the second lemma proven: only [alternating_construction] remains open. *)
Theorem exact_width_K5 : alternating_construction ->
  forall K N, (5 <= K)%nat -> (N <= K)%nat ->
  ok (Nat.min (3 * N) (K - 2)) K N /\ cnt (hT K N) K = N /\
  hard_needs (Nat.min (3 * N) (K - 2)) K N.
Proof. intros HA. apply (exact_width HA hard_size_small_holds). Qed.

Theorem corollary_4_2_K5 : alternating_construction ->
  forall m K N, (5 <= K)%nat -> (N <= K)%nat ->
  (ok m K N <-> (N <= if Nat.leb K (m + 2) then K else m / 3)%nat).
Proof. intros HA. apply (corollary_4_2 HA hard_size_small_holds). Qed.

(** Unconditionally: for K >= 3N + 1, (K >= 5 not needed) m neurons fine-tune every instance with
    |T| = N iff min(3N, K - 2) <= m. *)
Theorem capacity_large_K : forall m K N, (3 * N + 1 <= K)%nat ->
  (ok m K N <-> (Nat.min (3 * N) (K - 2) <= m)%nat).
Proof.
  intros m K N HK. split.
  - apply ok_lower; [exact hard_size_small_holds|lia].
  - intros Hm t z inT Ht Hz HT HC.
    destruct (tight_upper K t z inT Ht Hz HT ltac:(lia)) as [H1 [_ H3]].
    exists (tight_b K t z inT), (tight_net K t z inT). split; [|exact H1].
    unfold Paper.N in H3. rewrite HC in H3. specialize (H3 HK). lia.
Qed.
