package dev.slotstream.core.crypto;

import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the {@link SignatureRecovery} implementation (and the signer) once per process. */
final class SignatureRecoveries {
  private static final Logger log = LoggerFactory.getLogger(SignatureRecoveries.class);

  private SignatureRecoveries() {}

  private static final class Holder {
    static final Optional<NativeSignatureRecovery> NATIVE = tryLoad(NativeSignatureRecovery::load);
    static final Optional<SignatureRecovery> NATIVE_RECOVERY =
        NATIVE.map(SignatureRecovery.class::cast);
    static final SignatureRecovery BEST = NATIVE_RECOVERY.orElse(Web3jSignatureRecovery.INSTANCE);
  }

  static SignatureRecovery best() {
    return Holder.BEST;
  }

  static Optional<SignatureRecovery> nativeRecovery() {
    return Holder.NATIVE_RECOVERY;
  }

  /** libsecp256k1 for {@link SigningKey#sign}, when it loads here. */
  static Optional<NativeSignatureRecovery> nativeSigner() {
    return Holder.NATIVE;
  }

  /**
   * Runs the native loader; any Throwable means "not usable here". A missing or incompatible .so
   * shows up as UnsatisfiedLinkError, ExceptionInInitializerError or NoClassDefFoundError, none of
   * which is an Exception.
   */
  static <T extends SignatureRecovery> Optional<T> tryLoad(Supplier<? extends T> loader) {
    try {
      return Optional.of(loader.get());
    } catch (Throwable t) {
      log.warn(
          "libsecp256k1 (JNI) is not usable on {}/{}; falling back to web3j signature recovery "
              + "and signing (about 4x and 7x slower): {}",
          System.getProperty("os.name"),
          System.getProperty("os.arch"),
          t.toString());
      return Optional.empty();
    }
  }
}
