package dev.slotstream.l1publisher.archfixture.dependee;

/** Architecture-test fixture: stands in for a class of this package. */
public final class PublisherThing {}
