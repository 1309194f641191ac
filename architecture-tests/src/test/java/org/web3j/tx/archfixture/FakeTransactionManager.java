package org.web3j.tx.archfixture;

/** Architecture-test fixture: stands in for a class of this package. */
public final class FakeTransactionManager {}
