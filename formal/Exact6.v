(* Toward theorem 6 (stretch): data that is not alternating needs at most K - 2 neurons (L3 of
   docs/two-layer-exact.md). *)
Require Import Reals Lra Lia List Arith.
Require Import FTC.Net FTC.Interp.
Import ListNotations.
Open Scope R_scope.

Lemma sorted_app_inv : forall l1 l2, sorted (l1 ++ l2) -> sorted l2.
Proof.
  induction l1 as [|p l1 IH]; intros l2 H; [exact H|].
  apply IH. simpl in H. destruct (l1 ++ l2); [exact I|apply H].
Qed.

(* Between two consecutive knots p, q the interpolant is the line through them. *)
Lemma pl_between : forall l1 p q l2 s0 x, sorted (l1 ++ p :: q :: l2) ->
  fst p <= x <= fst q -> pl s0 (l1 ++ p :: q :: l2) x = snd p + slope p q * (x - fst p).
Proof.
  induction l1 as [|a l1 IH]; intros p q l2 s0 x Hs Hx.
  - simpl. destruct (Rle_dec x (fst q)); [reflexivity|lra].
  - assert (Ha : forall y, In y (l1 ++ p :: q :: l2) -> fst a < fst y)
      by (apply sorted_head_lt; exact Hs).
    assert (Hap : fst a < fst p) by (apply Ha; apply in_or_app; right; left; reflexivity).
    destruct l1 as [|b l1].
    + simpl app. simpl pl. destruct (Rle_dec x (fst p)) as [Hle|Hgt].
      * replace x with (fst p) by lra. destruct Hs as [_ [Hpq _]].
        unfold slope. field; repeat split; lra.
      * change (pl (slope a p) ([] ++ p :: q :: l2) x = snd p + slope p q * (x - fst p)).
        apply IH; [exact (sorted_tail _ _ Hs)|lra].
    + assert (Hb : fst b <= fst p).
      { apply Rlt_le. destruct (Rlt_or_le (fst b) (fst p)) as [E|E]; [exact E|].
        exfalso. assert (Hbp := sorted_head_lt b (l1 ++ p :: q :: l2) (sorted_tail _ _ Hs) p).
        assert (fst b < fst p) by (apply Hbp; apply in_or_app; right; left; reflexivity). lra. }
      simpl app. simpl pl. destruct (Rle_dec x (fst b)) as [Hle|Hgt].
      * (* x = fst b = fst p is impossible unless l1 = [] and b = p: b comes before p *)
        exfalso. assert (Hbp := sorted_head_lt b (l1 ++ p :: q :: l2) (sorted_tail _ _ Hs) p).
        assert (fst b < fst p) by (apply Hbp; apply in_or_app; right; left; reflexivity). lra.
      * change (pl (slope a b) ((b :: l1) ++ p :: q :: l2) x = snd p + slope p q * (x - fst p)).
        apply IH; [exact (sorted_tail _ _ Hs)|lra].
Qed.

Lemma sorted_app : forall l1 l2, sorted l1 -> sorted l2 ->
  (forall x y, In x l1 -> In y l2 -> fst x < fst y) -> sorted (l1 ++ l2).
Proof.
  induction l1 as [|p l1 IH]; intros l2 H1 H2 H; [exact H2|].
  rewrite <- app_comm_cons. apply sorted_cons.
  - apply IH; [exact (sorted_tail _ _ H1)|exact H2|]. intros x y Hx Hy. apply H; [right|]; assumption.
  - intros y Hy. apply in_app_or in Hy. destruct Hy as [Hy|Hy].
    + apply (sorted_head_lt p l1 H1). exact Hy.
    + apply H; [left; reflexivity|exact Hy].
Qed.

Lemma net_pl : forall p rest t, sorted (p :: rest) -> fst p <= t ->
  net1 (snd p) (interp_net (p :: rest)) t = pl 0 (p :: rest) t.
Proof.
  intros p rest t Hs Ht. unfold net1, interp_net.
  rewrite <- (lemma45_pl rest p 0 t Hs Ht). ring.
Qed.

Section L3.

Variable K : nat.
Variable t z : nat -> R.
Hypothesis t_incr : forall i j, (i < j < K)%nat -> t i < t j.

Definition P (i : nat) : R * R := (t i, z i).
Definition dsl (i : nat) : R := slope (P i) (P (S i)).

Lemma sorted_P : forall n s, (s + n <= K)%nat -> sorted (map P (seq s n)).
Proof.
  induction n as [|n IH]; intros s H; [exact I|].
  cbn [seq map]. apply sorted_cons; [apply IH; lia|].
  intros y Hy. apply in_map_iff in Hy. destruct Hy as [i [<- Hi]]. apply in_seq in Hi.
  simpl. apply t_incr. lia.
Qed.

Lemma in_P : forall y s n, In y (map P (seq s n)) -> exists i, y = P i /\ (s <= i < s + n)%nat.
Proof.
  intros y s n H. apply in_map_iff in H. destruct H as [i [<- Hi]]. apply in_seq in Hi.
  exists i. split; [reflexivity|lia].
Qed.

Lemma seq_split : forall s n, seq s (S n) = seq s n ++ [(s + n)%nat].
Proof. intros s n. rewrite <- Nat.add_1_r, seq_app. reflexivity. Qed.

Lemma dsl_step : forall i, (S i < K)%nat -> z (S i) = z i + dsl i * (t (S i) - t i).
Proof.
  intros i H. assert (t i < t (S i)) by (apply t_incr; lia).
  unfold dsl, slope, P. simpl. field. lra.
Qed.

Lemma dsl_last : (2 <= K)%nat ->
  z (K - 1)%nat = z (K - 2)%nat + dsl (K - 2) * (t (K - 1)%nat - t (K - 2)%nat).
Proof. intros HK. replace (K - 1)%nat with (S (K - 2)) by lia. apply dsl_step. lia. Qed.

(* A point e on the line l_i through P_i and P_(i+1), right of t_i: the slope from P_i is eps_i. *)
Lemma slope_to_line : forall i j e, (S i = j)%nat -> (j < K)%nat -> t j < fst e ->
  snd e = z j + dsl i * (fst e - t j) -> slope (P i) e = dsl i.
Proof.
  intros i j e <- Hj He Hy. assert (t i < t (S i)) by (apply t_incr; lia).
  unfold slope at 1. rewrite Hy, (dsl_step i Hj). simpl. field. lra.
Qed.

(* The tail P_s .. P_(K-3), e, P_(K-1) of the odd and even constructions' knots (Odd.v, Even.v),
   with e inside (t_(K-2), t_(K-1)): sorted, and right of t_s. *)
Lemma tail_sorted : forall s n e, (2 <= K)%nat -> (s + n = K - 2)%nat ->
  t (K - 2)%nat < fst e < t (K - 1)%nat ->
  sorted (map P (seq s n) ++ [e; P (K - 1)%nat]) /\
  forall y, In y (map P (seq s n) ++ [e; P (K - 1)%nat]) -> t s <= fst y.
Proof.
  intros s n e HK Hn He.
  assert (Hm : forall i, (s <= i < s + n)%nat -> t s <= t i /\ t i < t (K - 2)%nat).
  { intros i Hi. split; [destruct (Nat.eq_dec i s) as [->|]; [lra|apply Rlt_le, t_incr; lia]|apply t_incr; lia]. }
  assert (Hs : t s <= t (K - 2)%nat).
  { destruct (Nat.eq_dec s (K - 2)) as [->|]; [lra|apply Rlt_le, t_incr; lia]. }
  split.
  - apply sorted_app; [apply sorted_P; lia| |].
    + simpl. split; [|exact I]. simpl. lra.
    + intros x y Hx Hy. destruct (in_P x s n Hx) as [i [-> Hi]]. destruct (Hm i Hi).
      destruct Hy as [<-|[<-|[]]]; simpl; lra.
  - intros y Hy. apply in_app_or in Hy. destruct Hy as [Hy|[<-|[<-|[]]]].
    + destruct (in_P y s n Hy) as [i [-> Hi]]. apply Hm. exact Hi.
    + lra.
    + simpl. lra.
Qed.

(* ... and the interpolant of knots ending so meets P_(K-2) when e is on l_(K-3). *)
Lemma pl_tail : forall pre s n e s0, (2 <= K)%nat -> (1 <= n)%nat -> (s + n = K - 2)%nat ->
  sorted (pre ++ map P (seq s n) ++ [e; P (K - 1)%nat]) -> t (K - 2)%nat <= fst e ->
  slope (P (K - 3)) e = dsl (K - 3) ->
  pl s0 (pre ++ map P (seq s n) ++ [e; P (K - 1)%nat]) (t (K - 2)%nat) = z (K - 2)%nat.
Proof.
  intros pre s n e s0 HK Hn Hsn Hs He Hsl.
  assert (E : pre ++ map P (seq s n) ++ [e; P (K - 1)%nat] =
              (pre ++ map P (seq s (n - 1))) ++ P (K - 3)%nat :: e :: [P (K - 1)%nat]).
  { replace n with (S (n - 1)) at 1 by lia. rewrite seq_split, map_app.
    replace (s + (n - 1))%nat with (K - 3)%nat by lia. rewrite <- !app_assoc. reflexivity. }
  rewrite E in *. rewrite pl_between; [|exact Hs|].
  - rewrite Hsl. cbn [P fst snd]. replace (K - 2)%nat with (S (K - 3)) by lia.
    rewrite dsl_step by lia. ring.
  - cbn [P fst]. split; [apply Rlt_le, t_incr; lia|exact He].
Qed.

(* Lemma 4.5's network on sorted knots from q on, left of every sample, whose interpolant meets
   every sample, fits the data. *)
Lemma knots_fit : forall ps q, sorted ps -> (exists rest, ps = q :: rest) -> fst q <= t 0%nat ->
  (forall i, (i < K)%nat -> pl 0 ps (t i) = z i) ->
  forall i, (i < K)%nat -> net1 (snd q) (lemma45 0 ps) (t i) = z i.
Proof.
  intros ps q Hs [rest ->] Hq Hf i Hi. rewrite <- (Hf i Hi). apply net_pl; [exact Hs|].
  assert (t 0%nat <= t i) by (destruct i; [lra|apply Rlt_le, t_incr; lia]). lra.
Qed.

(* Sorted knots from P 0 on, K - 1 of them, whose interpolant meets every sample: Lemma 4.5's
   network on them fits the data with K - 2 neurons. *)
Lemma knots_net : forall ps rest, sorted ps -> ps = P 0 :: rest -> length ps = (K - 1)%nat ->
  (forall i, (i < K)%nat -> pl 0 ps (t i) = z i) ->
  exists b l, length l = (K - 2)%nat /\ forall i, (i < K)%nat -> net1 b l (t i) = z i.
Proof.
  intros ps rest Hs Hr Hl Hf. exists (z 0%nat), (interp_net ps). split.
  - unfold interp_net. rewrite lemma45_length, Hl. lia.
  - exact (knots_fit ps (P 0) Hs (ex_intro _ rest Hr) (Rle_refl _) Hf).
Qed.

(* The case eps_c = 0: P_(c-1), P_c, P_(c+1) collinear; drop P_c. *)
Lemma drop_collinear : forall c, (1 <= c)%nat -> (c + 2 <= K)%nat -> dsl c = dsl (c - 1) ->
  exists b l, length l = (K - 2)%nat /\ forall i, (i < K)%nat -> net1 b l (t i) = z i.
Proof.
  intros c Hc HK Hd.
  set (L1 := map P (seq 0 (c - 1))). set (L2 := map P (seq (c + 2) (K - c - 2))).
  set (ps := L1 ++ P (c - 1) :: P (c + 1) :: L2).
  assert (Hs : sorted ps).
  { unfold ps. apply sorted_app; [apply sorted_P; lia| |].
    - apply sorted_cons; [apply sorted_cons; [apply sorted_P; lia|]|].
      + intros y Hy. destruct (in_P _ _ _ Hy) as [i [-> Hi]]. simpl. apply t_incr. lia.
      + intros y [<-|Hy]; [simpl; apply t_incr; lia|].
        destruct (in_P _ _ _ Hy) as [i [-> Hi]]. simpl. apply t_incr. lia.
    - intros x y Hx Hy. destruct (in_P _ _ _ Hx) as [i [-> Hi]].
      destruct Hy as [<-|[<-|Hy]]; [simpl; apply t_incr; lia|simpl; apply t_incr; lia|].
      destruct (in_P _ _ _ Hy) as [j [-> Hj]]. simpl. apply t_incr. lia. }
  assert (Hhead : exists rest, ps = P 0 :: rest).
  { unfold ps, L1. destruct (c - 1)%nat as [|c'] eqn:E.
    - simpl. eexists. reflexivity.
    - simpl. eexists. reflexivity. }
  destruct Hhead as [rest Hr]. apply (knots_net ps rest Hs Hr).
  - unfold ps, L1, L2. rewrite app_length. simpl. rewrite !map_length, !seq_length. lia.
  - intros i Hi.
    destruct (Nat.eq_dec i c) as [->|Hne].
    + unfold ps. rewrite pl_between by (exact Hs || (simpl; split; apply Rlt_le, t_incr; lia)).
      unfold dsl, slope, P in *. simpl in *.
      replace (S (c - 1)) with c in Hd by lia. replace (S c) with (c + 1)%nat in Hd by lia.
      assert (T1 : t (c - 1)%nat < t c) by (apply t_incr; lia).
      assert (T2 : t c < t (c + 1)%nat) by (apply t_incr; lia).
      set (u := (z c - z (c - 1)%nat) / (t c - t (c - 1)%nat)) in Hd.
      assert (E1 : z c = z (c - 1)%nat + u * (t c - t (c - 1)%nat)) by (unfold u; field; lra).
      assert (E2 : z (c + 1)%nat = z c + u * (t (c + 1)%nat - t c)).
      { rewrite <- Hd. field. lra. }
      rewrite E2, E1. field. lra.
    + change (z i) with (snd (P i)). change (t i) with (fst (P i)).
      apply pl_knots; [exact Hs|]. unfold ps, L1, L2. apply in_or_app.
      destruct (Nat.lt_ge_cases i (c - 1)) as [Hl|Hl].
      * left. apply in_map, in_seq. lia.
      * right. destruct (Nat.eq_dec i (c - 1)) as [->|Hn1]; [left; reflexivity|].
        destruct (Nat.eq_dec i (c + 1)) as [->|Hn2]; [right; left; reflexivity|].
        right; right. apply in_map, in_seq. lia.
Qed.

(* The case eps_c = eps_(c+1) <> 0: the kinks at t_c and t_(c+1) become one, at the crossing X of
   l_(c-1) (through P_(c-1), P_c) and l_(c+1) (through P_(c+1), P_(c+2)), inside (t_c, t_(c+1)). *)
Lemma merge_same_sign : forall c, (1 <= c)%nat -> (c + 3 <= K)%nat ->
  0 < (dsl c - dsl (c - 1)) * (dsl (c + 1) - dsl c) ->
  exists b l, length l = (K - 2)%nat /\ forall i, (i < K)%nat -> net1 b l (t i) = z i.
Proof.
  intros c Hc HK Hsg.
  set (A := dsl (c + 1) - dsl c). set (B := dsl c - dsl (c - 1)).
  set (h := t (c + 1)%nat - t c).
  assert (Hh : 0 < h) by (unfold h; assert (t c < t (c + 1)%nat) by (apply t_incr; lia); lra).
  assert (HAB : 0 < A / (A + B) < 1).
  { assert (0 < B * A) by exact Hsg.
    destruct (Rlt_or_le 0 A) as [HA|HA].
    - assert (0 < B) by nra. split; [apply Rdiv_lt_0_compat; lra|].
      apply (Rmult_lt_reg_r (A + B)); [lra|]. unfold Rdiv. rewrite Rmult_assoc, Rinv_l by lra. lra.
    - assert (B < 0) by nra. assert (A < 0) by nra.
      split.
      + replace (A / (A + B)) with ((- A) / (- (A + B))) by (field; lra).
        apply Rdiv_lt_0_compat; lra.
      + replace (A / (A + B)) with ((- A) / (- (A + B))) by (field; lra).
        apply (Rmult_lt_reg_r (- (A + B))); [lra|]. unfold Rdiv.
        rewrite Rmult_assoc, Rinv_l by lra. lra. }
  set (xs := t c + A / (A + B) * h).
  set (ys := z c + dsl (c - 1) * (xs - t c)).
  set (X := (xs, ys)).
  assert (Hx1 : t c < xs) by (unfold xs; nra).
  assert (Hx2 : xs < t (c + 1)%nat) by (unfold xs, h in *; nra).
  assert (Tc1 : t (c - 1)%nat < t c) by (apply t_incr; lia).
  assert (Tc2 : t (c + 1)%nat < t (c + 2)%nat) by (apply t_incr; lia).
  (* the slopes and the lines *)
  assert (Ec : z c = z (c - 1)%nat + dsl (c - 1) * (t c - t (c - 1)%nat)).
  { unfold dsl, slope, P. simpl. replace (S (c - 1)) with c by lia. field. lra. }
  assert (Ec1 : z (c + 1)%nat = z c + dsl c * h).
  { unfold dsl, slope, P, h. simpl. replace (S c) with (c + 1)%nat by lia. field. lra. }
  assert (Ec2 : z (c + 2)%nat = z (c + 1)%nat + dsl (c + 1) * (t (c + 2)%nat - t (c + 1)%nat)).
  { unfold dsl, slope, P. simpl. replace (S (c + 1)) with (c + 2)%nat by lia. field. lra. }
  assert (HABne : A + B <> 0) by (intros E; rewrite E in HAB; unfold Rdiv in HAB;
                                  rewrite Rinv_0, Rmult_0_r in HAB; lra).
  assert (Ey : ys = z (c + 1)%nat + dsl (c + 1) * (xs - t (c + 1)%nat)).
  { unfold ys, xs. rewrite Ec1. unfold h, A, B in *. field. exact HABne. }
  set (L1 := map P (seq 0 c)). set (L2 := map P (seq (c + 2) (K - c - 2))).
  set (ps := L1 ++ X :: L2).
  assert (Hs : sorted ps).
  { unfold ps. apply sorted_app; [apply sorted_P; lia| |].
    - apply sorted_cons; [apply sorted_P; lia|].
      intros y Hy. destruct (in_P _ _ _ Hy) as [i [-> Hi]]. simpl.
      apply Rlt_trans with (t (c + 1)%nat); [exact Hx2|]. destruct (Nat.eq_dec i (c + 2)) as [->|];
        [exact Tc2|apply Rlt_trans with (t (c + 2)%nat); [exact Tc2|apply t_incr; lia]].
    - intros x y Hx Hy. destruct (in_P _ _ _ Hx) as [i [-> Hi]].
      assert (t i <= t (c - 1)%nat) by (destruct (Nat.eq_dec i (c - 1)) as [->|]; [lra|apply Rlt_le, t_incr; lia]).
      destruct Hy as [<-|Hy]; [simpl; lra|].
      destruct (in_P _ _ _ Hy) as [j [-> Hj]]. simpl. apply t_incr. lia. }
  assert (Hl1 : L1 = map P (seq 0 (c - 1)) ++ [P (c - 1)%nat]).
  { unfold L1. replace c with (S (c - 1)) at 1 by lia. rewrite seq_split, map_app. reflexivity. }
  assert (Hl2 : L2 = P (c + 2)%nat :: map P (seq (c + 3) (K - c - 3))).
  { unfold L2. replace (K - c - 2)%nat with (S (K - c - 3)) by lia. simpl.
    replace (S (c + 2)) with (c + 3)%nat by lia. reflexivity. }
  assert (Hhead : exists rest, ps = P 0 :: rest).
  { unfold ps, L1. destruct c as [|c']; [lia|]. simpl. eexists. reflexivity. }
  destruct Hhead as [rest Hr]. apply (knots_net ps rest Hs Hr).
  - unfold ps, L1, L2. rewrite app_length. simpl. rewrite !map_length, !seq_length. lia.
  - intros i Hi.
    destruct (Nat.eq_dec i c) as [->|Hne].
    + unfold ps. rewrite Hl1, <- app_assoc. simpl app.
      rewrite pl_between; [| | simpl; lra].
      2: { replace (map P (seq 0 (c - 1)) ++ P (c - 1)%nat :: X :: L2) with ps; [exact Hs|].
           unfold ps. rewrite Hl1, <- app_assoc. reflexivity. }
      unfold slope, X, P. simpl. unfold ys. rewrite Ec. field. lra.
    + destruct (Nat.eq_dec i (c + 1)) as [->|Hne1].
      * unfold ps. rewrite Hl2.
        rewrite pl_between; [| rewrite <- Hl2; exact Hs | simpl; lra].
        unfold slope, X, P. simpl. rewrite Ec2, Ey. field. lra.
      * change (z i) with (snd (P i)). change (t i) with (fst (P i)).
        apply pl_knots; [exact Hs|]. unfold ps, L1, L2. apply in_or_app.
        destruct (Nat.lt_ge_cases i c) as [Hl|Hl].
        -- left. apply in_map, in_seq. lia.
        -- right. right. apply in_map, in_seq. lia.
Qed.

(** L3 (docs/two-layer-exact.md). Data that is not alternating (some eps_c = 0, or two consecutive
    eps_c, eps_(c+1) equal and nonzero) is fine-tuned by a network with K - 2 neurons. *)
Theorem not_alternating_upper :
  (exists c, (1 <= c)%nat /\ (c + 2 <= K)%nat /\ dsl c = dsl (c - 1)) \/
  (exists c, (1 <= c)%nat /\ (c + 3 <= K)%nat /\ 0 < (dsl c - dsl (c - 1)) * (dsl (c + 1) - dsl c)) ->
  exists b l, length l = (K - 2)%nat /\ forall i, (i < K)%nat -> net1 b l (t i) = z i.
Proof.
  intros [[c [H1 [H2 H3]]]|[c [H1 [H2 H3]]]].
  - apply (drop_collinear c H1 H2 H3).
  - apply (merge_same_sign c H1 H2 H3).
Qed.

End L3.
