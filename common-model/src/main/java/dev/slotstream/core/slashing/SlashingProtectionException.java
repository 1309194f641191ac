package dev.slotstream.core.slashing;

/**
 * The slashing-protection store is unusable (unreadable, corrupt, locked by another process, or a
 * write failed). Whoever catches it must not sign.
 */
public class SlashingProtectionException extends RuntimeException {
  public SlashingProtectionException(String message) {
    super(message);
  }

  public SlashingProtectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
