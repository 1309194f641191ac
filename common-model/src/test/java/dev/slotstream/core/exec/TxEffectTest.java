package dev.slotstream.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.DecodingException;
import dev.slotstream.core.state.FieldHash;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.Hex;
import dev.slotstream.core.types.TxHash;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TxEffectTest {
  private static final TxHash TX = TxHash.fromHex("0x" + "11".repeat(32));
  private static final Fr BIG = new Fr(Fr.MODULUS.subtract(BigInteger.ONE));
  private static final List<PublicDataWrite> WRITES =
      List.of(new PublicDataWrite(BIG, Fr.of(7)), new PublicDataWrite(Fr.of(3), Fr.ZERO));

  private static TxEffect effect() {
    return new TxEffect(TX, Fr.of(5), BIG, 25_000, 15_000, WRITES);
  }

  @Test
  void shouldGiveBackEveryFieldItWasMadeOf() {
    TxEffect e = effect();

    assertThat(e.txHash()).isEqualTo(TX);
    assertThat(e.nullifier()).isEqualTo(Fr.of(5));
    assertThat(e.noteHash()).isEqualTo(BIG);
    assertThat(e.fee()).isEqualTo(25_000);
    assertThat(e.manaUsed()).isEqualTo(15_000);
    assertThat(e.publicDataWrites()).isEqualTo(WRITES);
  }

  @Test
  void shouldEncodeInTheSection74Layout() {
    byte[] bytes = effect().encode();

    assertThat(bytes).hasSize(116 + 2 * 64).hasSize(effect().encodedSize());
    assertThat(Arrays.copyOfRange(bytes, 0, 32)).isEqualTo(TX.value().toArray());
    assertThat(Arrays.copyOfRange(bytes, 32, 64)).isEqualTo(Fr.of(5).toBytes());
    assertThat(Arrays.copyOfRange(bytes, 64, 96)).isEqualTo(BIG.toBytes());
    assertThat(Hex.encode(Arrays.copyOfRange(bytes, 96, 116)))
        .isEqualTo("0x00000000000061a80000000000003a9800000002");
    assertThat(Arrays.copyOfRange(bytes, 116, 148)).isEqualTo(BIG.toBytes());
    assertThat(Arrays.copyOfRange(bytes, 148, 180)).isEqualTo(Fr.of(7).toBytes());
    assertThat(effect().hash()).isEqualTo(FieldHash.hash(bytes));
  }

  @Test
  void shouldReadBackWhatItEncodedAndCompareByValue() {
    TxEffect e = effect();
    ByteReader r = new ByteReader(e.encode());

    TxEffect read = TxEffect.read(r);

    assertThat(r.remaining()).isZero();
    assertThat(read).isEqualTo(e).hasSameHashCodeAs(e);
    assertThat(read.toString()).isEqualTo(e.toString()).contains("fee=25000");
    assertThat(new TxEffect(TX, Fr.of(5), BIG, 25_001, 15_000, WRITES)).isNotEqualTo(e);
  }

  @Test
  void shouldNotLetItsEncodingBeChangedFromOutside() {
    TxEffect e = effect();
    byte[] bytes = e.encode();
    bytes[100] = 9;

    assertThat(e.fee()).isEqualTo(25_000);
  }

  @Test
  void shouldRefuseAWriteCountTheBytesCannotHold() {
    byte[] bytes = effect().encode();
    bytes[115] = 3; // three writes announced, two present

    assertThatThrownBy(() -> TxEffect.read(new ByteReader(bytes)))
        .isInstanceOf(DecodingException.class)
        .hasMessageContaining("effect.publicDataWrites");
  }
}
