package dev.slotstream.node.archfixture;

import dev.slotstream.gossip.archfixture.dependee.GossipThing;
import dev.slotstream.node.chain.archfixture.dependee.ChainThing;

/** Architecture-test fixture: a node-support class that knows node-chain and gossip. */
public final class NodeSupportUsingChainAndGossip {
  public ChainThing chain;
  public GossipThing gossip;
}
