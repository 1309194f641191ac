package org.slf4j.archfixture;

/** Architecture-test fixture: stands in for a class of this package. */
public final class FakeLogger {}
