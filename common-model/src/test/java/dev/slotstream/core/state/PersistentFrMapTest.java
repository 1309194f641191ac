package dev.slotstream.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.state.PersistentFrMap.Entry;
import dev.slotstream.core.state.StateTrees.PublicDataEntry;
import dev.slotstream.core.types.Fr;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PersistentFrMapTest {
  private static final HexFormat HEX = HexFormat.of();

  /** A map and what it must hold. */
  private record Version(PersistentFrMap<Entry> map, Map<String, Long> shadow, boolean frozen) {}

  @Test
  void behavesLikeAMapAndForksIsolate() {
    Random random = new Random(11);
    PersistentFrMap<Entry> map = new PersistentFrMap<>();
    Map<Fr, Long> shadow = new HashMap<>();
    Fr[] keys = new Fr[500];
    for (int i = 0; i < keys.length; i++) {
      // small keys share long prefixes, which exercises deep splits
      keys[i] = i % 2 == 0 ? MerkleTreeTest.randomFr(random) : Fr.of(i);
    }
    for (int i = 0; i < 2000; i++) {
      Fr k = keys[random.nextInt(keys.length)];
      long v = random.nextInt(Integer.MAX_VALUE);
      map.put(new Entry(k.toBytes(), v));
      shadow.put(k, v);
    }
    PersistentFrMap<Entry> fork = map.fork();
    for (Fr k : keys) {
      assertThat(index(map.get(k))).isEqualTo(shadow.get(k));
    }
    assertThat(map.size()).isEqualTo(shadow.size());

    fork.put(new Entry(keys[0].toBytes(), 1));
    fork.put(new Entry(Fr.of(1_000_000).toBytes(), 5));
    assertThat(index(map.get(keys[0]))).isEqualTo(shadow.get(keys[0]));
    assertThat(map.get(Fr.of(1_000_000))).isNull();
    assertThat(index(fork.get(keys[0]))).isEqualTo(1L);

    map.put(new Entry(keys[1].toBytes(), 77));
    assertThat(index(fork.get(keys[1]))).isEqualTo(shadow.get(keys[1]));
  }

  /**
   * Random puts, forks and freezes against a HashMap per version. Keys include ones that share
   * 0..63 leading nibbles with one base key and many that differ only in the last byte, so splits
   * and branches happen at every level, not only near the root.
   */
  @Test
  void randomOperationsMatchAShadowPerVersion() {
    Random random = new Random(23);
    List<byte[]> keys = keysSharingPrefixes(random);
    List<Version> versions = new ArrayList<>();
    versions.add(new Version(new PersistentFrMap<>(), new HashMap<>(), false));
    for (int op = 0; op < 20_000; op++) {
      int roll = random.nextInt(100);
      Version v = versions.get(random.nextInt(versions.size()));
      if (roll < 2 && versions.size() < 16) {
        versions.add(new Version(v.map().fork(), new HashMap<>(v.shadow()), false));
      } else if (roll < 4 && versions.size() < 16) {
        versions.add(new Version(v.map().freeze(), new HashMap<>(v.shadow()), true));
      } else if (!v.frozen()) {
        byte[] key = keys.get(random.nextInt(keys.size()));
        // indexes above 2^31 are unsigned ints inside
        long index = random.nextLong() >>> 32;
        v.map().put(new Entry(key, index));
        v.shadow().put(HEX.formatHex(key), index);
      }
    }
    assertThat(versions).hasSize(16);
    assertThat(versions).filteredOn(Version::frozen).isNotEmpty();
    for (Version v : versions) {
      for (byte[] key : keys) {
        assertThat(index(v.map().get(key))).isEqualTo(v.shadow().get(HEX.formatHex(key)));
      }
      assertThat(v.map().size()).isEqualTo(v.shadow().size());
      Map<String, Long> seen = new HashMap<>();
      v.map().forEach(e -> assertThat(seen.put(HEX.formatHex(e.key()), e.index())).isNull());
      assertThat(seen).isEqualTo(v.shadow());
    }
  }

  private static List<byte[]> keysSharingPrefixes(Random random) {
    List<byte[]> keys = new ArrayList<>();
    byte[] base = new byte[32];
    random.nextBytes(base);
    keys.add(base);
    for (int level = 0; level < 64; level++) {
      byte[] k = base.clone();
      k[level / 2] ^= (byte) (level % 2 == 0 ? 0x10 << random.nextInt(4) : 1 << random.nextInt(4));
      keys.add(k);
    }
    for (int last = 0; last < 40; last++) {
      byte[] k = base.clone();
      k[31] = (byte) (last * 5);
      keys.add(k);
    }
    for (int i = 0; i < 300; i++) {
      byte[] k = new byte[32];
      random.nextBytes(k);
      keys.add(k);
    }
    return keys;
  }

  @Test
  void aFrozenMapRefusesWritesAndItsForksDoNotReachIt() {
    byte[] key = Fr.of(7).toBytes();
    PersistentFrMap<Entry> map = new PersistentFrMap<>();
    map.put(new Entry(key, 1));
    PersistentFrMap<Entry> frozen = map.freeze();
    map.put(new Entry(key, 2));

    assertThatThrownBy(() -> frozen.put(new Entry(key, 3)))
        .isInstanceOf(IllegalStateException.class);
    PersistentFrMap<Entry> fork = frozen.fork();
    fork.put(new Entry(key, 4));
    assertThat(frozen.get(key).index()).isEqualTo(1);
    assertThat(map.get(key).index()).isEqualTo(2);
    assertThat(fork.get(key).index()).isEqualTo(4);
  }

  @Test
  void anEntryKeepsItsKeyIndexAndValueBitForBit() {
    byte[] key = new byte[32];
    for (int i = 0; i < 32; i++) {
      key[i] = (byte) (0xff - i);
    }
    Entry e = new Entry(key, 0xffff_ffffL);
    assertThat(e.key()).isEqualTo(key);
    assertThat(e.index()).isEqualTo(0xffff_ffffL);
    assertThatThrownBy(() -> new Entry(key, 1L << 32)).isInstanceOf(IllegalArgumentException.class);

    BigInteger two64 = BigInteger.ONE.shiftLeft(64);
    for (BigInteger v :
        List.of(
            BigInteger.ZERO,
            BigInteger.valueOf(1_000_000_000_000L),
            BigInteger.valueOf(Long.MAX_VALUE),
            BigInteger.ONE.shiftLeft(63),
            two64.subtract(BigInteger.ONE),
            two64,
            Fr.MODULUS.subtract(BigInteger.ONE))) {
      Fr value = new Fr(v);
      PublicDataEntry slot = new PublicDataEntry(key, 3, value.toBytes());
      assertThat(slot.value()).isEqualTo(value);
      assertThat(slot.valueBytes()).isEqualTo(value.toBytes());
      if (v.bitLength() < 64) {
        assertThat(slot.longValueExact()).isEqualTo(v.longValueExact());
      } else {
        assertThatThrownBy(slot::longValueExact).isInstanceOf(ArithmeticException.class);
      }
    }
  }

  private static Long index(Entry e) {
    return e == null ? null : e.index();
  }
}
