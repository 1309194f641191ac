package dev.slotstream.validator.archfixture.infra;

import dev.slotstream.localinfra.archfixture.FakeBroker;

/** Architecture-test fixture: a service class that uses local-infra. */
public final class ValidatorUsingLocalInfra {
  public FakeBroker broker;
}
