package dev.slotstream.core.time;

import static dev.slotstream.core.time.Durations.format;

import java.time.Duration;
import java.time.Instant;

/**
 * The numbers of the slot timetable. Every offset is measured from the start of the slot, never from
 * "now", so a node that is late still computes the same deadlines as everyone else.
 *
 * <p>A config may be built invalid (so withers can be chained); {@link #validate()} refuses one that
 * does not fit its slot, and {@link Timetable} and {@link SlotClock} only accept validated configs.
 *
 * @param genesisTime start of slot 0; whole seconds, as L1 block timestamps are
 * @param slotDuration length of a slot; whole seconds, so L1 derives the same slot from a timestamp
 * @param epochLength slots per epoch (committees change per epoch)
 * @param blockDuration length of one sub-slot, i.e. the time to build one block
 * @param maxBlocksPerCheckpoint sub-slots per slot, 1..{@value #MAX_BLOCKS_PER_CHECKPOINT}
 * @param minBlockDuration a builder with less than this left in a sub-slot skips to the next one
 * @param blockBuildOffset start of the first sub-slot
 * @param checkpointProposalOffset when the CheckpointProposal (last block + checkpoint) is broadcast
 * @param proposalPropagation time allowed for the checkpoint proposal to reach the validators
 * @param attestationDeadlineOffset the proposer stops collecting checkpoint attestations
 * @param l1PublishOffset the proposer sends the checkpoint to L1
 * @param clockTolerance allowed disagreement between clocks when judging an arrival time
 */
public record TimetableConfig(
    Instant genesisTime,
    Duration slotDuration,
    int epochLength,
    Duration blockDuration,
    int maxBlocksPerCheckpoint,
    Duration minBlockDuration,
    Duration blockBuildOffset,
    Duration checkpointProposalOffset,
    Duration proposalPropagation,
    Duration attestationDeadlineOffset,
    Duration l1PublishOffset,
    Duration clockTolerance) {

  /** Hard ceiling on blocks in one checkpoint (the block index travels as a small integer). */
  public static final int MAX_BLOCKS_PER_CHECKPOINT = 72;

  public static final Duration DEFAULT_CLOCK_TOLERANCE = Duration.ofMillis(500);

  /**
   * The plan's timing model on a 60 s slot: blocks built at 2, 10, 18, 26, 34 s (8 s each), the
   * checkpoint proposal broadcast at 42 s, attestations collected until 54 s, L1 publish at 55 s.
   */
  public static TimetableConfig standard(Instant genesisTime) {
    return new TimetableConfig(
        genesisTime,
        Duration.ofSeconds(60),
        32,
        Duration.ofSeconds(8),
        5,
        Duration.ofSeconds(2),
        Duration.ofSeconds(2),
        Duration.ofSeconds(42),
        Duration.ofSeconds(2),
        Duration.ofSeconds(54),
        Duration.ofSeconds(55),
        DEFAULT_CLOCK_TOLERANCE);
  }

  /**
   * A fast devnet: 6 s slot, 5 blocks of 0.8 s from 0.2 s (ending 4.2 s), checkpoint proposal at
   * 4.2 s, attestations until 5.4 s, L1 publish at 5.5 s, 8-slot epochs.
   */
  public static TimetableConfig devnet(Instant genesisTime) {
    return new TimetableConfig(
        genesisTime,
        Duration.ofSeconds(6),
        8,
        Duration.ofMillis(800),
        5,
        Duration.ofMillis(200),
        Duration.ofMillis(200),
        Duration.ofMillis(4200),
        Duration.ofMillis(200),
        Duration.ofMillis(5400),
        Duration.ofMillis(5500),
        DEFAULT_CLOCK_TOLERANCE);
  }

  /** When the last sub-slot ends, relative to slot start. */
  public Duration blocksEndOffset() {
    return blockBuildOffset.plus(blockDuration.multipliedBy(maxBlocksPerCheckpoint));
  }

  /**
   * Returns this config if it fits its slot, else throws {@link InvalidTimetableException} naming
   * the first broken rule. Order enforced: last block end ≤ checkpoint proposal; checkpoint
   * proposal + propagation &lt; attestation deadline ≤ L1 publish &lt; slot end.
   */
  public TimetableConfig validate() {
    requirePresent(genesisTime, "genesis time");
    requirePresent(slotDuration, "slot duration");
    requirePresent(blockDuration, "block duration");
    requirePresent(minBlockDuration, "min block duration");
    requirePresent(blockBuildOffset, "block build offset");
    requirePresent(checkpointProposalOffset, "checkpoint proposal time");
    requirePresent(proposalPropagation, "proposal propagation");
    requirePresent(attestationDeadlineOffset, "attestation deadline");
    requirePresent(l1PublishOffset, "L1 publish time");
    requirePresent(clockTolerance, "clock tolerance");

    if (genesisTime.getNano() != 0) {
      fail(
          "genesis time "
              + genesisTime
              + " is not a whole second; L1 timestamps are whole seconds");
    }
    if (!isPositive(slotDuration)) {
      fail("slot duration " + format(slotDuration) + " must be positive");
    }
    if (slotDuration.getNano() != 0) {
      fail(
          "slot duration "
              + format(slotDuration)
              + " is not a whole number of seconds; L1 derives the slot from whole-second timestamps");
    }
    if (epochLength < 1) {
      fail("epoch length " + epochLength + " must be at least 1 slot");
    }
    if (!isPositive(blockDuration)) {
      fail("block duration " + format(blockDuration) + " must be positive");
    }
    if (maxBlocksPerCheckpoint < 1 || maxBlocksPerCheckpoint > MAX_BLOCKS_PER_CHECKPOINT) {
      fail(
          "max blocks per checkpoint "
              + maxBlocksPerCheckpoint
              + " must be between 1 and "
              + MAX_BLOCKS_PER_CHECKPOINT);
    }
    if (!isPositive(minBlockDuration)) {
      fail("min block duration " + format(minBlockDuration) + " must be positive");
    }
    if (minBlockDuration.compareTo(blockDuration) > 0) {
      fail(
          "min block duration "
              + format(minBlockDuration)
              + " is longer than the block duration "
              + format(blockDuration)
              + "; every sub-slot would be skipped");
    }
    if (blockBuildOffset.isNegative()) {
      fail("block build offset " + format(blockBuildOffset) + " must not be negative");
    }
    if (proposalPropagation.isNegative()) {
      fail("proposal propagation " + format(proposalPropagation) + " must not be negative");
    }
    if (clockTolerance.isNegative()) {
      fail("clock tolerance " + format(clockTolerance) + " must not be negative");
    }

    Duration blocksEnd = blocksEndOffset();
    if (blocksEnd.compareTo(checkpointProposalOffset) > 0) {
      fail(
          maxBlocksPerCheckpoint
              + " blocks of "
              + format(blockDuration)
              + " starting at "
              + format(blockBuildOffset)
              + " end at "
              + format(blocksEnd)
              + ", after the checkpoint proposal time "
              + format(checkpointProposalOffset));
    }
    Duration proposalArrival = checkpointProposalOffset.plus(proposalPropagation);
    if (proposalArrival.compareTo(attestationDeadlineOffset) >= 0) {
      fail(
          "checkpoint proposal at "
              + format(checkpointProposalOffset)
              + " plus "
              + format(proposalPropagation)
              + " propagation reaches validators at "
              + format(proposalArrival)
              + ", not before the attestation deadline "
              + format(attestationDeadlineOffset));
    }
    if (attestationDeadlineOffset.compareTo(l1PublishOffset) > 0) {
      fail(
          "attestation deadline "
              + format(attestationDeadlineOffset)
              + " is after the L1 publish time "
              + format(l1PublishOffset));
    }
    // Publishing exactly at slot end would land the checkpoint in an L1 block of the next slot.
    if (l1PublishOffset.compareTo(slotDuration) >= 0) {
      fail(
          "L1 publish time "
              + format(l1PublishOffset)
              + " is not before the slot end "
              + format(slotDuration));
    }
    // Beyond half a slot the receive windows of neighbouring slots would swallow each other.
    if (clockTolerance.multipliedBy(2).compareTo(slotDuration) >= 0) {
      fail(
          "clock tolerance "
              + format(clockTolerance)
              + " is not less than half the slot "
              + format(slotDuration));
    }
    return this;
  }

  public TimetableConfig withGenesisTime(Instant v) {
    return new TimetableConfig(
        v,
        slotDuration,
        epochLength,
        blockDuration,
        maxBlocksPerCheckpoint,
        minBlockDuration,
        blockBuildOffset,
        checkpointProposalOffset,
        proposalPropagation,
        attestationDeadlineOffset,
        l1PublishOffset,
        clockTolerance);
  }

  public TimetableConfig withSlotDuration(Duration v) {
    return new TimetableConfig(
        genesisTime,
        v,
        epochLength,
        blockDuration,
        maxBlocksPerCheckpoint,
        minBlockDuration,
        blockBuildOffset,
        checkpointProposalOffset,
        proposalPropagation,
        attestationDeadlineOffset,
        l1PublishOffset,
        clockTolerance);
  }

  public TimetableConfig withEpochLength(int v) {
    return new TimetableConfig(
        genesisTime,
        slotDuration,
        v,
        blockDuration,
        maxBlocksPerCheckpoint,
        minBlockDuration,
        blockBuildOffset,
        checkpointProposalOffset,
        proposalPropagation,
        attestationDeadlineOffset,
        l1PublishOffset,
        clockTolerance);
  }

  public TimetableConfig withBlockDuration(Duration v) {
    return new TimetableConfig(
        genesisTime,
        slotDuration,
        epochLength,
        v,
        maxBlocksPerCheckpoint,
        minBlockDuration,
        blockBuildOffset,
        checkpointProposalOffset,
        proposalPropagation,
        attestationDeadlineOffset,
        l1PublishOffset,
        clockTolerance);
  }

  public TimetableConfig withMaxBlocksPerCheckpoint(int v) {
    return new TimetableConfig(
        genesisTime,
        slotDuration,
        epochLength,
        blockDuration,
        v,
        minBlockDuration,
        blockBuildOffset,
        checkpointProposalOffset,
        proposalPropagation,
        attestationDeadlineOffset,
        l1PublishOffset,
        clockTolerance);
  }

  public TimetableConfig withMinBlockDuration(Duration v) {
    return new TimetableConfig(
        genesisTime,
        slotDuration,
        epochLength,
        blockDuration,
        maxBlocksPerCheckpoint,
        v,
        blockBuildOffset,
        checkpointProposalOffset,
        proposalPropagation,
        attestationDeadlineOffset,
        l1PublishOffset,
        clockTolerance);
  }

  public TimetableConfig withBlockBuildOffset(Duration v) {
    return new TimetableConfig(
        genesisTime,
        slotDuration,
        epochLength,
        blockDuration,
        maxBlocksPerCheckpoint,
        minBlockDuration,
        v,
        checkpointProposalOffset,
        proposalPropagation,
        attestationDeadlineOffset,
        l1PublishOffset,
        clockTolerance);
  }

  public TimetableConfig withCheckpointProposalOffset(Duration v) {
    return new TimetableConfig(
        genesisTime,
        slotDuration,
        epochLength,
        blockDuration,
        maxBlocksPerCheckpoint,
        minBlockDuration,
        blockBuildOffset,
        v,
        proposalPropagation,
        attestationDeadlineOffset,
        l1PublishOffset,
        clockTolerance);
  }

  public TimetableConfig withProposalPropagation(Duration v) {
    return new TimetableConfig(
        genesisTime,
        slotDuration,
        epochLength,
        blockDuration,
        maxBlocksPerCheckpoint,
        minBlockDuration,
        blockBuildOffset,
        checkpointProposalOffset,
        v,
        attestationDeadlineOffset,
        l1PublishOffset,
        clockTolerance);
  }

  public TimetableConfig withAttestationDeadlineOffset(Duration v) {
    return new TimetableConfig(
        genesisTime,
        slotDuration,
        epochLength,
        blockDuration,
        maxBlocksPerCheckpoint,
        minBlockDuration,
        blockBuildOffset,
        checkpointProposalOffset,
        proposalPropagation,
        v,
        l1PublishOffset,
        clockTolerance);
  }

  public TimetableConfig withL1PublishOffset(Duration v) {
    return new TimetableConfig(
        genesisTime,
        slotDuration,
        epochLength,
        blockDuration,
        maxBlocksPerCheckpoint,
        minBlockDuration,
        blockBuildOffset,
        checkpointProposalOffset,
        proposalPropagation,
        attestationDeadlineOffset,
        v,
        clockTolerance);
  }

  public TimetableConfig withClockTolerance(Duration v) {
    return new TimetableConfig(
        genesisTime,
        slotDuration,
        epochLength,
        blockDuration,
        maxBlocksPerCheckpoint,
        minBlockDuration,
        blockBuildOffset,
        checkpointProposalOffset,
        proposalPropagation,
        attestationDeadlineOffset,
        l1PublishOffset,
        v);
  }

  private static boolean isPositive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }

  private static void requirePresent(Object value, String name) {
    if (value == null) {
      fail(name + " is missing");
    }
  }

  private static void fail(String reason) {
    throw new InvalidTimetableException("invalid timetable: " + reason);
  }
}
