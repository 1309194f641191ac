package dev.slotstream.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.exec.FailedTx;
import dev.slotstream.core.exec.TxRejectionReason;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.pool.AddResult;
import dev.slotstream.core.pool.AddStatus;
import dev.slotstream.core.testing.MbpsHarness;
import dev.slotstream.core.types.BlockNumber;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.types.TxHash;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TxLifecycleTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final TxLifecycle lifecycle = new TxLifecycle(3, Clock.fixed(T0, ZoneOffset.UTC));

  private static TxHash hash(int n) {
    return TxHash.fromHex("0x" + String.format("%064x", n));
  }

  private static BlockEvent block(TxStage stage, long number, Instant at, TxHash... txs) {
    return new BlockEvent(stage, SlotNumber.of(7), BlockNumber.of(number), 1, List.of(txs), at);
  }

  /** Every status change the lifecycle reports from now on, in order. */
  private List<TxStatus> heard() {
    List<TxStatus> heard = new ArrayList<>();
    lifecycle.addListener(
        new TxLifecycleListener() {
          @Override
          public void onStage(TxStatus status) {
            heard.add(status);
          }
        });
    return heard;
  }

  @Test
  void pendingThenProposedThenExecutedWithInclusionAndTimes() {
    lifecycle.pending(hash(1));
    lifecycle.block(block(TxStage.PROPOSED, 12, T0.plusMillis(5), hash(9), hash(1)));
    lifecycle.block(block(TxStage.EXECUTED, 12, T0.plusMillis(8), hash(9), hash(1)));

    TxStatus s = lifecycle.status(hash(1)).orElseThrow();
    assertThat(s.stage()).isEqualTo(TxStage.EXECUTED);
    assertThat(s.inclusion()).contains(new TxInclusion(SlotNumber.of(7), BlockNumber.of(12), 1, 1));
    assertThat(s.reachedAt())
        .containsEntry(TxStage.PENDING, T0)
        .containsEntry(TxStage.PROPOSED, T0.plusMillis(5))
        .containsEntry(TxStage.EXECUTED, T0.plusMillis(8));
  }

  @Test
  void aStageAlreadyPassedChangesNothingAndIsNotReportedAgain() {
    List<TxStatus> heard = heard();
    lifecycle.block(block(TxStage.EXECUTED, 3, T0, hash(1)));
    lifecycle.pending(hash(1));
    lifecycle.block(block(TxStage.PROPOSED, 3, T0, hash(1)));
    lifecycle.rejected(hash(1), "NONCE_TOO_LOW");

    assertThat(heard).extracting(TxStatus::stage).containsExactly(TxStage.EXECUTED);
    assertThat(lifecycle.status(hash(1)).orElseThrow().stage()).isEqualTo(TxStage.EXECUTED);
  }

  @Test
  void whatAListenerHeardIsNotChangedByTheStagesAfterIt() {
    List<TxStatus> heard = heard();
    lifecycle.pending(hash(1));
    lifecycle.block(block(TxStage.PROPOSED, 12, T0.plusMillis(5), hash(1)));
    lifecycle.block(block(TxStage.EXECUTED, 12, T0.plusMillis(8), hash(1)));

    assertThat(heard)
        .extracting(TxStatus::stage)
        .containsExactly(TxStage.PENDING, TxStage.PROPOSED, TxStage.EXECUTED);
    assertThat(heard.get(0).inclusion()).isEmpty();
    assertThat(heard.get(0).reachedAt()).containsOnlyKeys(TxStage.PENDING);
    assertThat(heard.get(1).reachedAt()).containsOnlyKeys(TxStage.PENDING, TxStage.PROPOSED);
    assertThat(lifecycle.status(hash(1)).orElseThrow()).isEqualTo(heard.get(2));
  }

  @Test
  void rejectedCarriesItsReason() {
    lifecycle.rejected(hash(2), "BAD_SIGNATURE: recovered signer is not the sender");
    TxStatus s = lifecycle.status(hash(2)).orElseThrow();
    assertThat(s.stage()).isEqualTo(TxStage.REJECTED);
    assertThat(s.reason()).contains("BAD_SIGNATURE: recovered signer is not the sender");
    assertThat(lifecycle.isFinal(s.stage())).isTrue();
  }

  @Test
  void forgetsTheOldestBeyondCapacity() {
    for (int i = 1; i <= 4; i++) {
      lifecycle.pending(hash(i));
    }
    assertThat(lifecycle.size()).isEqualTo(3);
    assertThat(lifecycle.status(hash(1))).isEmpty();
    assertThat(lifecycle.status(hash(4))).isPresent();
  }

  @Test
  void blockEventsReachListenersOncePerEvent() {
    List<BlockEvent> blocks = new ArrayList<>();
    lifecycle.addListener(
        new TxLifecycleListener() {
          @Override
          public void onBlock(BlockEvent block) {
            blocks.add(block);
          }
        });
    lifecycle.block(block(TxStage.PROPOSED, 5, T0, hash(1), hash(2)));
    assertThat(blocks).hasSize(1);
    assertThat(blocks.get(0).txHashes()).containsExactly(hash(1), hash(2));
  }

  @Test
  void aTxEvictedOrReplacedInThePoolIsDroppedWithTheReasonAndAnInclusionStillMovesItOn() {
    TxLifecycle lifecycle = new TxLifecycle(10, Clock.fixed(T0, ZoneOffset.UTC));
    lifecycle.pooled(hash(1), new AddResult(AddStatus.ADDED, "added", Optional.empty()));
    lifecycle.pooled(hash(2), new AddResult(AddStatus.ADDED, "added", Optional.empty()));
    lifecycle.pooled(hash(3), new AddResult(AddStatus.ADDED, "evicted", Optional.of(hash(1))));
    lifecycle.pooled(hash(4), new AddResult(AddStatus.REPLACED, "replaced", Optional.of(hash(2))));

    TxStatus evicted = lifecycle.status(hash(1)).orElseThrow();
    assertThat(evicted.stage()).isEqualTo(TxStage.DROPPED);
    assertThat(evicted.reason().orElseThrow()).startsWith("EVICTED").contains(hash(3).toString());
    assertThat(lifecycle.isFinal(evicted.stage())).isFalse();
    assertThat(lifecycle.status(hash(2)).orElseThrow().reason().orElseThrow())
        .startsWith("REPLACED");
    assertThat(lifecycle.status(hash(4)).orElseThrow().stage()).isEqualTo(TxStage.PENDING);

    // Another proposer still had it: the block that includes it moves it on.
    lifecycle.block(block(TxStage.PROPOSED, 5, T0.plusMillis(3), hash(1)));
    assertThat(lifecycle.status(hash(1)).orElseThrow().stage()).isEqualTo(TxStage.PROPOSED);
  }

  @Test
  void aFinalTxIsNeverDroppedAndAnUnknownOneIsNotRecorded() {
    lifecycle.rejected(hash(1), "BAD_SIGNATURE");
    lifecycle.dropped(hash(1), "EVICTED");
    lifecycle.dropped(hash(2), "EVICTED");

    assertThat(lifecycle.status(hash(1)).orElseThrow().stage()).isEqualTo(TxStage.REJECTED);
    assertThat(lifecycle.status(hash(2))).isEmpty();
  }

  @Test
  void aTxThatFailsWhileTheProposerBuildsIsDropped() {
    Tx tx = new MbpsHarness().txs(1).get(0);
    lifecycle.pending(tx.hash());

    lifecycle
        .proposalListener()
        .onTxsDropped(List.of(new FailedTx(tx, TxRejectionReason.NONCE_TOO_HIGH, "nonce 5")));

    TxStatus s = lifecycle.status(tx.hash()).orElseThrow();
    assertThat(s.stage()).isEqualTo(TxStage.DROPPED);
    assertThat(s.reason()).contains("FAILED_IN_BLOCK: NONCE_TOO_HIGH: nonce 5");
  }
}
