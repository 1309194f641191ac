package dev.slotstream.core.pool;

import dev.slotstream.core.exec.TxRejectionReason;
import dev.slotstream.core.exec.TxValidationResult;
import dev.slotstream.core.exec.TxValidator;
import dev.slotstream.core.header.GasFees;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.state.StateView;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The one way a tx enters a node's pool, whether it was submitted to the node's API or arrived on
 * the tx topic: chain, size, fee floor and signature ({@link TxValidator#validateWithoutState}),
 * then a nonce the final state has not used yet, then {@link TxPool#add}.
 *
 * <p>The fee floor is {@code max(minFee, mana × feeFloor.feePerL2Gas)}: the validator's local
 * minimum fee and the gas fees the node builds its blocks with ({@link GasFees#ZERO} on a node that
 * builds none), so the pool holds no tx its own blocks would refuse, from either entry point.
 */
public final class TxAdmission {
  private final TxValidator validator;
  private final GasFees feeFloor;
  private final TxPool pool;
  private final Supplier<? extends StateView> finalState;

  public TxAdmission(
      TxValidator validator,
      GasFees feeFloor,
      TxPool pool,
      Supplier<? extends StateView> finalState) {
    this.validator = Objects.requireNonNull(validator, "validator");
    this.feeFloor = Objects.requireNonNull(feeFloor, "feeFloor");
    this.pool = Objects.requireNonNull(pool, "pool");
    this.finalState = Objects.requireNonNull(finalState, "finalState");
  }

  public GasFees feeFloor() {
    return feeFloor;
  }

  public TxPool pool() {
    return pool;
  }

  public Admission admit(Tx tx) {
    TxValidationResult stateless = validator.validateWithoutState(tx, feeFloor);
    if (!stateless.isValid()) {
      return new Admission.Refused(stateless.reason(), stateless.detail());
    }
    StateView state = finalState.get();
    long accountNonce = state.nonce(tx.payload().sender());
    if (tx.payload().nonce() < accountNonce) {
      return nonceTooLow(tx, accountNonce);
    }
    // The same snapshot's answer again: looked up once, not twice (each lookup hashes a key).
    AddResult added = pool.add(tx, sender -> accountNonce);
    if (added.status() == AddStatus.NONCE_TOO_LOW) {
      return new Admission.Refused(TxRejectionReason.NONCE_TOO_LOW, added.reason());
    }
    return new Admission.Pooled(added);
  }

  private static Admission nonceTooLow(Tx tx, long accountNonce) {
    return new Admission.Refused(
        TxRejectionReason.NONCE_TOO_LOW,
        "nonce "
            + tx.payload().nonce()
            + " already used by "
            + tx.payload().sender()
            + "; account nonce is "
            + accountNonce);
  }

  /** What became of a tx: refused by a rule it can never meet, or handed to the pool. */
  public sealed interface Admission {
    /** A protocol rule or the fee floor refused it; the pool never saw it. */
    record Refused(TxRejectionReason reason, String detail) implements Admission {
      public Refused {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
      }
    }

    /** The pool's answer: added, replaced, a duplicate, or declined (underpriced, full, sender limit). */
    record Pooled(AddResult result) implements Admission {
      public Pooled {
        Objects.requireNonNull(result, "result");
      }
    }
  }
}
