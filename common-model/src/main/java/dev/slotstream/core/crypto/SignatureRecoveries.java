package dev.slotstream.core.crypto;

import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the {@link SignatureRecovery} implementation once per process. */
final class SignatureRecoveries {
  private static final Logger log = LoggerFactory.getLogger(SignatureRecoveries.class);

  private SignatureRecoveries() {}

  private static final class Holder {
    static final Optional<SignatureRecovery> NATIVE = tryLoad(NativeSignatureRecovery::load);
    static final SignatureRecovery BEST = NATIVE.orElse(Web3jSignatureRecovery.INSTANCE);
  }

  static SignatureRecovery best() {
    return Holder.BEST;
  }

  static Optional<SignatureRecovery> nativeRecovery() {
    return Holder.NATIVE;
  }

  /**
   * Runs the native loader; any Throwable means "not usable here". A missing or incompatible .so
   * shows up as UnsatisfiedLinkError, ExceptionInInitializerError or NoClassDefFoundError, none of
   * which is an Exception.
   */
  static Optional<SignatureRecovery> tryLoad(Supplier<? extends SignatureRecovery> loader) {
    try {
      return Optional.of(loader.get());
    } catch (Throwable t) {
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
