package dev.slotstream.proposer.archfixture;

import dev.slotstream.validator.archfixture.dependee.ValidatorThing;

/** Architecture-test fixture: a service class that imports another service. */
public final class ProposerUsingAnotherService {
  public ValidatorThing other;
}
