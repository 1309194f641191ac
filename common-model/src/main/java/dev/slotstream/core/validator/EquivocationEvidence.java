package dev.slotstream.core.validator;

import dev.slotstream.core.message.MessageKind;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;

/**
 * Two different signed payloads by one signer for one position: proof of equivocation, kept so
 * it can be reported (slashed) later. Both encodings are kept whole; each carries its signature.
 */
public record EquivocationEvidence(
    MessageKind kind,
    SlotNumber slot,
    int index,
    EthAddress signer,
    Bytes32 firstId,
    Bytes32 secondId,
    byte[] firstEncoding,
    byte[] secondEncoding) {

  public EquivocationEvidence {
    firstEncoding = firstEncoding.clone();
    secondEncoding = secondEncoding.clone();
  }

  @Override
  public byte[] firstEncoding() {
    return firstEncoding.clone();
  }

  @Override
  public byte[] secondEncoding() {
    return secondEncoding.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EquivocationEvidence e
        && kind == e.kind
        && slot.equals(e.slot)
        && index == e.index
        && signer.equals(e.signer)
        && firstId.equals(e.firstId)
        && secondId.equals(e.secondId);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(kind, slot, index, signer, firstId, secondId);
  }

  @Override
  public String toString() {
    return "equivocation kind="
        + kind
        + " slot="
        + slot
        + " index="
        + index
        + " signer="
        + signer
        + " first="
        + firstId
        + " second="
        + secondId;
  }
}
