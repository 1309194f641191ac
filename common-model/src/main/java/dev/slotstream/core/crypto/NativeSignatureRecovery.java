package dev.slotstream.core.crypto;

import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Signature;
import fr.acinq.secp256k1.Secp256k1;
import java.util.Arrays;
import java.util.Optional;

/**
 * Public-key recovery with libsecp256k1 through JNI (fr.acinq secp256k1-kmp), about 4x faster than
 * web3j, and the signing behind {@link SigningKey#sign}. Obtain it through {@link
 * SignatureRecovery#best()} or {@link #load()}: the native library may not load on every platform.
 */
public final class NativeSignatureRecovery implements SignatureRecovery {
  private final Secp256k1 secp;

  private NativeSignatureRecovery(Secp256k1 secp) {
    this.secp = secp;
  }

  /**
   * Loads the native library and checks it recovers and signs a known signature as web3j does.
   *
   * @throws Throwable (typically UnsatisfiedLinkError or ExceptionInInitializerError) when the
   *     library cannot be loaded, or IllegalStateException when it loads but answers wrongly
   */
  public static NativeSignatureRecovery load() {
    NativeSignatureRecovery recovery = new NativeSignatureRecovery(Secp256k1.get());
    SigningKey probe = SigningKey.fromSeed("slotstream/native-recovery-self-test");
    Bytes32 digest = Keccak.hash32(SigningDomain.utf8("self-test"));
    Signature expected = probe.signWithWeb3j(digest);
    Optional<EthAddress> got = recovery.recover(digest, expected);
    if (!got.equals(Optional.of(probe.address()))) {
      throw new IllegalStateException("libsecp256k1 self-test recovered " + got);
    }
    Signature signed = recovery.sign(probe.privateKeyBytes(), probe.publicKey(), digest);
    if (!signed.equals(expected)) {
      throw new IllegalStateException("libsecp256k1 self-test signed " + signed);
    }
    return recovery;
  }

  @Override
  public Optional<EthAddress> recover(Bytes32 digest, Signature signature) {
    byte[] pub;
    try {
      pub = secp.ecdsaRecover(signature.rsBytes(), digest.toArray(), signature.recId());
    } catch (RuntimeException e) { // Secp256k1Exception: the signature does not recover
      return Optional.empty();
    }
    if (pub == null || pub.length != 65 || pub[0] != 0x04) {
      return Optional.empty();
    }
    return Optional.of(SigningKey.addressOf(Arrays.copyOfRange(pub, 1, 65)));
  }

  /**
   * Signs {@code digest} with libsecp256k1: RFC 6979 nonces and low s, so the very signature web3j
   * makes ({@code SignatureRecoveryTest}), about 7x faster with C1 alone (the devnet's services);
   * v is found by one trial recovery, as libsecp256k1 here has no recoverable-signing call.
   *
   * @param privateKey 32 big-endian bytes
   * @param publicKey the key's x ‖ y (64 bytes)
   */
  Signature sign(byte[] privateKey, byte[] publicKey, Bytes32 digest) {
    byte[] message = digest.toArray();
    byte[] compact = secp.sign(message, privateKey);
    int recId = recoversTo(compact, message, 0, publicKey) ? 0 : 1;
    byte[] rsv = Arrays.copyOf(compact, Signature.SIZE);
    rsv[Signature.SIZE - 1] = (byte) (27 + recId);
    return Signature.fromBytes(rsv);
  }

  private boolean recoversTo(byte[] compact, byte[] message, int recId, byte[] publicKey) {
    try {
      byte[] pub = secp.ecdsaRecover(compact, message, recId);
      return pub != null
          && pub.length == 65
          && Arrays.equals(pub, 1, 65, publicKey, 0, publicKey.length);
    } catch (RuntimeException e) { // Secp256k1Exception: this id recovers no key
      return false;
    }
  }

  @Override
  public String name() {
    return "libsecp256k1";
  }

  @Override
  public String toString() {
    return "NativeSignatureRecovery";
  }
}
