package dev.slotstream.core.l1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.consensus.QuorumValidator;
import dev.slotstream.core.consensus.VerifiedQuorum;
import dev.slotstream.core.crypto.Keccak;
import dev.slotstream.core.duty.SyncGate;
import dev.slotstream.core.exec.Checkpoint;
import dev.slotstream.core.exec.L2Block;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.sequencer.ProposalJobListener;
import dev.slotstream.core.sequencer.ProposalOutcome;
import dev.slotstream.core.sequencer.ProposalStatus;
import dev.slotstream.core.sequencer.ProposerDependencies;
import dev.slotstream.core.sequencer.Sequencer;
import dev.slotstream.core.slashing.InMemorySlashingProtector;
import dev.slotstream.core.testing.MbpsHarness;
import dev.slotstream.core.testing.MbpsHarness.ValidatorNode;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.CheckpointNumber;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.validator.AttestationStatus;
import dev.slotstream.core.validator.ExecutionMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The sync gate (PROTOCOL.md §17.6) with an in-memory L1 and the harness's manual clock: closed
 * until the follower has caught up, while it catches up and when L1 has not been followed for a
 * while; the validator does not sign and the proposer does not propose while it is closed.
 */
class L1SyncGateTest {
  private static final Duration STALE_AFTER = Duration.ofSeconds(2);

  private final MbpsHarness h = new MbpsHarness();
  private final InMemoryL1 l1 = new InMemoryL1();
  private final L1Sync sync = new L1Sync(h.scheduler.clock(), STALE_AFTER, 2);

  @Test
  void theGateOpensOnlyOnceARoundReachedTheL1HeadAndClosesWhenL1IsNotFollowed() {
    ChainStore chain = new ChainStore(h.genesis());
    List<Optional<String>> duringRound = new ArrayList<>();
    L1CheckpointSource watched =
        new InMemoryL1() {
          @Override
          public List<L1Checkpoint> checkpoints(long from, long to) {
            duringRound.add(sync.holdBack(SyncGate.Duty.ATTEST, SlotNumber.ZERO));
            return l1.checkpoints(from, to);
          }

          @Override
          public L1BlockRef confirmedHead() {
            return l1.confirmedHead();
          }

          @Override
          public Optional<L1BlockRef> block(long n) {
            return l1.block(n);
          }
        };
    L1Follower follower = follower(chain, watched);
    for (int i = 0; i < 5; i++) {
      l1.mineEmpty(h.now().getEpochSecond());
    }

    assertThat(sync.holdBack(SyncGate.Duty.PROPOSE, SlotNumber.ZERO))
        .hasValueSatisfying(r -> assertThat(r).contains("syncing from L1"));
    follower.poll();
    assertThat(duringRound.get(0)).hasValueSatisfying(r -> assertThat(r).contains("syncing"));
    assertThat(sync.holdBack(SyncGate.Duty.PROPOSE, SlotNumber.ZERO)).isEmpty();
    assertThat(follower.status().synced()).isTrue();

    // A round that starts one block behind is following, not catching up.
    l1.mineEmpty(h.now().getEpochSecond());
    follower.poll();
    assertThat(duringRound.get(1)).isEmpty();

    // L1 moved on by more than maxLagBlocks while the node was away: catching up during the round.
    for (int i = 0; i < 4; i++) {
      l1.mineEmpty(h.now().getEpochSecond());
    }
    follower.poll();
    assertThat(duringRound.get(2))
        .hasValueSatisfying(r -> assertThat(r).contains("catching up with L1"));
    assertThat(sync.inSync()).isTrue();

    // L1 stops answering: in sync until staleAfter has passed since the last completed round.
    l1.down = true;
    h.scheduler.advance(STALE_AFTER);
    assertThatThrownBy(follower::poll).isInstanceOf(IllegalStateException.class);
    assertThat(sync.inSync()).isTrue();
    h.scheduler.advance(Duration.ofMillis(1));
    assertThat(sync.holdBack(SyncGate.Duty.ATTEST, SlotNumber.ZERO))
        .hasValueSatisfying(r -> assertThat(r).contains("L1 last followed 2001 ms ago"));

    l1.down = false;
    follower.poll();
    assertThat(sync.inSync()).isTrue();
  }

  @Test
  void aNodeThatMissedThreeCheckpointsCatchesUpFromL1AndThenAttests() {
    SlotNumber first = MbpsHarness.SLOT;
    for (int i = 0; i < 3; i++) {
      landNext(SlotNumber.of(first.value() + i));
    }
    SlotNumber catchingUp = SlotNumber.of(first.value() + 3);
    h.scheduler.advanceTo(h.context.timetable().slotStart(catchingUp).minusMillis(100));
    h.proposeSlot(catchingUp, 1, true);
    ValidatorNode v = validator();
    L1Follower follower = follower(v.chain, l1);

    // Its tip is genesis: the slot's parent is unknown until it has followed L1.
    deliver(v, catchingUp);
    assertThat(v.outcomes).isEmpty();
    assertThat(sync.inSync()).isFalse();

    L1Follower.Status status = follower.poll();

    assertThat(status.l1Tip()).isEqualTo(CheckpointNumber.of(3));
    assertThat(v.chain.tip().checkpointNumber()).isEqualTo(CheckpointNumber.of(3));
    assertThat(v.chain.archiveOf(CheckpointNumber.of(3)))
        .isEqualTo(h.proposerChain.archiveOf(CheckpointNumber.of(3)));
    // The parent became final in the middle of the catch-up round: the slot re-executed, but the
    // node did not sign while it was still syncing.
    assertThat(v.outcome(catchingUp).status()).isEqualTo(AttestationStatus.SYNCING);
    assertThat(v.published).isEmpty();

    // The slot's checkpoint lands without this node; the next slot builds on it, and the node,
    // in sync now, attests.
    land(catchingUp);
    follower.poll();
    assertThat(v.chain.tip().checkpointNumber()).isEqualTo(CheckpointNumber.of(4));
    SlotNumber next = catchingUp.next();
    h.scheduler.advanceTo(h.context.timetable().slotStart(next).minusMillis(100));
    h.proposeSlot(next, 1, true);
    l1.mineEmpty(h.now().getEpochSecond());
    follower.poll();
    deliver(v, next);

    assertThat(v.outcome(next).status()).isEqualTo(AttestationStatus.ATTESTED);
    assertThat(v.published).hasSize(1);
    CheckpointAttestation attestation = v.published.get(0);
    assertThat(attestation.payload()).isEqualTo(h.checkpointOf(next).payload());
    assertThat(h.context.signer().recoverAttester(attestation))
        .contains(h.network.keys().get(0).address());
  }

  @Test
  void aValidatorThatHasNotFollowedL1LatelyDoesNotSignAndSaysWhy() {
    SlotNumber slot = MbpsHarness.SLOT;
    ValidatorNode v = validator();
    follower(v.chain, l1).poll(); // nothing on L1 yet: caught up a second before the slot
    h.proposeSlot(slot, 1, true); // the clock is now at the slot's checkpoint deadline
    assertThat(h.now()).isAfter(h.context.timetable().slotStart(slot).plus(STALE_AFTER));

    deliver(v, slot);

    assertThat(v.outcome(slot).status()).isEqualTo(AttestationStatus.SYNCING);
    assertThat(v.outcome(slot).detail()).contains("L1 last followed");
    assertThat(v.published).isEmpty();
  }

  @Test
  void theProposerSkipsItsSlotWhileTheGateIsClosedAndProposesOnceItOpens() {
    AtomicReference<Optional<String>> gate =
        new AtomicReference<>(Optional.of("syncing from L1: scanned to L1 block 3 of 9"));
    List<ProposalOutcome> outcomes = new CopyOnWriteArrayList<>();
    ProposalJobListener listener =
        new ProposalJobListener() {
          @Override
          public void onOutcome(ProposalOutcome outcome) {
            outcomes.add(outcome);
          }
        };
    Sequencer sequencer =
        new Sequencer(
            new ProposerDependencies(
                h.context,
                h.proposerChain,
                h.checkpointsBuilder(),
                h.proposerPool,
                new InMemorySlashingProtector(),
                h.scheduler,
                h.executor,
                h.capturingBroadcaster(),
                listener,
                dev.slotstream.core.duty.UncaughtErrors.logging(),
                (duty, slot) -> gate.get()),
            h.network.keys(),
            k -> h.proposerConfig(k, 1, true));
    SlotNumber slot = MbpsHarness.SLOT;
    h.scheduler.advanceTo(h.context.timetable().slotStart(slot));

    assertThat(sequencer.onSlot(slot)).isEmpty();
    assertThat(outcomes)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.status()).isEqualTo(ProposalStatus.SYNCING);
              assertThat(o.detail()).contains("scanned to L1 block 3 of 9");
            });

    gate.set(Optional.empty());
    SlotNumber next = slot.next();
    h.scheduler.advanceTo(h.context.timetable().slotStart(next));
    assertThat(sequencer.onSlot(next)).isPresent();
    h.scheduler.advanceTo(h.context.timetable().checkpointProposalDeadline(next));
    assertThat(h.checkpointOf(next).slotNumber()).isEqualTo(next);
    assertThat(outcomes.get(1).status()).isEqualTo(ProposalStatus.PROPOSED);
  }

  private ValidatorNode validator() {
    return h
    .new ValidatorNode(
        List.of(h.network.keys().get(0)),
        new InMemorySlashingProtector(),
        ExecutionMode.PIPELINED,
        sync);
  }

  private L1Follower follower(ChainStore chain, L1CheckpointSource source) {
    return new L1Follower(
        source, chain, new QuorumValidator(h.context), h.context.timetable(), 0, txs -> {}, sync);
  }

  /** The harness's proposer builds {@code slot}, the network certifies it, and it lands on L1. */
  private void landNext(SlotNumber slot) {
    h.scheduler.advanceTo(h.context.timetable().slotStart(slot).minusMillis(100));
    h.proposeSlot(slot, 1, true);
    land(slot);
  }

  private void land(SlotNumber slot) {
    VerifiedQuorum quorum = h.network.certify(h.checkpointOf(slot).payload());
    assertThat(h.proposerChain.onQuorum(quorum)).isEqualTo(ChainStore.CommitOutcome.COMMITTED);
    Checkpoint c =
        h.proposerChain
            .committed(h.proposerChain.tip().checkpointNumber())
            .orElseThrow()
            .checkpoint();
    l1.land(c, quorum, h.now().getEpochSecond());
  }

  private static void deliver(ValidatorNode v, SlotNumber slot, MbpsHarness h) {
    for (BlockProposal b : h.blocksOf(slot)) {
      assertThat(v.client.onBlockProposal(b).isValid()).isTrue();
    }
    CheckpointProposal checkpoint = h.checkpointOf(slot);
    assertThat(v.client.onCheckpointProposal(checkpoint).isValid()).isTrue();
  }

  private void deliver(ValidatorNode v, SlotNumber slot) {
    deliver(v, slot, h);
  }

  /** L1 as a list of blocks; a block holds at most one checkpoint. */
  private static class InMemoryL1 implements L1CheckpointSource {
    private final TreeMap<Long, L1BlockRef> blocks = new TreeMap<>();
    private final TreeMap<Long, L1Checkpoint> checkpoints = new TreeMap<>();
    volatile boolean down;

    InMemoryL1() {
      mineEmpty(0);
    }

    void land(Checkpoint c, VerifiedQuorum quorum, long timestamp) {
      L1BlockRef block = mineEmpty(timestamp);
      checkpoints.put(
          block.number(),
          new L1Checkpoint(
              c.number(),
              quorum.quorum(),
              c.blocks().stream().map(L2Block::header).toList(),
              c.txEffects(),
              block,
              hash("tx" + block.number())));
    }

    L1BlockRef mineEmpty(long timestamp) {
      long n = blocks.isEmpty() ? 0 : blocks.lastKey() + 1;
      L1BlockRef b = new L1BlockRef(n, hash("block" + n), timestamp);
      blocks.put(n, b);
      return b;
    }

    private static Bytes32 hash(String s) {
      return Bytes32.wrap(Keccak.hash(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public L1BlockRef confirmedHead() {
      if (down) {
        throw new IllegalStateException("L1 unreachable");
      }
      return blocks.lastEntry().getValue();
    }

    @Override
    public Optional<L1BlockRef> block(long number) {
      return Optional.ofNullable(blocks.get(number));
    }

    @Override
    public List<L1Checkpoint> checkpoints(long from, long to) {
      return List.copyOf(checkpoints.subMap(from, true, to, true).values());
    }
  }
}
