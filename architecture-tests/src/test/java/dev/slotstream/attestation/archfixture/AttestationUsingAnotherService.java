package dev.slotstream.attestation.archfixture;

import dev.slotstream.l1publisher.archfixture.dependee.PublisherThing;

/** Architecture-test fixture: a service class that imports another service. */
public final class AttestationUsingAnotherService {
  public PublisherThing other;
}
