package dev.slotstream.node.chain;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.slotstream.core.duty.DaemonThreads;
import dev.slotstream.core.lifecycle.BlockEvent;
import dev.slotstream.core.lifecycle.CheckpointEvent;
import dev.slotstream.core.lifecycle.LandedEvent;
import dev.slotstream.core.lifecycle.TxLifecycle;
import dev.slotstream.core.lifecycle.TxLifecycleListener;
import dev.slotstream.core.lifecycle.TxStatus;
import dev.slotstream.core.types.BlockNumber;
import dev.slotstream.core.types.TxHash;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events from the node's {@link TxLifecycle}: a tx's stage changes to whoever follows
 * that tx (until its last stage on this node: ON_L1 where the node follows L1, else CHECKPOINTED;
 * or REJECTED), and each block (PROPOSED as broadcast or received, EXECUTED), each final checkpoint
 * and each checkpoint seen on L1 to whoever follows the chain. Events are written by one thread of their own, from a bounded queue,
 * so a slow client never holds up a job or a consumer: when the queue is full an event is dropped
 * and counted ({@value #DROPPED}).
 */
final class LifecycleEventStream implements TxLifecycleListener, AutoCloseable {
  static final String DROPPED = "slotstream.tx.events.dropped";

  private final TxLifecycle lifecycle;
  private final Duration timeout;
  private final int maxTxSubscriptions;
  private final ThreadPoolExecutor sender;
  private final Counter dropped;
  private final Set<SseEmitter> chain = ConcurrentHashMap.newKeySet();
  private final Map<TxHash, Set<SseEmitter>> byTx = new ConcurrentHashMap<>();
  private final AtomicInteger txSubscriptions = new AtomicInteger();

  LifecycleEventStream(
      TxLifecycle lifecycle,
      Duration timeout,
      int maxTxSubscriptions,
      int queueCapacity,
      MeterRegistry registry) {
    this.lifecycle = lifecycle;
    this.timeout = timeout;
    this.maxTxSubscriptions = maxTxSubscriptions;
    this.sender =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(queueCapacity),
            DaemonThreads.named("slotstream-tx-events"),
            (r, executor) -> {
              throw new RejectedExecutionException("event queue full");
            });
    this.dropped =
        Counter.builder(DROPPED)
            .description("Server-sent events dropped because the send queue was full")
            .register(registry);
    lifecycle.addListener(this);
  }

  /** Blocks and final checkpoints from now on. */
  SseEmitter followChain() {
    SseEmitter emitter = new SseEmitter(timeout.toMillis());
    chain.add(emitter);
    Runnable remove = () -> chain.remove(emitter);
    emitter.onCompletion(remove);
    emitter.onTimeout(remove);
    emitter.onError(e -> remove.run());
    return emitter;
  }

  /**
   * The tx's stage now (if this node knows it), then each change until a final stage.
   *
   * @return empty when this node already follows as many txs as it allows
   */
  Optional<SseEmitter> followTx(TxHash hash) {
    if (txSubscriptions.incrementAndGet() > maxTxSubscriptions) {
      txSubscriptions.decrementAndGet();
      return Optional.empty();
    }
    SseEmitter emitter = new SseEmitter(timeout.toMillis());
    byTx.computeIfAbsent(hash, h -> ConcurrentHashMap.newKeySet()).add(emitter);
    Runnable remove =
        () -> {
          Set<SseEmitter> set = byTx.get(hash);
          if (set != null && set.remove(emitter)) {
            txSubscriptions.decrementAndGet();
            byTx.computeIfPresent(hash, (h, s) -> s.isEmpty() ? null : s);
          }
        };
    emitter.onCompletion(remove);
    emitter.onTimeout(remove);
    emitter.onError(e -> remove.run());
    // Read when sent, after the subscription exists: no change can fall between the two.
    enqueue(() -> lifecycle.status(hash).ifPresent(s -> sendStage(List.of(emitter), s)));
    return Optional.of(emitter);
  }

  @Override
  public void onStage(TxStatus status) {
    Set<SseEmitter> followers = byTx.get(status.hash());
    if (followers != null && !followers.isEmpty()) {
      List<SseEmitter> targets = List.copyOf(followers);
      enqueue(() -> sendStage(targets, status));
    }
  }

  @Override
  public void onBlock(BlockEvent block) {
    if (!chain.isEmpty()) {
      // Viewed on the sender: a block's tx hashes in hex took ~2% of a loaded validator's job
      // thread, which re-executes the next block meanwhile (docs/BENCHMARKS.md, Run 13).
      enqueue(() -> send(List.copyOf(chain), "block", BlockView.of(block)));
    }
  }

  @Override
  public void onCheckpoint(CheckpointEvent checkpoint) {
    if (!chain.isEmpty()) {
      CheckpointView view = CheckpointView.of(checkpoint);
      enqueue(() -> send(List.copyOf(chain), "checkpoint", view));
    }
  }

  @Override
  public void onLanded(LandedEvent landed) {
    if (!chain.isEmpty()) {
      LandedView view = LandedView.of(landed);
      enqueue(() -> send(List.copyOf(chain), "l1", view));
    }
  }

  private void sendStage(List<SseEmitter> targets, TxStatus status) {
    send(targets, "stage", TxStatusView.of(status));
    if (lifecycle.isFinal(status.stage())) {
      targets.forEach(SseEmitter::complete);
    }
  }

  private void enqueue(Runnable task) {
    try {
      sender.execute(task);
    } catch (RejectedExecutionException e) {
      dropped.increment();
    }
  }

  private static void send(List<SseEmitter> targets, String name, Object data) {
    for (SseEmitter emitter : targets) {
      try {
        emitter.send(SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON));
      } catch (IOException | IllegalStateException e) {
        // The client went away; the emitter's completion callback unsubscribes it.
        emitter.completeWithError(e);
      }
    }
  }

  @Override
  public void close() {
    lifecycle.removeListener(this);
    sender.shutdownNow();
    chain.forEach(SseEmitter::complete);
    byTx.values().forEach(s -> s.forEach(SseEmitter::complete));
  }

  /** {@code event: block}: one block as this node met it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record BlockView(
      String stage, long slot, long block, int index, int txs, List<String> txHashes, String at) {
    static BlockView of(BlockEvent b) {
      return new BlockView(
          b.stage().name(),
          b.slot().value(),
          b.block().value(),
          b.index(),
          b.txHashes().size(),
          b.txHashes().stream().map(TxHash::toString).toList(),
          b.at().toString());
    }
  }

  /** {@code event: checkpoint}: a checkpoint that reached quorum and is this node's tip. */
  record CheckpointView(long slot, long checkpoint, List<Long> blocks, int txs, String at) {
    static CheckpointView of(CheckpointEvent c) {
      return new CheckpointView(
          c.slot().value(),
          c.checkpoint().value(),
          c.blocks().stream().map(BlockNumber::value).toList(),
          c.txs(),
          c.at().toString());
    }
  }

  /** {@code event: l1}: a checkpoint this node holds, seen on L1 by its follower. */
  record LandedView(
      long slot,
      long checkpoint,
      long l1Block,
      String l1BlockHash,
      String l1TxHash,
      int txs,
      String at) {
    static LandedView of(LandedEvent e) {
      return new LandedView(
          e.slot().value(),
          e.landing().checkpoint().value(),
          e.landing().l1Block(),
          e.landing().l1BlockHash().toString(),
          e.landing().l1TxHash().toString(),
          e.txs(),
          e.at().toString());
    }
  }
}
