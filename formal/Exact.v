(* m*(K, N) = min(3N, K - 2) for every K >= 3N + 1: theorems 4 and 5 together. *)
Require Import Reals Lra Lia List Arith Bool.
Require Import FTC.Net FTC.Paper FTC.Windows FTC.Hard FTC.Tight.
Open Scope R_scope.
Open Scope bool_scope.

Definition mult3 (p : nat) : bool := Nat.eqb (p mod 3) 0 && Nat.leb 3 p.

Lemma mod3 : forall M r, (r < 3)%nat -> ((3 * M + r) mod 3 = r)%nat.
Proof.
  intros M r Hr. rewrite Nat.add_comm, Nat.mul_comm, Nat.mod_add by lia.
  apply Nat.mod_small. exact Hr.
Qed.

Lemma cnt_mult3 : forall M, cnt mult3 (3 * M + 1) = M.
Proof.
  induction M as [|M IH]; [reflexivity|].
  replace (3 * S M + 1)%nat with (S (S (S (3 * M + 1)))) by lia.
  cbn [cnt]. rewrite IH. unfold mult3.
  replace (3 * M + 1 + 1)%nat with (3 * M + 2)%nat by lia.
  replace (S (3 * M + 1)) with (3 * M + 2)%nat by lia.
  replace (S (3 * M + 2)) with (3 * S M + 0)%nat by lia.
  rewrite (mod3 M 1), (mod3 M 2), (mod3 (S M) 0) by lia.
  rewrite (proj2 (Nat.leb_le 3 (3 * S M + 0))) by lia. simpl. lia.
Qed.

Lemma cnt_stable : forall f m n, (m <= n)%nat -> (forall i, (m <= i < n)%nat -> f i = false) ->
  cnt f n = cnt f m.
Proof.
  intros f m n H; induction H as [|n H IH]; intros Hf; [reflexivity|].
  simpl. rewrite Hf by lia. rewrite IH by (intros; apply Hf; lia). lia.
Qed.

(* For K >= 3N + 1 the hard instance has T = {3, 6, ..., 3N}, so |T| = N. *)
Lemma hardT_large : forall K N p, (3 * N + 1 <= K)%nat ->
  hardT K N p = mult3 p && Nat.leb p (3 * N).
Proof.
  intros K N p H. unfold hardT, mult3.
  destruct (Nat.leb_spec (3 * N + 2) K) as [E|E]; [reflexivity|].
  assert (Ed := Nat.div_mod (K - N) 2 ltac:(lia)).
  assert (Eb := Nat.mod_upper_bound (K - N) 2 ltac:(lia)).
  assert (Ea : ((K - N) / 2 = N)%nat) by lia. assert (Eb1 : ((K - N) mod 2 = 1)%nat) by lia.
  cbv zeta. rewrite Ea, Eb1, Nat.eqb_refl. reflexivity.
Qed.

Lemma hardT_size_large : forall K N, (3 * N + 1 <= K)%nat -> cnt (hardT K N) (S K) = N.
Proof.
  intros K N H.
  rewrite (cnt_ext _ (fun p => mult3 p && Nat.leb p (3 * N))) by (intros; apply hardT_large; exact H).
  rewrite (cnt_stable _ (3 * N + 1)); [| lia |].
  - rewrite (cnt_ext _ mult3); [apply cnt_mult3|].
    intros i Hi. rewrite (proj2 (Nat.leb_le i (3 * N))) by lia. apply andb_true_r.
  - intros i Hi. rewrite (proj2 (Nat.leb_gt i (3 * N))) by lia. apply andb_false_r.
Qed.

Lemma hardz_off : forall K N p, hardT K N p = false -> hardz K N p = 0.
Proof. intros K N p H. unfold hardz. rewrite H. reflexivity. Qed.

(** Theorem (m* for K >= 3N + 1). For every K >= 3N + 1:
    (upper) every instance with K samples sorted by their projections t_0 < ... < t_(K-1), any
    T with |T| = N and targets 0 off T is fine-tuned by a 2-layer network with at most
    min(3N, K - 2) neurons; and
    (lower) the hard instance for (K, N) (samples 1..K on a line, |T| = N) is fine-tuned by no
    network with fewer than min(3N, K - 2) neurons.
    So m*(K, N) = min(3N, K - 2). *)
Theorem mstar_large_K : forall K N, (3 * N + 1 <= K)%nat ->
  (forall (t z : nat -> R) (inT : nat -> bool),
     (forall i j, (i < j < K)%nat -> t i < t j) ->
     (forall i, inT i = false -> z i = 0) ->
     (forall i, inT i = true -> (i < K)%nat) ->
     cnt inT K = N ->
     exists b l, (length l <= Nat.min (3 * N) (K - 2))%nat /\
                 forall i, (i < K)%nat -> net1 b l (t i) = z i) /\
  (cnt (hardT K N) (S K) = N /\
   (forall p, hardT K N p = true -> (1 <= p <= K)%nat) /\
   (forall p, hardT K N p = false -> hardz K N p = 0) /\
   forall b l, (forall i, (1 <= i <= K)%nat -> net1 b l (INR i) = hardz K N i) ->
     (Nat.min (3 * N) (K - 2) <= length l)%nat).
Proof.
  intros K N H. split; [|split; [|split; [|split]]].
  - intros t z inT Ht Hz HT HN.
    destruct (tight_upper K t z inT Ht Hz HT ltac:(lia)) as [U1 [_ U3]].
    exists (tight_b K t z inT), (tight_net K t z inT). split; [|exact U1].
    unfold Paper.N in U3. rewrite HN in U3. apply U3. exact H.
  - apply hardT_size_large. exact H.
  - intros p Hp. rewrite hardT_large in Hp by exact H. unfold mult3 in Hp.
    apply andb_prop in Hp. destruct Hp as [Hp Hp3]. apply andb_prop in Hp. destruct Hp as [_ Hp].
    apply Nat.leb_le in Hp, Hp3. lia.
  - apply hardz_off.
  - intros b l Hnet. apply (hard_lower K N b l); [lia|exact Hnet].
Qed.
