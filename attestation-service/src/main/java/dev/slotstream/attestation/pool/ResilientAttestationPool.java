package dev.slotstream.attestation.pool;

import dev.slotstream.core.attestation.AddLimits;
import dev.slotstream.core.attestation.AddOutcome;
import dev.slotstream.core.attestation.AttestationPool;
import dev.slotstream.core.attestation.EquivocationEvidence;
import dev.slotstream.core.attestation.PoolStats;
import dev.slotstream.core.attestation.PooledAttestation;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.SlotNumber;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Retries a failed pool call (a Redis blip) and stops calling a pool that keeps failing (circuit
 * open: calls fail fast with {@code CallNotPermittedException} until it half-opens), so a Redis
 * outage neither stalls the Kafka consumer on timeouts nor hammers Redis while it recovers.
 *
 * <p>Retrying {@link #add} is safe: the same claim token is passed on every attempt, and a pool
 * gives a claim back to the token that holds it, so a claim whose reply was lost is not lost.
 */
public final class ResilientAttestationPool implements AttestationPool {
  private final AttestationPool delegate;
  private final CircuitBreaker circuitBreaker;
  private final Retry retry;

  public ResilientAttestationPool(
      AttestationPool delegate, CircuitBreaker circuitBreaker, Retry retry) {
    this.delegate = delegate;
    this.circuitBreaker = circuitBreaker;
    this.retry = retry;
  }

  private <T> T call(Supplier<T> supplier) {
    return Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(circuitBreaker, supplier))
        .get();
  }

  @Override
  public AddOutcome add(
      PooledAttestation attestation, AddLimits limits, Instant now, String claimToken) {
    return call(() -> delegate.add(attestation, limits, now, claimToken));
  }

  @Override
  public void releaseClaim(SlotNumber slot, Bytes32 proposalPayloadHash, String token) {
    call(
        () -> {
          delegate.releaseClaim(slot, proposalPayloadHash, token);
          return null;
        });
  }

  @Override
  public List<PooledAttestation> attestations(SlotNumber slot) {
    return call(() -> delegate.attestations(slot));
  }

  @Override
  public List<PooledAttestation> attestations(SlotNumber slot, Bytes32 proposalPayloadHash) {
    return call(() -> delegate.attestations(slot, proposalPayloadHash));
  }

  @Override
  public List<EquivocationEvidence> evidence(SlotNumber slot) {
    return call(() -> delegate.evidence(slot));
  }

  @Override
  public PoolStats stats() {
    return call(delegate::stats);
  }

  @Override
  public int pruneBefore(SlotNumber slot) {
    return call(() -> delegate.pruneBefore(slot));
  }
}
