package dev.slotstream.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.types.Fr;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PersistentFrMapTest {
  @Test
  void behavesLikeAMapAndForksIsolate() {
    Random random = new Random(11);
    PersistentFrMap<Long> map = new PersistentFrMap<>();
    Map<Fr, Long> shadow = new HashMap<>();
    Fr[] keys = new Fr[500];
    for (int i = 0; i < keys.length; i++) {
      // small keys share long prefixes, which exercises deep splits
      keys[i] = i % 2 == 0 ? MerkleTreeTest.randomFr(random) : Fr.of(i);
    }
    for (int i = 0; i < 2000; i++) {
      Fr k = keys[random.nextInt(keys.length)];
      long v = random.nextLong();
      map.put(k, v);
      shadow.put(k, v);
    }
    PersistentFrMap<Long> fork = map.fork();
    for (Fr k : keys) {
      assertThat(map.get(k)).isEqualTo(shadow.get(k));
    }
    assertThat(map.size()).isEqualTo(shadow.size());

    fork.put(keys[0], -1L);
    fork.put(Fr.of(1_000_000), 5L);
    assertThat(map.get(keys[0])).isEqualTo(shadow.get(keys[0]));
    assertThat(map.get(Fr.of(1_000_000))).isNull();
    assertThat(fork.get(keys[0])).isEqualTo(-1L);

    map.put(keys[1], 77L);
    assertThat(fork.get(keys[1])).isEqualTo(shadow.get(keys[1]));
  }
}
