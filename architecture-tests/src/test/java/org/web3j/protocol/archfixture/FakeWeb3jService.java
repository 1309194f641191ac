package org.web3j.protocol.archfixture;

/** Architecture-test fixture: stands in for a class of this package. */
public final class FakeWeb3jService {}
