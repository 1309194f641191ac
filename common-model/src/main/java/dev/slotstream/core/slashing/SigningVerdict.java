package dev.slotstream.core.slashing;

/** Whether a signature may be produced. */
public enum SigningVerdict {
  /** A new duty: it was recorded durably before the verdict was returned. Sign. */
  ALLOWED_NEW,
  /** The same duty with the same payload hash was already approved: re-signing it is safe. */
  ALLOWED_REPEAT,
  /** Signing would equivocate or go back in time. Do not sign. */
  REFUSED
}
