package fr.acinq.secp256k1.archfixture;

/** Architecture-test fixture: stands in for a class of this package. */
public final class FakeSecp256k1 {}
