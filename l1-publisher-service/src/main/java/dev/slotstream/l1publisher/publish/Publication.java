package dev.slotstream.l1publisher.publish;

import dev.slotstream.core.types.SlotNumber;
import java.time.Instant;
import java.util.Optional;

/**
 * One certified checkpoint's way to L1.
 *
 * @param checkpointNumber its number on this node's chain; empty when it never joined it ({@link
 *     PublicationStatus#NOT_ON_TIP})
 * @param committedAt when this node made the checkpoint final (its verified quorum), or refused it
 * @param finishedAt when the publication reached its final status
 * @param l1TxHash the landed (or last sent) L1 transaction
 * @param feeWei gasUsed × effective gas price
 */
public record Publication(
    SlotNumber slot,
    Optional<Long> checkpointNumber,
    String archive,
    PublicationStatus status,
    String detail,
    Optional<String> l1TxHash,
    Optional<Long> l1Block,
    Optional<Long> gasUsed,
    Optional<String> feeWei,
    int replacements,
    Instant committedAt,
    Optional<Instant> finishedAt) {

  public static Publication pending(
      SlotNumber slot, long checkpointNumber, String archive, Instant committedAt) {
    return new Publication(
        slot,
        Optional.of(checkpointNumber),
        archive,
        PublicationStatus.PENDING,
        "",
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        0,
        committedAt,
        Optional.empty());
  }

  /** A certified checkpoint this node cannot publish: it does not build on the final tip. */
  public static Publication notOnTip(SlotNumber slot, String archive, String detail, Instant at) {
    return new Publication(
        slot,
        Optional.empty(),
        archive,
        PublicationStatus.NOT_ON_TIP,
        detail,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        0,
        at,
        Optional.of(at));
  }

  public Publication finished(
      PublicationStatus status,
      String detail,
      Optional<String> txHash,
      Optional<Long> block,
      Optional<Long> gas,
      Optional<String> fee,
      int replacementCount,
      Instant at) {
    return new Publication(
        slot,
        checkpointNumber,
        archive,
        status,
        detail,
        txHash,
        block,
        gas,
        fee,
        replacementCount,
        committedAt,
        Optional.of(at));
  }
}
