package dev.slotstream.core.sequencer;

import dev.slotstream.core.time.SubSlot;
import java.time.Instant;
import java.util.Objects;

/**
 * A block that stopped taking txs at its cutoff: the sub-slot it was built in, the cutoff, and how
 * many of the txs selected for it it holds (the rest wait for the next block). Frequent cut-offs
 * mean the node builds slower than its measured pace says: a starved core or long collections.
 */
public record BlockCutOff(SubSlot subSlot, Instant cutoff, int includedTxs, int selectedTxs) {
  public BlockCutOff {
    Objects.requireNonNull(subSlot, "subSlot");
    Objects.requireNonNull(cutoff, "cutoff");
    if (includedTxs < 0 || selectedTxs < includedTxs) {
      throw new IllegalArgumentException(
          "included " + includedTxs + " of " + selectedTxs + " selected txs");
    }
  }
}
