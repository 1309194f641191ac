package dev.slotstream.core.consensus;

import dev.slotstream.core.committee.Committee;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.types.EthAddress;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts a checkpoint's attestations in committee order, the order L1 checks them in. Every place
 * that forms a quorum (the attestation service, the in-process devnet) goes through here.
 */
public final class QuorumAssembler {
  private QuorumAssembler() {}

  /**
   * The quorum event of {@code bySigner}'s attestations, ordered by each signer's position in
   * {@code committee}.
   *
   * @throws IllegalArgumentException if a signer is not in the committee, or none is given
   */
  public static CheckpointQuorum inCommitteeOrder(
      Committee committee, Map<EthAddress, CheckpointAttestation> bySigner) {
    if (bySigner.isEmpty()) {
      throw new IllegalArgumentException("a quorum needs at least one attestation");
    }
    TreeMap<Integer, CheckpointAttestation> byPosition = new TreeMap<>();
    bySigner.forEach(
        (signer, attestation) ->
            byPosition.put(
                committee
                    .indexOf(signer)
                    .orElseThrow(
                        () ->
                            new IllegalArgumentException(
                                signer + " is not in the committee of epoch " + committee.epoch())),
                attestation));
    return new CheckpointQuorum(
        byPosition.firstEntry().getValue().payload(),
        committee.size(),
        new ArrayList<>(byPosition.keySet()),
        new ArrayList<>(byPosition.values()));
  }
}
