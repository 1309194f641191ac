package dev.slotstream.core.validator;

import static dev.slotstream.core.testing.MbpsHarness.SLOT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.consensus.CheckpointAttestationValidator;
import dev.slotstream.core.consensus.RejectionReason;
import dev.slotstream.core.consensus.ValidationResult;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.BlockProposalPayload;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.MessageKind;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.sequencer.ProposalOutcome;
import dev.slotstream.core.sequencer.ProposalStatus;
import dev.slotstream.core.slashing.FileSlashingProtector;
import dev.slotstream.core.slashing.InMemorySlashingProtector;
import dev.slotstream.core.testing.MbpsHarness;
import dev.slotstream.core.testing.MbpsHarness.ValidatorNode;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.SlotNumber;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan's test cases (see docs/TEST-CASES.md), equivocation and restarts, at the level of the
 * jobs.
 */
class CheckpointAttestationJobTest {
  private MbpsHarness h;
  private List<BlockProposal> blocks;
  private CheckpointProposal checkpoint;

  @BeforeEach
  void proposeOneSlot() {
    h = new MbpsHarness();
    ProposalOutcome outcome = h.proposeSlot(SLOT, 2, true);
    assertThat(outcome.status()).isEqualTo(ProposalStatus.PROPOSED);
    blocks = h.blocksOf(SLOT);
    checkpoint = h.checkpointOf(SLOT);
  }

  private void deliver(ValidatorNode v, int... indexes) {
    for (int i : indexes) {
      assertThat(v.client.onBlockProposal(blocks.get(i)).isValid()).isTrue();
    }
  }

  private void deliverCheckpoint(ValidatorNode v) {
    assertThat(v.client.onCheckpointProposal(checkpoint).isValid()).isTrue();
  }

  private void passAttestationDeadline() {
    h.scheduler.advanceTo(h.context.timetable().attestationDeadline(SLOT));
  }

  @Test
  void shouldProposeFourBlocksAndACheckpointCarryingTheFifth() {
    assertThat(blocks).extracting(BlockProposal::index).containsExactly(0, 1, 2, 3);
    assertThat(checkpoint.lastBlockIndex()).isEqualTo(4);
    assertThat(checkpoint.lastBlock().payload().txHashes()).hasSize(2);
    // each block left the proposer at its own sub-slot start, not all at the end
    assertThat(h.blockBroadcastTimes)
        .isSortedAccordingTo(Comparable::compareTo)
        .doesNotHaveDuplicates();
  }

  @Test
  void shouldAttestAfterExecutingFiveBlocksInTheHappyPath() {
    ValidatorNode v = h.validator(0);
    deliver(v, 0, 1, 2, 3);
    // blocks 0..3 are executed as they arrive, before the checkpoint exists
    assertThat(v.executedAt).containsOnlyKeys(0, 1, 2, 3);
    deliverCheckpoint(v);

    AttestationOutcome outcome = v.outcome(SLOT);
    assertThat(outcome.status()).isEqualTo(AttestationStatus.ATTESTED);
    assertThat(outcome.executedIndices()).containsExactly(0, 1, 2, 3, 4);
    assertThat(v.published).hasSize(1);
    CheckpointAttestation attestation = v.published.get(0);
    ValidationResult check =
        new CheckpointAttestationValidator(h.context)
            .validate(attestation, h.context.timetable().slotStart(SLOT).plusSeconds(1));
    assertThat(check.isValid()).isTrue();
    assertThat(check.signer()).contains(h.network.keys().get(0).address());
    assertThat(attestation.payload()).isEqualTo(checkpoint.payload());
  }

  @Test
  void shouldQueueBlocksArrivingOutOfOrderAndStillAttest() {
    ValidatorNode v = h.validator(1);
    deliver(v, 3, 1, 2);
    assertThat(v.executedAt).isEmpty(); // nothing runs before block 0
    deliver(v, 0);
    assertThat(v.executedAt).containsOnlyKeys(0, 1, 2, 3);
    deliverCheckpoint(v);
    assertThat(v.outcome(SLOT).status()).isEqualTo(AttestationStatus.ATTESTED);
  }

  @Test
  void shouldNotAttestWhenABlockNeverArrives() {
    ValidatorNode v = h.validator(0);
    deliver(v, 0, 1, 3);
    deliverCheckpoint(v);
    assertThat(v.outcomes).isEmpty(); // still waiting for block 2 until the deadline
    passAttestationDeadline();
    AttestationOutcome outcome = v.outcome(SLOT);
    assertThat(outcome.status()).isEqualTo(AttestationStatus.MISSING_BLOCKS);
    assertThat(outcome.detail()).contains("missing [2]");
    assertThat(outcome.executedIndices()).containsExactly(0, 1);
    assertThat(v.published).isEmpty();
  }

  @Test
  void shouldAttestWhenTheMissingBlockArrivesBeforeTheDeadline() {
    ValidatorNode v = h.validator(0);
    deliver(v, 0, 1, 3);
    deliverCheckpoint(v);
    deliver(v, 2);
    assertThat(v.outcome(SLOT).status()).isEqualTo(AttestationStatus.ATTESTED);
  }

  @Test
  void shouldSkipTheSlotWhenStartingMidSlotWithoutTheEarlierBlocks() {
    ValidatorNode v = h.validator(2);
    deliver(v, 2, 3);
    deliverCheckpoint(v);
    passAttestationDeadline();
    assertThat(v.outcome(SLOT).status()).isEqualTo(AttestationStatus.MISSING_BLOCKS);
    assertThat(v.published).isEmpty();
  }

  @Test
  void shouldAttestWhenAMidSlotStarterReplaysTheEarlierBlocks() {
    ValidatorNode v = h.validator(2);
    deliver(v, 2, 3);
    deliverCheckpoint(v);
    deliver(v, 0, 1); // read back from the log
    assertThat(v.outcome(SLOT).status()).isEqualTo(AttestationStatus.ATTESTED);
  }

  @Test
  void shouldCleanUpWhenTheSlotEndsBeforeTheCheckpoint() {
    ValidatorNode v = h.validator(0);
    deliver(v, 0, 1, 2, 3);
    assertThat(v.client.activeJobs()).isEqualTo(1);
    h.scheduler.advanceTo(h.context.timetable().slotEnd(SLOT));
    assertThat(v.outcome(SLOT).status()).isEqualTo(AttestationStatus.NO_CHECKPOINT);
    assertThat(v.client.activeJobs()).isZero();
    assertThat(v.chain.pendingCount()).isZero();
  }

  @Test
  void shouldNotAttestWhenReExecutionGivesAnotherState() {
    ValidatorNode v = h.validator(0);
    BlockProposal honest = blocks.get(1);
    BlockProposalPayload p = honest.payload();
    BlockProposal lying =
        h.context
            .signer()
            .signBlock(
                new BlockProposalPayload(
                    p.blockHeader(),
                    p.indexWithinCheckpoint(),
                    p.inHash(),
                    Fr.of(42),
                    p.txHashes()),
                h.network.proposerKey(SLOT),
                honest.txs());
    deliver(v, 0);
    assertThat(v.client.onBlockProposal(lying).isValid()).isTrue();
    AttestationOutcome outcome = v.outcome(SLOT);
    assertThat(outcome.status()).isEqualTo(AttestationStatus.STATE_MISMATCH);
    assertThat(outcome.detail()).contains("block 1");
    deliver(v, 2, 3);
    deliverCheckpoint(v);
    assertThat(v.published).isEmpty();
  }

  @Test
  void shouldRejectABlockFromTheWrongProposer() {
    ValidatorNode v = h.validator(0);
    SigningKey impostor = h.network.nonProposerKey(SLOT);
    BlockProposal forged =
        h.context.signer().signBlock(blocks.get(0).payload(), impostor, blocks.get(0).txs());
    ValidationResult result = v.client.onBlockProposal(forged);
    assertThat(result.reason()).contains(RejectionReason.WRONG_PROPOSER);
    assertThat(v.client.activeJobs()).isZero();
  }

  @Test
  void shouldIgnoreADuplicateBlock() {
    ValidatorNode v = h.validator(0);
    deliver(v, 0, 1, 1, 2, 3, 2);
    deliverCheckpoint(v);
    deliverCheckpoint(v);
    AttestationOutcome outcome = v.outcome(SLOT);
    assertThat(outcome.status()).isEqualTo(AttestationStatus.ATTESTED);
    assertThat(v.published).hasSize(1);
  }

  @Test
  void shouldExecuteNothingBeforeTheCheckpointInTheSequentialBaseline() {
    ValidatorNode v =
        h
        .new ValidatorNode(
            List.of(h.network.keys().get(0)),
            new dev.slotstream.core.slashing.InMemorySlashingProtector(),
            ExecutionMode.ON_CHECKPOINT);
    deliver(v, 0, 1, 2, 3);
    assertThat(v.executedAt).isEmpty();
    deliverCheckpoint(v);
    assertThat(v.executedAt).containsOnlyKeys(0, 1, 2, 3, 4);
    assertThat(v.outcome(SLOT).status()).isEqualTo(AttestationStatus.ATTESTED);
  }

  @Test
  void shouldRecordEquivocationAndRefuseToAttest() {
    ValidatorNode v = h.validator(0);
    BlockProposal honest = blocks.get(1);
    BlockProposalPayload p = honest.payload();
    BlockProposal other =
        h.context
            .signer()
            .signBlock(
                new BlockProposalPayload(p.blockHeader(), 1, p.inHash(), Fr.of(7), p.txHashes()),
                h.network.proposerKey(SLOT),
                honest.txs());
    // Both versions of block 1 arrive before block 0: neither is executed yet, so the job cannot
    // fail on re-execution first; only the second signature for index 1 can end it.
    deliver(v, 1);
    assertThat(v.client.onBlockProposal(other).isValid()).isTrue();
    assertThat(v.executedAt).isEmpty();
    deliver(v, 0, 2, 3);
    deliverCheckpoint(v);
    assertThat(v.evidence).hasSize(1);
    EquivocationEvidence e = v.evidence.get(0);
    assertThat(e.kind()).isEqualTo(MessageKind.BLOCK_PROPOSAL);
    assertThat(e.index()).isEqualTo(1);
    assertThat(e.signer()).isEqualTo(h.network.proposerKey(SLOT).address());
    assertThat(e.firstId()).isEqualTo(honest.id());
    assertThat(e.secondId()).isEqualTo(other.id());
    assertThat(v.outcome(SLOT).status()).isEqualTo(AttestationStatus.EQUIVOCATION);
    assertThat(v.outcome(SLOT).executedIndices()).isEmpty();
    assertThat(v.published).isEmpty();
  }

  /**
   * Another checkpoint for {@link MbpsHarness#SLOT}, signed by the same (equivocating) proposer and
   * valid in every respect: a second harness built it from other txs (one per block), on the same
   * genesis, keys and timetable. Its blocks re-execute to exactly its header and archive.
   */
  private static MbpsHarness otherProposalForTheSameSlot(CheckpointProposal first) {
    MbpsHarness other = new MbpsHarness();
    assertThat(other.proposeSlot(SLOT, 1, true).status()).isEqualTo(ProposalStatus.PROPOSED);
    CheckpointProposal y = other.checkpointOf(SLOT);
    assertThat(y.slotNumber()).isEqualTo(first.slotNumber());
    assertThat(y.id()).isNotEqualTo(first.id());
    assertThat(y.payload().archive()).isNotEqualTo(first.payload().archive());
    return other;
  }

  @Test
  void shouldRecordCheckpointEquivocationAndRefuseToAttest() {
    CheckpointProposal y = otherProposalForTheSameSlot(checkpoint).checkpointOf(SLOT);
    ValidatorNode v = h.validator(0);
    deliver(v, 0, 1);
    deliverCheckpoint(v);
    // the proposer's second checkpoint for the slot passes validation on its own...
    assertThat(v.client.onCheckpointProposal(y).isValid()).isTrue();
    // ...and the first one's blocks all arrive: without the second checkpoint this would attest
    deliver(v, 2, 3);
    assertThat(v.evidence).hasSize(1);
    EquivocationEvidence e = v.evidence.get(0);
    assertThat(e.kind()).isEqualTo(MessageKind.CHECKPOINT_PROPOSAL);
    assertThat(e.signer()).isEqualTo(h.network.proposerKey(SLOT).address());
    assertThat(e.firstId()).isEqualTo(checkpoint.id());
    assertThat(e.secondId()).isEqualTo(y.id());
    assertThat(CheckpointProposal.decode(e.secondEncoding()).id()).isEqualTo(y.id());
    AttestationOutcome outcome = v.outcome(SLOT);
    assertThat(outcome.status()).isEqualTo(AttestationStatus.EQUIVOCATION);
    assertThat(outcome.executedIndices()).containsExactly(0, 1);
    assertThat(v.published).isEmpty();
  }

  @Test
  void shouldKeepCheckpointEquivocationEvidenceAfterAttestingAndNeverSignTheSecond() {
    CheckpointProposal y = otherProposalForTheSameSlot(checkpoint).checkpointOf(SLOT);
    ValidatorNode v = h.validator(0);
    deliver(v, 0, 1, 2, 3);
    deliverCheckpoint(v);
    assertThat(v.outcome(SLOT).status()).isEqualTo(AttestationStatus.ATTESTED);
    assertThat(v.client.onCheckpointProposal(y).isValid()).isTrue();
    assertThat(v.evidence)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo(MessageKind.CHECKPOINT_PROPOSAL);
              assertThat(e.firstId()).isEqualTo(checkpoint.id());
              assertThat(e.secondId()).isEqualTo(y.id());
            });
    assertThat(v.outcomes).hasSize(1);
    assertThat(v.published)
        .singleElement()
        .satisfies(a -> assertThat(a.payload()).isEqualTo(checkpoint.payload()));
  }

  @Test
  void shouldWaitForTxsThatTheProposalDoesNotCarryUntilTheyReachThePool() {
    MbpsHarness bare = new MbpsHarness();
    bare.proposeSlot(SLOT, 2, false);
    ValidatorNode v = bare.validator(0);
    List<BlockProposal> withoutTxs = bare.blocksOf(SLOT);
    withoutTxs.forEach(v.client::onBlockProposal);
    v.client.onCheckpointProposal(bare.checkpointOf(SLOT));
    assertThat(v.executedAt).isEmpty();
    // the tx topic delivers them late, still before the deadline
    bare.proposerPool.selectForBlock(1000, a -> 0L).forEach(v.pool::add);
    assertThat(v.outcome(SLOT).status()).isEqualTo(AttestationStatus.ATTESTED);
  }

  @Test
  void shouldKeepThePooledCopyOfEachTxAProposalCarries() {
    List<ValidatorNode> nodes =
        List.of(h.validator(0), h.validator(1), h.validator(2), h.validator(3));
    List<Tx> carried =
        java.util.stream.Stream.concat(
                blocks.stream().map(BlockProposal::txs),
                java.util.stream.Stream.of(checkpoint.lastBlock().txs()))
            .flatMap(txs -> txs.orElseThrow().stream())
            .toList();
    // the tx topic decodes each tx on its own, the proposals' copies are decoded apart from them
    List<Tx> gossiped = carried.stream().map(tx -> Tx.decode(tx.encode())).toList();
    ValidatorNode v = nodes.get(0);
    gossiped.forEach(v.pool::add);
    blocks.forEach(b -> v.client.onBlockProposal(BlockProposal.decode(b.encode())));
    v.client.onCheckpointProposal(CheckpointProposal.decode(checkpoint.encode()));
    for (ValidatorNode other : nodes.subList(1, 4)) {
      deliver(other, 0, 1, 2, 3);
      deliverCheckpoint(other);
    }
    var quorum = h.quorum(nodes.stream().flatMap(n -> n.published.stream()).toList().subList(0, 3));
    assertThat(v.finalizer.onQuorum(quorum, h.now()).commit())
        .contains(dev.slotstream.core.chain.ChainStore.CommitOutcome.COMMITTED);

    List<Tx> kept =
        v
            .chain
            .committed(v.chain.tip().checkpointNumber())
            .orElseThrow()
            .checkpoint()
            .blocks()
            .stream()
            .flatMap(b -> b.txs().stream())
            .toList();
    assertThat(kept).hasSize(gossiped.size()).containsExactlyElementsOf(carried);
    for (int i = 0; i < kept.size(); i++) {
      assertThat(kept.get(i)).as("tx %d", i).isSameAs(gossiped.get(i));
    }
  }

  @Test
  void shouldGiveUpOnTxsThatNeverArrive() {
    MbpsHarness bare = new MbpsHarness();
    bare.proposeSlot(SLOT, 2, false);
    ValidatorNode v = bare.validator(0);
    bare.blocksOf(SLOT).forEach(v.client::onBlockProposal);
    v.client.onCheckpointProposal(bare.checkpointOf(SLOT));
    bare.scheduler.advanceTo(bare.context.timetable().attestationDeadline(SLOT));
    assertThat(v.outcome(SLOT).status()).isEqualTo(AttestationStatus.MISSING_TXS);
  }

  @Test
  void shouldNotDoubleSignAfterARestartMidSlot(@TempDir Path dir) throws Exception {
    SigningKey key = h.network.keys().get(0);
    try (FileSlashingProtector record = FileSlashingProtector.open(dir)) {
      ValidatorNode first = h.new ValidatorNode(List.of(key), record);
      deliver(first, 0, 1, 2, 3);
      deliverCheckpoint(first);
      assertThat(first.outcome(SLOT).status()).isEqualTo(AttestationStatus.ATTESTED);
      assertThat(first.published).hasSize(1);
    }
    // A second, different and valid checkpoint Y for the same slot (an equivocating proposer) and
    // its blocks reach the restarted node, which has lost its memory but not its signing record.
    // It sees only Y, so equivocation detection cannot refuse; Y re-executes exactly, so
    // re-execution cannot refuse: only the signing record can.
    MbpsHarness other = otherProposalForTheSameSlot(checkpoint);
    List<BlockProposal> yBlocks = other.blocksOf(SLOT);
    CheckpointProposal y = other.checkpointOf(SLOT);

    // Control: the same fresh node state with an empty record attests to Y.
    ValidatorNode control = h.new ValidatorNode(List.of(key), new InMemorySlashingProtector());
    yBlocks.forEach(b -> assertThat(control.client.onBlockProposal(b).isValid()).isTrue());
    assertThat(control.client.onCheckpointProposal(y).isValid()).isTrue();
    assertThat(control.outcome(SLOT).status()).isEqualTo(AttestationStatus.ATTESTED);

    try (FileSlashingProtector record = FileSlashingProtector.open(dir)) {
      ValidatorNode restarted = h.new ValidatorNode(List.of(key), record);
      yBlocks.forEach(b -> assertThat(restarted.client.onBlockProposal(b).isValid()).isTrue());
      assertThat(restarted.client.onCheckpointProposal(y).isValid()).isTrue();
      AttestationOutcome outcome = restarted.outcome(SLOT);
      assertThat(outcome.status()).isEqualTo(AttestationStatus.SLASHING_PROTECTION);
      assertThat(outcome.executedIndices()).containsExactly(0, 1, 2, 3, 4); // Y re-executed fine
      assertThat(outcome.detail()).contains(key.address().toString());
      assertThat(restarted.evidence).isEmpty();
      assertThat(restarted.published).isEmpty();
    }
  }

  @Test
  void shouldBuildTheNextSlotOnTheCheckpointThatReachedQuorum() {
    List<ValidatorNode> nodes =
        List.of(h.validator(0), h.validator(1), h.validator(2), h.validator(3));
    for (ValidatorNode v : nodes) {
      deliver(v, 0, 1, 2, 3);
      deliverCheckpoint(v);
    }
    List<CheckpointAttestation> all = nodes.stream().flatMap(n -> n.published.stream()).toList();
    assertThat(all).hasSize(4);
    var quorum = h.quorum(all.subList(0, 3));
    assertThat(h.proposerFinalizer.onQuorum(quorum, h.now()).commit())
        .contains(dev.slotstream.core.chain.ChainStore.CommitOutcome.COMMITTED);
    nodes.forEach(
        n ->
            assertThat(n.finalizer.onQuorum(quorum, h.now()).commit())
                .contains(dev.slotstream.core.chain.ChainStore.CommitOutcome.COMMITTED));

    SlotNumber next = SLOT.next();
    h.scheduler.advanceTo(h.context.timetable().slotStart(next).minusMillis(100));
    h.proposeSlot(next, 1, true);
    CheckpointProposal second = h.checkpointOf(next);
    assertThat(second.payload().header().lastArchiveRoot())
        .isEqualTo(checkpoint.payload().archive());
    for (ValidatorNode v : nodes) {
      h.blocksOf(next).forEach(v.client::onBlockProposal);
      v.client.onCheckpointProposal(second);
      assertThat(v.outcome(next).status()).isEqualTo(AttestationStatus.ATTESTED);
    }
  }

  @Test
  void shouldCommitACheckpointWhoseQuorumArrivedBeforeThisNodeFinishedIt() {
    List<ValidatorNode> fast = List.of(h.validator(0), h.validator(1), h.validator(2));
    for (ValidatorNode v : fast) {
      deliver(v, 0, 1, 2, 3);
      deliverCheckpoint(v);
    }
    var quorum = h.quorum(fast.stream().flatMap(n -> n.published.stream()).toList());
    ValidatorNode slow = h.validator(3);
    deliver(slow, 0, 1);
    assertThat(slow.finalizer.onQuorum(quorum, h.now()).commit())
        .contains(dev.slotstream.core.chain.ChainStore.CommitOutcome.UNKNOWN_CHECKPOINT);
    assertThat(slow.chain.tip().slot()).isEmpty();
    deliver(slow, 2, 3);
    deliverCheckpoint(slow);
    assertThat(slow.chain.tip().archiveRoot()).isEqualTo(checkpoint.payload().archive());
  }

  /** Every validator makes the slot's checkpoint final; the proposer's chain never learns it. */
  private List<ValidatorNode> finalOnValidatorsOnly() {
    List<ValidatorNode> nodes = List.of(h.validator(0), h.validator(1), h.validator(2));
    for (ValidatorNode v : nodes) {
      deliver(v, 0, 1, 2, 3);
      deliverCheckpoint(v);
    }
    var quorum = h.quorum(nodes.stream().flatMap(n -> n.published.stream()).toList());
    for (ValidatorNode v : nodes) {
      assertThat(v.finalizer.onQuorum(quorum, h.now()).isCommitted()).isTrue();
    }
    return nodes;
  }

  @Test
  void shouldNotAttestToACheckpointBuiltOnAnOlderArchiveItHolds() {
    List<ValidatorNode> nodes = finalOnValidatorsOnly();
    // A proposer restarted at genesis: it builds the next slot on the genesis archive, which every
    // validator also holds as final, but which is no longer their tip.
    SlotNumber next = SLOT.next();
    h.proposeSlot(next, 1, true);
    CheckpointProposal onGenesis = h.checkpointOf(next);
    assertThat(onGenesis.payload().header().lastArchiveRoot())
        .isEqualTo(h.genesis().latest().archiveRoot());
    for (ValidatorNode v : nodes) {
      h.blocksOf(next).forEach(v.client::onBlockProposal);
      v.client.onCheckpointProposal(onGenesis);
    }
    h.scheduler.advanceTo(h.context.timetable().attestationDeadline(next));
    for (ValidatorNode v : nodes) {
      assertThat(v.outcome(next).status()).isEqualTo(AttestationStatus.STALE_PARENT);
      assertThat(v.published).hasSize(1); // only the first slot's attestation
    }
  }

  @Test
  void shouldAttestOnceARollbackMakesTheOlderParentItsTipAgain() {
    ValidatorNode v = finalOnValidatorsOnly().get(0);
    SlotNumber next = SLOT.next();
    h.proposeSlot(next, 1, true);
    h.blocksOf(next).forEach(v.client::onBlockProposal);
    v.client.onCheckpointProposal(h.checkpointOf(next));
    assertThat(v.outcomes).hasSize(1); // waiting
    // The L1 follower prunes the checkpoint that never landed: genesis is the tip again.
    v.chain.rollbackTo(dev.slotstream.core.types.CheckpointNumber.ZERO);
    assertThat(v.outcome(next).status()).isEqualTo(AttestationStatus.ATTESTED);
  }
}
