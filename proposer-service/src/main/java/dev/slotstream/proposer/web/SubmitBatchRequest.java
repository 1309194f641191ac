package dev.slotstream.proposer.web;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * {@code {"txs": ["0x<hex of Tx.encode()>", …]}}: up to {@value #MAX_TXS} txs, each admitted on its
 * own.
 */
public record SubmitBatchRequest(
    @NotNull @Size(min = 1, max = MAX_TXS, message = "must hold 1 to " + MAX_TXS + " txs")
        List<@NotNull String> txs) {
  public static final int MAX_TXS = 2_000;
}
