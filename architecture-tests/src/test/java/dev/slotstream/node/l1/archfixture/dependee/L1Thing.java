package dev.slotstream.node.l1.archfixture.dependee;

/** Architecture-test fixture: stands in for a class of node-l1. */
public final class L1Thing {}
