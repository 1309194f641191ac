package dev.slotstream.proposer.tx;

import dev.slotstream.core.message.Tx;
import java.util.concurrent.CompletableFuture;

/** Puts a tx on the tx topic; the future completes when the broker acknowledged it. */
@FunctionalInterface
public interface TxGossip {
  CompletableFuture<?> publish(Tx tx);
}
