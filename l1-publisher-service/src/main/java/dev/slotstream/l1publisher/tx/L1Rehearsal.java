package dev.slotstream.l1publisher.tx;

import java.time.Duration;
import java.util.Optional;

/**
 * How far a {@link L1TransactionManager#rehearse rehearsal} got.
 *
 * @param signed every step ran, up to a signed (unsent) transaction
 * @param revert the simulation's decoded revert, if L1 would refuse the rehearsed call
 * @param detail why it stopped early, or what it rehearsed
 */
public record L1Rehearsal(
    boolean signed, Optional<L1Revert> revert, String detail, Duration elapsed) {}
