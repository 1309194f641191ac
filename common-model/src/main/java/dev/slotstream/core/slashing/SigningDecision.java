package dev.slotstream.core.slashing;

import java.util.Objects;

/** The answer of a {@link SlashingProtector}: a verdict and why. */
public record SigningDecision(SigningVerdict verdict, String reason) {
  private static final SigningDecision NEW =
      new SigningDecision(SigningVerdict.ALLOWED_NEW, "new duty recorded");
  private static final SigningDecision REPEAT =
      new SigningDecision(SigningVerdict.ALLOWED_REPEAT, "identical payload already approved");

  public SigningDecision {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(reason, "reason");
  }

  public static SigningDecision allowedNew() {
    return NEW;
  }

  public static SigningDecision allowedRepeat() {
    return REPEAT;
  }

  public static SigningDecision refused(String reason) {
    return new SigningDecision(SigningVerdict.REFUSED, reason);
  }

  /** True if the caller may release a signature. */
  public boolean allowed() {
    return verdict != SigningVerdict.REFUSED;
  }
}
