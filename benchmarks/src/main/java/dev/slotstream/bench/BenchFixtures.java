package dev.slotstream.bench;

import dev.slotstream.core.crypto.ProtocolSigner;
import dev.slotstream.core.crypto.SignatureRecovery;
import dev.slotstream.core.crypto.SigningDomain;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.header.BlockHeader;
import dev.slotstream.core.header.CheckpointHeader;
import dev.slotstream.core.header.ContentCommitment;
import dev.slotstream.core.header.GasFees;
import dev.slotstream.core.header.GlobalVariables;
import dev.slotstream.core.header.StateReference;
import dev.slotstream.core.header.TreeSnapshot;
import dev.slotstream.core.message.Transfer;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.message.TxPayload;
import dev.slotstream.core.types.BlockNumber;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.SlotNumber;
import java.util.List;
import java.util.Random;

/**
 * Seeded builders shared by the benchmarks (a few lines adapted from common-model's test
 * RandomData, so the benchmark jar does not depend on test scope). Every signature made here is
 * real: it recovers to the key that made it.
 */
final class BenchFixtures {
  static final long CHAIN_ID = 31337;
  static final long VERSION = 1;
  static final EthAddress ROLLUP = EthAddress.fromHex("0x5105000000000000000000000000000000000001");
  static final SigningDomain DOMAIN = SigningDomain.of(CHAIN_ID, ROLLUP);
  static final EthAddress COINBASE =
      EthAddress.fromHex("0xc0ffee0000000000000000000000000000000001");
  static final EthAddress FEE_RECIPIENT =
      EthAddress.fromHex("0xfee0000000000000000000000000000000000001");

  /** 1 per unit of mana: a one-transfer tx (12,500 mana) needs a fee of at least 12,500. */
  static final GasFees GAS_FEES = new GasFees(0, 1);

  /** Covers one transfer's mana at {@link #GAS_FEES}. */
  static final long TRANSFER_FEE = 20_000;

  private final Random random;

  BenchFixtures(long seed) {
    this.random = new Random(seed);
  }

  /** The recovery implementation named {@code impl} ("libsecp256k1" or "web3j"). */
  static SignatureRecovery recovery(String impl) {
    return switch (impl) {
      case "libsecp256k1" ->
          SignatureRecovery.nativeIfAvailable()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "libsecp256k1 (JNI) does not load on this machine; nothing to measure"));
      case "web3j" -> SignatureRecovery.web3j();
      default -> throw new IllegalArgumentException("unknown recovery implementation " + impl);
    };
  }

  static ProtocolSigner signer(SignatureRecovery recovery) {
    return new ProtocolSigner(DOMAIN, recovery);
  }

  byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  long smallLong() {
    return random.nextInt(1_000_000);
  }

  Fr fr() {
    return Fr.reduce(bytes(32));
  }

  EthAddress address() {
    return EthAddress.wrap(bytes(20));
  }

  TreeSnapshot snapshot() {
    return new TreeSnapshot(fr(), smallLong());
  }

  GlobalVariables globals(SlotNumber slot) {
    return new GlobalVariables(
        CHAIN_ID,
        VERSION,
        BlockNumber.of(1 + smallLong()),
        slot,
        1_700_000_000L + smallLong(),
        COINBASE,
        FEE_RECIPIENT,
        GAS_FEES);
  }

  BlockHeader blockHeader(SlotNumber slot) {
    return new BlockHeader(
        snapshot(),
        new StateReference(snapshot(), snapshot(), snapshot()),
        globals(slot),
        fr(),
        smallLong());
  }

  CheckpointHeader checkpointHeader(SlotNumber slot, Fr inHash) {
    return new CheckpointHeader(
        fr(),
        fr(),
        new ContentCommitment(fr(), inHash, fr()),
        slot,
        1_700_000_000L + smallLong(),
        COINBASE,
        FEE_RECIPIENT,
        GAS_FEES,
        smallLong());
  }

  /** A signed single transfer: the common tx. */
  static Tx transfer(
      ProtocolSigner signer, SigningKey from, long nonce, EthAddress to, long amount) {
    TxPayload payload =
        new TxPayload(
            CHAIN_ID,
            from.address(),
            nonce,
            TRANSFER_FEE,
            List.of(new Transfer(to, amount)),
            List.of());
    return signer.signTx(payload, from);
  }
}
