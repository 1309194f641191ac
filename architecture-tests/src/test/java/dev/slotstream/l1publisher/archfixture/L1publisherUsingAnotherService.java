package dev.slotstream.l1publisher.archfixture;

import dev.slotstream.validator.archfixture.dependee.ValidatorThing;

/** Architecture-test fixture: a service class that imports another service. */
public final class L1publisherUsingAnotherService {
  public ValidatorThing other;
}
