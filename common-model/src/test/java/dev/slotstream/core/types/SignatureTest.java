package dev.slotstream.core.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;
import dev.slotstream.core.codec.DecodingException;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class SignatureTest {
  private static final BigInteger R = Signature.CURVE_ORDER.subtract(BigInteger.TWO);
  private static final BigInteger S = BigInteger.valueOf(0x1234);

  @Test
  void shouldKeepRAndSAndVAsTheir65Bytes() {
    Signature sig = new Signature(R, S, 28);

    assertThat(sig.r()).isEqualTo(R);
    assertThat(sig.s()).isEqualTo(S);
    assertThat(sig.v()).isEqualTo(28);
    assertThat(sig.recId()).isEqualTo(1);
    byte[] bytes = sig.toBytes();
    assertThat(bytes).hasSize(Signature.SIZE);
    assertThat(new BigInteger(1, sig.rBytes())).isEqualTo(R);
    assertThat(sig.sBytes()).hasSize(32);
    assertThat(bytes[62]).isEqualTo((byte) 0x12);
    assertThat(bytes[63]).isEqualTo((byte) 0x34);
    assertThat(bytes[64]).isEqualTo((byte) 28);
    assertThat(sig.rsBytes()).isEqualTo(java.util.Arrays.copyOf(bytes, 64));
  }

  @Test
  void shouldReadBackWhatItWritesAndCompareByValue() {
    Signature sig = new Signature(R, S, 27);
    ByteWriter w = new ByteWriter(Signature.SIZE);
    sig.write(w);

    Signature read = Signature.read(new ByteReader(w.toByteArray()), "sig");

    assertThat(read)
        .isEqualTo(sig)
        .hasSameHashCodeAs(sig)
        .isEqualTo(Signature.fromBytes(sig.toBytes()));
    assertThat(read.toString()).isEqualTo(Hex.encode(sig.toBytes()));
    assertThat(read).isNotEqualTo(new Signature(R, S, 28));
  }

  @Test
  void shouldNotLetItsBytesBeChangedFromOutside() {
    byte[] bytes = new Signature(R, S, 27).toBytes();
    Signature sig = Signature.fromBytes(bytes);
    bytes[64] = 28;
    sig.toBytes()[0] = 0;

    assertThat(sig.v()).isEqualTo(27);
    assertThat(sig.r()).isEqualTo(R);
  }

  @Test
  void shouldRefuseHighSAndBadVWithTheReason() {
    byte[] highS = new Signature(R, S, 27).toBytes();
    byte[] s = Signature.CURVE_ORDER.subtract(S).toByteArray();
    System.arraycopy(s, s.length - 32, highS, 32, 32);
    byte[] badV = new Signature(R, S, 27).toBytes();
    badV[64] = 29;

    assertThatThrownBy(() -> Signature.read(new ByteReader(highS), "tx.signature"))
        .isInstanceOf(DecodingException.class)
        .hasMessageContaining("tx.signature")
        .hasMessageContaining("not low-s");
    assertThatThrownBy(() -> Signature.fromBytes(badV))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("v must be 27 or 28");
    assertThatThrownBy(() -> new Signature(BigInteger.ZERO, S, 27))
        .hasMessageContaining("r out of range");
  }
}
