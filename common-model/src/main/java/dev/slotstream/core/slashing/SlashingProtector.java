package dev.slotstream.core.slashing;

import dev.slotstream.core.types.Bytes32;

/**
 * Double-signing protection, consulted right before every signature. A signer must not release a
 * signature unless {@link #approve} returned an allowed decision for exactly that duty and payload
 * hash; an exception from {@code approve} means "do not sign" as well.
 */
public interface SlashingProtector {
  /**
   * Decides whether {@code duty.signer()} may sign {@code payloadHash} for {@code duty}.
   *
   * <ul>
   *   <li>{@link SigningVerdict#ALLOWED_NEW}: nothing was signed for this duty yet; the approval has
   *       been recorded (durably, for a persistent implementation) before this method returns.
   *   <li>{@link SigningVerdict#ALLOWED_REPEAT}: this exact duty and payload hash were approved
   *       before; signing the identical payload again is idempotent.
   *   <li>{@link SigningVerdict#REFUSED}: a different payload was approved for this duty, or, for
   *       {@link DutyKind#CHECKPOINT_ATTESTATION}, the slot is not above the highest slot this
   *       signer has attested to.
   * </ul>
   *
   * @throws SlashingProtectionException if the record could not be stored; do not sign
   */
  SigningDecision approve(SigningDuty duty, Bytes32 payloadHash);
}
