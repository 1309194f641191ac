package dev.slotstream.attestation.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.attestation.testing.ForwardingAttestationPool;
import dev.slotstream.attestation.testing.TestClock;
import dev.slotstream.core.attestation.AttestationAggregator;
import dev.slotstream.core.testing.AttestationFixtures;
import dev.slotstream.core.testing.AttestationFixtures.Checkpoint;
import dev.slotstream.core.types.SlotNumber;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The outage path over a shared pool that is switched off and on like Redis (an in-memory pool that
 * throws while "down"), with a zero probe interval so every replay is due.
 */
class OutageTolerantAggregatorTest {
  static final AttestationFixtures FIXTURES = new AttestationFixtures(5);

  /** The shared pool: the in-memory one, failing every call while down. */
  static final class SwitchablePool extends ForwardingAttestationPool {
    volatile boolean down;

    @Override
    protected void before() {
      if (down) {
        throw new IllegalStateException("pool down");
      }
    }
  }

  final SwitchablePool shared = new SwitchablePool();
  final TestClock clock = new TestClock(FIXTURES.inside(SlotNumber.of(40)));
  final OutageTolerantAggregator aggregator =
      new OutageTolerantAggregator(
          new AttestationAggregator(FIXTURES.network().context(), shared, 2),
          FIXTURES.network().context(),
          2,
          3,
          Duration.ZERO,
          clock);

  private OutageTolerantAggregator.Step add(Checkpoint cp, int key) {
    return aggregator.add(FIXTURES.attest(cp, FIXTURES.keys().get(key)), clock.instant());
  }

  @Test
  void shouldClaimAQuorumInMemoryOnceAndNotAgainWhenTheReplayCompletesItInTheSharedPool() {
    Checkpoint cp = FIXTURES.checkpoint(SlotNumber.of(40));
    shared.down = true;
    assertThat(add(cp, 0).local()).isTrue();
    assertThat(add(cp, 1).aggregation().quorum()).isEmpty();
    OutageTolerantAggregator.Step third = add(cp, 2);
    assertThat(third.local()).isTrue();
    assertThat(third.aggregation().quorum()).isPresent();
    assertThat(aggregator.replayIfDue()).isEmpty(); // still down

    shared.down = false;
    // The replay brings the shared pool to the quorum, whose claim it keeps: not emitted again.
    assertThat(aggregator.replayIfDue()).isEmpty();
    assertThat(aggregator.isLocal()).isFalse();
    assertThat(shared.attestations(cp.slot())).hasSize(3);
    OutageTolerantAggregator.Step fourth = add(cp, 3);
    assertThat(fourth.local()).isFalse();
    assertThat(fourth.aggregation().quorum()).isEmpty();
  }

  @Test
  void shouldEmitFromTheReplayAQuorumThatOnlyTheSharedPoolAndTheBufferTogetherReach() {
    Checkpoint cp = FIXTURES.checkpoint(SlotNumber.of(40));
    add(cp, 0);
    add(cp, 1);
    shared.down = true;
    assertThat(add(cp, 2).aggregation().quorum()).isEmpty(); // alone in memory
    shared.down = false;
    List<OutageTolerantAggregator.ReplayedQuorum> replayed = aggregator.replayIfDue();
    assertThat(replayed).hasSize(1);
    assertThat(replayed.get(0).quorum().attestations()).hasSize(3);
    assertThat(add(cp, 3).aggregation().quorum()).isEmpty();
  }

  @Test
  void shouldSkipBufferedAttestationsWhoseWindowClosedWithoutCallingTheSharedPool() {
    Checkpoint cp = FIXTURES.checkpoint(SlotNumber.of(40));
    shared.down = true;
    add(cp, 0);
    add(cp, 1);
    clock.set(FIXTURES.inside(SlotNumber.of(42)));
    shared.down = false;
    assertThat(aggregator.replayIfDue()).isEmpty();
    assertThat(aggregator.skippedStale()).isEqualTo(2);
    assertThat(shared.attestations(cp.slot())).isEmpty();
    assertThat(aggregator.isLocal()).isFalse();
  }

  @Test
  void shouldKeepOnlyTheNewestAttestationsWhenTheBufferIsFull() {
    shared.down = true;
    for (int s = 0; s < 5; s++) {
      SlotNumber slot = SlotNumber.of(40 + s);
      clock.set(FIXTURES.inside(slot));
      add(FIXTURES.checkpoint(slot), 0);
    }
    assertThat(aggregator.buffered()).isEqualTo(3);
    assertThat(aggregator.dropped()).isEqualTo(2);
  }
}
