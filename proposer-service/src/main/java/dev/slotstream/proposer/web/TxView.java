package dev.slotstream.proposer.web;

import dev.slotstream.core.message.Tx;
import dev.slotstream.core.types.Hex;

/** A pending tx as {@code GET /api/v1/txs/{hash}} shows it. */
public record TxView(
    String txHash,
    TxState status,
    String sender,
    long nonce,
    long fee,
    int transfers,
    int storageWrites,
    String tx) {

  /** Where a tx is, as far as this proposer knows. */
  public enum TxState {
    /** In this proposer's pool, waiting for (or in) a checkpoint that is not final yet. */
    PENDING
  }

  static TxView pending(Tx tx) {
    return new TxView(
        tx.hash().toString(),
        TxState.PENDING,
        tx.payload().sender().toHex(),
        tx.payload().nonce(),
        tx.payload().fee(),
        tx.payload().transfers().size(),
        tx.payload().storageWrites().size(),
        Hex.encode(tx.encode()));
  }
}
