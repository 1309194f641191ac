package dev.slotstream.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Signature;
import fr.acinq.secp256k1.Secp256k1;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SignatureRecoveryTest {
  private static final int N = 1_000;

  private final SignatureRecovery web3j = SignatureRecovery.web3j();
  private final SignatureRecovery nativeRecovery =
      SignatureRecovery.nativeIfAvailable().orElseThrow();
  private final Secp256k1 secp = Secp256k1.get();

  private static SecureRandom seeded(String seed) throws Exception {
    SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
    r.setSeed(seed.getBytes(StandardCharsets.UTF_8));
    return r;
  }

  private static Bytes32 randomDigest(Random r) {
    byte[] b = new byte[32];
    r.nextBytes(b);
    return Bytes32.wrap(b);
  }

  @Test
  void bestPicksLibsecp256k1OnLinuxX8664() {
    SignatureRecovery best = SignatureRecovery.best();
    assertThat(best).isInstanceOf(NativeSignatureRecovery.class);
    assertThat(best.name()).isEqualTo("libsecp256k1");
    assertThat(SignatureRecovery.best()).isSameAs(best);
    assertThat(web3j.name()).isEqualTo("web3j");
  }

  @Test
  void aNativeLibraryThatFailsToLoadFallsBackToWeb3j() {
    assertThat(
            SignatureRecoveries.tryLoad(
                () -> {
                  throw new UnsatisfiedLinkError("no .so");
                }))
        .isEmpty();
    assertThat(
            SignatureRecoveries.tryLoad(
                () -> {
                  throw new ExceptionInInitializerError(new IllegalStateException("bad platform"));
                }))
        .isEmpty();
    assertThat(
            SignatureRecoveries.tryLoad(
                () -> {
                  throw new NoClassDefFoundError("Secp256k1");
                }))
        .isEmpty();
    assertThat(SignatureRecoveries.tryLoad(NativeSignatureRecovery::load)).isPresent();
  }

  @Test
  void web3jSignaturesAreRecoveredByLibsecp256k1AndByWeb3j() throws Exception {
    SecureRandom r = seeded("web3j-signs");
    for (int i = 0; i < N; i++) {
      SigningKey key = SigningKey.random(r);
      Bytes32 digest = randomDigest(r);
      Signature sig = key.signWithWeb3j(digest);

      assertThat(sig.s()).isLessThanOrEqualTo(Signature.HALF_CURVE_ORDER);
      assertThat(sig.v()).isIn(27, 28);
      assertThat(nativeRecovery.recover(digest, sig)).contains(key.address());
      assertThat(web3j.recover(digest, sig)).contains(key.address());
    }
  }

  @Test
  void libsecp256k1SignaturesAreRecoveredByWeb3jAndEqualWeb3jsOwn() throws Exception {
    SecureRandom r = seeded("native-signs");
    for (int i = 0; i < N; i++) {
      SigningKey key = SigningKey.random(r);
      Bytes32 digest = randomDigest(r);
      byte[] priv = key.privateKeyBytes();

      byte[] compact = secp.sign(digest.toArray(), priv);
      assertThat(compact).hasSize(64);
      BigInteger rr = new BigInteger(1, Arrays.copyOfRange(compact, 0, 32));
      BigInteger ss = new BigInteger(1, Arrays.copyOfRange(compact, 32, 64));
      assertThat(ss).isLessThanOrEqualTo(Signature.HALF_CURVE_ORDER);

      byte[] expectedPub = secp.pubkeyCreate(priv); // 65 bytes, 0x04 ‖ x ‖ y
      int recId = -1;
      for (int candidate = 0; candidate < 2; candidate++) {
        if (Arrays.equals(secp.ecdsaRecover(compact, digest.toArray(), candidate), expectedPub)) {
          recId = candidate;
        }
      }
      assertThat(recId).as("a recovery id that gives back the key").isIn(0, 1);
      Signature sig = new Signature(rr, ss, 27 + recId);

      assertThat(web3j.recover(digest, sig)).contains(key.address());
      assertThat(nativeRecovery.recover(digest, sig)).contains(key.address());
      // Both use RFC 6979 nonces, so both libraries make the very same signature, and sign()
      // (native here) makes it too.
      assertThat(sig).isEqualTo(key.signWithWeb3j(digest));
      assertThat(key.sign(digest)).isEqualTo(sig);
    }
  }

  @Test
  void bothRecoveriesAgreeOnGarbageSignatures() {
    Random r = new Random(2024);
    int recovered = 0;
    int empty = 0;
    for (int i = 0; i < 2 * N; i++) {
      Bytes32 digest = randomDigest(r);
      BigInteger rr =
          new BigInteger(256, r)
              .mod(Signature.CURVE_ORDER.subtract(BigInteger.ONE))
              .add(BigInteger.ONE);
      BigInteger ss = new BigInteger(255, r).mod(Signature.HALF_CURVE_ORDER).add(BigInteger.ONE);
      Signature sig = new Signature(rr, ss, 27 + r.nextInt(2));

      Optional<EthAddress> fromNative = nativeRecovery.recover(digest, sig);
      Optional<EthAddress> fromWeb3j = web3j.recover(digest, sig);
      assertThat(fromWeb3j).as("signature %s over %s", sig, digest).isEqualTo(fromNative);
      if (fromNative.isPresent()) {
        recovered++;
      } else {
        empty++;
      }
    }
    // About half of all r values are the x of a curve point; the rest must not recover.
    assertThat(recovered).isGreaterThan(N / 2);
    assertThat(empty).isGreaterThan(N / 2);
  }

  @Test
  void bothRecoveriesAgreeOnEdgeCaseSignatures() {
    BigInteger n = Signature.CURVE_ORDER;
    BigInteger[] rs = {BigInteger.ONE, BigInteger.TWO, n.subtract(BigInteger.ONE), n.shiftRight(1)};
    BigInteger[] ss = {BigInteger.ONE, Signature.HALF_CURVE_ORDER};
    Bytes32[] digests = {
      Bytes32.ZERO, Bytes32.fromHex("ff".repeat(32)), Keccak.hash32(new byte[0])
    };
    for (BigInteger rr : rs) {
      for (BigInteger s : ss) {
        for (int v = 27; v <= 28; v++) {
          for (Bytes32 d : digests) {
            Signature sig = new Signature(rr, s, v);
            assertThat(web3j.recover(d, sig))
                .as("%s over %s", sig, d)
                .isEqualTo(nativeRecovery.recover(d, sig));
          }
        }
      }
    }
  }

  @Test
  void aTamperedSignatureOrDigestRecoversSomeoneElse() throws Exception {
    SecureRandom r = seeded("tamper");
    for (int i = 0; i < 50; i++) {
      SigningKey key = SigningKey.random(r);
      Bytes32 digest = randomDigest(r);
      Signature sig = key.sign(digest);
      Signature flippedV = new Signature(sig.r(), sig.s(), sig.v() == 27 ? 28 : 27);
      Bytes32 otherDigest = randomDigest(r);

      for (SignatureRecovery rec : new SignatureRecovery[] {web3j, nativeRecovery}) {
        assertThat(rec.recover(digest, flippedV)).isNotEqualTo(Optional.of(key.address()));
        assertThat(rec.recover(otherDigest, sig)).isNotEqualTo(Optional.of(key.address()));
      }
      assertThat(web3j.recover(digest, flippedV))
          .isEqualTo(nativeRecovery.recover(digest, flippedV));
      assertThat(web3j.recover(otherDigest, sig))
          .isEqualTo(nativeRecovery.recover(otherDigest, sig));
    }
  }
}
