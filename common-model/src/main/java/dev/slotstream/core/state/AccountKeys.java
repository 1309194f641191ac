package dev.slotstream.core.state;

import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Fr;

/**
 * Where account data lives in the public data tree. Every key is reduce(keccak256(tag ‖ data))
 * with an ASCII tag, so the kinds of key can never collide with each other:
 *
 * <ul>
 *   <li>balance: reduce(keccak256("balance" ‖ address[20]))
 *   <li>nonce: reduce(keccak256("nonce" ‖ address[20]))
 *   <li>storage: reduce(keccak256("storage" ‖ owner[20] ‖ slot[32]))
 * </ul>
 *
 * A public data leaf commits to its key and value: reduce(keccak256(key[32] ‖ value[32])).
 */
public final class AccountKeys {
  private static final byte[] BALANCE = FieldHash.utf8("balance");
  private static final byte[] NONCE = FieldHash.utf8("nonce");
  private static final byte[] STORAGE = FieldHash.utf8("storage");

  private AccountKeys() {}

  public static Fr balanceKey(EthAddress address) {
    return FieldHash.hash(concat(BALANCE, address.toArray()));
  }

  public static Fr nonceKey(EthAddress address) {
    return FieldHash.hash(concat(NONCE, address.toArray()));
  }

  public static Fr storageKey(EthAddress owner, Fr slot) {
    return FieldHash.hash(concat(concat(STORAGE, owner.toArray()), slot.toBytes()));
  }

  public static Fr publicDataLeaf(Fr key, Fr value) {
    return FieldHash.hashPair(key, value);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
