package dev.slotstream.core.state;

import dev.slotstream.core.types.Fr;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.function.Consumer;

/**
 * A persistent map from field elements to tree leaf indexes (and whatever an {@link Entry} subclass
 * adds): a 16-way trie on the key's 32 big-endian bytes (one nibble per level), with the same
 * owner-token copy-on-write scheme as {@link MerkleTree}, so fork is O(1) and a fork's writes never
 * reach its parent. Keys here are keccak outputs, so paths stay about log16(n) deep and most
 * branches near the leaves have two or three children: a branch holds only the children present (a
 * bitmap and an array of that many, as in a HAMT). The state grows by one entry per key for good,
 * so an entry is one object holding its key as four longs. Only a snapshot's encoding iterates the
 * map ({@link #forEach}), and it places what it gets by tree index, so the trie's order never
 * reaches a file or consensus.
 */
final class PersistentFrMap<E extends PersistentFrMap.Entry> {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  /** An immutable key (32 bytes, as four big-endian longs) and a leaf index of a depth-32 tree. */
  static class Entry {
    private final long k0;
    private final long k1;
    private final long k2;
    private final long k3;
    // unsigned: a depth-32 tree's indexes are below 2^32
    private final int index;

    Entry(byte[] key, long index) {
      if (key.length != Fr.SIZE) {
        throw new IllegalArgumentException("key of " + key.length + " bytes");
      }
      if (index >>> 32 != 0) {
        throw new IllegalArgumentException("index " + index + " out of range");
      }
      this.k0 = word(key, 0);
      this.k1 = word(key, 1);
      this.k2 = word(key, 2);
      this.k3 = word(key, 3);
      this.index = (int) index;
    }

    final long index() {
      return Integer.toUnsignedLong(index);
    }

    final byte[] key() {
      return bytes(k0, k1, k2, k3);
    }

    /** Nibble {@code level} (0..63) of the key, most significant first. */
    private int nibble(int level) {
      long w = level < 16 ? k0 : level < 32 ? k1 : level < 48 ? k2 : k3;
      return (int) (w >>> (60 - 4 * (level & 15))) & 0xf;
    }

    private boolean hasKey(byte[] key) {
      return k0 == word(key, 0) && k1 == word(key, 1) && k2 == word(key, 2) && k3 == word(key, 3);
    }

    private boolean sameKey(Entry o) {
      return k0 == o.k0 && k1 == o.k1 && k2 == o.k2 && k3 == o.k3;
    }

    /** Long {@code i} (0..3) of 32 big-endian bytes. */
    static long word(byte[] bytes, int i) {
      return (long) LONGS.get(bytes, 8 * i);
    }

    static byte[] bytes(long w0, long w1, long w2, long w3) {
      byte[] out = new byte[Fr.SIZE];
      LONGS.set(out, 0, w0);
      LONGS.set(out, 8, w1);
      LONGS.set(out, 16, w2);
      LONGS.set(out, 24, w3);
      return out;
    }
  }

  /**
   * Child {@code n} (a nibble) is present iff bit n of {@code bitmap} is set, and is then {@code
   * slots[bitCount(bitmap & ((1 << n) - 1))]}. Only a branch owned by a map's token is written, and
   * only its slots' contents: adding a child makes a new branch.
   */
  private static final class Branch {
    final Object owner;
    final int bitmap;
    final Object[] slots;

    Branch(Object owner, int bitmap, Object[] slots) {
      this.owner = owner;
      this.bitmap = bitmap;
      this.slots = slots;
    }
  }

  private Branch root;
  private long size;
  private Object token;

  PersistentFrMap() {
    this(new Branch(null, 0, new Object[0]), 0, new Object());
  }

  private PersistentFrMap(Branch root, long size, Object token) {
    this.root = root;
    this.size = size;
    this.token = token;
  }

  long size() {
    return size;
  }

  E get(Fr key) {
    return get(key.toBytes());
  }

  @SuppressWarnings("unchecked")
  E get(byte[] key) {
    Branch b = root;
    for (int level = 0; ; level++) {
      int k = key[level >>> 1] & 0xff;
      int bit = 1 << ((level & 1) == 0 ? k >>> 4 : k & 0x0f);
      if ((b.bitmap & bit) == 0) {
        return null;
      }
      Object s = b.slots[Integer.bitCount(b.bitmap & (bit - 1))];
      if (s instanceof Branch child) {
        b = child;
      } else {
        Entry e = (Entry) s;
        return e.hasKey(key) ? (E) e : null;
      }
    }
  }

  /** Adds {@code entry}, or replaces the entry with its key. */
  void put(E entry) {
    if (token == null) {
      throw new IllegalStateException("map is frozen; fork it to write");
    }
    if (entry == null) {
      throw new IllegalArgumentException("null entry");
    }
    root = put(root, 0, entry);
  }

  private Branch put(Branch b, int level, Entry entry) {
    int bit = 1 << entry.nibble(level);
    int i = Integer.bitCount(b.bitmap & (bit - 1));
    if ((b.bitmap & bit) == 0) {
      Object[] slots = new Object[b.slots.length + 1];
      System.arraycopy(b.slots, 0, slots, 0, i);
      slots[i] = entry;
      System.arraycopy(b.slots, i, slots, i + 1, b.slots.length - i);
      size++;
      return new Branch(token, b.bitmap | bit, slots);
    }
    Object child;
    if (b.slots[i] instanceof Branch c) {
      child = put(c, level + 1, entry);
    } else {
      Entry e = (Entry) b.slots[i];
      if (e.sameKey(entry)) {
        child = entry;
      } else {
        child = split(e, entry, level + 1);
        size++;
      }
    }
    Branch m = b.owner == token ? b : new Branch(token, b.bitmap, b.slots.clone());
    m.slots[i] = child;
    return m;
  }

  /** The branch at {@code level} holding two entries whose keys agree above it. */
  private Branch split(Entry a, Entry b, int level) {
    int na = a.nibble(level);
    int nb = b.nibble(level);
    if (na == nb) {
      return new Branch(token, 1 << na, new Object[] {split(a, b, level + 1)});
    }
    return new Branch(
        token, (1 << na) | (1 << nb), na < nb ? new Object[] {a, b} : new Object[] {b, a});
  }

  /** Every entry, in the trie's (unspecified) order. */
  void forEach(Consumer<? super E> visitor) {
    forEach(root, visitor);
  }

  @SuppressWarnings("unchecked")
  private static <E> void forEach(Branch b, Consumer<? super E> visitor) {
    for (Object s : b.slots) {
      if (s instanceof Branch child) {
        forEach(child, visitor);
      } else {
        visitor.accept((E) s);
      }
    }
  }

  PersistentFrMap<E> fork() {
    if (token != null) {
      token = new Object();
    }
    return new PersistentFrMap<>(root, size, new Object());
  }

  PersistentFrMap<E> freeze() {
    if (token == null) {
      return this;
    }
    token = new Object();
    return new PersistentFrMap<>(root, size, null);
  }
}
