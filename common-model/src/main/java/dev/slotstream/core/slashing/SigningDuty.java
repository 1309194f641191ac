package dev.slotstream.core.slashing;

import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import java.util.Objects;

/**
 * One thing a key may sign at most one payload for.
 *
 * @param signer the signing key's address
 * @param kind what is signed
 * @param slot the slot of the block, checkpoint or attestation
 * @param index the block's index within its checkpoint for {@link DutyKind#BLOCK_PROPOSAL}; always
 *     0 for the other kinds
 */
public record SigningDuty(EthAddress signer, DutyKind kind, SlotNumber slot, int index) {
  public SigningDuty {
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(slot, "slot");
    if (index < 0) {
      throw new IllegalArgumentException("index must be non-negative, got " + index);
    }
    if (kind != DutyKind.BLOCK_PROPOSAL && index != 0) {
      throw new IllegalArgumentException(kind + " has no index, got " + index);
    }
  }

  public static SigningDuty blockProposal(EthAddress signer, SlotNumber slot, int index) {
    return new SigningDuty(signer, DutyKind.BLOCK_PROPOSAL, slot, index);
  }

  public static SigningDuty checkpointProposal(EthAddress signer, SlotNumber slot) {
    return new SigningDuty(signer, DutyKind.CHECKPOINT_PROPOSAL, slot, 0);
  }

  public static SigningDuty checkpointAttestation(EthAddress signer, SlotNumber slot) {
    return new SigningDuty(signer, DutyKind.CHECKPOINT_ATTESTATION, slot, 0);
  }

  @Override
  public String toString() {
    return kind + "{signer=" + signer + ", slot=" + slot + ", index=" + index + "}";
  }
}
