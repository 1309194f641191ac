package dev.slotstream.localinfra.archfixture;

/** Architecture-test fixture: stands in for a class of this package. */
public final class FakeBroker {}
