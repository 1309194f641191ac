package dev.slotstream.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.codec.DecodingException;
import dev.slotstream.core.exec.BlockBuildLimits;
import dev.slotstream.core.exec.Checkpoint;
import dev.slotstream.core.exec.CheckpointBuilder;
import dev.slotstream.core.exec.CheckpointGlobals;
import dev.slotstream.core.exec.TxExecutor;
import dev.slotstream.core.exec.TxValidator;
import dev.slotstream.core.header.BlockHeader;
import dev.slotstream.core.header.GasFees;
import dev.slotstream.core.message.Transfer;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.message.TxPayload;
import dev.slotstream.core.testing.TestNetwork;
import dev.slotstream.core.types.CheckpointNumber;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.Signature;
import dev.slotstream.core.types.SlotNumber;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorldStateCodecTest {
  private static final EthAddress SENDER = address(1);
  private static final int TXS_PER_BLOCK = 7;
  private static final int BLOCKS = 5;

  /** Where the note hash tree starts: after the header and the archive's genesis + 5 leaves. */
  private static final int NOTE_HASHES_AT = BlockHeader.ENCODED_SIZE + 8 + 32 * (BLOCKS + 1);

  private WorldStateSnapshot state;

  /** The note hashes appended, in order: what a version 1 snapshot listed. */
  private final List<Fr> noteHashes = new ArrayList<>();

  @BeforeEach
  void executeSomeTransfers() {
    WorldState world =
        WorldState.genesis(TestNetwork.CHAIN_ID, TestNetwork.VERSION, Map.of(SENDER, 1_000_000L));
    TxValidator validator =
        new TxValidator(TestNetwork.CHAIN_ID, tx -> Optional.of(tx.payload().sender()));
    long nonce = 0;
    for (int n = 1; n <= BLOCKS; n++) {
      List<Tx> txs = new ArrayList<>();
      for (int i = 0; i < TXS_PER_BLOCK; i++) {
        Tx tx =
            new Tx(
                new TxPayload(
                    TestNetwork.CHAIN_ID,
                    SENDER,
                    nonce++,
                    1,
                    List.of(new Transfer(address(100 + nonce), 3)),
                    List.of()),
                new Signature(BigInteger.ONE, BigInteger.ONE, 27));
        txs.add(tx);
        noteHashes.add(TxExecutor.noteHashOf(tx.hash()));
      }
      WorldStateFork fork = world.forkLatest();
      CheckpointBuilder builder =
          CheckpointBuilder.start(
              CheckpointNumber.of(n),
              new CheckpointGlobals(
                  TestNetwork.CHAIN_ID,
                  TestNetwork.VERSION,
                  SlotNumber.of(n),
                  1_700_000_000L + n,
                  SENDER,
                  SENDER,
                  GasFees.ZERO),
              List.of(),
              fork,
              validator);
      assertThat(
              builder
                  .buildBlock(txs, builder.nextBlockNumber(), BlockBuildLimits.PROTOCOL)
                  .includedTxs())
          .hasSize(TXS_PER_BLOCK);
      Checkpoint checkpoint = builder.complete();
      world.commit(fork, checkpoint.archiveRoot());
    }
    state = world.latest();
    assertThat(state.stateReference().noteHashTree().size()).isEqualTo(BLOCKS * TXS_PER_BLOCK);
  }

  @Test
  void aStateReadsBackWithItsRootsItsNullifiersAndItsAccounts() throws IOException {
    WorldStateSnapshot read = WorldStateCodec.read(input(write(state)), WorldStateCodec.VERSION);
    assertSameState(read);
  }

  @Test
  void theNoteHashTreeTakesItsFrontierNotItsLeaves() throws IOException {
    long leaves = BLOCKS * TXS_PER_BLOCK;
    assertThat(WorldStateCodec.encodedSize(state)).isEqualTo(write(state).length);
    assertThat(write(state).length)
        .isEqualTo(write(state, 1).length - 32L * leaves + 32L * Long.bitCount(leaves));
  }

  @Test
  void aVersionOneStateWithNoteHashLeavesStillReads() throws IOException {
    WorldStateSnapshot read = WorldStateCodec.read(input(write(state, 1)), 1);
    assertSameState(read);
  }

  @Test
  void aWrongFrontierHashIsRefusedByTheHeadersRoot() throws IOException {
    byte[] bytes = write(state);
    // The note hash count follows the header and the archive (u64 n, then n leaves).
    int noteHashes = NOTE_HASHES_AT;
    assertThat(ByteBuffer.wrap(bytes, noteHashes, 8).getLong()).isEqualTo(BLOCKS * TXS_PER_BLOCK);
    bytes[noteHashes + 8 + 31] ^= 1;
    assertThatThrownBy(() -> WorldStateCodec.read(input(bytes), WorldStateCodec.VERSION))
        .isInstanceOf(DecodingException.class)
        .hasMessageContaining("is not the header's");
  }

  @Test
  void anUnknownVersionIsRefused() {
    assertThatThrownBy(() -> WorldStateCodec.read(input(write(state)), 3))
        .isInstanceOf(DecodingException.class)
        .hasMessageContaining("version 3");
  }

  private void assertSameState(WorldStateSnapshot read) {
    assertThat(read.header()).isEqualTo(state.header());
    assertThat(read.stateReference()).isEqualTo(state.stateReference());
    assertThat(read.archive()).isEqualTo(state.archive());
    long nonce = read.nonce(SENDER);
    assertThat(nonce).isEqualTo(BLOCKS * TXS_PER_BLOCK);
    for (long n = 0; n < nonce; n++) {
      assertThat(read.hasNullifier(TxExecutor.nullifierOf(SENDER, n))).isTrue();
    }
    assertThat(read.hasNullifier(TxExecutor.nullifierOf(SENDER, nonce))).isFalse();
    assertThat(read.balance(SENDER)).isEqualTo(state.balance(SENDER));
    assertThat(read.balance(address(101))).isEqualTo(3);
  }

  private static byte[] write(WorldStateSnapshot s) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    WorldStateCodec.write(s, new DataOutputStream(bytes));
    return bytes.toByteArray();
  }

  /** {@code s} in a version's layout: version 1 listed the note hash tree's leaves. */
  private byte[] write(WorldStateSnapshot s, int version) throws IOException {
    byte[] current = write(s);
    if (version == WorldStateCodec.VERSION) {
      return current;
    }
    ByteBuffer in = ByteBuffer.wrap(current);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    int prefix = NOTE_HASHES_AT;
    out.write(current, 0, prefix);
    long n = in.getLong(prefix);
    out.writeLong(n);
    for (Fr leaf : noteHashes) {
      out.write(leaf.toBytes());
    }
    int rest = prefix + 8 + 32 * Long.bitCount(n);
    out.write(current, rest, current.length - rest);
    return bytes.toByteArray();
  }

  private static DataInputStream input(byte[] bytes) {
    return new DataInputStream(new ByteArrayInputStream(bytes));
  }

  private static EthAddress address(long i) {
    return EthAddress.wrap(ByteBuffer.allocate(20).putLong(12, i).array());
  }
}
