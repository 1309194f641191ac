package dev.slotstream.core.exec;

import dev.slotstream.core.message.StorageWrite;
import dev.slotstream.core.message.Transfer;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.message.TxPayload;
import dev.slotstream.core.state.AccountKeys;
import dev.slotstream.core.state.FieldHash;
import dev.slotstream.core.state.WorldStateFork;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.TxHash;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies one tx to a fork. The order of writes is part of the protocol (a public data key gets its
 * leaf index on first write), see docs/fragments/execution.md:
 *
 * <ol>
 *   <li>check nonce and balance, and that nullifier = reduce(keccak(sender ‖ u64 nonce)) is new;
 *       a failed check throws before anything is written
 *   <li>insert the nullifier; append the note hash reduce(txHash)
 *   <li>sender balance −= fee; feeRecipient balance += fee
 *   <li>for each transfer in order: sender −= amount; recipient += amount
 *   <li>for each storage write in order: storage(sender, slot) = value
 *   <li>sender nonce = nonce + 1
 * </ol>
 *
 * Balances cannot overflow: genesis caps the total supply at 2^63 − 1 and execution only moves it.
 */
public final class TxExecutor {
  /** Mana of any tx. */
  public static final long MANA_PER_TX = 10_000;

  /** Mana of each transfer. */
  public static final long MANA_PER_TRANSFER = 2_500;

  /** Mana of each storage write. */
  public static final long MANA_PER_STORAGE_WRITE = 5_000;

  private TxExecutor() {}

  public static long manaOf(TxPayload p) {
    return MANA_PER_TX
        + MANA_PER_TRANSFER * p.transfers().size()
        + MANA_PER_STORAGE_WRITE * p.storageWrites().size();
  }

  /** reduce(keccak256(sender[20] ‖ u64be(nonce))). */
  public static Fr nullifierOf(EthAddress sender, long nonce) {
    byte[] in = new byte[28];
    System.arraycopy(sender.toArray(), 0, in, 0, 20);
    for (int i = 0; i < 8; i++) {
      in[20 + i] = (byte) (nonce >>> (8 * (7 - i)));
    }
    return FieldHash.hash(in);
  }

  /** reduce(txHash). */
  public static Fr noteHashOf(TxHash txHash) {
    return Fr.fromBytes(FieldHash.reduceBytes(txHash.value().toArray()));
  }

  /**
   * Applies {@code tx} (whose signature, chain, size and fee the caller has already checked) and
   * returns its effect.
   */
  public static TxEffect execute(WorldStateFork fork, Tx tx, EthAddress feeRecipient)
      throws TxRejectedException {
    TxPayload p = tx.payload();
    TxValidationResult check = TxValidator.validateAgainstState(p, fork);
    if (!check.isValid()) {
      throw new TxRejectedException(check.reason(), check.detail());
    }
    Fr nullifier = nullifierOf(p.sender(), p.nonce());
    if (fork.hasNullifier(nullifier)) {
      throw new TxRejectedException(
          TxRejectionReason.DUPLICATE_NULLIFIER, "nullifier " + nullifier + " already exists");
    }
    TxHash txHash = tx.hash();
    Fr noteHash = noteHashOf(txHash);
    fork.insertNullifier(nullifier);
    fork.appendNoteHash(noteHash);

    List<PublicDataWrite> writes =
        new ArrayList<>(4 + 2 * p.transfers().size() + p.storageWrites().size());
    setBalance(fork, writes, p.sender(), fork.balance(p.sender()) - p.fee());
    setBalance(fork, writes, feeRecipient, fork.balance(feeRecipient) + p.fee());
    for (Transfer t : p.transfers()) {
      setBalance(fork, writes, p.sender(), fork.balance(p.sender()) - t.amount());
      setBalance(fork, writes, t.to(), fork.balance(t.to()) + t.amount());
    }
    for (StorageWrite s : p.storageWrites()) {
      Fr key = AccountKeys.storageKey(p.sender(), s.slot());
      fork.writePublicData(key, s.value());
      writes.add(new PublicDataWrite(key, s.value()));
    }
    fork.setNonce(p.sender(), p.nonce() + 1);
    writes.add(new PublicDataWrite(AccountKeys.nonceKey(p.sender()), Fr.of(p.nonce() + 1)));
    return new TxEffect(txHash, nullifier, noteHash, p.fee(), manaOf(p), writes);
  }

  private static void setBalance(
      WorldStateFork fork, List<PublicDataWrite> writes, EthAddress account, long balance) {
    fork.setBalance(account, balance);
    writes.add(new PublicDataWrite(AccountKeys.balanceKey(account), Fr.of(balance)));
  }
}
