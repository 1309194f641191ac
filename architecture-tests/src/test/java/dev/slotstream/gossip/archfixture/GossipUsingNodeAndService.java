package dev.slotstream.gossip.archfixture;

import dev.slotstream.attestation.archfixture.dependee.AttestationThing;
import dev.slotstream.node.chain.archfixture.dependee.ChainThing;

/** Architecture-test fixture: a gossip class that knows node-chain and a service. */
public final class GossipUsingNodeAndService {
  public ChainThing chain;
  public AttestationThing attestation;
}
