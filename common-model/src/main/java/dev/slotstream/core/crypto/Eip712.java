package dev.slotstream.core.crypto;

import dev.slotstream.core.message.MessageKind;
import dev.slotstream.core.message.SignedPayload;
import dev.slotstream.core.types.Bytes32;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The EIP-712 digest every protocol signature covers:
 *
 * <pre>
 * typeHash(kind)   = keccak(kind.eip712TypeString())          e.g. keccak("Tx(bytes32 payloadHash)")
 * structHash       = keccak(abi.encode(typeHash(kind), payloadHash))
 * digest           = keccak(0x19 ‖ 0x01 ‖ domainSeparator ‖ structHash)
 * </pre>
 *
 * where {@code payloadHash = keccak(canonical payload encoding)}. One canonical encoding is signed
 * per message kind; the kind's own struct type keeps a signature for one kind from verifying as
 * another.
 */
public final class Eip712 {
  private static final Map<MessageKind, Bytes32> TYPE_HASHES = new EnumMap<>(MessageKind.class);

  static {
    for (MessageKind kind : MessageKind.values()) {
      TYPE_HASHES.put(kind, Keccak.hash32(SigningDomain.utf8(kind.eip712TypeString())));
    }
  }

  /** Few domains exist in one process (usually one); the bound only guards against misuse. */
  private static final int MAX_CACHED_DOMAINS = 64;

  private static final Map<SigningDomain, Bytes32> SEPARATORS = new ConcurrentHashMap<>();

  private Eip712() {}

  /** keccak of the kind's EIP-712 struct type string. */
  public static Bytes32 typeHash(MessageKind kind) {
    return TYPE_HASHES.get(Objects.requireNonNull(kind, "kind"));
  }

  /** The domain's separator, cached. */
  public static Bytes32 domainSeparator(SigningDomain domain) {
    Bytes32 cached = SEPARATORS.get(domain);
    if (cached != null) {
      return cached;
    }
    Bytes32 computed = domain.domainSeparator();
    if (SEPARATORS.size() >= MAX_CACHED_DOMAINS) {
      SEPARATORS.clear();
    }
    SEPARATORS.put(domain, computed);
    return computed;
  }

  /** keccak(abi.encode(typeHash(kind), payloadHash)). */
  public static Bytes32 structHash(MessageKind kind, Bytes32 payloadHash) {
    Objects.requireNonNull(payloadHash, "payloadHash");
    byte[] enc = new byte[64];
    System.arraycopy(typeHash(kind).toArray(), 0, enc, 0, 32);
    System.arraycopy(payloadHash.toArray(), 0, enc, 32, 32);
    return Keccak.hash32(enc);
  }

  /** The digest a signer signs for {@code payload} in {@code domain}. */
  public static Bytes32 digest(SigningDomain domain, SignedPayload payload) {
    return digest(domain, payload.kind(), payload.payloadHash());
  }

  /** The digest for a payload hash already known (e.g. a message id). */
  public static Bytes32 digest(SigningDomain domain, MessageKind kind, Bytes32 payloadHash) {
    return digest(domainSeparator(domain), kind, payloadHash);
  }

  /** The digest given a precomputed domain separator. */
  public static Bytes32 digest(Bytes32 domainSeparator, MessageKind kind, Bytes32 payloadHash) {
    byte[] enc = new byte[2 + 32 + 32];
    enc[0] = 0x19;
    enc[1] = 0x01;
    System.arraycopy(domainSeparator.toArray(), 0, enc, 2, 32);
    System.arraycopy(structHash(kind, payloadHash).toArray(), 0, enc, 34, 32);
    return Keccak.hash32(enc);
  }
}
