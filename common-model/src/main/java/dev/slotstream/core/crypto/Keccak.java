package dev.slotstream.core.crypto;

import dev.slotstream.core.types.Bytes32;
import org.web3j.crypto.Hash;

/** Keccak-256, the one hash of the protocol (Ethereum's, so the L1 contract computes the same). */
public final class Keccak {
  private Keccak() {}

  public static byte[] hash(byte[] input) {
    return Hash.sha3(input);
  }

  public static Bytes32 hash32(byte[] input) {
    return Bytes32.wrap(Hash.sha3(input));
  }
}
