package dev.slotstream.core.pool;

import dev.slotstream.core.message.Tx;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.TxHash;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mempool: txs waiting for a block. The proposer selects from it; validators look up the txs a
 * proposal names by hash, and wait for the ones that have not arrived yet with {@link #awaitTxs}.
 *
 * <p>The pool does not verify signatures or balances: callers validate a tx before adding it. It
 * does keep every sender's txs keyed by nonce and never opens a nonce gap of its own making: when
 * full, it only evicts a tx that is the highest-nonce tx of its sender. A sender whose lowest
 * pooled nonce is above its account nonce is <em>stranded</em>: none of its txs can be included
 * until the missing nonces arrive. When full, a tx that can be included next evicts a stranded
 * sender's tx first, whatever their fees; otherwise a client that never resends a refused nonce
 * (an open-loop load generator) strands its later txs, and a pool full of them refuses every
 * includable tx while its proposer builds empty blocks.
 *
 * <p>Thread-safe. All state sits behind one lock; the operations are cheap map updates, and nonce
 * lookups (which may hit world state) and future completions run outside it.
 */
public final class TxPool {
  private static final Logger LOG = LoggerFactory.getLogger(TxPool.class);
  private static final BigInteger HUNDRED = BigInteger.valueOf(100);

  /** Block order: higher fee first, then lower hash, so every node picks the same order. */
  private static final Comparator<Entry> PRIORITY = TxPool::comparePriority;

  /** Eviction order: the exact reverse of {@link #PRIORITY}; the first element goes first. */
  private static final Comparator<Entry> EVICTION = (a, b) -> comparePriority(b, a);

  private final TxPoolConfig config;
  private final Object lock = new Object();

  // Guarded by lock.
  private final Map<TxHash, Entry> byHash = new HashMap<>();
  private final Map<EthAddress, TreeMap<Long, Entry>> bySender = new HashMap<>();

  /** The highest-nonce tx of every sender: the only txs eviction may take. */
  private final TreeSet<Entry> tails = new TreeSet<>(EVICTION);

  /** Each pooled sender's account nonce as last looked up (when it added a tx, or pruneStale). */
  private final Map<EthAddress, Long> knownNonces = new HashMap<>();

  /** Pooled senders whose lowest pooled nonce is above their known account nonce. */
  private final Set<EthAddress> stranded = new LinkedHashSet<>();

  private final Map<TxHash, List<Waiter>> waiters = new HashMap<>();
  private final EnumMap<AddStatus, Long> outcomes = new EnumMap<>(AddStatus.class);
  private long evicted;
  private long removed;
  private long pruned;

  public TxPool(TxPoolConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  public TxPoolConfig config() {
    return config;
  }

  /** Adds a tx without checking its nonce against account state. */
  public AddResult add(Tx tx) {
    return add(tx, sender -> 0L);
  }

  /**
   * Adds a tx. {@code nonceLookup} gives a sender's current account nonce (the nonce its next
   * included tx must have); a tx below it is rejected as {@link AddStatus#NONCE_TOO_LOW}.
   */
  public AddResult add(Tx tx, Function<EthAddress, Long> nonceLookup) {
    Objects.requireNonNull(tx, "tx");
    Objects.requireNonNull(nonceLookup, "nonceLookup");
    Entry entry = Entry.of(tx);
    long accountNonce = accountNonce(nonceLookup, entry.sender());
    List<Waiter> completed = new ArrayList<>();
    AddResult result;
    synchronized (lock) {
      result = addLocked(entry, accountNonce);
      outcomes.merge(result.status(), 1L, Long::sum);
      if (result.accepted()) {
        notifyWaiters(entry, completed);
      }
    }
    completed.forEach(Waiter::complete);
    if (!result.accepted()) {
      LOG.debug(
          "tx rejected hash={} status={} reason={}",
          entry.hash(),
          result.status(),
          result.reason());
    }
    return result;
  }

  private AddResult addLocked(Entry entry, long accountNonce) {
    EthAddress sender = entry.sender();
    knownNonces.merge(sender, accountNonce, Math::max);
    classify(sender);
    try {
      return addOrRefuse(entry, accountNonce);
    } finally {
      // A replacement of a sender's only tx forgets the sender on the way: know it again.
      if (bySender.containsKey(sender)) {
        knownNonces.merge(sender, accountNonce, Math::max);
      }
      classify(sender);
    }
  }

  private AddResult addOrRefuse(Entry entry, long accountNonce) {
    if (byHash.containsKey(entry.hash())) {
      return AddResult.of(AddStatus.DUPLICATE, "tx " + entry.hash() + " is already pooled");
    }
    if (entry.nonce() < accountNonce) {
      return AddResult.of(
          AddStatus.NONCE_TOO_LOW,
          "nonce " + entry.nonce() + " is below the account nonce " + accountNonce);
    }
    TreeMap<Long, Entry> senderTxs = bySender.get(entry.sender());
    Entry existing = senderTxs == null ? null : senderTxs.get(entry.nonce());
    if (existing != null) {
      long required = requiredReplacementFee(existing.fee());
      if (entry.fee() < required) {
        return AddResult.of(
            AddStatus.UNDERPRICED,
            "replacement fee "
                + entry.fee()
                + " is below "
                + required
                + " (fee "
                + existing.fee()
                + " of the pooled tx plus "
                + config.replacementBumpPercent()
                + "%, and strictly higher)");
      }
      removeEntry(existing);
      insertEntry(entry);
      return AddResult.of(
          AddStatus.REPLACED,
          "replaced tx " + existing.hash() + " (fee " + existing.fee() + ")",
          existing.hash());
    }
    if (senderTxs != null && senderTxs.size() >= config.maxTxsPerSender()) {
      return AddResult.of(
          AddStatus.SENDER_LIMIT,
          "sender " + entry.sender() + " already has " + senderTxs.size() + " pooled txs");
    }
    if (byHash.size() < config.maxTxs()) {
      insertEntry(entry);
      return AddResult.of(AddStatus.ADDED, "added");
    }
    Entry strandedVictim = strandedVictim(entry, senderTxs, accountNonce);
    if (strandedVictim != null) {
      return addEvicting(
          entry, strandedVictim, ", which waited behind a missing nonce of its sender");
    }
    Entry victim = evictionCandidate(entry);
    if (victim == null) {
      return AddResult.of(
          AddStatus.POOL_FULL,
          "pool is full (" + byHash.size() + " txs) and no tx can be evicted without a nonce gap");
    }
    if (entry.fee() <= victim.fee()) {
      return AddResult.of(
          AddStatus.UNDERPRICED,
          "pool is full and fee "
              + entry.fee()
              + " is not above the cheapest evictable fee "
              + victim.fee());
    }
    return addEvicting(entry, victim, " (fee " + victim.fee() + ")");
  }

  /** Adds {@code entry} in place of {@code victim}; {@code why} ends the result's reason. */
  private AddResult addEvicting(Entry entry, Entry victim, String why) {
    removeEntry(victim);
    evicted++;
    insertEntry(entry);
    LOG.debug(
        "tx evicted hash={} fee={} for hash={} fee={}",
        victim.hash(),
        victim.fee(),
        entry.hash(),
        entry.fee());
    return AddResult.of(
        AddStatus.ADDED, "added after evicting tx " + victim.hash() + why, victim.hash());
  }

  /**
   * The cheapest tx that is its sender's highest nonce. The incoming tx's own sender's tail is only
   * a candidate if it sits above the incoming nonce: evicting it to admit a higher nonce would
   * leave the new tx behind a gap.
   */
  private Entry evictionCandidate(Entry incoming) {
    for (Entry tail : tails) {
      if (tail.sender().equals(incoming.sender()) && tail.nonce() < incoming.nonce()) {
        continue; // at most one tail per sender, so this loop looks at two entries at most
      }
      return tail;
    }
    return null;
  }

  /**
   * When the incoming tx can be included next (its nonce is its sender's account nonce, or follows
   * the sender's includable pooled txs): the highest-nonce tx of a stranded sender, oldest stranded
   * first; else null.
   */
  private Entry strandedVictim(Entry incoming, TreeMap<Long, Entry> senderTxs, long accountNonce) {
    boolean includable =
        incoming.nonce() == accountNonce
            || (senderTxs != null
                && senderTxs.containsKey(incoming.nonce() - 1)
                && !stranded.contains(incoming.sender()));
    if (!includable) {
      return null;
    }
    for (EthAddress sender : stranded) {
      if (!sender.equals(incoming.sender())) {
        return bySender.get(sender).lastEntry().getValue();
      }
    }
    return null;
  }

  /** Whether {@code sender} is stranded, after its txs or its known account nonce changed. */
  private void classify(EthAddress sender) {
    TreeMap<Long, Entry> senderTxs = bySender.get(sender);
    if (senderTxs == null) {
      stranded.remove(sender);
      knownNonces.remove(sender);
    } else if (senderTxs.firstKey() > knownNonces.getOrDefault(sender, 0L)) {
      stranded.add(sender);
    } else {
      stranded.remove(sender);
    }
  }

  private long requiredReplacementFee(long oldFee) {
    BigInteger bumped =
        BigInteger.valueOf(oldFee)
            .multiply(BigInteger.valueOf(100L + config.replacementBumpPercent()))
            .add(BigInteger.valueOf(99))
            .divide(HUNDRED);
    BigInteger required = bumped.max(BigInteger.valueOf(oldFee).add(BigInteger.ONE));
    return required.bitLength() < 64 ? required.longValue() : Long.MAX_VALUE;
  }

  @SuppressWarnings("ReferenceEquality") // the same pooled Entry object, on purpose
  private void insertEntry(Entry entry) {
    TreeMap<Long, Entry> senderTxs = bySender.computeIfAbsent(entry.sender(), s -> new TreeMap<>());
    Entry oldTail = senderTxs.isEmpty() ? null : senderTxs.lastEntry().getValue();
    senderTxs.put(entry.nonce(), entry);
    byHash.put(entry.hash(), entry);
    Entry newTail = senderTxs.lastEntry().getValue();
    if (newTail != oldTail) {
      if (oldTail != null) {
        tails.remove(oldTail);
      }
      tails.add(newTail);
    }
    classify(entry.sender());
  }

  @SuppressWarnings("ReferenceEquality") // the same pooled Entry object, on purpose
  private void removeEntry(Entry entry) {
    TreeMap<Long, Entry> senderTxs = bySender.get(entry.sender());
    Entry oldTail = senderTxs.lastEntry().getValue();
    senderTxs.remove(entry.nonce());
    byHash.remove(entry.hash());
    if (oldTail == entry) {
      tails.remove(entry);
      if (!senderTxs.isEmpty()) {
        tails.add(senderTxs.lastEntry().getValue());
      }
    }
    if (senderTxs.isEmpty()) {
      bySender.remove(entry.sender());
    }
    classify(entry.sender());
  }

  /**
   * Up to {@code maxTxs} txs for a block: highest fee first (ties by lower hash), but each sender's
   * txs in consecutive nonce order starting exactly at its account nonce. A sender whose lowest
   * pending nonce is not its account nonce contributes nothing; a sender's chain stops at its first
   * gap. Does not remove anything: call {@link #remove} once the block is final.
   */
  public List<Tx> selectForBlock(int maxTxs, Function<EthAddress, Long> nonceLookup) {
    if (maxTxs < 0) {
      throw new IllegalArgumentException("maxTxs must be non-negative, got " + maxTxs);
    }
    Objects.requireNonNull(nonceLookup, "nonceLookup");
    if (maxTxs == 0) {
      return List.of();
    }
    // The senders' account nonces are read outside the lock (a state lookup each); the selection
    // itself walks the pooled maps under it, copying nothing but the heads and the chosen txs.
    // Why: it copied the whole pool per block, and under bin/load (1,000 tx/s, ~20,000 txs pooled)
    // that copy, the heap of every sender's head and the nonce lookups were half of the proposer
    // job's CPU samples, more than executing the block.
    List<EthAddress> senders;
    synchronized (lock) {
      senders = new ArrayList<>(bySender.keySet());
    }
    long[] nonces = new long[senders.size()];
    for (int i = 0; i < nonces.length; i++) {
      nonces[i] = accountNonce(nonceLookup, senders.get(i));
    }
    List<Tx> out = new ArrayList<>();
    synchronized (lock) {
      List<Entry> heads = new ArrayList<>(senders.size());
      for (int i = 0; i < nonces.length; i++) {
        TreeMap<Long, Entry> txs = bySender.get(senders.get(i));
        Entry head = txs == null ? null : txs.get(nonces[i]);
        if (head != null) {
          heads.add(head);
        }
      }
      PriorityQueue<Entry> queue = new PriorityQueue<>(Math.max(1, heads.size()), PRIORITY);
      queue.addAll(heads);
      while (out.size() < maxTxs && !queue.isEmpty()) {
        Entry head = queue.poll();
        out.add(head.tx());
        Entry next = bySender.get(head.sender()).get(head.nonce() + 1);
        if (next != null) {
          queue.add(next);
        }
      }
    }
    return out;
  }

  public Optional<Tx> get(TxHash hash) {
    synchronized (lock) {
      Entry e = byHash.get(hash);
      return e == null ? Optional.empty() : Optional.of(e.tx());
    }
  }

  public boolean contains(TxHash hash) {
    synchronized (lock) {
      return byHash.containsKey(hash);
    }
  }

  public boolean containsAll(Collection<TxHash> hashes) {
    synchronized (lock) {
      return byHash.keySet().containsAll(hashes);
    }
  }

  /** The hashes of {@code hashes} not in the pool, in their given order (duplicates once). */
  public List<TxHash> missing(Collection<TxHash> hashes) {
    synchronized (lock) {
      List<TxHash> out = new ArrayList<>();
      for (TxHash h : new LinkedHashSet<>(hashes)) {
        if (!byHash.containsKey(h)) {
          out.add(h);
        }
      }
      return out;
    }
  }

  /** Removes the given txs (typically once included in a block); returns how many were pooled. */
  public int remove(Collection<TxHash> hashes) {
    synchronized (lock) {
      int n = 0;
      for (TxHash h : hashes) {
        Entry e = byHash.get(h);
        if (e != null) {
          removeEntry(e);
          n++;
        }
      }
      removed += n;
      return n;
    }
  }

  /** Drops every tx whose nonce is below its sender's account nonce; returns how many. */
  public int pruneStale(Function<EthAddress, Long> nonceLookup) {
    Objects.requireNonNull(nonceLookup, "nonceLookup");
    Set<EthAddress> senders;
    synchronized (lock) {
      senders = Set.copyOf(bySender.keySet());
    }
    return pruneStale(senders, nonceLookup);
  }

  /**
   * {@link #pruneStale(Function)} for {@code senders} only (say, those a commit's txs came from: no
   * other account nonce moved). Returns how many txs it dropped.
   */
  public int pruneStale(Collection<EthAddress> senders, Function<EthAddress, Long> nonceLookup) {
    Objects.requireNonNull(senders, "senders");
    Objects.requireNonNull(nonceLookup, "nonceLookup");
    Map<EthAddress, Long> accountNonces = new HashMap<>();
    for (EthAddress sender : senders) {
      accountNonces.put(sender, accountNonce(nonceLookup, sender));
    }
    synchronized (lock) {
      int n = 0;
      for (Map.Entry<EthAddress, Long> e : accountNonces.entrySet()) {
        TreeMap<Long, Entry> senderTxs = bySender.get(e.getKey());
        if (senderTxs == null) {
          continue;
        }
        knownNonces.merge(e.getKey(), e.getValue(), Math::max);
        for (Entry stale : List.copyOf(senderTxs.headMap(e.getValue(), false).values())) {
          removeEntry(stale);
          n++;
        }
        classify(e.getKey());
      }
      pruned += n;
      return n;
    }
  }

  public int size() {
    synchronized (lock) {
      return byHash.size();
    }
  }

  /**
   * A future that completes with the txs for {@code hashes}, in the given order, as soon as all of
   * them have been pooled (immediately if they already are). Each tx is captured when it arrives,
   * so a later removal does not undo it. The future never times out by itself: the caller applies
   * its deadline ({@code orTimeout} / {@code completeOnTimeout}); once the future is completed or
   * cancelled, the pool forgets the waiter.
   */
  @SuppressWarnings("FutureReturnValueIgnored") // whenComplete only forgets the waiter
  public CompletableFuture<List<Tx>> awaitTxs(List<TxHash> hashes) {
    Objects.requireNonNull(hashes, "hashes");
    Waiter waiter = new Waiter(hashes);
    synchronized (lock) {
      for (TxHash h : waiter.wanted) {
        Entry e = byHash.get(h);
        if (e != null) {
          waiter.found.put(h, e.tx());
        } else {
          waiters.computeIfAbsent(h, k -> new ArrayList<>()).add(waiter);
        }
      }
    }
    if (waiter.isSatisfied()) {
      waiter.complete();
    } else {
      waiter.future.whenComplete((txs, error) -> forget(waiter));
    }
    return waiter.future;
  }

  /**
   * Each of {@code txs}, or the pooled tx equal to it. A validator keeps the txs of the checkpoints
   * within rollback reach (64,000 at 2,000 tx/s on 2 s slots), and those were the proposals' decoded
   * copies, held beside the pooled ones until the pool let go of its own.
   */
  public List<Tx> pooledInstances(List<Tx> txs) {
    List<Tx> out = new ArrayList<>(txs.size());
    synchronized (lock) {
      for (Tx tx : txs) {
        Entry e = byHash.get(tx.hash());
        out.add(e != null && e.tx().equals(tx) ? e.tx() : tx);
      }
    }
    return out;
  }

  private void forget(Waiter waiter) {
    synchronized (lock) {
      for (TxHash h : waiter.wanted) {
        List<Waiter> list = waiters.get(h);
        if (list != null) {
          list.remove(waiter);
          if (list.isEmpty()) {
            waiters.remove(h);
          }
        }
      }
    }
  }

  private void notifyWaiters(Entry entry, List<Waiter> completed) {
    List<Waiter> list = waiters.remove(entry.hash());
    if (list == null) {
      return;
    }
    for (Waiter w : list) {
      w.found.put(entry.hash(), entry.tx());
      if (w.isSatisfied()) {
        completed.add(w);
      }
    }
  }

  /** The number of pending {@link #awaitTxs} registrations (per missing hash); for tests. */
  int pendingWaits() {
    synchronized (lock) {
      int n = 0;
      for (List<Waiter> l : waiters.values()) {
        n += l.size();
      }
      return n;
    }
  }

  public TxPoolStats stats() {
    synchronized (lock) {
      Map<AddStatus, Long> rejected = new EnumMap<>(AddStatus.class);
      for (AddStatus s : AddStatus.values()) {
        if (!s.accepted()) {
          rejected.put(s, outcomes.getOrDefault(s, 0L));
        }
      }
      return new TxPoolStats(
          byHash.size(),
          bySender.size(),
          outcomes.getOrDefault(AddStatus.ADDED, 0L),
          outcomes.getOrDefault(AddStatus.REPLACED, 0L),
          rejected,
          evicted,
          removed,
          pruned);
    }
  }

  private static long accountNonce(Function<EthAddress, Long> nonceLookup, EthAddress sender) {
    Long nonce = nonceLookup.apply(sender);
    return nonce == null ? 0L : nonce;
  }

  // Written out rather than composed from Comparator.comparing...: the tails set compares on every
  // pooled tx, mostly between equal fees, and a validator's profile under load had insertEntry,
  // mostly the composed comparator's lambdas and whole-hash compares, at ~29% of its tx listener's
  // samples.
  private static int comparePriority(Entry a, Entry b) {
    if (a.fee != b.fee) {
      return a.fee > b.fee ? -1 : 1;
    }
    if (a.hashHead != b.hashHead) {
      return Long.compareUnsigned(a.hashHead, b.hashHead);
    }
    return a.hash.compareTo(b.hash);
  }

  /**
   * A pooled tx with its hash and ordering keys computed once (hashing is not free); {@code
   * hashHead} is the hash's first 8 bytes, big-endian, which order like the whole hash wherever they
   * differ.
   */
  private record Entry(Tx tx, TxHash hash, EthAddress sender, long nonce, long fee, long hashHead) {
    static Entry of(Tx tx) {
      TxHash hash = tx.hash();
      return new Entry(
          tx,
          hash,
          tx.payload().sender(),
          tx.payload().nonce(),
          tx.payload().fee(),
          hash.value().longAt(0));
    }
  }

  private static final class Waiter {
    final List<TxHash> requested;
    final Set<TxHash> wanted;
    final Map<TxHash, Tx> found = new LinkedHashMap<>();
    final CompletableFuture<List<Tx>> future = new CompletableFuture<>();

    Waiter(List<TxHash> requested) {
      this.requested = List.copyOf(requested);
      this.wanted = new LinkedHashSet<>(this.requested);
    }

    boolean isSatisfied() {
      return found.size() == wanted.size();
    }

    void complete() {
      List<Tx> out = new ArrayList<>(requested.size());
      for (TxHash h : requested) {
        out.add(found.get(h));
      }
      future.complete(List.copyOf(out));
    }
  }
}
