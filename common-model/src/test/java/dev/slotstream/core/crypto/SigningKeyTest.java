package dev.slotstream.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.DecodingException;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Hex;
import dev.slotstream.core.types.Signature;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SigningKeyTest {

  @Test
  void privateKeyOneHasTheWellKnownAddress() {
    assertThat(SigningKey.of(BigInteger.ONE).address())
        .isEqualTo(EthAddress.fromHex("0x7e5f4552091a69125d5dfcb7b8c2659029395bdf"));
  }

  @Test
  void hardhatAccountZeroHasItsWellKnownAddress() {
    SigningKey key =
        SigningKey.fromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    assertThat(key.address())
        .isEqualTo(EthAddress.fromHex("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"));
  }

  @Test
  void fromSeedIsKeccakOfTheSeedAndDeterministic() {
    SigningKey alice = SigningKey.fromSeed("alice");
    assertThat(alice).isEqualTo(SigningKey.fromSeed("alice"));
    assertThat(alice).isNotEqualTo(SigningKey.fromSeed("bob"));
    assertThat(alice.privateKeyBytes())
        .isEqualTo(Keccak.hash("alice".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void toStringShowsTheAddressButNeverTheKey() {
    SigningKey key = SigningKey.fromSeed("alice");
    String privHex = Hex.encode(key.privateKeyBytes()).substring(2);
    assertThat(key.toString())
        .contains(key.address().toHex())
        .doesNotContainIgnoringCase(privHex)
        .doesNotContainIgnoringCase(privHex.substring(0, 16))
        .doesNotContain(new BigInteger(1, key.privateKeyBytes()).toString());
  }

  @Test
  void rejectsPrivateKeysOutsideTheCurveOrder() {
    assertThatThrownBy(() -> SigningKey.of(BigInteger.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SigningKey.of(Signature.CURVE_ORDER))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SigningKey.fromHex("0x1234"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void publicKeyIs64BytesAndGivesTheAddress() {
    SigningKey key = SigningKey.fromSeed("bob");
    assertThat(key.publicKey()).hasSize(64);
    assertThat(SigningKey.addressOf(key.publicKey())).isEqualTo(key.address());
  }

  @Test
  void signaturesAreLowSWithV27Or28AndDeterministic() {
    SecureRandom r = new SecureRandom();
    int v28Count = 0;
    for (int i = 0; i < 500; i++) {
      SigningKey key = SigningKey.random(r);
      byte[] d = new byte[32];
      r.nextBytes(d);
      Signature sig = key.sign(Bytes32.wrap(d));
      assertThat(sig.s()).isLessThanOrEqualTo(Signature.HALF_CURVE_ORDER);
      assertThat(sig.v()).isIn(27, 28);
      assertThat(key.sign(Bytes32.wrap(d))).isEqualTo(sig);
      v28Count += sig.v() == 28 ? 1 : 0;
    }
    assertThat(v28Count).as("both recovery ids occur").isBetween(150, 350);
  }

  @Test
  void highSSignaturesAreRejectedByTheSignatureType() {
    Signature low = SigningKey.fromSeed("alice").sign(Keccak.hash32(new byte[] {1}));
    BigInteger highS = Signature.CURVE_ORDER.subtract(low.s());
    int otherV = low.v() == 27 ? 28 : 27;

    // The malleated twin (r, n - s, v ^ 1) is the same signature to raw ECDSA; the type refuses it.
    assertThatThrownBy(() -> new Signature(low.r(), highS, otherV))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("low-s");

    byte[] wire = low.toBytes();
    byte[] s = Signature.CURVE_ORDER.subtract(low.s()).toByteArray();
    byte[] s32 = new byte[32];
    System.arraycopy(
        s,
        s.length - Math.min(32, s.length),
        s32,
        32 - Math.min(32, s.length),
        Math.min(32, s.length));
    System.arraycopy(s32, 0, wire, 32, 32);
    wire[64] = (byte) otherV;
    assertThatThrownBy(() -> Signature.fromBytes(wire))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Signature.read(new ByteReader(wire), "sig"))
        .isInstanceOf(DecodingException.class);
  }
}
