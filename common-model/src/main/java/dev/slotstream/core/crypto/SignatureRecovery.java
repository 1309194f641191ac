package dev.slotstream.core.crypto;

import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Signature;
import java.util.Optional;

/**
 * Recovers the Ethereum address that signed a 32-byte digest. Implementations are thread-safe and
 * never throw on a bad signature: a signature that does not recover gives an empty result.
 */
public interface SignatureRecovery {

  /** The signer's address, or empty when the signature does not recover to any public key. */
  Optional<EthAddress> recover(Bytes32 digest, Signature signature);

  /** Short name of the implementation ("libsecp256k1" or "web3j"), for logs and metrics. */
  String name();

  /**
   * The fastest implementation available: libsecp256k1 through JNI when its native library loads
   * on this platform, otherwise web3j (BouncyCastle). Chosen once per process; a fallback is logged
   * once at WARN.
   */
  static SignatureRecovery best() {
    return SignatureRecoveries.best();
  }

  /** The pure-Java implementation (web3j / BouncyCastle); always available. */
  static SignatureRecovery web3j() {
    return Web3jSignatureRecovery.INSTANCE;
  }

  /** The libsecp256k1 implementation, or empty when its native library does not load here. */
  static Optional<SignatureRecovery> nativeIfAvailable() {
    return SignatureRecoveries.nativeRecovery();
  }
}
