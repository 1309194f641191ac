package dev.slotstream.core.exec;

import dev.slotstream.core.codec.ProtocolLimits;
import dev.slotstream.core.header.GasFees;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.message.TxPayload;
import dev.slotstream.core.state.StateView;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Signature;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a tx may be included on top of a state. Protocol rules (chain, size, fee ≥ mana ×
 * feePerL2Gas, signature, nonce, balance) bind everyone; the optional minimum fee is a proposer's
 * local policy, which a re-executing validator must not apply to someone else's block (see {@link
 * #withoutLocalPolicy()}). Stateless and thread-safe.
 */
public final class TxValidator {
  private final long chainId;
  private final TxSenderRecovery recovery;
  private final long minFee;
  private final int maxTxBytes;

  public TxValidator(long chainId, TxSenderRecovery recovery) {
    this(chainId, recovery, 0, ProtocolLimits.MAX_TX_BYTES);
  }

  /**
   * @param minFee local policy: the least fee accepted regardless of gas fees (0 = none)
   * @param maxTxBytes the size limit; {@code ProtocolLimits.MAX_TX_BYTES} outside tests
   */
  public TxValidator(long chainId, TxSenderRecovery recovery, long minFee, int maxTxBytes) {
    if (chainId < 0 || minFee < 0 || maxTxBytes <= 0) {
      throw new IllegalArgumentException("chainId and minFee must be >= 0, maxTxBytes > 0");
    }
    this.chainId = chainId;
    this.recovery = Objects.requireNonNull(recovery, "recovery");
    this.minFee = minFee;
    this.maxTxBytes = maxTxBytes;
  }

  public long chainId() {
    return chainId;
  }

  public long minFee() {
    return minFee;
  }

  /** The same protocol rules without local policy: what re-execution of a peer's block uses. */
  public TxValidator withoutLocalPolicy() {
    return minFee == 0 ? this : new TxValidator(chainId, recovery, 0, maxTxBytes);
  }

  /** Every rule, against {@code state} and the block's gas fees. */
  public TxValidationResult validate(Tx tx, StateView state, GasFees gasFees) {
    TxValidationResult r = validateWithoutState(tx, gasFees);
    return r.isValid() ? validateAgainstState(tx.payload(), state) : r;
  }

  /** The rules that need no state, cheapest first; the signature recovery comes last. */
  public TxValidationResult validateWithoutState(Tx tx, GasFees gasFees) {
    TxPayload p = tx.payload();
    if (p.chainId() != chainId) {
      return TxValidationResult.reject(
          TxRejectionReason.WRONG_CHAIN, "tx chainId " + p.chainId() + " but rollup is " + chainId);
    }
    int size = encodedSize(tx);
    if (size > maxTxBytes) {
      return TxValidationResult.reject(
          TxRejectionReason.TOO_LARGE, "tx encodes to " + size + " bytes > " + maxTxBytes);
    }
    long required = requiredFee(p, gasFees);
    if (p.fee() < required) {
      return TxValidationResult.reject(
          TxRejectionReason.FEE_TOO_LOW, "fee " + p.fee() + " below required " + required);
    }
    Optional<EthAddress> signer = recovery.recoverSender(tx);
    if (signer.isEmpty()) {
      return TxValidationResult.reject(
          TxRejectionReason.BAD_SIGNATURE, "signature does not recover");
    }
    if (!signer.get().equals(p.sender())) {
      return TxValidationResult.reject(
          TxRejectionReason.BAD_SIGNATURE,
          "signed by " + signer.get() + " but sender is " + p.sender());
    }
    return TxValidationResult.valid();
  }

  /** Nonce and balance against {@code state}. */
  public static TxValidationResult validateAgainstState(TxPayload p, StateView state) {
    long accountNonce = state.nonce(p.sender());
    if (p.nonce() < accountNonce) {
      return TxValidationResult.reject(
          TxRejectionReason.NONCE_TOO_LOW,
          "nonce " + p.nonce() + " already used; account nonce is " + accountNonce);
    }
    if (p.nonce() > accountNonce) {
      return TxValidationResult.reject(
          TxRejectionReason.NONCE_TOO_HIGH,
          "nonce " + p.nonce() + " but account nonce is " + accountNonce);
    }
    long cost;
    try {
      cost = p.totalCost();
    } catch (ArithmeticException e) {
      return TxValidationResult.reject(
          TxRejectionReason.INSUFFICIENT_BALANCE, "fee plus transfers overflows 64 bits");
    }
    long balance = state.balance(p.sender());
    if (balance < cost) {
      return TxValidationResult.reject(
          TxRejectionReason.INSUFFICIENT_BALANCE, "needs " + cost + " but balance is " + balance);
    }
    return TxValidationResult.valid();
  }

  /** max(local minimum fee, mana × feePerL2Gas); saturates at Long.MAX_VALUE. */
  public long requiredFee(TxPayload p, GasFees gasFees) {
    long protocolFee;
    try {
      protocolFee = Math.multiplyExact(TxExecutor.manaOf(p), gasFees.feePerL2Gas());
    } catch (ArithmeticException e) {
      protocolFee = Long.MAX_VALUE;
    }
    return Math.max(minFee, protocolFee);
  }

  /** The length of {@code tx.encode()}, computed without encoding. */
  public static int encodedSize(Tx tx) {
    return 2 + tx.payload().encodedSize() + Signature.SIZE;
  }
}
