package dev.slotstream.gossip.archfixture.dependee;

/** Architecture-test fixture: stands in for a class of this package. */
public final class GossipThing {}
