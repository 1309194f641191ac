package org.web3j.crypto.archfixture;

/** Architecture-test fixture: stands in for a class of this package. */
public final class FakeKeys {}
