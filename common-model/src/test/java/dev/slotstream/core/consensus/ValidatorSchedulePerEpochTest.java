package dev.slotstream.core.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.committee.Committee;
import dev.slotstream.core.committee.CommitteeSelector;
import dev.slotstream.core.committee.ValidatorSchedule;
import dev.slotstream.core.committee.ValidatorSet;
import dev.slotstream.core.committee.ValidatorSetUnknownException;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.sequencer.ProposalJobListener;
import dev.slotstream.core.sequencer.ProposalOutcome;
import dev.slotstream.core.sequencer.ProposalStatus;
import dev.slotstream.core.sequencer.ProposerDependencies;
import dev.slotstream.core.sequencer.Sequencer;
import dev.slotstream.core.slashing.InMemorySlashingProtector;
import dev.slotstream.core.testing.AttestationFixtures;
import dev.slotstream.core.testing.MbpsHarness;
import dev.slotstream.core.testing.TestNetwork;
import dev.slotstream.core.time.TimetableConfig;
import dev.slotstream.core.types.EpochNumber;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Each epoch's committee is drawn from that epoch's validator set (§6, §16.2), and an epoch whose
 * set this node does not know is never guessed: no committee, duties skipped, messages refused with
 * {@link RejectionReason#VALIDATOR_SET_UNKNOWN} until the set is learned.
 */
class ValidatorSchedulePerEpochTest {
  private static final List<SigningKey> KEYS =
      IntStream.range(0, 6).mapToObj(i -> SigningKey.fromSeed("validator-" + i)).toList();
  private static final ValidatorSet FIRST = set(0, 1, 2, 3);
  // Epoch 2 on: validator-4 added at the end, validator-1 removed (the contract keeps the order).
  private static final ValidatorSet CHANGED = set(0, 2, 3, 4);

  /** A schedule that knows what a test put in it, as a node that reads L1 learns epoch by epoch. */
  private static final class LearnedSets implements ValidatorSchedule {
    final Map<EpochNumber, ValidatorSet> known = new ConcurrentHashMap<>();

    @Override
    public Optional<ValidatorSet> validatorsAt(EpochNumber epoch) {
      return Optional.ofNullable(known.get(epoch));
    }
  }

  private static ValidatorSet set(int... indexes) {
    return ValidatorSet.of(IntStream.of(indexes).mapToObj(i -> KEYS.get(i).address()).toList());
  }

  private static RollupContext context(ValidatorSchedule schedule) {
    return RollupContext.of(
        new RollupParameters(
            TestNetwork.CHAIN_ID,
            TestNetwork.VERSION,
            TestNetwork.ROLLUP,
            TimetableConfig.devnet(TestNetwork.GENESIS),
            FIRST,
            TestNetwork.SEED,
            CommitteeSelector.DEFAULT_TARGET_COMMITTEE_SIZE,
            1024),
        schedule);
  }

  @Test
  void drawsEachEpochsCommitteeFromThatEpochsSet() {
    LearnedSets sets = new LearnedSets();
    sets.known.put(EpochNumber.of(1), FIRST);
    sets.known.put(EpochNumber.of(2), CHANGED);
    EpochCache epochs = context(sets).epochCache();
    CommitteeSelector selector =
        new CommitteeSelector(CommitteeSelector.DEFAULT_TARGET_COMMITTEE_SIZE);

    Committee before = epochs.committeeOf(EpochNumber.of(1));
    Committee after = epochs.committeeOf(EpochNumber.of(2));

    assertThat(before).isEqualTo(selector.select(FIRST, TestNetwork.SEED, EpochNumber.of(1)));
    assertThat(after).isEqualTo(selector.select(CHANGED, TestNetwork.SEED, EpochNumber.of(2)));
    assertThat(before.members())
        .contains(KEYS.get(1).address())
        .doesNotContain(KEYS.get(4).address());
    assertThat(after.members())
        .contains(KEYS.get(4).address())
        .doesNotContain(KEYS.get(1).address());
    long slotOfEpoch2 = 2L * epochs.timetable().config().epochLength();
    assertThat(after.members()).contains(epochs.proposerFor(SlotNumber.of(slotOfEpoch2)));
  }

  @Test
  void anEpochWhoseSetIsNotKnownHasNoCommitteeUntilTheSetIsLearned() {
    LearnedSets sets = new LearnedSets();
    EpochCache epochs = context(sets).epochCache();
    EpochNumber epoch = EpochNumber.of(3);

    assertThat(epochs.findCommittee(epoch)).isEmpty();
    assertThatThrownBy(() -> epochs.committeeOf(epoch))
        .isInstanceOf(ValidatorSetUnknownException.class)
        .hasMessageContaining("epoch 3");

    sets.known.put(epoch, CHANGED);
    assertThat(epochs.findCommittee(epoch))
        .hasValueSatisfying(
            c -> assertThat(c.members()).containsExactlyInAnyOrderElementsOf(CHANGED.members()));
  }

  @Test
  void receiptChecksRefuseWhatTheyCannotCheckWithoutGuessing() {
    AttestationFixtures fixtures = new AttestationFixtures(5);
    SlotNumber slot = SlotNumber.of(77);
    AttestationFixtures.Checkpoint checkpoint = fixtures.checkpoint(slot);
    Committee committee = fixtures.committee(slot);
    SigningKey member =
        fixtures.keys().stream()
            .filter(k -> committee.contains(k.address()))
            .findFirst()
            .orElseThrow();
    RollupContext unknown = context(new LearnedSets());

    ValidationResult attestation =
        new CheckpointAttestationValidator(unknown)
            .validate(fixtures.attest(checkpoint, member), fixtures.inside(slot));
    QuorumValidation quorum =
        new QuorumValidator(unknown)
            .validateLanded(
                new CheckpointQuorum(
                    checkpoint.payload(),
                    committee.size(),
                    List.of(committee.indexOf(member.address()).orElseThrow()),
                    List.of(fixtures.attest(checkpoint, member))));

    assertThat(attestation.reason()).contains(RejectionReason.VALIDATOR_SET_UNKNOWN);
    assertThat(attestation.detail()).contains("validator set of epoch");
    assertThat(quorum.reason()).contains(RejectionReason.VALIDATOR_SET_UNKNOWN);
  }

  @Test
  void aBlockProposalOfAnEpochWhoseSetIsNotKnownIsRefusedUntilItIsLearned() {
    MbpsHarness h = new MbpsHarness();
    SlotNumber slot = MbpsHarness.SLOT;
    h.proposeSlot(slot, 1, true);
    var block = h.blocks.get(0);
    var arrival = h.blockBroadcastTimes.get(0);
    LearnedSets sets = new LearnedSets();
    BlockProposalValidator validator = new BlockProposalValidator(context(sets));

    assertThat(validator.validate(block, arrival).reason())
        .contains(RejectionReason.VALIDATOR_SET_UNKNOWN);

    sets.known.put(h.context.timetable().epochOf(slot), FIRST);
    assertThat(validator.validate(block, arrival).isValid()).isTrue();
  }

  @Test
  void theProposerSkipsASlotWhoseEpochSetItDoesNotKnowAndProposesOnceItDoes() {
    MbpsHarness h = new MbpsHarness();
    LearnedSets sets = new LearnedSets();
    RollupContext context = context(sets);
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
                context,
                h.proposerChain,
                h.checkpointsBuilder(),
                h.proposerPool,
                new InMemorySlashingProtector(),
                h.scheduler,
                h.executor,
                h.capturingBroadcaster(),
                listener,
                dev.slotstream.core.duty.UncaughtErrors.logging(),
                dev.slotstream.core.duty.SyncGate.OPEN),
            KEYS,
            k -> h.proposerConfig(k, 1, true));
    SlotNumber slot = MbpsHarness.SLOT;
    h.scheduler.advanceTo(context.timetable().slotStart(slot));

    assertThat(sequencer.onSlot(slot)).isEmpty();
    assertThat(outcomes)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.status()).isEqualTo(ProposalStatus.VALIDATOR_SET_UNKNOWN);
              assertThat(o.detail()).contains("validator set of epoch");
            });

    sets.known.put(context.timetable().epochOf(slot), FIRST);
    SlotNumber next = slot.next();
    sets.known.put(context.timetable().epochOf(next), FIRST);
    h.scheduler.advanceTo(context.timetable().slotStart(next));
    assertThat(sequencer.onSlot(next)).isPresent();
    EthAddress proposer = context.epochCache().proposerFor(next);
    assertThat(FIRST.members()).contains(proposer);
  }
}
