package dev.slotstream.node.archfixture;

import dev.slotstream.gossip.archfixture.target.GossipThing;
import dev.slotstream.node.chain.archfixture.target.ChainThing;

/** Architecture-test fixture: a node-support class that knows node-chain and gossip. */
public final class NodeSupportUsingChainAndGossip {
  public ChainThing chain;
  public GossipThing gossip;
}
