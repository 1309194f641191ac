package org.web3j.utils.archfixture;

/** Architecture-test fixture: stands in for a class of this package. */
public final class FakeNumeric {}
