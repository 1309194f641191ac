package dev.slotstream.node.archfixture;

import dev.slotstream.gossip.archfixture.dependee.GossipThing;
import dev.slotstream.node.chain.archfixture.dependee.ChainThing;
import dev.slotstream.node.l1.archfixture.dependee.L1Thing;

/** Architecture-test fixture: a node-support class that knows node-chain, node-l1 and gossip. */
public final class NodeSupportUsingChainAndGossip {
  public ChainThing chain;
  public L1Thing l1;
  public GossipThing gossip;
}
