package dev.slotstream.attestation.testing;

import dev.slotstream.core.attestation.AddLimits;
import dev.slotstream.core.attestation.AddOutcome;
import dev.slotstream.core.attestation.AttestationPool;
import dev.slotstream.core.attestation.EquivocationEvidence;
import dev.slotstream.core.attestation.InMemoryAttestationPool;
import dev.slotstream.core.attestation.PoolStats;
import dev.slotstream.core.attestation.PooledAttestation;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.SlotNumber;
import java.time.Instant;
import java.util.List;

/**
 * An in-memory pool that a test wraps to change one behaviour (fail while "down", take time); every
 * call first passes {@link #before()}.
 */
public class ForwardingAttestationPool implements AttestationPool {
  private final InMemoryAttestationPool pool = new InMemoryAttestationPool();

  /** Runs before each call that Redis would serve; a test throws here, or moves its clock. */
  protected void before() {}

  /** Runs after each add, with its outcome. */
  protected void afterAdd() {}

  @Override
  public AddOutcome add(PooledAttestation a, AddLimits limits, Instant now, String token) {
    before();
    AddOutcome outcome = pool.add(a, limits, now, token);
    afterAdd();
    return outcome;
  }

  @Override
  public void releaseClaim(SlotNumber slot, Bytes32 hash, String token) {
    before();
    pool.releaseClaim(slot, hash, token);
  }

  @Override
  public List<PooledAttestation> attestations(SlotNumber slot) {
    return pool.attestations(slot);
  }

  @Override
  public List<PooledAttestation> attestations(SlotNumber slot, Bytes32 hash) {
    return pool.attestations(slot, hash);
  }

  @Override
  public List<EquivocationEvidence> evidence(SlotNumber slot) {
    return pool.evidence(slot);
  }

  @Override
  public PoolStats stats() {
    return pool.stats();
  }

  @Override
  public int pruneBefore(SlotNumber slot) {
    return pool.pruneBefore(slot);
  }
}
