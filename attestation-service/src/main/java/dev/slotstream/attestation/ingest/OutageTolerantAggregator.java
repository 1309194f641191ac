package dev.slotstream.attestation.ingest;

import dev.slotstream.core.attestation.AddOutcome;
import dev.slotstream.core.attestation.AttestationAggregator;
import dev.slotstream.core.attestation.AttestationAggregator.Aggregation;
import dev.slotstream.core.attestation.InMemoryAttestationPool;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.SlotNumber;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attestation pool path that survives a Redis outage. While the shared (Redis) pool answers,
 * every attestation goes there. When a call fails, the service goes <em>local</em>: attestations
 * are validated and pooled in memory (so a quorum reachable from what arrives during the outage is
 * still claimed, and emitted, within its slot) and kept in a bounded buffer. The consumer does not
 * call Redis again while it is away (that would hold it on timeouts): {@link OutageReplayer}'s
 * thread probes it every {@code probeInterval} by replaying the buffer in arrival order. A replay
 * re-validates each attestation at the replay instant, so one whose window has closed is dropped
 * without a Redis call: after the outage the consumer is current again at once. Every quorum
 * claimed while the buffer is not empty, in memory or by the replay in Redis, is registered
 * under the lock, and only the first claim of a checkpoint is emitted: each checkpoint is emitted
 * once by this instance.
 *
 * <p>Several instances in local mode at once could each emit a checkpoint that only Redis would
 * have claimed once; attestations of one slot share a partition, hence an instance, so this needs
 * a rebalance during the outage.
 */
public final class OutageTolerantAggregator {
  private static final Logger LOG = LoggerFactory.getLogger(OutageTolerantAggregator.class);

  private final AttestationAggregator shared;
  private final AttestationAggregator local;
  private final InMemoryAttestationPool localPool;
  private final int bufferCapacity;
  private final Duration probeInterval;
  private final Clock clock;
  private final Object lock = new Object();
  private final Deque<CheckpointAttestation> buffer = new ArrayDeque<>();
  private final Set<Claimed> claimed = new HashSet<>();
  private volatile boolean localMode;
  // Elapsed time (System.nanoTime), not the protocol clock: it only paces the probes.
  private long nextProbeNanos;
  private long dropped;
  private long skippedStale;

  private record Claimed(SlotNumber slot, Bytes32 proposalPayloadHash) {}

  /** What one attestation produced, and whether the in-memory pool took it. */
  public record Step(Aggregation aggregation, boolean local) {}

  /** A quorum completed by replaying the buffer into the shared pool: the caller emits it. */
  public record ReplayedQuorum(CheckpointQuorum quorum, AddOutcome outcome) {}

  public OutageTolerantAggregator(
      AttestationAggregator shared,
      RollupContext context,
      int slotCapacityPerMember,
      int bufferCapacity,
      Duration probeInterval,
      Clock clock) {
    if (bufferCapacity < 1) {
      throw new IllegalArgumentException("buffer capacity must be positive");
    }
    this.shared = shared;
    this.localPool = new InMemoryAttestationPool();
    this.local = new AttestationAggregator(context, localPool, slotCapacityPerMember);
    this.bufferCapacity = bufferCapacity;
    this.probeInterval = probeInterval;
    this.clock = clock;
  }

  public Step add(CheckpointAttestation attestation, Instant arrival) {
    while (true) {
      if (!localMode) {
        try {
          return new Step(shared.add(attestation, arrival), false);
        } catch (RuntimeException e) {
          enterLocalMode(e);
        }
      }
      synchronized (lock) {
        // Back to Redis meanwhile (the replay emptied the buffer): go there, never to a buffer
        // nobody replays.
        if (localMode) {
          return new Step(addLocally(attestation, arrival), true);
        }
      }
    }
  }

  private Aggregation addLocally(CheckpointAttestation attestation, Instant arrival) {
    Aggregation aggregation = local.add(attestation, arrival);
    if (!aggregation.validation().isValid()) {
      return aggregation;
    }
    if (buffer.size() >= bufferCapacity) {
      buffer.removeFirst();
      dropped++;
    }
    buffer.addLast(attestation);
    localPool.pruneBefore(SlotNumber.of(Math.max(0, attestation.slotNumber().value() - 2)));
    if (aggregation.quorum().isPresent()) {
      CheckpointQuorum q = aggregation.quorum().get();
      if (!claimed.add(new Claimed(q.slotNumber(), q.proposalPayloadHash()))) {
        // The replay claimed it in Redis first: that one is emitted.
        return new Aggregation(aggregation.validation(), aggregation.added(), Optional.empty());
      }
    }
    return aggregation;
  }

  /**
   * If the pool is away and a probe is due, replays the buffer into it (Redis calls outside the
   * lock, so the consumer keeps pooling in memory meanwhile) and returns the quorums the replay
   * completed that nobody here claimed yet. Back in shared mode once the buffer is empty.
   */
  public List<ReplayedQuorum> replayIfDue() {
    List<ReplayedQuorum> quorums = new ArrayList<>();
    synchronized (lock) {
      if (!localMode || System.nanoTime() - nextProbeNanos < 0) {
        return quorums;
      }
    }
    int replayed = 0;
    long skippedBefore;
    synchronized (lock) {
      skippedBefore = skippedStale;
    }
    while (true) {
      CheckpointAttestation next;
      synchronized (lock) {
        next = buffer.peekFirst();
        if (next == null) {
          localMode = false;
          claimed.clear();
          localPool.pruneBefore(SlotNumber.of(Long.MAX_VALUE));
          LOG.info(
              "attestation pool back: replayed={} skippedStale={} dropped={} quorumsFromReplay={}",
              replayed,
              skippedStale - skippedBefore,
              dropped,
              quorums.size());
          return quorums;
        }
      }
      Aggregation aggregation;
      try {
        aggregation = shared.add(next, clock.instant());
      } catch (RuntimeException e) {
        synchronized (lock) {
          nextProbeNanos = System.nanoTime() + probeInterval.toNanos();
        }
        LOG.debug("attestation pool still unavailable: {}", e.toString());
        return quorums;
      }
      synchronized (lock) {
        // A full buffer may have pushed it out meanwhile; only then is the head another one.
        if (java.util.Objects.equals(buffer.peekFirst(), next)) {
          buffer.removeFirst();
        }
        if (!aggregation.validation().isValid()) {
          skippedStale++;
          continue;
        }
        replayed++;
        Optional<CheckpointQuorum> quorum = aggregation.quorum();
        if (quorum.isPresent()
            && claimed.add(
                new Claimed(quorum.get().slotNumber(), quorum.get().proposalPayloadHash()))) {
          quorums.add(new ReplayedQuorum(quorum.get(), aggregation.added().orElseThrow()));
        }
      }
    }
  }

  /** Gives back a claim whose quorum could not be published, to the pool that granted it. */
  public void release(CheckpointQuorum quorum, AddOutcome outcome, boolean wasLocal) {
    synchronized (lock) {
      claimed.remove(new Claimed(quorum.slotNumber(), quorum.proposalPayloadHash()));
      if (wasLocal) {
        local.release(quorum, outcome);
        return;
      }
    }
    shared.release(quorum, outcome);
  }

  public boolean isLocal() {
    return localMode;
  }

  public int buffered() {
    synchronized (lock) {
      return buffer.size();
    }
  }

  /** Attestations pushed out of a full buffer (never replayed). */
  public long dropped() {
    synchronized (lock) {
      return dropped;
    }
  }

  /** Buffered attestations whose window had closed by the replay (skipped without a Redis call). */
  public long skippedStale() {
    synchronized (lock) {
      return skippedStale;
    }
  }

  private void enterLocalMode(RuntimeException cause) {
    synchronized (lock) {
      if (localMode) {
        return;
      }
      localMode = true;
      nextProbeNanos = System.nanoTime() + probeInterval.toNanos();
    }
    LOG.warn(
        "attestation pool unavailable ({}): pooling in memory, buffering up to {} attestations for"
            + " replay",
        cause.toString(),
        bufferCapacity);
  }
}
