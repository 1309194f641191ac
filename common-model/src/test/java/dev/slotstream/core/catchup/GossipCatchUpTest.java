package dev.slotstream.core.catchup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.catchup.GossipHistory.Published;
import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.chain.ChainTip;
import dev.slotstream.core.duty.SyncGate;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.pool.TxPool;
import dev.slotstream.core.pool.TxPoolConfig;
import dev.slotstream.core.testing.CertifiedSlots;
import dev.slotstream.core.testing.MbpsHarness;
import dev.slotstream.core.types.SlotNumber;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A node whose chain is behind catches up from the gossip log alone (PROTOCOL §13.6): it
 * re-executes each certified slot from its proposals, commits only on a verified quorum, ends at
 * the network's archive, and holds its duties back until then, or for good when the log no longer
 * holds what it needs.
 */
class GossipCatchUpTest {
  private static final SlotNumber FIRST = SlotNumber.of(10);

  private final MbpsHarness h = new MbpsHarness(FIRST);
  private final List<CertifiedSlots.Slot> slots = CertifiedSlots.build(h, FIRST, 3, 2);
  private final FakeHistory history = FakeHistory.of(slots);
  private final ChainStore node = new ChainStore(h.genesis());
  private final GossipSync sync = new GossipSync();
  private final GossipCatchUp catchUp =
      new GossipCatchUp(
          h.context,
          node,
          h.checkpointsBuilder(),
          history,
          hashes -> CompletableFuture.failedFuture(new IllegalStateException("no pool")),
          Duration.ofMillis(10),
          sync);

  GossipCatchUpTest() {
    history.sync = sync;
  }

  @Test
  void aNodeThreeCheckpointsBehindReExecutesThemAndOnlyThenMayPropose() {
    assertThat(sync.holdBack(SyncGate.Duty.PROPOSE, FIRST)).isPresent();

    GossipCatchUp.Result result = catchUp.run();

    assertThat(result.outcome()).isEqualTo(GossipCatchUp.Outcome.SYNCED);
    assertThat(result.committed()).isEqualTo(3);
    assertThat(node.tip()).isEqualTo(h.proposerChain.tip());
    assertThat(node.worldState().latest().stateReference())
        .isEqualTo(h.proposerChain.worldState().latest().stateReference());
    // Held back while it re-executed, and open only at the end.
    assertThat(history.gateWhileReadingProposals).isNotEmpty().allMatch(Optional::isPresent);
    assertThat(history.gateWhileReadingProposals.get(0).orElseThrow())
        .startsWith("catching up from gossip");
    assertThat(sync.holdBack(SyncGate.Duty.ATTEST, FIRST.next())).isEmpty();
    assertThat(sync.status().state()).isEqualTo(GossipSync.State.SYNCED);
  }

  @Test
  void aNodeAtTheTipOrWithAnEmptyLogIsSyncedAtOnce() {
    GossipCatchUp empty =
        new GossipCatchUp(
            h.context,
            node,
            h.checkpointsBuilder(),
            new FakeHistory(),
            hashes -> new CompletableFuture<>(),
            Duration.ofMillis(10),
            sync);

    assertThat(empty.run().outcome()).isEqualTo(GossipCatchUp.Outcome.SYNCED);
    assertThat(sync.inSync()).isTrue();
    assertThat(catchUp.run().committed()).isEqualTo(3);
    assertThat(catchUp.run().committed()).isZero();
    assertThat(history.gateWhileReadingProposals).hasSize(6); // two reads per slot, once
  }

  @Test
  void proposalsGoneFromTheLogStopTheRunWithDutiesHeldBack() {
    history.blocks.removeIf(b -> b.message().slotNumber().equals(slots.get(1).slot()));

    GossipCatchUp.Result result = catchUp.run();

    assertThat(result.outcome()).isEqualTo(GossipCatchUp.Outcome.RECORDS_MISSING);
    assertThat(result.committed()).isEqualTo(1);
    assertThat(node.tip().archiveRoot()).isEqualTo(slots.get(0).quorum().payload().archive());
    assertThat(result.detail()).contains("block 0 of slot " + slots.get(1).slot());
    assertThat(sync.holdBack(SyncGate.Duty.PROPOSE, FIRST))
        .hasValueSatisfying(r -> assertThat(r).contains("RECORDS_MISSING"));
  }

  @Test
  void aQuorumGoneFromTheLogLeavesTheNodeBehindAndSaysSo() {
    history.quorums.remove(0);

    GossipCatchUp.Result result = catchUp.run();

    assertThat(result.outcome()).isEqualTo(GossipCatchUp.Outcome.RECORDS_MISSING);
    assertThat(result.committed()).isZero();
    assertThat(node.tip().checkpointNumber().value()).isZero();
    assertThat(result.detail()).contains("does not hold").contains("retention");
    assertThat(sync.inSync()).isFalse();
  }

  @Test
  void proposalsThatDoNotReExecuteToTheCertifiedArchiveAreNeverCommitted() {
    // Another block 0 for the first slot, validly signed by the same proposer.
    MbpsHarness other = new MbpsHarness(FIRST);
    other.proposeSlot(FIRST, 3, true);
    BlockProposal forged = other.blocksOf(FIRST).get(0);
    history.blocks.add(0, new Published<>(forged, slots.get(0).blockTimes().get(0)));

    GossipCatchUp.Result result = catchUp.run();

    assertThat(result.outcome()).isEqualTo(GossipCatchUp.Outcome.NOT_VERIFIED);
    assertThat(result.committed()).isZero();
    assertThat(node.tip().checkpointNumber().value()).isZero();
    assertThat(sync.inSync()).isFalse();
  }

  @Test
  void aQuorumThatDoesNotVerifyAtItsPublicationIsNotFollowed() {
    // Published after its slot's quorum window: every node refused it (§11.3).
    history.quorums.replaceAll(
        q ->
            new Published<>(
                q.message(),
                h.context.timetable().slotEnd(q.message().slotNumber()).plusSeconds(5)));

    GossipCatchUp.Result result = catchUp.run();

    assertThat(result.outcome()).isEqualTo(GossipCatchUp.Outcome.SYNCED);
    assertThat(result.committed()).isZero();
    assertThat(history.gateWhileReadingProposals).isEmpty();
  }

  @Test
  void aVerifiedQuorumOnAnArchiveTheNodeDoesNotHoldShowsItIsBehind() {
    assertThat(catchUp.showsBehind(slots.get(0).quorum())).isFalse(); // extends the tip
    assertThat(catchUp.showsBehind(slots.get(2).quorum())).isTrue();
    catchUp.run();
    assertThat(catchUp.showsBehind(slots.get(2).quorum())).isFalse(); // now held
  }

  /**
   * The live path commits the next checkpoint on top of the one the run just committed, before the
   * run looks at the tip again (a validator that started late, 2026-12-05: its gate stayed shut for
   * the rest of the run, "slot 12 did not commit here: COMMITTED").
   */
  @Test
  void aCheckpointTheLivePathCommitsOnTopOfTheRunsOwnDoesNotStopTheRun() {
    FakeHistory liveLog = FakeHistory.of(slots.subList(0, 2));
    GossipCatchUp livePath =
        new GossipCatchUp(
            h.context,
            node,
            h.checkpointsBuilder(),
            liveLog,
            hashes -> CompletableFuture.failedFuture(new IllegalStateException("no pool")),
            Duration.ofMillis(10),
            new GossipSync());
    liveLog.sync = new GossipSync();
    AtomicBoolean raced = new AtomicBoolean();
    node.onCommit(
        committed -> {
          if (committed.quorum().slotNumber().equals(FIRST) && raced.compareAndSet(false, true)) {
            livePath.run(); // commits slot FIRST + 1 while the run is still inside its commit
          }
        });

    GossipCatchUp.Result result = catchUp.run();

    assertThat(raced).isTrue();
    assertThat(result.outcome()).isEqualTo(GossipCatchUp.Outcome.SYNCED);
    assertThat(result.committed())
        .isEqualTo(2); // FIRST and FIRST + 2; the live path took FIRST + 1
    assertThat(node.tip()).isEqualTo(h.proposerChain.tip());
    assertThat(sync.status().state()).isEqualTo(GossipSync.State.SYNCED);
  }

  /** A node behind a proposer with {@code include-txs=false}: its pool is where the txs are. */
  private static GossipCatchUp withoutTxsInProposals(
      MbpsHarness net, ChainStore chain, FakeHistory log, TxPool pool, GossipSync gate) {
    return new GossipCatchUp(
        net.context,
        chain,
        net.checkpointsBuilder(),
        log,
        pool::awaitTxs,
        Duration.ofMillis(50),
        gate);
  }

  @Test
  void proposalsWithoutTheirTxsAreReExecutedWithTheTxsOfThePool() {
    MbpsHarness net = new MbpsHarness(FIRST);
    List<CertifiedSlots.Slot> certified = CertifiedSlots.build(net, FIRST, 2, 2, false);
    assertThat(certified)
        .allSatisfy(s -> assertThat(s.blocks()).allMatch(b -> b.txs().isEmpty()))
        .allSatisfy(s -> assertThat(s.txs()).isNotEmpty());
    ChainStore behind = new ChainStore(net.genesis());
    TxPool pool = new TxPool(TxPoolConfig.of(1_000));
    certified.forEach(s -> s.txs().forEach(pool::add));
    GossipSync gate = new GossipSync();

    GossipCatchUp.Result result =
        withoutTxsInProposals(net, behind, FakeHistory.of(certified), pool, gate).run();

    assertThat(result.outcome()).isEqualTo(GossipCatchUp.Outcome.SYNCED);
    assertThat(result.committed()).isEqualTo(2);
    assertThat(behind.tip()).isEqualTo(net.proposerChain.tip());
    assertThat(behind.worldState().latest().stateReference())
        .isEqualTo(net.proposerChain.worldState().latest().stateReference());
    assertThat(gate.inSync()).isTrue();
  }

  @Test
  void proposalsWithoutTheirTxsWhoseTxsAreNowhereCommitNothingAndHoldTheDuties() {
    MbpsHarness net = new MbpsHarness(FIRST);
    List<CertifiedSlots.Slot> certified = CertifiedSlots.build(net, FIRST, 2, 2, false);
    ChainStore behind = new ChainStore(net.genesis());
    ChainTip before = behind.tip();
    GossipSync gate = new GossipSync();
    TxPool empty = new TxPool(TxPoolConfig.of(1_000));

    GossipCatchUp.Result result =
        withoutTxsInProposals(net, behind, FakeHistory.of(certified), empty, gate).run();

    assertThat(result.outcome()).isEqualTo(GossipCatchUp.Outcome.RECORDS_MISSING);
    assertThat(result.committed()).isZero();
    assertThat(result.detail()).contains("txs of block 0 of slot " + FIRST + " not found");
    assertThat(behind.tip()).isEqualTo(before);
    assertThat(behind.worldState().latest().stateReference())
        .isEqualTo(net.genesis().latest().stateReference());
    assertThat(gate.holdBack(SyncGate.Duty.ATTEST, FIRST))
        .hasValueSatisfying(r -> assertThat(r).contains("RECORDS_MISSING").contains("txs"));
    assertThat(gate.holdBack(SyncGate.Duty.PROPOSE, FIRST)).isPresent();
  }

  /** The log as lists, read by timestamp like Kafka's offsetsForTimes; records what the gate said. */
  static final class FakeHistory implements GossipHistory {
    final List<Published<CheckpointQuorum>> quorums = new ArrayList<>();
    final List<Published<BlockProposal>> blocks = new ArrayList<>();
    final List<Published<CheckpointProposal>> checkpoints = new ArrayList<>();
    final List<Optional<String>> gateWhileReadingProposals = new CopyOnWriteArrayList<>();
    GossipSync sync;

    static FakeHistory of(List<CertifiedSlots.Slot> slots) {
      FakeHistory f = new FakeHistory();
      for (CertifiedSlots.Slot s : slots) {
        for (int i = 0; i < s.blocks().size(); i++) {
          f.blocks.add(new Published<>(s.blocks().get(i), s.blockTimes().get(i)));
        }
        f.checkpoints.add(new Published<>(s.checkpoint(), s.checkpointAt()));
        f.quorums.add(new Published<>(s.quorum(), s.quorumAt()));
      }
      return f;
    }

    @Override
    public List<Published<CheckpointQuorum>> quorumsFrom(Instant from, int max) {
      return quorums.stream().filter(q -> !q.publishedAt().isBefore(from)).limit(max).toList();
    }

    @Override
    public List<Published<BlockProposal>> blockProposals(
        SlotNumber slot, Instant from, Instant to) {
      gate();
      return blocks.stream()
          .filter(b -> b.message().slotNumber().equals(slot) && within(b, from, to))
          .toList();
    }

    @Override
    public List<Published<CheckpointProposal>> checkpointProposals(
        SlotNumber slot, Instant from, Instant to) {
      gate();
      return checkpoints.stream()
          .filter(c -> c.message().slotNumber().equals(slot) && within(c, from, to))
          .toList();
    }

    private void gate() {
      if (sync != null) {
        gateWhileReadingProposals.add(sync.holdBack(SyncGate.Duty.ATTEST, SlotNumber.ZERO));
      }
    }

    private static boolean within(Published<?> p, Instant from, Instant to) {
      return !p.publishedAt().isBefore(from) && !p.publishedAt().isAfter(to);
    }
  }
}
