package dev.slotstream.core.chain;

import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.exec.BlockBuildLimits;
import dev.slotstream.core.exec.Checkpoint;
import dev.slotstream.core.exec.CheckpointBuilder;
import dev.slotstream.core.exec.CheckpointGlobals;
import dev.slotstream.core.exec.CheckpointsBuilder;
import dev.slotstream.core.exec.TxValidator;
import dev.slotstream.core.header.GasFees;
import dev.slotstream.core.message.Transfer;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.message.TxPayload;
import dev.slotstream.core.state.WorldState;
import dev.slotstream.core.state.WorldStateFork;
import dev.slotstream.core.testing.TestNetwork;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A chain on {@link TestNetwork} where Alice is funded, and checkpoints built on its tip. Public in
 * the test-jar, so services' tests build real checkpoints the same way.
 */
public final class TestChain {
  public static final TestNetwork NETWORK = new TestNetwork(4);
  public static final SigningKey ALICE = SigningKey.fromSeed("alice");
  private static final EthAddress RECIPIENT = SigningKey.fromSeed("recipient").address();

  public record Built(Checkpoint checkpoint, WorldStateFork fork) {}

  private final ChainStore chain;

  public TestChain() {
    this(ChainStore::new);
  }

  /** On a chain store made by {@code store} from the genesis state (other retention limits). */
  TestChain(Function<WorldState, ChainStore> store) {
    chain =
        store.apply(
            WorldState.genesis(
                TestNetwork.CHAIN_ID, TestNetwork.VERSION, Map.of(ALICE.address(), 1_000_000L)));
  }

  private TestChain(ChainStore chain) {
    this.chain = chain;
  }

  /** Building on {@code chain} (one restored from disk). */
  static TestChain on(ChainStore chain) {
    return new TestChain(chain);
  }

  public ChainStore chain() {
    return chain;
  }

  public static Tx transfer(long nonce) {
    return NETWORK
        .context()
        .signer()
        .signTx(
            new TxPayload(
                TestNetwork.CHAIN_ID,
                ALICE.address(),
                nonce,
                1,
                List.of(new Transfer(RECIPIENT, 5)),
                List.of()),
            ALICE);
  }

  /** A checkpoint of {@code slot} on the current tip, with Alice's transfer of {@code nonce}. */
  public Built build(long slot, long nonce) {
    TxValidator validator =
        new TxValidator(TestNetwork.CHAIN_ID, NETWORK.context().signer()::recoverTxSender);
    SlotNumber slotNumber = SlotNumber.of(slot);
    CheckpointBuilder builder =
        new CheckpointsBuilder(validator)
            .startCheckpoint(
                chain.nextCheckpointNumber(),
                new CheckpointGlobals(
                    TestNetwork.CHAIN_ID,
                    TestNetwork.VERSION,
                    slotNumber,
                    NETWORK.slotStart(slotNumber).getEpochSecond(),
                    RECIPIENT,
                    RECIPIENT,
                    GasFees.ZERO),
                List.of(),
                chain.worldState().fork(chain.tip().blockNumber()));
    builder.buildBlock(
        List.of(transfer(nonce)), builder.nextBlockNumber(), BlockBuildLimits.PROTOCOL);
    return new Built(builder.complete(), builder.fork());
  }
}
