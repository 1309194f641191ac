package dev.slotstream.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Fr;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AccountKeysTest {

  /** The definition in AccountKeys' javadoc, computed without the cache. */
  private static Fr defined(String tag, EthAddress address) {
    byte[] t = FieldHash.utf8(tag);
    byte[] in = new byte[t.length + EthAddress.SIZE];
    System.arraycopy(t, 0, in, 0, t.length);
    System.arraycopy(address.toArray(), 0, in, t.length, EthAddress.SIZE);
    return FieldHash.hash(in);
  }

  @Test
  void shouldGiveEveryAddressItsOwnKeysWhenAddressesShareAndEvictCacheSlots() {
    // Three times as many addresses as slots: many share a slot and evict each other.
    Random random = new Random(1488);
    List<EthAddress> addresses = new ArrayList<>();
    for (int i = 0; i < 3 * AccountKeys.CACHE_SLOTS; i++) {
      byte[] b = new byte[EthAddress.SIZE];
      random.nextBytes(b);
      addresses.add(EthAddress.wrap(b));
    }
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < addresses.size(); i++) {
        // ask twice in a row (the second answer comes from the cache), with another instance
        EthAddress a = addresses.get(i);
        EthAddress sameValue = EthAddress.wrap(a.toArray());
        assertThat(AccountKeys.nonceKey(a)).isEqualTo(defined("nonce", a));
        assertThat(AccountKeys.nonceKey(sameValue)).isEqualTo(defined("nonce", a));
        assertThat(AccountKeys.balanceKey(a)).isEqualTo(defined("balance", a));
        assertThat(AccountKeys.balanceKey(sameValue)).isEqualTo(defined("balance", a));
      }
    }
  }

  @Test
  void shouldKeepBalanceAndNonceKeysApart() {
    EthAddress a = EthAddress.fromHex("0x00000000000000000000000000000000000000aa");
    assertThat(AccountKeys.nonceKey(a)).isNotEqualTo(AccountKeys.balanceKey(a));
    assertThat(AccountKeys.balanceKey(a)).isNotEqualTo(AccountKeys.nonceKey(a));
  }
}
