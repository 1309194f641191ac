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
 *
 * <p>Balance and nonce keys are looked up for every tx at every step (admission, block building,
 * re-execution, each a keccak), for the same few thousand accounts: the most recent ones are
 * remembered, per address value, in a small direct-mapped cache.
 */
public final class AccountKeys {
  private static final byte[] BALANCE = FieldHash.utf8("balance");
  private static final byte[] NONCE = FieldHash.utf8("nonce");
  private static final byte[] STORAGE = FieldHash.utf8("storage");

  /** Slots per kind of key (a power of two); an entry is ~250 bytes, so ~4 MB per kind at most. */
  static final int CACHE_SLOTS = 1 << 14;

  private static final KeyCache BALANCE_KEYS = new KeyCache(BALANCE);
  private static final KeyCache NONCE_KEYS = new KeyCache(NONCE);

  private AccountKeys() {}

  public static Fr balanceKey(EthAddress address) {
    return BALANCE_KEYS.entry(address).key;
  }

  public static Fr nonceKey(EthAddress address) {
    return NONCE_KEYS.entry(address).key;
  }

  /** {@link #balanceKey}'s 32 bytes, as the state's index looks them up (shared: never write). */
  static byte[] balanceKeyBytes(EthAddress address) {
    return BALANCE_KEYS.entry(address).keyBytes;
  }

  /** {@link #nonceKey}'s 32 bytes (shared: never write). */
  static byte[] nonceKeyBytes(EthAddress address) {
    return NONCE_KEYS.entry(address).keyBytes;
  }

  public static Fr storageKey(EthAddress owner, Fr slot) {
    return FieldHash.hash(concat(concat(STORAGE, owner.toArray()), slot.toBytes()));
  }

  public static Fr publicDataLeaf(Fr key, Fr value) {
    return Fr.fromBytes(publicDataLeaf(key.toBytes(), value.toBytes()));
  }

  /** {@link #publicDataLeaf(Fr, Fr)} on 32-byte forms, as the trees keep their leaves. */
  static byte[] publicDataLeaf(byte[] key, byte[] value) {
    return FieldHash.hashPair(key, value);
  }

  /**
   * reduce(keccak256(tag ‖ address)) for the most recent addresses, one per slot (the slot an
   * address's hash picks; a newer address takes it over). Entries are immutable and a slot is one
   * reference, so threads share the array without a lock: a racing reader sees either entry, and an
   * entry is used only when its address is the one asked for.
   */
  private static final class KeyCache {
    private static final class Entry {
      final EthAddress address;
      final Fr key;
      final byte[] keyBytes;

      Entry(EthAddress address, Fr key) {
        this.address = address;
        this.key = key;
        this.keyBytes = key.toBytes();
      }
    }

    private final byte[] tag;
    private final Entry[] slots = new Entry[CACHE_SLOTS];

    KeyCache(byte[] tag) {
      this.tag = tag;
    }

    Entry entry(EthAddress address) {
      int slot = spread(address.hashCode()) & (CACHE_SLOTS - 1);
      Entry e = slots[slot];
      if (e != null && e.address.equals(address)) {
        return e;
      }
      e = new Entry(address, FieldHash.hash(concat(tag, address.toArray())));
      slots[slot] = e;
      return e;
    }

    private static int spread(int h) {
      return h ^ (h >>> 16);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
