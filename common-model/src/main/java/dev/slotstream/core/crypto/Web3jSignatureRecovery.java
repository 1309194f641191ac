package dev.slotstream.core.crypto;

import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Signature;
import java.math.BigInteger;
import java.util.Optional;
import org.web3j.crypto.ECDSASignature;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/** Public-key recovery in pure Java (web3j on BouncyCastle). The portable fallback. */
public final class Web3jSignatureRecovery implements SignatureRecovery {
  public static final Web3jSignatureRecovery INSTANCE = new Web3jSignatureRecovery();

  private Web3jSignatureRecovery() {}

  @Override
  public Optional<EthAddress> recover(Bytes32 digest, Signature signature) {
    BigInteger publicKey;
    try {
      publicKey =
          Sign.recoverFromSignature(
              signature.recId(),
              new ECDSASignature(signature.r(), signature.s()),
              digest.toArray());
    } catch (RuntimeException e) {
      // r is not the x coordinate of a curve point, or similar: the signature does not recover.
      return Optional.empty();
    }
    // null: no point for r; zero: the recovered point is at infinity. Neither is a public key.
    if (publicKey == null || publicKey.signum() == 0) {
      return Optional.empty();
    }
    return Optional.of(SigningKey.addressOf(Numeric.toBytesPadded(publicKey, 64)));
  }

  @Override
  public String name() {
    return "web3j";
  }

  @Override
  public String toString() {
    return "Web3jSignatureRecovery";
  }
}
