package dev.slotstream.core.validator;

import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.types.SlotNumber;
import java.time.Instant;
import java.util.List;
import java.util.SortedSet;

/** The end of one slot's job: its status, why, what was executed, what it signed, and when. */
public record AttestationOutcome(
    SlotNumber slot,
    AttestationStatus status,
    String detail,
    SortedSet<Integer> executedIndices,
    List<CheckpointAttestation> attestations,
    Instant finishedAt) {

  public AttestationOutcome {
    java.util.Objects.requireNonNull(finishedAt, "finishedAt");
    executedIndices =
        java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(executedIndices));
    attestations = List.copyOf(attestations);
  }

  @Override
  public String toString() {
    return "slot="
        + slot
        + " status="
        + status
        + " executed="
        + executedIndices
        + " attestations="
        + attestations.size()
        + " detail="
        + detail;
  }
}
