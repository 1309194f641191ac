package dev.slotstream.core.slashing;

import java.util.List;
import java.util.Objects;

/**
 * What an interchange import changed.
 *
 * @param signers how many signers the document named
 * @param added records written: duties the record did not hold, and duties it held with a payload
 *     that now refuse every payload (a conflict, or an entry without signing root)
 * @param alreadyKnown duties the record already held with the same payload, or refusing every one
 * @param conflicts duties signed with two different payloads, between the document and the record
 *     or within the document: they now refuse every payload
 */
public record ImportSummary(int signers, int added, int alreadyKnown, List<SigningDuty> conflicts) {
  public ImportSummary {
    conflicts = List.copyOf(Objects.requireNonNull(conflicts, "conflicts"));
  }
}
