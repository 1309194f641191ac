package dev.slotstream.core.crypto;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the {@link SignatureRecovery} implementation once per process. */
final class SignatureRecoveries {
  private static final Logger log = LoggerFactory.getLogger(SignatureRecoveries.class);

  private SignatureRecoveries() {}

  private static final class Holder {
    static final Optional<SignatureRecovery> NATIVE = loadNative();
    static final SignatureRecovery BEST = NATIVE.orElse(Web3jSignatureRecovery.INSTANCE);
  }

  static SignatureRecovery best() {
    return Holder.BEST;
  }

  static Optional<SignatureRecovery> nativeRecovery() {
    return Holder.NATIVE;
  }

  private static Optional<SignatureRecovery> loadNative() {
    try {
      return Optional.of(NativeSignatureRecovery.load());
    } catch (Throwable t) { // UnsatisfiedLinkError, ExceptionInInitializerError, NoClassDefFoundError...
      log.warn(
          "libsecp256k1 (JNI) is not usable on {}/{}; falling back to web3j signature recovery "
              + "(about 4x slower): {}",
          System.getProperty("os.name"),
          System.getProperty("os.arch"),
          t.toString());
      return Optional.empty();
    }
  }
}
