package dev.slotstream.node.chain.archfixture;

import dev.slotstream.l1publisher.archfixture.dependee.PublisherThing;

/** Architecture-test fixture: a node-chain class that knows a service. */
public final class ChainUsingService {
  public PublisherThing publisher;
}
