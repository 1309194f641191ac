package dev.slotstream.core.validator;

import static dev.slotstream.core.testing.MbpsHarness.SLOT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.committee.ValidatorSchedule;
import dev.slotstream.core.committee.ValidatorSet;
import dev.slotstream.core.consensus.RejectionReason;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.consensus.ValidationResult;
import dev.slotstream.core.duty.SyncGate;
import dev.slotstream.core.duty.UncaughtErrors;
import dev.slotstream.core.exec.BlockBuildLimits;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.sequencer.ProposalStatus;
import dev.slotstream.core.slashing.InMemorySlashingProtector;
import dev.slotstream.core.testing.MbpsHarness;
import dev.slotstream.core.types.EpochNumber;
import dev.slotstream.core.types.SlotNumber;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A validator that takes each epoch's set from L1 and does not know the set of a slot's epoch skips
 * that slot's attestation: nothing signed, the slot's outcome {@code VALIDATOR_SET_UNKNOWN}
 * (docs/PROTOCOL.md §6); once it learns the set it attests again.
 */
class ValidatorSetUnknownAttestationTest {
  private MbpsHarness h;
  private final LearnedSets sets = new LearnedSets();

  /** The sets this node has read from L1 so far, as {@code L1ValidatorSchedule} learns them. */
  private static final class LearnedSets implements ValidatorSchedule {
    final Map<EpochNumber, ValidatorSet> known = new ConcurrentHashMap<>();

    @Override
    public Optional<ValidatorSet> validatorsAt(EpochNumber epoch) {
      return Optional.ofNullable(known.get(epoch));
    }
  }

  /** A validator node whose context reads {@link #sets}, recording what it does. */
  private final class Node implements AttestationJobListener {
    final RollupContext context = h.context.withValidators(sets);
    final ChainStore chain = new ChainStore(h.genesis());
    final List<CheckpointAttestation> published = new CopyOnWriteArrayList<>();
    final List<AttestationOutcome> outcomes = new CopyOnWriteArrayList<>();
    final ValidatorDependencies deps =
        new ValidatorDependencies(
            context,
            chain,
            h.checkpointsBuilder(),
            new InMemorySlashingProtector(),
            hashes -> {
              throw new AssertionError("every block carries its txs");
            },
            h.scheduler,
            h.executor,
            this,
            BlockBuildLimits.PROTOCOL,
            ExecutionMode.PIPELINED,
            UncaughtErrors.logging(),
            SyncGate.OPEN);
    final ValidatorClient client =
        new ValidatorClient(deps, List.of(h.network.keys().get(0)), published::addAll);

    @Override
    public void onOutcome(AttestationOutcome outcome) {
      outcomes.add(outcome);
    }

    List<AttestationOutcome> outcomesOf(SlotNumber slot) {
      return outcomes.stream().filter(o -> o.slot().equals(slot)).toList();
    }
  }

  @BeforeEach
  void proposeOneSlot() {
    h = new MbpsHarness();
    assertThat(h.proposeSlot(SLOT, 1, true).status()).isEqualTo(ProposalStatus.PROPOSED);
  }

  private EpochNumber epochOf(SlotNumber slot) {
    return h.context.timetable().epochOf(slot);
  }

  private void learnSetOf(SlotNumber slot) {
    sets.known.put(epochOf(slot), h.context.epochCache().validatorsAt(epochOf(slot)).orElseThrow());
  }

  /** The next slot, proposed on the same parent (SLOT's checkpoint never became final). */
  private SlotNumber proposeNextSlot() {
    SlotNumber next = SLOT.next();
    h.scheduler.advanceTo(h.context.timetable().slotStart(next).minusMillis(100));
    h.proposeSlot(next, 1, true);
    return next;
  }

  @Test
  void aNodeThatDoesNotKnowTheSlotsSetSkipsItsAttestationAndAttestsOnceItLearnsIt() {
    Node v = new Node();

    for (BlockProposal b : h.blocksOf(SLOT)) {
      assertThat(v.client.onBlockProposal(b).reason())
          .contains(RejectionReason.VALIDATOR_SET_UNKNOWN);
    }
    ValidationResult refused = v.client.onCheckpointProposal(h.checkpointOf(SLOT));
    assertThat(refused.reason()).contains(RejectionReason.VALIDATOR_SET_UNKNOWN);
    h.scheduler.advanceTo(h.context.timetable().slotEnd(SLOT));

    assertThat(v.outcomesOf(SLOT))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.status()).isEqualTo(AttestationStatus.VALIDATOR_SET_UNKNOWN);
              assertThat(o.detail()).contains("validator set of epoch");
              assertThat(o.attestations()).isEmpty();
              assertThat(o.executedIndices()).isEmpty();
            });
    assertThat(v.published).isEmpty();

    learnSetOf(SLOT.next());
    SlotNumber next = proposeNextSlot();
    h.blocksOf(next).forEach(b -> assertThat(v.client.onBlockProposal(b).isValid()).isTrue());
    assertThat(v.client.onCheckpointProposal(h.checkpointOf(next)).isValid()).isTrue();

    assertThat(v.outcomesOf(next))
        .singleElement()
        .satisfies(o -> assertThat(o.status()).isEqualTo(AttestationStatus.ATTESTED));
    assertThat(v.published)
        .singleElement()
        .satisfies(a -> assertThat(a.payload()).isEqualTo(h.checkpointOf(next).payload()));
  }

  @Test
  void aJobThatReExecutedTheSlotStillDoesNotSignWithoutTheSetOfItsEpoch() {
    // The job's own check, behind the receipt checks: it holds proposals (here handed over
    // directly) but the set of the slot's epoch is not known when it comes to sign.
    Node v = new Node();
    CheckpointAttestationJob job =
        new CheckpointAttestationJob(v.deps, SLOT, List.of(h.network.keys().get(0))).start();
    for (BlockProposal b : h.blocksOf(SLOT)) {
      job.onBlockProposal(b, h.now());
    }
    CheckpointProposal checkpoint = h.checkpointOf(SLOT);
    job.onCheckpointProposal(checkpoint, h.now());

    AttestationOutcome outcome = job.outcome().getNow(null);
    assertThat(outcome).isNotNull();
    assertThat(outcome.status()).isEqualTo(AttestationStatus.VALIDATOR_SET_UNKNOWN);
    assertThat(outcome.attestations()).isEmpty();
    assertThat(outcome.executedIndices()).hasSize(checkpoint.lastBlockIndex() + 1);
    assertThat(v.outcomes).containsExactly(outcome);

    learnSetOf(SLOT);
    CheckpointAttestationJob again =
        new CheckpointAttestationJob(v.deps, SLOT, List.of(h.network.keys().get(0))).start();
    h.blocksOf(SLOT).forEach(b -> again.onBlockProposal(b, h.now()));
    again.onCheckpointProposal(checkpoint, h.now());
    assertThat(again.outcome().getNow(null))
        .satisfies(o -> assertThat(o.status()).isEqualTo(AttestationStatus.ATTESTED));
  }
}
