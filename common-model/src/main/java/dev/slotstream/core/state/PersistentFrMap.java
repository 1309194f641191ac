package dev.slotstream.core.state;

import dev.slotstream.core.types.Fr;
import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * A persistent map from field elements to values: a 16-way trie on the key's 32 big-endian bytes
 * (one nibble per level), with the same owner-token copy-on-write scheme as {@link MerkleTree}, so
 * fork is O(1) and a fork's writes never reach its parent. Keys here are keccak outputs, so paths
 * stay about log16(n) deep. Only a snapshot's encoding iterates it ({@link #forEach}), and it
 * places what it gets by tree index, so the trie's order never reaches a file or consensus.
 */
final class PersistentFrMap<V> {
  private static final class Branch {
    final Object owner;
    final Object[] slots;

    Branch(Object owner, Object[] slots) {
      this.owner = owner;
      this.slots = slots;
    }
  }

  private static final class Entry<V> {
    final byte[] key;
    final V value;

    Entry(byte[] key, V value) {
      this.key = key;
      this.value = value;
    }
  }

  private Branch root;
  private long size;
  private Object token;

  PersistentFrMap() {
    this(new Branch(null, new Object[16]), 0, new Object());
  }

  private PersistentFrMap(Branch root, long size, Object token) {
    this.root = root;
    this.size = size;
    this.token = token;
  }

  long size() {
    return size;
  }

  V get(Fr key) {
    return get(key.toBytes());
  }

  @SuppressWarnings("unchecked")
  V get(byte[] key) {
    Branch b = root;
    for (int level = 0; ; level++) {
      Object s = b.slots[nibble(key, level)];
      if (s == null) {
        return null;
      }
      if (s instanceof Entry<?> e) {
        return Arrays.equals(e.key, key) ? (V) e.value : null;
      }
      b = (Branch) s;
    }
  }

  void put(Fr key, V value) {
    put(key.toBytes(), value);
  }

  void put(byte[] key, V value) {
    if (token == null) {
      throw new IllegalStateException("map is frozen; fork it to write");
    }
    if (value == null) {
      throw new IllegalArgumentException("null value");
    }
    root = put(root, 0, key, value);
  }

  private Branch put(Branch b, int level, byte[] key, V value) {
    Branch m = b.owner == token ? b : new Branch(token, b.slots.clone());
    int nib = nibble(key, level);
    Object s = m.slots[nib];
    if (s == null) {
      m.slots[nib] = new Entry<>(key, value);
      size++;
    } else if (s instanceof Entry<?> e) {
      if (Arrays.equals(e.key, key)) {
        m.slots[nib] = new Entry<>(key, value);
      } else {
        Object[] slots = new Object[16];
        slots[nibble(e.key, level + 1)] = e;
        m.slots[nib] = put(new Branch(token, slots), level + 1, key, value);
      }
    } else {
      m.slots[nib] = put((Branch) s, level + 1, key, value);
    }
    return m;
  }

  private static int nibble(byte[] key, int level) {
    int b = key[level >>> 1] & 0xff;
    return (level & 1) == 0 ? b >>> 4 : b & 0x0f;
  }

  /** Every entry, in the trie's (unspecified) order. */
  void forEach(BiConsumer<byte[], V> visitor) {
    forEach(root, visitor);
  }

  @SuppressWarnings("unchecked")
  private static <V> void forEach(Branch b, BiConsumer<byte[], V> visitor) {
    for (Object s : b.slots) {
      if (s instanceof Entry<?> e) {
        visitor.accept(e.key, (V) e.value);
      } else if (s instanceof Branch child) {
        forEach(child, visitor);
      }
    }
  }

  PersistentFrMap<V> fork() {
    if (token != null) {
      token = new Object();
    }
    return new PersistentFrMap<>(root, size, new Object());
  }

  PersistentFrMap<V> freeze() {
    if (token == null) {
      return this;
    }
    token = new Object();
    return new PersistentFrMap<>(root, size, null);
  }
}
