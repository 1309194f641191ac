package dev.slotstream.core.attestation;

class InMemoryAttestationPoolTest extends AttestationPoolContract {
  private final InMemoryAttestationPool pool = new InMemoryAttestationPool();

  @Override
  protected AttestationPool pool() {
    return pool;
  }
}
