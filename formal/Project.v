(* Theorem 3: projection to one dimension along a(s) = (1, s, ..., s^(d-1)). *)
Require Import Reals Lra Lia List ZArith.
Require Import FTC.Net.
Open Scope R_scope.

Fixpoint dot (u v : list R) : R :=
  match u, v with
  | a :: u', b :: v' => a * b + dot u' v'
  | _, _ => 0
  end.

(* The direction a(s) = (1, s, s^2, ..., s^(d-1)). *)
Definition avec (s : R) (d : nat) : list R := map (fun k => s ^ k) (seq 0 d).

(* x_0 + s x_1 + ... + s^(d-1) x_(d-1) *)
Fixpoint horner (x : list R) (s : R) : R :=
  match x with
  | nil => 0
  | c :: x' => c + s * horner x' s
  end.

Lemma dot_avec_gen : forall x s m,
  dot (map (fun k => s ^ k) (seq m (length x))) x = s ^ m * horner x s.
Proof.
  induction x as [|c x IH]; intros s m; [simpl; ring|].
  simpl length. simpl seq. simpl map. simpl dot. rewrite IH. simpl. ring.
Qed.

Lemma dot_avec : forall x s, dot (avec s (length x)) x = horner x s.
Proof. intros x s. unfold avec. rewrite dot_avec_gen. simpl. ring. Qed.

Fixpoint vsub (x y : list R) : list R :=
  match x, y with
  | a :: x', b :: y' => (a - b) :: vsub x' y'
  | _, _ => nil
  end.

Lemma horner_vsub : forall x y s, length x = length y ->
  horner (vsub x y) s = horner x s - horner y s.
Proof.
  induction x as [|a x IH]; intros [|b y] s H; simpl in *; try discriminate; [ring|].
  rewrite IH by lia. ring.
Qed.

Lemma vsub_nonzero : forall x y, length x = length y -> x <> y ->
  Exists (fun c => c <> 0) (vsub x y).
Proof.
  induction x as [|a x IH]; intros [|b y] H Hne; simpl in *; try discriminate.
  - exfalso. apply Hne. reflexivity.
  - destruct (Req_dec a b) as [->|Hab].
    + apply Exists_cons_tl. apply IH; [lia|]. intros ->. apply Hne. reflexivity.
    + apply Exists_cons_hd. lra.
Qed.

Lemma all_zero_or_not : forall l : list R,
  Forall (fun c => c = 0) l \/ Exists (fun c => c <> 0) l.
Proof.
  induction l as [|c l IH]; [left; constructor|].
  destruct (Req_dec c 0) as [Hc|Hc].
  - destruct IH as [IH|IH]; [left; constructor; assumption|right; apply Exists_cons_tl; exact IH].
  - right. apply Exists_cons_hd. exact Hc.
Qed.

Lemma horner_zero : forall l s, Forall (fun c => c = 0) l -> horner l s = 0.
Proof.
  induction l as [|c l IH]; intros s H; [reflexivity|].
  inversion H; subst. simpl. rewrite IH by assumption. ring.
Qed.

(* A nonzero polynomial is bounded away from 0 for all large s (so it has no large root). *)
Lemma poly_eventually_nonzero : forall l, Exists (fun c => c <> 0) l ->
  exists B e, 0 < e /\ forall s, B <= s -> e <= Rabs (horner l s).
Proof.
  induction l as [|c l IH]; intros H; [inversion H|].
  destruct (all_zero_or_not l) as [Hz|Hnz].
  - assert (Hc : c <> 0).
    { inversion H as [? ? Hc|? ? Hl]; subst; [exact Hc|].
      exfalso. apply Exists_exists in Hl. destruct Hl as [y [Hy Hy0]].
      rewrite Forall_forall in Hz. apply Hy0, Hz, Hy. }
    exists 0, (Rabs c). split; [apply Rabs_pos_lt; exact Hc|].
    intros s _. simpl. rewrite horner_zero by exact Hz. rewrite Rmult_0_r, Rplus_0_r. lra.
  - destruct (IH Hnz) as [B [e [He HB]]].
    exists (Rmax B (1 + Rabs c / e)), e. split; [exact He|].
    intros s Hs. simpl.
    assert (HsB : B <= s) by (eapply Rle_trans; [apply Rmax_l|exact Hs]).
    assert (Hs1 : 1 + Rabs c / e <= s) by (eapply Rle_trans; [apply Rmax_r|exact Hs]).
    assert (Hc0 : 0 <= Rabs c) by apply Rabs_pos.
    assert (Hce : 0 <= Rabs c / e) by (apply Rmult_le_pos; [lra|left; apply Rinv_0_lt_compat; lra]).
    assert (Hse : e + Rabs c <= s * e).
    { replace (e + Rabs c) with ((1 + Rabs c / e) * e) by (field; lra).
      apply Rmult_le_compat_r; lra. }
    assert (Hh := HB s HsB).
    assert (Hm : Rabs (s * horner l s) = s * Rabs (horner l s)).
    { rewrite Rabs_mult, Rabs_pos_eq by lra. reflexivity. }
    assert (Htri := Rabs_triang_inv (s * horner l s) (- c)).
    replace (s * horner l s - - c) with (c + s * horner l s) in Htri by ring.
    rewrite Rabs_Ropp in Htri.
    assert (s * e <= s * Rabs (horner l s)) by (apply Rmult_le_compat_l; lra).
    lra.
Qed.

Lemma nat_above : forall B, exists n : nat, B <= INR n.
Proof.
  intros B. destruct (archimed B) as [H1 _].
  destruct (Z_le_gt_dec (up B) 0) as [Hz|Hz].
  - exists O. simpl. apply IZR_le in Hz. lra.
  - exists (Z.to_nat (up B)). rewrite INR_IZR_INZ, Z2Nat.id by lia. lra.
Qed.

Section Projection.

Variable d K : nat.
Variable x : nat -> list R.    (* the samples x_0 .. x_(K-1) in R^d *)
Hypothesis x_dim : forall i, (i < K)%nat -> length (x i) = d.
Hypothesis x_distinct : forall i j, (i < j < K)%nat -> x i <> x j.

Lemma separate_from : forall j n, (j < K)%nat -> (n <= j)%nat ->
  exists B, forall s, B <= s -> forall i, (i < n)%nat -> horner (x i) s <> horner (x j) s.
Proof.
  intros j n Hj; induction n as [|n IH]; intros Hn.
  - exists 0. intros s _ i Hi. lia.
  - destruct (IH ltac:(lia)) as [B1 HB1].
    assert (Hne : Exists (fun c => c <> 0) (vsub (x n) (x j))).
    { apply vsub_nonzero; [rewrite !x_dim by lia; reflexivity|apply x_distinct; lia]. }
    destruct (poly_eventually_nonzero _ Hne) as [B2 [e [He HB2]]].
    exists (Rmax B1 B2). intros s Hs i Hi.
    destruct (Nat.eq_dec i n) as [->|Hin].
    + intros Heq. assert (Hle := HB2 s (Rle_trans _ _ _ (Rmax_r _ _) Hs)).
      rewrite horner_vsub in Hle by (rewrite !x_dim by lia; reflexivity).
      rewrite Heq, Rminus_diag_eq, Rabs_R0 in Hle by reflexivity. lra.
    + apply (HB1 s (Rle_trans _ _ _ (Rmax_l _ _) Hs)). lia.
Qed.

Lemma separate_all : forall n, (n <= K)%nat ->
  exists B, forall s, B <= s -> forall i j, (i < j < n)%nat -> horner (x i) s <> horner (x j) s.
Proof.
  induction n as [|n IH]; intros Hn.
  - exists 0. intros s _ i j H. lia.
  - destruct (IH ltac:(lia)) as [B1 HB1].
    destruct (separate_from n n ltac:(lia) (le_n n)) as [B2 HB2].
    exists (Rmax B1 B2). intros s Hs i j Hij.
    destruct (Nat.eq_dec j n) as [->|Hjn].
    + apply (HB2 s (Rle_trans _ _ _ (Rmax_r _ _) Hs)). lia.
    + apply (HB1 s (Rle_trans _ _ _ (Rmax_l _ _) Hs)). lia.
Qed.

(** Theorem 3 (projection). K pairwise-distinct points of R^d have a natural s such that the
    projections a(s) . x_i, a(s) = (1, s, ..., s^(d-1)), are pairwise distinct; moreover every
    natural s from some point on works. *)
Theorem projection : exists s0 : nat, forall s : nat, (s0 <= s)%nat ->
  forall i j, (i < j < K)%nat -> dot (avec (INR s) d) (x i) <> dot (avec (INR s) d) (x j).
Proof.
  destruct (separate_all K (le_n K)) as [B HB].
  destruct (nat_above B) as [s0 Hs0].
  exists s0. intros s Hs i j Hij.
  replace (dot (avec (INR s) d) (x i)) with (horner (x i) (INR s))
    by (rewrite <- (x_dim i) by lia; symmetry; apply dot_avec).
  replace (dot (avec (INR s) d) (x j)) with (horner (x j) (INR s))
    by (rewrite <- (x_dim j) by lia; symmetry; apply dot_avec).
  apply HB; [|exact Hij]. apply Rle_trans with (INR s0); [exact Hs0|apply le_INR; exact Hs].
Qed.

End Projection.
