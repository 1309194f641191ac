package dev.slotstream.validator.archfixture;

import dev.slotstream.attestation.archfixture.dependee.AttestationThing;

/** Architecture-test fixture: a service class that imports another service. */
public final class ValidatorUsingAnotherService {
  public AttestationThing other;
}
