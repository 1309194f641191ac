package dev.slotstream.core.exec;

/** Why a tx cannot be included. */
public enum TxRejectionReason {
  /** The tx names another rollup's chain id. */
  WRONG_CHAIN,
  /** Its encoding exceeds {@code ProtocolLimits.MAX_TX_BYTES}. */
  TOO_LARGE,
  /** The fee is below the required minimum (mana × feePerL2Gas, or the local minimum fee). */
  FEE_TOO_LOW,
  /** The signature does not recover to {@code payload.sender}. */
  BAD_SIGNATURE,
  /** The nonce was already used: can never become valid. */
  NONCE_TOO_LOW,
  /** The nonce is ahead of the account: may become valid after earlier txs. */
  NONCE_TOO_HIGH,
  /** The sender cannot pay fee plus transfers. */
  INSUFFICIENT_BALANCE,
  /** The tx's nullifier already exists (replay). */
  DUPLICATE_NULLIFIER
}
