package dev.slotstream.core.validator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.testing.MbpsHarness;
import dev.slotstream.core.testing.MbpsHarness.ValidatorNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The attestation job reports the facts it holds: broadcast, receipt and execution instants, its end. */
class AttestationJobEventsTest {
  private static final Duration IN_FLIGHT = Duration.ofMillis(30);

  private final MbpsHarness h = new MbpsHarness();

  @Test
  void shouldCarryEachBlocksBroadcastInstantFromTheClientToItsExecutionEvent() {
    h.proposeSlot(MbpsHarness.SLOT, 2, true);
    List<BlockProposal> blocks = h.blocksOf(MbpsHarness.SLOT);
    CheckpointProposal checkpoint = h.checkpointOf(MbpsHarness.SLOT);
    ValidatorNode v = h.validator(0);

    Instant blockSent = h.scheduler.instant().minus(IN_FLIGHT);
    assertThat(v.client.onBlockProposal(blocks.get(0), Optional.of(blockSent)).isValid()).isTrue();
    assertThat(v.client.onBlockProposal(blocks.get(1)).isValid()).isTrue();
    assertThat(v.client.onBlockProposal(blocks.get(2), Optional.of(blockSent)).isValid()).isTrue();
    assertThat(v.client.onBlockProposal(blocks.get(3), Optional.of(blockSent)).isValid()).isTrue();
    h.scheduler.advance(Duration.ofMillis(5));
    Instant checkpointSent = h.scheduler.instant().minus(IN_FLIGHT);
    assertThat(v.client.onCheckpointProposal(checkpoint, Optional.of(checkpointSent)).isValid())
        .isTrue();

    assertThat(v.executions).extracting(BlockExecuted::index).containsExactly(0, 1, 2, 3, 4);
    BlockExecuted first = v.executions.get(0);
    assertThat(first.broadcastAt()).contains(blockSent);
    assertThat(first.sinceBroadcast()).contains(IN_FLIGHT);
    assertThat(first.sinceReceipt()).isZero();
    assertThat(v.executions.get(1).broadcastAt()).isEmpty();
    assertThat(v.executions.get(1).sinceBroadcast()).isEmpty();
    assertThat(v.executions.get(4).broadcastAt()).contains(checkpointSent);

    AttestationOutcome outcome = v.outcome(MbpsHarness.SLOT);
    assertThat(outcome.status()).isEqualTo(AttestationStatus.ATTESTED);
    assertThat(outcome.finishedAt()).isEqualTo(h.scheduler.instant());
  }

  @Test
  void shouldKeepTheFirstBroadcastInstantWhenADuplicateIsReplayed() {
    h.proposeSlot(MbpsHarness.SLOT, 2, true);
    BlockProposal block1 = h.blocksOf(MbpsHarness.SLOT).get(1);
    BlockProposal block0 = h.blocksOf(MbpsHarness.SLOT).get(0);
    ValidatorNode v = h.validator(0);
    Instant firstSent = h.scheduler.instant().minus(IN_FLIGHT);

    v.client.onBlockProposal(block1, Optional.of(firstSent));
    v.client.onBlockProposal(
        block1, Optional.of(firstSent.plusSeconds(5))); // replayed after a rebalance
    v.client.onBlockProposal(block0, Optional.empty());

    assertThat(v.executions).extracting(BlockExecuted::index).containsExactly(0, 1);
    assertThat(v.executions.get(1).broadcastAt()).contains(firstSent);
  }
}
