package dev.slotstream.core.time;

import dev.slotstream.core.types.EpochNumber;
import dev.slotstream.core.types.SlotNumber;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Deadlines of a slot, each computed as slot start + a fixed offset. Nothing here reads a clock: a
 * node that learns about a slot late still gets the same deadlines as a node that was on time.
 */
public final class Timetable {
  private final TimetableConfig config;

  public Timetable(TimetableConfig config) {
    this.config = Objects.requireNonNull(config, "config").validate();
  }

  public TimetableConfig config() {
    return config;
  }

  // ---- slots and epochs ----

  public Instant genesisTime() {
    return config.genesisTime();
  }

  public Duration slotDuration() {
    return config.slotDuration();
  }

  /** genesis + slot × slotDuration. */
  public Instant slotStart(SlotNumber slot) {
    return config.genesisTime().plus(config.slotDuration().multipliedBy(slot.value()));
  }

  /** Exclusive: the start of the next slot. */
  public Instant slotEnd(SlotNumber slot) {
    return slotStart(slot).plus(config.slotDuration());
  }

  /** floor((t − genesis) / slotDuration); empty before genesis. */
  public Optional<SlotNumber> slotAt(Instant time) {
    if (time.isBefore(config.genesisTime())) {
      return Optional.empty();
    }
    return Optional.of(
        SlotNumber.of(
            Duration.between(config.genesisTime(), time).dividedBy(config.slotDuration())));
  }

  public EpochNumber epochOf(SlotNumber slot) {
    return EpochNumber.of(slot.value() / config.epochLength());
  }

  public SlotNumber firstSlotOf(EpochNumber epoch) {
    return SlotNumber.of(Math.multiplyExact(epoch.value(), (long) config.epochLength()));
  }

  public SlotNumber lastSlotOf(EpochNumber epoch) {
    return SlotNumber.of(firstSlotOf(epoch).value() + config.epochLength() - 1);
  }

  public boolean isFirstSlotOfEpoch(SlotNumber slot) {
    return slot.value() % config.epochLength() == 0;
  }

  // ---- sub-slots (blocks) ----

  /** Sub-slots per slot; validation guarantees all of them fit before the checkpoint proposal. */
  public int blocksPerSlot() {
    return config.maxBlocksPerCheckpoint();
  }

  public int lastBlockIndex() {
    return config.maxBlocksPerCheckpoint() - 1;
  }

  public boolean isLastBlock(int subSlotIndex) {
    checkIndex(subSlotIndex);
    return subSlotIndex == lastBlockIndex();
  }

  /** slotStart + blockBuildOffset + index × blockDuration. */
  public Instant blockStart(SlotNumber slot, int subSlotIndex) {
    checkIndex(subSlotIndex);
    return slotStart(slot)
        .plus(config.blockBuildOffset())
        .plus(config.blockDuration().multipliedBy(subSlotIndex));
  }

  /** blockStart + blockDuration. */
  public Instant blockDeadline(SlotNumber slot, int subSlotIndex) {
    return blockStart(slot, subSlotIndex).plus(config.blockDuration());
  }

  public SubSlot subSlot(SlotNumber slot, int subSlotIndex) {
    return new SubSlot(
        slot,
        subSlotIndex,
        blockStart(slot, subSlotIndex),
        blockDeadline(slot, subSlotIndex),
        isLastBlock(subSlotIndex));
  }

  public List<SubSlot> subSlots(SlotNumber slot) {
    List<SubSlot> all = new ArrayList<>(blocksPerSlot());
    for (int i = 0; i < blocksPerSlot(); i++) {
      all.add(subSlot(slot, i));
    }
    return List.copyOf(all);
  }

  /**
   * Where a builder that is at {@code now} should build next in {@code slot}. The current sub-slot
   * (the one containing now, or sub-slot 0 before it starts) is used if at least minBlockDuration
   * of it remains; otherwise it is skipped for the next one. Empty when no sub-slot is left.
   */
  public Optional<BuildPlan> subSlotFor(SlotNumber slot, Instant now) {
    Instant firstStart = blockStart(slot, 0);
    if (now.isBefore(firstStart)) {
      return Optional.of(new BuildPlan(subSlot(slot, 0), firstStart, config.blockDuration()));
    }
    long current = Duration.between(firstStart, now).dividedBy(config.blockDuration());
    if (current > lastBlockIndex()) {
      return Optional.empty();
    }
    SubSlot sub = subSlot(slot, (int) current);
    if (leavesRoomForABlock(now, sub.deadline())) {
      return Optional.of(new BuildPlan(sub, now, Duration.between(now, sub.deadline())));
    }
    if (current == lastBlockIndex()) {
      return Optional.empty();
    }
    SubSlot next = subSlot(slot, (int) current + 1);
    return Optional.of(new BuildPlan(next, next.start(), config.blockDuration()));
  }

  /**
   * Whether a build at {@code now} that must end by {@code end} has at least minBlockDuration: a
   * sub-slot with less left is skipped, whether at a job's start or after an earlier build overran.
   */
  public boolean leavesRoomForABlock(Instant now, Instant end) {
    return Duration.between(now, end).compareTo(config.minBlockDuration()) >= 0;
  }

  // ---- checkpoint, attestations, L1 ----

  /** slotStart + checkpointProposalOffset: the proposer broadcasts the CheckpointProposal. */
  public Instant checkpointProposalDeadline(SlotNumber slot) {
    return slotStart(slot).plus(config.checkpointProposalOffset());
  }

  /** checkpointProposalDeadline + proposalPropagation: when validators should hold the proposal. */
  public Instant checkpointProposalExpectedBy(SlotNumber slot) {
    return checkpointProposalDeadline(slot).plus(config.proposalPropagation());
  }

  /** slotStart + attestationDeadlineOffset: the proposer stops collecting attestations. */
  public Instant attestationDeadline(SlotNumber slot) {
    return slotStart(slot).plus(config.attestationDeadlineOffset());
  }

  /** slotStart + l1PublishOffset. */
  public Instant l1PublishTime(SlotNumber slot) {
    return slotStart(slot).plus(config.l1PublishOffset());
  }

  // ---- arrival checks ----

  /** [slotStart − clockTolerance, attestationDeadline + clockTolerance], both inclusive. */
  public ReceiveWindow receiveWindow(SlotNumber slot) {
    return new ReceiveWindow(
        slot,
        slotStart(slot).minus(config.clockTolerance()),
        attestationDeadline(slot).plus(config.clockTolerance()));
  }

  /**
   * [slotStart − clockTolerance, slotEnd + clockTolerance]: a checkpoint's quorum counts only in its
   * own slot, the same slot in which L1 accepts it.
   */
  public ReceiveWindow quorumWindow(SlotNumber slot) {
    return new ReceiveWindow(
        slot,
        slotStart(slot).minus(config.clockTolerance()),
        slotEnd(slot).plus(config.clockTolerance()));
  }

  /**
   * The earliest instant at which a quorum of a slot after {@code slot} (of any slot, when empty:
   * a chain at genesis) can have been published: the opening of the next slot's quorum window.
   * Where a reader of the quorum topic starts so that it misses nothing that can extend its tip.
   */
  public Instant firstQuorumAfter(Optional<SlotNumber> slot) {
    return quorumWindow(slot.map(SlotNumber::next).orElse(SlotNumber.ZERO)).opensAt();
  }

  public boolean isWithinReceiveWindow(SlotNumber slot, Instant arrival) {
    return receiveWindow(slot).contains(arrival);
  }

  private void checkIndex(int subSlotIndex) {
    if (subSlotIndex < 0 || subSlotIndex > lastBlockIndex()) {
      throw new IllegalArgumentException(
          "sub-slot index " + subSlotIndex + " outside 0.." + lastBlockIndex());
    }
  }

  @Override
  public String toString() {
    return "Timetable" + config;
  }
}
