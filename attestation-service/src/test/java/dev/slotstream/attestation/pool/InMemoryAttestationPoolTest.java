package dev.slotstream.attestation.pool;

class InMemoryAttestationPoolTest extends AttestationPoolContract {
  private final InMemoryAttestationPool pool = new InMemoryAttestationPool();

  @Override
  AttestationPool pool() {
    return pool;
  }
}
