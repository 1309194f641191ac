package dev.slotstream.core.crypto;

import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The EIP-712 domain every Slotstream signature is bound to: a signature made for one chain or one
 * rollup contract never verifies for another.
 *
 * <p>{@code domainSeparator = keccak(abi.encode(EIP712DOMAIN_TYPEHASH, keccak(name),
 * keccak(version), chainId, verifyingContract))}, exactly as Solidity's {@code EIP712} computes it,
 * so the L1 rollup contract derives the same value.
 */
public record SigningDomain(
    String name, String version, long chainId, EthAddress verifyingContract) {

  public static final String DEFAULT_NAME = "Slotstream";
  public static final String DEFAULT_VERSION = "1";

  /** The EIP-712 domain type, with all four fields in the canonical order. */
  public static final String EIP712_DOMAIN_TYPE =
      "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";

  /** keccak(EIP712_DOMAIN_TYPE). */
  public static final Bytes32 EIP712_DOMAIN_TYPEHASH = Keccak.hash32(utf8(EIP712_DOMAIN_TYPE));

  public SigningDomain {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(verifyingContract, "verifyingContract");
    if (chainId < 0) {
      throw new IllegalArgumentException("chainId must be non-negative, got " + chainId);
    }
  }

  /** The Slotstream domain ("Slotstream", "1") of one chain and rollup contract. */
  public static SigningDomain of(long chainId, EthAddress rollupAddress) {
    return new SigningDomain(DEFAULT_NAME, DEFAULT_VERSION, chainId, rollupAddress);
  }

  /**
   * The EIP-712 domain separator. It is computed afresh on each call (five keccaks); the hot paths
   * ({@link Eip712}, {@link ProtocolSigner}) cache it.
   */
  public Bytes32 domainSeparator() {
    byte[] enc = new byte[5 * 32];
    put(enc, 0, EIP712_DOMAIN_TYPEHASH.toArray());
    put(enc, 1, Keccak.hash(utf8(name)));
    put(enc, 2, Keccak.hash(utf8(version)));
    put(enc, 3, uint256(chainId));
    put(enc, 4, addressWord(verifyingContract));
    return Keccak.hash32(enc);
  }

  private static void put(byte[] enc, int word, byte[] value32) {
    System.arraycopy(value32, 0, enc, word * 32, 32);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] uint256(long value) {
    byte[] raw = BigInteger.valueOf(value).toByteArray();
    byte[] out = new byte[32];
    int len = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - len, out, 32 - len, len);
    return out;
  }

  static byte[] addressWord(EthAddress address) {
    byte[] out = new byte[32];
    System.arraycopy(address.toArray(), 0, out, 12, EthAddress.SIZE);
    return out;
  }
}
