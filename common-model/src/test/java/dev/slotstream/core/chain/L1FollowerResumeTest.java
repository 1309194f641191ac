package dev.slotstream.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.codec.ByteWriter;
import dev.slotstream.core.consensus.QuorumValidator;
import dev.slotstream.core.exec.Checkpoint;
import dev.slotstream.core.l1.FollowedCheckpoint;
import dev.slotstream.core.l1.L1BlockRef;
import dev.slotstream.core.l1.L1Checkpoint;
import dev.slotstream.core.l1.L1CheckpointSource;
import dev.slotstream.core.l1.L1Follower;
import dev.slotstream.core.l1.L1PositionFile;
import dev.slotstream.core.l1.L1PositionStore;
import dev.slotstream.core.lifecycle.TxLifecycle;
import dev.slotstream.core.lifecycle.TxLifecycleListener;
import dev.slotstream.core.lifecycle.TxStage;
import dev.slotstream.core.lifecycle.TxStatus;
import dev.slotstream.core.types.CheckpointNumber;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.TxHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node restarted on its data dir (chain journal + L1 position record) resumes following L1 after
 * the L1 block of the newest checkpoint it had followed, and scans from the deployment block
 * whenever the record, its chain or L1 disagree (docs/PROTOCOL.md §17.7).
 */
class L1FollowerResumeTest {
  private static final long DEPLOYED_AT = 1;
  private static final String SCOPE = "rollup@1";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T01:00:00Z"), ZoneOffset.UTC);

  private final TestChain producer = new TestChain();
  private final InMemoryL1 l1 = new InMemoryL1();
  private final List<ChainJournal> journals = new ArrayList<>();

  @TempDir Path dataDir;

  @AfterEach
  void closeJournals() {
    journals.forEach(ChainJournal::close);
  }

  private L1Checkpoint produceAndLand(long slot, long nonce) {
    TestChain.Built b = producer.build(slot, nonce);
    producer.chain().offer(b.checkpoint(), b.fork());
    assertThat(producer.chain().onQuorum(TestChain.NETWORK.certify(b.checkpoint().payload())))
        .isEqualTo(ChainStore.CommitOutcome.COMMITTED);
    Checkpoint c = b.checkpoint();
    return l1.land(c, slot);
  }

  private static QuorumValidator validator() {
    return new QuorumValidator(TestChain.NETWORK.context());
  }

  /** A node (re)started on {@link #dataDir}: its chain restored from the journal there. */
  private ChainStore startChain() {
    ChainStore chain = new TestChain().chain();
    ChainJournal journal = ChainJournal.open(dataDir);
    journals.add(journal);
    ChainRestore.restore(chain, journal, validator());
    return chain;
  }

  private L1Follower startFollower(ChainStore chain) {
    return new L1Follower(
            l1, chain, validator(), TestChain.NETWORK.context().timetable(), DEPLOYED_AT, txs -> {})
        .keepPositionIn(new L1PositionFile(dataDir, SCOPE));
  }

  /** A node that followed L1 through three checkpoints, then stopped. */
  private L1Checkpoint followThreeThenStop() {
    produceAndLand(3, 0);
    produceAndLand(4, 1);
    L1Checkpoint third = produceAndLand(5, 2);
    ChainStore chain = startChain();
    startFollower(chain).poll();
    assertThat(chain.tip()).isEqualTo(producer.chain().tip());
    journals.remove(journals.size() - 1).close();
    l1.asked.clear();
    return third;
  }

  private List<Long> scannedFrom() {
    return l1.asked.stream().map(r -> r[0]).toList();
  }

  @Test
  void aRestartedNodeScansOnlyTheL1BlocksAfterTheNewestCheckpointItFollowed() {
    L1Checkpoint third = followThreeThenStop();
    l1.mineEmptyIn(6);
    L1Checkpoint fourth = produceAndLand(7, 3);

    ChainStore chain = startChain();
    L1Follower follower = startFollower(chain);
    L1Follower.Status status = follower.poll();

    long head = l1.confirmedHead().number();
    assertThat(l1.asked)
        .singleElement()
        .satisfies(r -> assertThat(r).containsExactly(third.l1Block().number() + 1, head));
    assertThat(status.synced()).isTrue();
    assertThat(status.scannedToL1Block()).isEqualTo(head);
    assertThat(status.l1Tip()).isEqualTo(fourth.number());
    assertThat(chain.tip()).isEqualTo(producer.chain().tip());

    // The seeded followed checkpoints serve the reorg check as a full scan's would.
    l1.reorgFrom(fourth.l1Block().number());
    status = follower.poll();
    assertThat(status.l1Tip()).isEqualTo(third.number());
    assertThat(chain.tip().checkpointNumber()).isEqualTo(third.number());
    assertThat(status.rolledBack()).isEqualTo(1);
  }

  /**
   * §17.7: a tx final before the restart still answers its stage from this node. Its checkpoint is
   * in the journal (CHECKPOINTED again) and in the position record (ON_L1 again, with the L1 block
   * and tx of its {@code propose}), although the resumed follower never scans its L1 block again.
   */
  @Test
  void aTxOnL1BeforeTheRestartStillAnswersOnL1WithItsLandingAfterAResume() {
    L1Checkpoint first = l1.land(firstOfThree(), 3);
    L1Checkpoint third = followTwoMoreThenStop();
    L1Checkpoint fourth = produceAndLand(7, 3);

    ChainStore chain = startChain();
    TxLifecycle lifecycle = new TxLifecycle(100, CLOCK, true);
    List<TxStatus> reported = new ArrayList<>();
    lifecycle.addListener(
        new TxLifecycleListener() {
          @Override
          public void onStage(TxStatus status) {
            reported.add(status);
          }
        });
    assertThat(lifecycle.restore(chain)).isEqualTo(3);
    assertThat(reported).as("old news is not reported").isEmpty();
    TxStatus restored = lifecycle.status(TestChain.transfer(0).hash()).orElseThrow();
    assertThat(restored.stage()).isEqualTo(TxStage.CHECKPOINTED);
    assertThat(restored.checkpoint()).contains(CheckpointNumber.of(1));
    assertThat(restored.inclusion().orElseThrow().slot().value()).isEqualTo(3);
    assertThat(restored.reachedAt()).as("times before the restart are not kept").isEmpty();

    L1Follower follower = startFollower(chain);
    follower.addListener(lifecycle.l1Listener());
    follower.poll();

    assertThat(scannedFrom()).containsExactly(third.l1Block().number() + 1);
    for (L1Checkpoint c : List.of(first, third)) {
      TxStatus s = lifecycle.status(txOf(c)).orElseThrow();
      assertThat(s.stage()).isEqualTo(TxStage.ON_L1);
      assertThat(s.checkpoint()).contains(c.number());
      assertThat(s.l1().orElseThrow().l1Block()).isEqualTo(c.l1Block().number());
      assertThat(s.l1().orElseThrow().l1BlockHash()).isEqualTo(c.l1Block().hash());
      assertThat(s.l1().orElseThrow().l1TxHash()).isEqualTo(c.l1TxHash());
      assertThat(s.reachedAt()).isEmpty();
    }
    // rebuilt from L1 after the restart: seen on L1 now
    TxStatus rebuilt = lifecycle.status(txOf(fourth)).orElseThrow();
    assertThat(rebuilt.stage()).isEqualTo(TxStage.ON_L1);
    assertThat(rebuilt.reachedAt()).containsOnlyKeys(TxStage.ON_L1);
    assertThat(reported)
        .extracting(TxStatus::hash)
        .containsExactlyInAnyOrder(txOf(first), txOf(producedSecond), txOf(third), txOf(fourth));
  }

  @Test
  void aRestartedLifecycleKeepsOnlyTheNewestTxsItsCapacityAllows() {
    l1.land(firstOfThree(), 3);
    L1Checkpoint third = followTwoMoreThenStop();

    ChainStore chain = startChain();
    TxLifecycle lifecycle = new TxLifecycle(2, CLOCK, true);
    assertThat(lifecycle.restore(chain)).isEqualTo(2);
    L1Follower follower = startFollower(chain);
    follower.addListener(lifecycle.l1Listener());
    follower.poll();

    assertThat(lifecycle.size()).isEqualTo(2);
    assertThat(lifecycle.status(TestChain.transfer(0).hash())).isEmpty();
    assertThat(lifecycle.status(txOf(third)).map(TxStatus::stage)).contains(TxStage.ON_L1);
  }

  private L1Checkpoint producedSecond;

  /** Checkpoint 1 (slot 3), made final on the producer. */
  private Checkpoint firstOfThree() {
    TestChain.Built b = producer.build(3, 0);
    producer.chain().offer(b.checkpoint(), b.fork());
    producer.chain().onQuorum(TestChain.NETWORK.certify(b.checkpoint().payload()));
    return b.checkpoint();
  }

  /** {@link #followThreeThenStop} after {@link #firstOfThree} landed: returns the third. */
  private L1Checkpoint followTwoMoreThenStop() {
    producedSecond = produceAndLand(4, 1);
    L1Checkpoint third = produceAndLand(5, 2);
    ChainStore chain = startChain();
    startFollower(chain).poll();
    assertThat(chain.tip()).isEqualTo(producer.chain().tip());
    journals.remove(journals.size() - 1).close();
    l1.asked.clear();
    return third;
  }

  private static TxHash txOf(L1Checkpoint c) {
    return c.txEffects().get(0).txHash();
  }

  @Test
  void aResumedNodePrunesACheckpointThatMissedL1AgainstTheRecordedL1Tip() {
    L1Checkpoint third = followThreeThenStop();
    // final by gossip on this node (the producer's chain stands in for it), never on L1
    TestChain.Built missed = producer.build(6, 3);
    producer.chain().offer(missed.checkpoint(), missed.fork());
    producer.chain().onQuorum(TestChain.NETWORK.certify(missed.checkpoint().payload()));
    L1Follower follower =
        new L1Follower(
                l1,
                producer.chain(),
                validator(),
                TestChain.NETWORK.context().timetable(),
                DEPLOYED_AT,
                txs -> {})
            .keepPositionIn(new L1PositionFile(dataDir, SCOPE));
    l1.mineEmptyIn(7);

    L1Follower.Status status = follower.poll();

    assertThat(scannedFrom()).containsExactly(third.l1Block().number() + 1);
    assertThat(status.pruned()).isEqualTo(1);
    assertThat(producer.chain().tip().checkpointNumber()).isEqualTo(third.number());
  }

  @Test
  void anL1ReorgWhileTheNodeWasDownMakesItScanFromTheDeploymentBlock() {
    L1Checkpoint third = followThreeThenStop();
    l1.reorgFrom(third.l1Block().number());
    l1.mineEmptyIn(6);

    ChainStore chain = startChain();
    L1Follower.Status status = startFollower(chain).poll();

    assertThat(scannedFrom()).containsExactly(DEPLOYED_AT);
    assertThat(status.l1Tip()).isEqualTo(CheckpointNumber.of(2));
    // checkpoint 3 is no longer on L1 and its slot has ended there: pruned
    assertThat(chain.tip().checkpointNumber()).isEqualTo(CheckpointNumber.of(2));
    assertThat(status.pruned()).isEqualTo(1);
  }

  @Test
  void aChainThatDoesNotHoldTheRecordedCheckpointMakesTheNodeScanFromTheDeploymentBlock() {
    followThreeThenStop();
    ChainStore wiped = new TestChain().chain(); // the journal lost, the record kept

    L1Follower.Status status = startFollower(wiped).poll();

    assertThat(scannedFrom()).containsExactly(DEPLOYED_AT);
    assertThat(status.l1Tip()).isEqualTo(CheckpointNumber.of(3));
    assertThat(wiped.tip()).isEqualTo(producer.chain().tip());
  }

  @Test
  void aRecordWhoseArchiveTheChainDoesNotHoldMakesTheNodeScanFromTheDeploymentBlock() {
    L1Checkpoint third = followThreeThenStop();
    new L1PositionFile(dataDir, SCOPE)
        .save(
            List.of(
                new FollowedCheckpoint(
                    third.number(), Fr.of(12345), third.l1Block(), third.l1TxHash())));

    ChainStore chain = startChain();
    startFollower(chain).poll();

    assertThat(scannedFrom()).containsExactly(DEPLOYED_AT);
    assertThat(chain.tip()).isEqualTo(producer.chain().tip());
    // the full scan wrote a true record again: the next start resumes
    l1.asked.clear();
    journals.remove(journals.size() - 1).close();
    l1.mineEmptyIn(6);
    startFollower(startChain()).poll();
    assertThat(scannedFrom()).containsExactly(third.l1Block().number() + 1);
  }

  @Test
  void aTruncatedCorruptOrForeignRecordMakesTheNodeScanFromTheDeploymentBlock() throws IOException {
    L1Checkpoint third = followThreeThenStop();
    l1.mineEmptyIn(6);
    Path file = dataDir.resolve(L1PositionFile.FILE_NAME);
    byte[] whole = Files.readAllBytes(file);

    Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 2));
    assertFullScanOnRestart();

    byte[] flipped = Files.readAllBytes(file);
    flipped[flipped.length - 10] ^= 1;
    Files.write(file, flipped);
    assertFullScanOnRestart();

    Files.write(file, new byte[0]);
    assertFullScanOnRestart();

    new L1PositionFile(dataDir, "another-rollup@1")
        .save(new L1PositionFile(dataDir, SCOPE).load().orElseThrow());
    assertFullScanOnRestart();

    // and a whole one, written by the last full scan, is used
    l1.asked.clear();
    startFollower(startChain()).poll();
    assertThat(scannedFrom()).containsExactly(third.l1Block().number() + 1);
  }

  /** A record written before the L1 tx was kept (version 1) is not read: one full scan, then v2. */
  @Test
  void aVersionOneRecordMakesTheNodeScanFromTheDeploymentBlockOnceThenResume() throws IOException {
    L1Checkpoint third = followThreeThenStop();
    List<FollowedCheckpoint> saved = new L1PositionFile(dataDir, SCOPE).load().orElseThrow();
    ByteWriter w = new ByteWriter();
    w.u32(0x534c3150).u8(1).varBytes(SCOPE.getBytes(StandardCharsets.UTF_8));
    w.list(
        saved,
        (ww, f) -> {
          f.number().write(ww);
          f.archive().write(ww);
          ww.u64(f.l1Block().number());
          f.l1Block().hash().write(ww);
          ww.u64(f.l1Block().timestamp());
        });
    byte[] body = w.toByteArray();
    CRC32C crc = new CRC32C();
    crc.update(body);
    Files.write(
        dataDir.resolve(L1PositionFile.FILE_NAME),
        ByteBuffer.allocate(body.length + 4).put(body).putInt((int) crc.getValue()).array());
    l1.mineEmptyIn(6);

    assertFullScanOnRestart();
    l1.asked.clear();
    startFollower(startChain()).poll();
    assertThat(scannedFrom()).containsExactly(third.l1Block().number() + 1);
  }

  /** Remembers each save; can be made to fail. */
  private static final class MemoryStore implements L1PositionStore {
    final List<List<FollowedCheckpoint>> saves = new ArrayList<>();
    boolean failing;

    @Override
    public Optional<List<FollowedCheckpoint>> load() {
      return saves.isEmpty() ? Optional.empty() : Optional.of(saves.get(saves.size() - 1));
    }

    @Override
    public void save(List<FollowedCheckpoint> followed) {
      if (failing) {
        throw new UncheckedIOException(new IOException("disk full"));
      }
      saves.add(followed);
    }
  }

  @Test
  void aRoundThatFailsHalfWaySavesNothingAndAFailedSaveDoesNotStopTheFollower() {
    produceAndLand(3, 0);
    produceAndLand(4, 1);
    L1Checkpoint third = produceAndLand(5, 2);
    // L1 answers with a third checkpoint that does not rebuild: the round fails after two applied
    L1CheckpointSource tampering =
        new L1CheckpointSource() {
          boolean tamper = true;

          @Override
          public L1BlockRef confirmedHead() {
            return l1.confirmedHead();
          }

          @Override
          public Optional<L1BlockRef> block(long number) {
            return l1.block(number);
          }

          @Override
          public List<L1Checkpoint> checkpoints(long fromBlock, long toBlock) {
            List<L1Checkpoint> all = new ArrayList<>(l1.checkpoints(fromBlock, toBlock));
            if (tamper) {
              tamper = false;
              L1Checkpoint c = all.get(2);
              all.set(
                  2,
                  new L1Checkpoint(
                      c.number(),
                      c.quorum(),
                      c.blockHeaders(),
                      List.of(),
                      c.l1Block(),
                      c.l1TxHash()));
            }
            return all;
          }
        };
    MemoryStore store = new MemoryStore();
    ChainStore chain = new TestChain().chain();
    L1Follower follower =
        new L1Follower(
                tampering,
                chain,
                validator(),
                TestChain.NETWORK.context().timetable(),
                DEPLOYED_AT,
                txs -> {})
            .keepPositionIn(store);

    assertThatThrownBy(follower::poll).isInstanceOf(IllegalStateException.class);
    assertThat(chain.tip().checkpointNumber()).isEqualTo(CheckpointNumber.of(2));
    assertThat(store.saves).isEmpty();

    store.failing = true;
    L1Follower.Status status = follower.poll();
    assertThat(status.l1Tip()).isEqualTo(third.number());
    assertThat(store.saves).isEmpty();

    store.failing = false;
    l1.mineEmptyIn(6);
    follower.poll();
    assertThat(store.saves)
        .singleElement()
        .satisfies(
            saved ->
                assertThat(saved)
                    .extracting(FollowedCheckpoint::number)
                    .containsExactly(
                        CheckpointNumber.of(1), CheckpointNumber.of(2), third.number()));
  }

  private void assertFullScanOnRestart() {
    l1.asked.clear();
    ChainStore chain = startChain();
    startFollower(chain).poll();
    assertThat(scannedFrom()).containsExactly(DEPLOYED_AT);
    assertThat(chain.tip()).isEqualTo(producer.chain().tip());
    journals.remove(journals.size() - 1).close();
  }
}
