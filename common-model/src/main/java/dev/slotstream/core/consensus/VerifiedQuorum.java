package dev.slotstream.core.consensus;

import dev.slotstream.core.message.CheckpointPayload;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import java.util.List;

/**
 * A {@link CheckpointQuorum} that {@link QuorumValidator} has checked as L1 will: only it can make
 * a checkpoint final or be published. The constructor is package-private, so no other path can
 * certify a checkpoint.
 */
public final class VerifiedQuorum {
  private final CheckpointQuorum quorum;
  private final EthAddress proposer;
  private final List<EthAddress> signers;

  VerifiedQuorum(CheckpointQuorum quorum, EthAddress proposer, List<EthAddress> signers) {
    this.quorum = quorum;
    this.proposer = proposer;
    this.signers = List.copyOf(signers);
  }

  public CheckpointQuorum quorum() {
    return quorum;
  }

  public CheckpointPayload payload() {
    return quorum.payload();
  }

  public SlotNumber slotNumber() {
    return quorum.slotNumber();
  }

  /** The slot's proposer, whose checkpoint signature every attestation carries. */
  public EthAddress proposer() {
    return proposer;
  }

  /** The attesters, in committee order (the order of {@link CheckpointQuorum#attestations()}). */
  public List<EthAddress> signers() {
    return signers;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerifiedQuorum other && quorum.equals(other.quorum);
  }

  @Override
  public int hashCode() {
    return quorum.hashCode();
  }

  @Override
  public String toString() {
    return "VerifiedQuorum[slot="
        + slotNumber()
        + ", signers="
        + signers.size()
        + "/"
        + quorum.committeeSize()
        + ", archive="
        + payload().archive()
        + "]";
  }
}
