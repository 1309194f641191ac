package dev.slotstream.core.slashing;

import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * For tests only: the same rules as {@link FileSlashingProtector}, remembered in memory, so a
 * restart forgets everything. Never use it for a real key.
 */
public final class InMemorySlashingProtector implements SlashingProtector {
  private final Map<EthAddress, SignerHistory> histories = new ConcurrentHashMap<>();

  @Override
  public SigningDecision approve(SigningDuty duty, Bytes32 payloadHash) {
    Objects.requireNonNull(duty, "duty");
    Objects.requireNonNull(payloadHash, "payloadHash");
    SignerHistory history = histories.computeIfAbsent(duty.signer(), s -> new SignerHistory());
    synchronized (history) {
      SigningDecision decision = history.decide(duty, payloadHash);
      if (decision.verdict() == SigningVerdict.ALLOWED_NEW) {
        history.record(SigningRecord.of(duty, payloadHash));
      }
      return decision;
    }
  }
}
