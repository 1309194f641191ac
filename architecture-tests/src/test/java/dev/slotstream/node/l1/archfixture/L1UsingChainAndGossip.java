package dev.slotstream.node.l1.archfixture;

import dev.slotstream.gossip.archfixture.dependee.GossipThing;
import dev.slotstream.node.chain.archfixture.dependee.ChainThing;

/** Architecture-test fixture: a node-l1 class that knows node-chain and gossip. */
public final class L1UsingChainAndGossip {
  public ChainThing chain;
  public GossipThing gossip;
}
