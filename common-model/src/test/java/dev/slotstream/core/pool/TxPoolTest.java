package dev.slotstream.core.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.message.Transfer;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.message.TxPayload;
import dev.slotstream.core.testing.RandomData;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.TxHash;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TxPoolTest {
  private static final Function<EthAddress, Long> ALL_AT_ZERO = sender -> 0L;

  private final RandomData random = new RandomData(4242);
  private final EthAddress alice = random.address();
  private final EthAddress bob = random.address();
  private final EthAddress carol = random.address();

  private Tx tx(EthAddress sender, long nonce, long fee) {
    return new Tx(
        new TxPayload(31337, sender, nonce, fee, List.of(), List.of()), random.signature());
  }

  /** Same sender, nonce and fee as {@link #tx} but a different payload, hence a different hash. */
  private Tx variant(EthAddress sender, long nonce, long fee) {
    return new Tx(
        new TxPayload(
            31337, sender, nonce, fee, List.of(new Transfer(random.address(), 1)), List.of()),
        random.signature());
  }

  private static List<TxHash> hashes(List<Tx> txs) {
    return txs.stream().map(Tx::hash).toList();
  }

  @Test
  void shouldAddAndLookUpTxsByHash() {
    TxPool pool = new TxPool(TxPoolConfig.of(10));
    Tx a = tx(alice, 0, 5);

    AddResult result = pool.add(a);

    assertThat(result.status()).isEqualTo(AddStatus.ADDED);
    assertThat(result.accepted()).isTrue();
    assertThat(result.displaced()).isEmpty();
    assertThat(pool.size()).isEqualTo(1);
    assertThat(pool.get(a.hash())).contains(a);
    assertThat(pool.containsAll(List.of(a.hash()))).isTrue();
    assertThat(pool.containsAll(List.of(a.hash(), random.txHash()))).isFalse();
  }

  @Test
  void shouldDropDuplicatesByHashEvenWhenResignedWithAnotherSignature() {
    TxPool pool = new TxPool(TxPoolConfig.of(10));
    Tx a = tx(alice, 0, 5);
    Tx resigned = new Tx(a.payload(), random.signature());

    pool.add(a);
    AddResult result = pool.add(resigned);

    assertThat(result.status()).isEqualTo(AddStatus.DUPLICATE);
    assertThat(pool.size()).isEqualTo(1);
    assertThat(pool.get(a.hash())).contains(a);
    assertThat(pool.stats().rejected(AddStatus.DUPLICATE)).isEqualTo(1);
  }

  @Test
  void pooledInstancesShouldAnswerThePooledCopyOfEachEqualTxAndTheOthersThemselves() {
    TxPool pool = new TxPool(TxPoolConfig.of(10));
    Tx pooled = tx(alice, 0, 5);
    pool.add(pooled);
    Tx decodedAgain = Tx.decode(pooled.encode());
    Tx resigned = new Tx(pooled.payload(), random.signature());
    Tx unknown = tx(bob, 0, 5);

    List<Tx> shared = pool.pooledInstances(List.of(decodedAgain, unknown, resigned));

    assertThat(decodedAgain).isEqualTo(pooled).isNotSameAs(pooled);
    assertThat(shared.get(0)).isSameAs(pooled);
    assertThat(shared.get(1)).isSameAs(unknown);
    assertThat(shared.get(2)).isSameAs(resigned);
    assertThat(pool.size()).isEqualTo(1);
  }

  @Test
  void shouldRejectNonceBelowAccountNonce() {
    TxPool pool = new TxPool(TxPoolConfig.of(10));

    AddResult result = pool.add(tx(alice, 2, 5), sender -> 3L);

    assertThat(result.status()).isEqualTo(AddStatus.NONCE_TOO_LOW);
    assertThat(result.reason()).contains("2").contains("3");
    assertThat(pool.size()).isZero();
  }

  @Test
  void shouldReplaceSameSenderAndNonceOnlyWithTheRequiredFeeBump() {
    TxPool pool = new TxPool(new TxPoolConfig(10, 10, 10));
    Tx original = tx(alice, 0, 100);
    pool.add(original);

    AddResult tooLow = pool.add(tx(alice, 0, 109));
    Tx bumped = tx(alice, 0, 110);
    AddResult replaced = pool.add(bumped);

    assertThat(tooLow.status()).isEqualTo(AddStatus.UNDERPRICED);
    assertThat(tooLow.reason()).contains("110");
    assertThat(replaced.status()).isEqualTo(AddStatus.REPLACED);
    assertThat(replaced.displaced()).contains(original.hash());
    assertThat(pool.size()).isEqualTo(1);
    assertThat(pool.get(original.hash())).isEmpty();
    assertThat(pool.get(bumped.hash())).contains(bumped);
    assertThat(pool.stats().replaced()).isEqualTo(1);
  }

  @Test
  void shouldRequireAStrictlyHigherFeeForReplacementEvenWithZeroBumpOrZeroFee() {
    TxPool zeroBump = new TxPool(new TxPoolConfig(10, 10, 0));
    zeroBump.add(tx(alice, 0, 7));
    TxPool zeroFee = new TxPool(new TxPoolConfig(10, 10, 10));
    zeroFee.add(tx(alice, 0, 0));

    assertThat(zeroBump.add(variant(alice, 0, 7)).status()).isEqualTo(AddStatus.UNDERPRICED);
    assertThat(zeroBump.add(tx(alice, 0, 8)).status()).isEqualTo(AddStatus.REPLACED);
    assertThat(zeroFee.add(variant(alice, 0, 0)).status()).isEqualTo(AddStatus.UNDERPRICED);
    assertThat(zeroFee.add(tx(alice, 0, 1)).status()).isEqualTo(AddStatus.REPLACED);
  }

  @Test
  void shouldNotOverflowWhenBumpingAHugeFee() {
    TxPool pool = new TxPool(TxPoolConfig.of(10));
    pool.add(tx(alice, 0, Long.MAX_VALUE - 1));

    assertThat(pool.add(tx(alice, 0, Long.MAX_VALUE)).status()).isEqualTo(AddStatus.REPLACED);
  }

  @Test
  void shouldEnforceThePerSenderLimit() {
    TxPool pool = new TxPool(new TxPoolConfig(10, 2, 10));
    pool.add(tx(alice, 0, 1));
    pool.add(tx(alice, 1, 1));

    AddResult third = pool.add(tx(alice, 2, 100));
    AddResult replacement = pool.add(tx(alice, 1, 50));

    assertThat(third.status()).isEqualTo(AddStatus.SENDER_LIMIT);
    assertThat(replacement.status()).isEqualTo(AddStatus.REPLACED);
    assertThat(pool.add(tx(bob, 0, 1)).status()).isEqualTo(AddStatus.ADDED);
  }

  @Test
  void shouldEvictTheCheapestSenderTailWhenFullAndTheNewTxPaysMore() {
    TxPool pool = new TxPool(TxPoolConfig.of(3));
    Tx alice0 = tx(alice, 0, 1); // cheapest overall, but alice1 sits above it
    Tx alice1 = tx(alice, 1, 5);
    Tx bob0 = tx(bob, 0, 3);
    pool.add(alice0);
    pool.add(alice1);
    pool.add(bob0);

    Tx carol0 = tx(carol, 0, 4);
    AddResult result = pool.add(carol0);

    // alice0 is cheaper but evicting it would strand alice1 behind a gap; bob0 is bob's tail.
    assertThat(result.status()).isEqualTo(AddStatus.ADDED);
    assertThat(result.displaced()).contains(bob0.hash());
    assertThat(pool.containsAll(List.of(alice0.hash(), alice1.hash(), carol0.hash()))).isTrue();
    assertThat(pool.stats().evicted()).isEqualTo(1);
  }

  @Test
  void shouldRejectAsUnderpricedWhenFullAndNotAboveTheCheapestEvictableFee() {
    TxPool pool = new TxPool(TxPoolConfig.of(2));
    pool.add(tx(alice, 0, 3));
    pool.add(tx(bob, 0, 3));

    AddResult equal = pool.add(tx(carol, 0, 3));

    assertThat(equal.status()).isEqualTo(AddStatus.UNDERPRICED);
    assertThat(pool.size()).isEqualTo(2);
    assertThat(pool.stats().rejected(AddStatus.UNDERPRICED)).isEqualTo(1);
  }

  @Test
  void shouldSkipTheSendersOwnLowerTailWhenLookingForTheCheapestEvictable() {
    TxPool pool = new TxPool(TxPoolConfig.of(3));
    Tx alice0 = tx(alice, 0, 1);
    Tx alice1 = tx(alice, 1, 1);
    pool.add(alice0);
    pool.add(alice1);
    pool.add(tx(bob, 0, 5));

    AddResult result = pool.add(tx(alice, 2, 4));

    // alice1 (fee 1) is cheaper, but evicting it would put alice2 behind a gap; bob0 pays 5.
    assertThat(result.status()).isEqualTo(AddStatus.UNDERPRICED);
    assertThat(result.reason()).contains("5");
    assertThat(pool.containsAll(List.of(alice0.hash(), alice1.hash()))).isTrue();
  }

  @Test
  void shouldNotEvictTheSendersOwnTailToAdmitAHigherNonceOfTheSameSender() {
    TxPool pool = new TxPool(TxPoolConfig.of(2));
    Tx alice0 = tx(alice, 0, 1);
    Tx alice1 = tx(alice, 1, 1);
    pool.add(alice0);
    pool.add(alice1);

    AddResult result = pool.add(tx(alice, 2, 100));

    assertThat(result.status()).isEqualTo(AddStatus.POOL_FULL);
    assertThat(pool.containsAll(List.of(alice0.hash(), alice1.hash()))).isTrue();
  }

  @Test
  void shouldEvictTheSendersOwnTailToAdmitALowerNonceThatFillsAGap() {
    TxPool pool = new TxPool(TxPoolConfig.of(2));
    Tx alice0 = tx(alice, 0, 1);
    Tx alice2 = tx(alice, 2, 1);
    pool.add(alice0);
    pool.add(alice2);

    Tx alice1 = tx(alice, 1, 2);
    AddResult result = pool.add(alice1);

    assertThat(result.status()).isEqualTo(AddStatus.ADDED);
    assertThat(result.displaced()).contains(alice2.hash());
    assertThat(pool.containsAll(List.of(alice0.hash(), alice1.hash()))).isTrue();
  }

  @Test
  void aTxThatCanBeIncludedNextEvictsAStrandedSendersTxWhateverTheFees() {
    TxPool pool = new TxPool(TxPoolConfig.of(3));
    // bob's account nonce is 4 and his nonce 4 never came: 5 and 6 wait behind it.
    Function<EthAddress, Long> nonces = sender -> sender.equals(bob) ? 4L : 0L;
    Tx bob5 = tx(bob, 5, 9);
    Tx bob6 = tx(bob, 6, 9);
    Tx carol0 = tx(carol, 0, 9);
    pool.add(bob5, nonces);
    pool.add(bob6, nonces);
    pool.add(carol0, nonces);

    Tx alice0 = tx(alice, 0, 1);
    AddResult result = pool.add(alice0, nonces);

    assertThat(result.status()).isEqualTo(AddStatus.ADDED);
    assertThat(result.displaced()).contains(bob6.hash());
    assertThat(result.reason()).contains("missing nonce");
    assertThat(pool.containsAll(List.of(bob5.hash(), carol0.hash(), alice0.hash()))).isTrue();
    assertThat(hashes(pool.selectForBlock(10, nonces)))
        .containsExactlyInAnyOrder(carol0.hash(), alice0.hash());
  }

  @Test
  void aStrandedTxGetsNoPrivilegeAndASenderWhoseNonceCameIsNoLongerStranded() {
    TxPool pool = new TxPool(TxPoolConfig.of(2));
    Function<EthAddress, Long> nonces = sender -> sender.equals(bob) ? 4L : 0L;
    pool.add(tx(bob, 5, 9), nonces);
    pool.add(tx(carol, 0, 9), nonces);

    // alice's nonce 1 cannot be included next either (her nonce 0 is not pooled).
    assertThat(pool.add(tx(alice, 1, 9), nonces).status()).isEqualTo(AddStatus.UNDERPRICED);

    // bob's account nonce reaches 5 (his nonce 4 was included elsewhere): bob5 is includable now,
    // so an includable tx no longer takes its place.
    Function<EthAddress, Long> later = sender -> sender.equals(bob) ? 5L : 0L;
    pool.pruneStale(later);
    assertThat(pool.add(tx(alice, 0, 9), later).status()).isEqualTo(AddStatus.UNDERPRICED);
    assertThat(pool.size()).isEqualTo(2);
  }

  @Test
  void shouldNeverOpenANonceGapThroughEvictionUnderRandomLoad() {
    TxPool pool = new TxPool(TxPoolConfig.of(50));
    List<EthAddress> senders = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      senders.add(random.address());
    }
    // A model of the pool's nonces per sender, kept from the add results alone.
    Map<EthAddress, TreeSet<Long>> model = new HashMap<>();
    Map<TxHash, Tx> known = new HashMap<>();
    int evictions = 0;
    for (int i = 0; i < 3_000; i++) {
      EthAddress sender = senders.get(random.random().nextInt(senders.size()));
      TreeSet<Long> nonces = model.computeIfAbsent(sender, s -> new TreeSet<>());
      // Senders submit the next nonce after what the pool holds for them: never a gap of their own.
      long nonce = nonces.isEmpty() ? 0 : nonces.last() + 1;
      Tx tx = tx(sender, nonce, random.random().nextInt(1_000));
      known.put(tx.hash(), tx);

      AddResult r = pool.add(tx);

      if (r.displaced().isPresent()) {
        Tx victim = known.get(r.displaced().get());
        TreeSet<Long> victimNonces = model.get(victim.payload().sender());
        assertThat(victim.payload().nonce())
            .as("an evicted tx must be the highest nonce of its sender")
            .isEqualTo(victimNonces.last());
        victimNonces.remove(victim.payload().nonce());
        evictions++;
      }
      if (r.accepted()) {
        nonces.add(nonce);
      }
      assertThat(pool.size()).isLessThanOrEqualTo(50);
    }

    assertThat(evictions).isGreaterThan(100);
    assertThat(pool.stats().evicted()).isEqualTo(evictions);
    assertGapFreeFromZero(pool);
  }

  private static void assertGapFreeFromZero(TxPool pool) {
    // Everything selectable with all account nonces at 0 is exactly the pool, if there are no gaps.
    List<Tx> all = pool.selectForBlock(Integer.MAX_VALUE, ALL_AT_ZERO);
    assertThat(all).hasSize(pool.size());
    Map<EthAddress, List<Long>> noncesBySender =
        all.stream()
            .collect(
                Collectors.groupingBy(
                    t -> t.payload().sender(),
                    Collectors.mapping(t -> t.payload().nonce(), Collectors.toList())));
    noncesBySender.forEach(
        (sender, nonces) -> {
          for (int i = 0; i < nonces.size(); i++) {
            assertThat(nonces.get(i)).as("nonce %d of %s", i, sender).isEqualTo((long) i);
          }
        });
  }

  @Test
  void shouldSelectByFeeButKeepEachSendersNonceOrder() {
    TxPool pool = new TxPool(TxPoolConfig.of(10));
    Tx alice0 = tx(alice, 0, 1);
    Tx alice1 = tx(alice, 1, 100); // pays most, but waits for alice0
    Tx bob0 = tx(bob, 0, 50);
    Tx carol0 = tx(carol, 0, 10);
    List.of(alice1, carol0, alice0, bob0).forEach(pool::add);

    List<Tx> selected = pool.selectForBlock(10, ALL_AT_ZERO);

    assertThat(selected).containsExactly(bob0, carol0, alice0, alice1);
  }

  @Test
  void shouldBreakFeeTiesByLowerHash() {
    TxPool pool = new TxPool(TxPoolConfig.of(10));
    List<Tx> txs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      txs.add(tx(random.address(), 0, 7));
    }
    List<Tx> shuffled = new ArrayList<>(txs);
    Collections.shuffle(shuffled, random.random());
    shuffled.forEach(pool::add);

    List<Tx> selected = pool.selectForBlock(10, ALL_AT_ZERO);

    assertThat(hashes(selected)).isSorted().hasSize(6);
  }

  @Test
  void shouldEvictTheHighestHashAmongEquallyCheapTails() {
    TxPool pool = new TxPool(TxPoolConfig.of(5));
    List<Tx> cheap = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Tx t = tx(random.address(), 0, 7);
      cheap.add(t);
      pool.add(t);
    }
    TxHash highest = cheap.stream().map(Tx::hash).max(Comparator.naturalOrder()).orElseThrow();

    AddResult result = pool.add(tx(random.address(), 0, 8));

    assertThat(result.status()).isEqualTo(AddStatus.ADDED);
    assertThat(result.displaced()).contains(highest);
  }

  @Test
  void shouldStartEachSenderAtItsAccountNonceAndStopAtTheFirstGap() {
    TxPool pool = new TxPool(TxPoolConfig.of(10));
    Tx alice3 = tx(alice, 3, 5);
    Tx alice4 = tx(alice, 4, 5);
    Tx alice6 = tx(alice, 6, 50); // after a gap at 5
    Tx bob1 = tx(bob, 1, 90); // bob's account nonce is 0: bob is skipped
    Tx carol0 = tx(carol, 0, 1); // stale: carol's account nonce is 1
    Tx carol1 = tx(carol, 1, 1);
    List.of(alice3, alice4, alice6, bob1, carol0, carol1).forEach(pool::add);
    Map<EthAddress, Long> accountNonces = Map.of(alice, 3L, bob, 0L, carol, 1L);

    List<Tx> selected = pool.selectForBlock(10, accountNonces::get);

    assertThat(selected).containsExactly(alice3, alice4, carol1);
  }

  @Test
  void shouldRespectTheSelectionLimitAndLeaveThePoolUnchanged() {
    TxPool pool = new TxPool(TxPoolConfig.of(10));
    for (int n = 0; n < 5; n++) {
      pool.add(tx(alice, n, 10 - n));
    }

    assertThat(pool.selectForBlock(3, ALL_AT_ZERO)).hasSize(3);
    assertThat(pool.selectForBlock(0, ALL_AT_ZERO)).isEmpty();
    assertThat(pool.size()).isEqualTo(5);
  }

  @Test
  void shouldRemoveIncludedTxsAndPruneStaleOnes() {
    TxPool pool = new TxPool(TxPoolConfig.of(10));
    Tx alice0 = tx(alice, 0, 1);
    Tx alice1 = tx(alice, 1, 1);
    Tx alice2 = tx(alice, 2, 1);
    Tx bob0 = tx(bob, 0, 1);
    List.of(alice0, alice1, alice2, bob0).forEach(pool::add);

    int removed = pool.remove(List.of(alice0.hash(), random.txHash()));
    int pruned = pool.pruneStale(Map.of(alice, 2L, bob, 0L)::get);

    assertThat(removed).isEqualTo(1);
    assertThat(pruned).isEqualTo(1); // alice1
    assertThat(pool.size()).isEqualTo(2);
    assertThat(pool.containsAll(List.of(alice2.hash(), bob0.hash()))).isTrue();
    TxPoolStats stats = pool.stats();
    assertThat(stats.removed()).isEqualTo(1);
    assertThat(stats.pruned()).isEqualTo(1);
    assertThat(stats.senders()).isEqualTo(2);
  }

  @Test
  void pruningNamedSendersLeavesTheOthersTxsAlone() {
    TxPool pool = new TxPool(TxPoolConfig.of(10));
    Tx alice0 = tx(alice, 0, 1);
    Tx alice1 = tx(alice, 1, 1);
    Tx bob0 = tx(bob, 0, 1);
    List.of(alice0, alice1, bob0).forEach(pool::add);
    Map<EthAddress, Long> nonces = Map.of(alice, 1L, bob, 1L);

    assertThat(pool.pruneStale(List.of(alice), nonces::get)).isEqualTo(1);
    assertThat(pool.contains(alice0.hash())).isFalse();
    assertThat(pool.containsAll(List.of(alice1.hash(), bob0.hash()))).isTrue();

    assertThat(pool.pruneStale(nonces::get)).isEqualTo(1);
    assertThat(pool.contains(bob0.hash())).isFalse();
    assertThat(pool.stats().pruned()).isEqualTo(2);
  }

  @Test
  void shouldReportMissingHashesInOrder() {
    TxPool pool = new TxPool(TxPoolConfig.of(10));
    Tx a = tx(alice, 0, 1);
    pool.add(a);
    TxHash x = random.txHash();
    TxHash y = random.txHash();

    assertThat(pool.missing(List.of(y, a.hash(), x, y))).containsExactly(y, x);
  }

  @Test
  void shouldKeepTheBoundUnderConcurrentAddsFromSeveralThreads() throws Exception {
    int threads = 8;
    int maxTxs = 100;
    TxPool pool = new TxPool(new TxPoolConfig(maxTxs, 20, 10));
    List<List<Tx>> perThread = new ArrayList<>();
    List<EthAddress> allSenders = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      List<Tx> txs = new ArrayList<>();
      for (int s = 0; s < 10; s++) {
        EthAddress sender = random.address();
        allSenders.add(sender);
        for (int n = 0; n < 30; n++) {
          txs.add(tx(sender, n, random.random().nextInt(10_000)));
        }
      }
      perThread.add(txs);
    }
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (List<Tx> txs : perThread) {
        futures.add(
            executor.submit(
                () -> {
                  start.await();
                  for (Tx tx : txs) {
                    pool.add(tx);
                    assertThat(pool.size()).isLessThanOrEqualTo(maxTxs);
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      executor.shutdownNow();
    }

    TxPoolStats stats = pool.stats();
    assertThat(pool.size()).isEqualTo(maxTxs);
    assertThat(stats.size()).isEqualTo(maxTxs);
    assertThat(stats.added() - stats.evicted()).isEqualTo(maxTxs);
    long rejected = stats.rejected().values().stream().mapToLong(Long::longValue).sum();
    assertThat(stats.added() + rejected).isEqualTo(threads * 10 * 30);
    for (EthAddress sender : allSenders) {
      long pooled =
          perThread.stream()
              .flatMap(List::stream)
              .filter(t -> t.payload().sender().equals(sender) && pool.contains(t.hash()))
              .count();
      assertThat(pooled).isLessThanOrEqualTo(20);
    }
  }

  @Test
  void shouldCompleteAwaitImmediatelyWhenAllTxsArePresent() {
    TxPool pool = new TxPool(TxPoolConfig.of(10));
    Tx a = tx(alice, 0, 1);
    Tx b = tx(bob, 0, 1);
    pool.add(a);
    pool.add(b);

    CompletableFuture<List<Tx>> future = pool.awaitTxs(List.of(b.hash(), a.hash()));

    assertThat(future).isCompletedWithValue(List.of(b, a));
    assertThat(pool.pendingWaits()).isZero();
  }

  @Test
  void shouldCompleteAwaitWhenTheLastMissingTxArrives() {
    TxPool pool = new TxPool(TxPoolConfig.of(10));
    Tx a = tx(alice, 0, 1);
    Tx b = tx(bob, 0, 1);
    Tx c = tx(carol, 0, 1);
    pool.add(b);

    CompletableFuture<List<Tx>> future = pool.awaitTxs(List.of(a.hash(), b.hash(), c.hash()));
    assertThat(future).isNotDone();
    pool.add(c);
    assertThat(future).isNotDone();
    pool.add(a);

    assertThat(future).isCompletedWithValue(List.of(a, b, c));
    assertThat(pool.pendingWaits()).isZero();
  }

  @Test
  void shouldCompleteAwaitWhenTheMissingTxArrivesAsAReplacement() {
    TxPool pool = new TxPool(TxPoolConfig.of(10));
    pool.add(tx(alice, 0, 1));
    Tx replacement = tx(alice, 0, 10);

    CompletableFuture<List<Tx>> future = pool.awaitTxs(List.of(replacement.hash()));
    pool.add(replacement);

    assertThat(future).isCompletedWithValue(List.of(replacement));
  }

  @Test
  void shouldTimeOutAwaitWithTheCallersDeadlineAndForgetTheWaiter() {
    TxPool pool = new TxPool(TxPoolConfig.of(10));
    Tx missing = tx(alice, 0, 1);

    CompletableFuture<List<Tx>> future =
        pool.awaitTxs(List.of(missing.hash())).orTimeout(50, TimeUnit.MILLISECONDS);

    assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(TimeoutException.class);
    assertThat(pool.pendingWaits()).isZero();
    assertThat(pool.add(missing).status()).isEqualTo(AddStatus.ADDED);
  }

  @Test
  void shouldForgetTheWaiterWhenTheCallerCancels() {
    TxPool pool = new TxPool(TxPoolConfig.of(10));
    CompletableFuture<List<Tx>> future = pool.awaitTxs(List.of(random.txHash(), random.txHash()));
    assertThat(pool.pendingWaits()).isEqualTo(2);

    future.cancel(false);

    assertThat(pool.pendingWaits()).isZero();
  }

  @Test
  @SuppressWarnings("FutureReturnValueIgnored") // the adds are checked through `future`
  void shouldCompleteAwaitFromAnotherThreadWithoutSleeping() throws Exception {
    TxPool pool = new TxPool(TxPoolConfig.of(100));
    List<Tx> txs = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      txs.add(tx(random.address(), 0, i));
    }
    CompletableFuture<List<Tx>> future = pool.awaitTxs(hashes(txs)).orTimeout(30, TimeUnit.SECONDS);

    ExecutorService executor = Executors.newFixedThreadPool(4);
    try {
      for (Tx tx : txs) {
        executor.submit(() -> pool.add(tx));
      }
      assertThat(future.get(30, TimeUnit.SECONDS)).containsExactlyElementsOf(txs);
    } finally {
      executor.shutdownNow();
    }
  }
}
