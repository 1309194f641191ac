package dev.slotstream.core.crypto;

import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Hex;
import dev.slotstream.core.types.Signature;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * A secp256k1 private key with its Ethereum address. Signs 32-byte digests (see {@link Eip712});
 * every signature it makes is low-s with v in {27, 28}. {@link #toString()} shows the address only,
 * never the key.
 */
public final class SigningKey {
  private final ECKeyPair keyPair;
  private final byte[] privateKey;
  private final byte[] publicKey;
  private final EthAddress address;

  private SigningKey(BigInteger privateKey) {
    Objects.requireNonNull(privateKey, "privateKey");
    if (privateKey.signum() <= 0 || privateKey.compareTo(Signature.CURVE_ORDER) >= 0) {
      throw new IllegalArgumentException("private key outside 1..n-1");
    }
    this.keyPair = ECKeyPair.create(privateKey);
    this.privateKey = Numeric.toBytesPadded(privateKey, 32);
    this.publicKey = Numeric.toBytesPadded(keyPair.getPublicKey(), 64);
    this.address = addressOf(publicKey);
  }

  /** A key from its scalar; it must lie in 1..n-1. */
  public static SigningKey of(BigInteger privateKey) {
    return new SigningKey(privateKey);
  }

  /** A key from 32 bytes of hex (with or without 0x). */
  public static SigningKey fromHex(String hex) {
    byte[] raw = Hex.decode(hex);
    if (raw.length != 32) {
      throw new IllegalArgumentException("private key needs 32 bytes, got " + raw.length);
    }
    try {
      return new SigningKey(new BigInteger(1, raw));
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /** A fresh key drawn from {@code random}. */
  public static SigningKey random(SecureRandom random) {
    byte[] raw = new byte[32];
    try {
      while (true) {
        random.nextBytes(raw);
        BigInteger k = new BigInteger(1, raw);
        if (k.signum() > 0 && k.compareTo(Signature.CURVE_ORDER) < 0) {
          return new SigningKey(k);
        }
      }
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /**
   * A deterministic key for devnets and tests: the private key is keccak(UTF-8 seed). Never use it
   * for a key that guards value: anyone who knows the seed has the key.
   */
  public static SigningKey fromSeed(String seed) {
    Objects.requireNonNull(seed, "seed");
    return new SigningKey(new BigInteger(1, Keccak.hash(SigningDomain.utf8(seed))));
  }

  public EthAddress address() {
    return address;
  }

  /** The uncompressed public key without its 0x04 prefix: x (32) ‖ y (32). */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /**
   * Signs a 32-byte digest as is (no further hashing, no Ethereum message prefix), with libsecp256k1
   * where it loads and web3j otherwise: both make the same signature (RFC 6979). Why native: web3j
   * took ~6% of a loaded proposer's build thread (a signature per block), about 0.47 ms a signature
   * with C1 against 0.07 ms (docs/BENCHMARKS.md, Run 13).
   */
  public Signature sign(Bytes32 digest) {
    Objects.requireNonNull(digest, "digest");
    Optional<NativeSignatureRecovery> secp = SignatureRecoveries.nativeSigner();
    return secp.isPresent()
        ? secp.get().sign(privateKey, publicKey, digest)
        : signWithWeb3j(digest);
  }

  /** {@link #sign} through web3j (Bouncy Castle), whatever is available. */
  Signature signWithWeb3j(Bytes32 digest) {
    // needToHash=false: the digest is signed as given. ECKeyPair.sign canonicalises s to low-s and
    // signMessage finds the matching recovery id, so v is 27 or 28.
    Sign.SignatureData sd = Sign.signMessage(digest.toArray(), keyPair, false);
    BigInteger r = new BigInteger(1, sd.getR());
    BigInteger s = new BigInteger(1, sd.getS());
    int v = sd.getV()[0] & 0xff;
    if (s.compareTo(Signature.HALF_CURVE_ORDER) > 0) {
      // Never expected from web3j; flip to low-s (and the recovery parity with it) if it happens.
      s = Signature.CURVE_ORDER.subtract(s);
      v = v == 27 ? 28 : 27;
    }
    return new Signature(r, s, v);
  }

  /** The private key as 32 big-endian bytes; for the native cross-checks in this package only. */
  byte[] privateKeyBytes() {
    return privateKey.clone();
  }

  /** Ethereum address of an uncompressed public key x ‖ y: the last 20 bytes of its keccak. */
  static EthAddress addressOf(byte[] publicKey64) {
    if (publicKey64.length != 64) {
      throw new IllegalArgumentException("public key needs 64 bytes, got " + publicKey64.length);
    }
    byte[] h = Keccak.hash(publicKey64);
    return EthAddress.wrap(Arrays.copyOfRange(h, 12, 32));
  }

  /** Two keys are equal when they are the same key, i.e. have the same address. */
  @Override
  public boolean equals(Object o) {
    return o instanceof SigningKey other && address.equals(other.address);
  }

  @Override
  public int hashCode() {
    return address.hashCode();
  }

  @Override
  public String toString() {
    return "SigningKey[address=" + address.toHex() + "]";
  }
}
