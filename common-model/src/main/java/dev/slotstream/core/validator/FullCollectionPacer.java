package dev.slotstream.core.validator;

import dev.slotstream.core.committee.Committee;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import java.util.Collection;

/**
 * When a validator collects its old generation itself, so that a committee's members do not all
 * stop at once.
 *
 * <p>Validators re-execute the same blocks, so their heaps fill at the same rate, and with a
 * stop-the-world collector their full collections come within a second or two of each other: once
 * more than n − quorum members are stopped or catching up, the slot misses its quorum. Here each
 * member has a turn: the slots whose number modulo {@link #turns} equals its committee position
 * modulo the same, so at most n − quorum members share a turn. On its turn, once its job for the slot
 * has ended, a member collects if its old generation might fill before its next turn; the others
 * still make the quorum meanwhile.
 *
 * <p>Not thread-safe: one caller at a time (the service runs it on one thread).
 */
public final class FullCollectionPacer {
  /**
   * The old generation as a collector reports it.
   *
   * @param used bytes in use, garbage included
   * @param capacity bytes it can hold before a full collection
   * @param collections full collections so far, the paced ones included
   */
  public record OldGeneration(long used, long capacity, long collections) {
    public OldGeneration {
      if (used < 0 || capacity <= 0 || collections < 0) {
        throw new IllegalArgumentException(
            "old generation "
                + used
                + " of "
                + capacity
                + " bytes, "
                + collections
                + " collections");
      }
    }
  }

  /**
   * Collect before the old generation is this full. Each collection costs the same CPU however full
   * the old generation is, so collecting early costs collections: with the devnet's turn every 8 s
   * and ~48 MB of growth a turn against ~110 MB of room, 0.95 and 1.5 turns' growth made a validator
   * collect on every turn, more than twice as often as a full heap would have.
   */
  static final double FILL_LIMIT = 0.98;

  /** How many turns' growth must fit before the next turn: one, and a tenth for a burst. */
  static final double GROWTH_MARGIN = 1.1;

  /** Before a turn's growth is known (the first turn, or a collection came between two turns). */
  static final double FILL_WITHOUT_GROWTH = 0.75;

  private OldGeneration lastTurn;
  private long growthPerTurn = -1;

  /**
   * How many turns a committee of {@code size} has: ⌈n / (n − quorum)⌉, or 0 when no member may
   * stop without costing the quorum (committees of 1 to 3).
   */
  public static int turns(int committeeSize) {
    int spare = committeeSize - Committee.quorum(committeeSize);
    return spare <= 0 ? 0 : (committeeSize + spare - 1) / spare;
  }

  /**
   * Whether {@code slot} is the turn of a node holding {@code keys}: a node with no key in the
   * committee has every slot (its pause costs no attestation); a node whose keys in it all have the
   * same turn has that one; a node whose keys have different turns has none (it would stop more
   * members than its turn's share).
   */
  public static boolean isTurn(SlotNumber slot, Committee committee, Collection<EthAddress> keys) {
    int turns = turns(committee.size());
    int turn = -1;
    for (EthAddress key : keys) {
      int position = committee.indexOf(key).orElse(-1);
      if (position < 0) {
        continue;
      }
      if (turns == 0 || (turn >= 0 && turn != position % turns)) {
        return false;
      }
      turn = position % turns;
    }
    return turn < 0 || Math.floorMod(slot.value(), turns) == turn;
  }

  /**
   * On a turn: whether to collect now, the old generation being {@code now}. Call it on every turn
   * of this node, so that it learns how much the old generation grows from one turn to the next.
   */
  public boolean shouldCollect(OldGeneration now) {
    if (lastTurn != null && lastTurn.collections() == now.collections()) {
      growthPerTurn = Math.max(0, now.used() - lastTurn.used());
    }
    lastTurn = now;
    double limit = FILL_LIMIT * now.capacity();
    return growthPerTurn < 0
        ? now.used() >= FILL_WITHOUT_GROWTH * now.capacity()
        : now.used() + GROWTH_MARGIN * growthPerTurn >= limit;
  }

  /** After a paced collection: the old generation it left, from which the next turn's growth counts. */
  public void collected(OldGeneration after) {
    lastTurn = after;
  }

  /** The growth from one turn to the next last measured, in bytes; -1 before it is known. */
  public long growthPerTurn() {
    return growthPerTurn;
  }
}
