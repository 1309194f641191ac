package dev.slotstream.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.consensus.QuorumValidator;
import dev.slotstream.core.exec.Checkpoint;
import dev.slotstream.core.exec.L2Block;
import dev.slotstream.core.exec.PublicDataWrite;
import dev.slotstream.core.exec.TxEffect;
import dev.slotstream.core.l1.CheckpointRebuilder;
import dev.slotstream.core.l1.L1Checkpoint;
import dev.slotstream.core.l1.L1CheckpointSource;
import dev.slotstream.core.l1.L1Follower;
import dev.slotstream.core.l1.RebuildException;
import dev.slotstream.core.lifecycle.LandedEvent;
import dev.slotstream.core.lifecycle.TxLifecycle;
import dev.slotstream.core.lifecycle.TxLifecycleListener;
import dev.slotstream.core.lifecycle.TxStage;
import dev.slotstream.core.lifecycle.TxStatus;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.types.CheckpointNumber;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.TxHash;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The L1 follower and the rebuilder against an in-memory L1 (one L1 block per slot, at the slot's
 * start + 1 s): the checkpoints are real, built and certified by a producing node.
 */
class L1FollowerTest {
  private final TestChain producer = new TestChain();
  private final InMemoryL1 l1 = new InMemoryL1();

  /** Builds a checkpoint of {@code slot} on the producer, makes it final there and lands it. */
  private L1Checkpoint produceAndLand(long slot, long nonce) {
    Checkpoint c = produce(slot, nonce);
    return l1.land(c, slot);
  }

  private Checkpoint produce(long slot, long nonce) {
    TestChain.Built b = producer.build(slot, nonce);
    producer.chain().offer(b.checkpoint(), b.fork());
    assertThat(producer.chain().onQuorum(TestChain.NETWORK.certify(b.checkpoint().payload())))
        .isEqualTo(ChainStore.CommitOutcome.COMMITTED);
    return b.checkpoint();
  }

  private static L1Follower follower(ChainStore chain, List<Tx> back, L1CheckpointSource source) {
    return new L1Follower(
        source,
        chain,
        new QuorumValidator(TestChain.NETWORK.context()),
        TestChain.NETWORK.context().timetable(),
        0,
        back::addAll);
  }

  @Test
  void aFreshNodeRebuildsTheChainFromL1AloneAndReachesTheSameState() {
    produceAndLand(3, 0);
    produceAndLand(4, 1);
    produceAndLand(5, 2);
    ChainStore fresh = new TestChain().chain();

    L1Follower.Status status = follower(fresh, new ArrayList<>(), l1).poll();

    assertThat(status.synced()).isTrue();
    assertThat(status.l1Tip()).isEqualTo(CheckpointNumber.of(3));
    assertThat(fresh.tip()).isEqualTo(producer.chain().tip());
    assertThat(fresh.worldState().latest().stateReference())
        .isEqualTo(producer.chain().worldState().latest().stateReference());
    // the rebuilt blocks carry effects but no txs: L1 has only the effects
    L2Block rebuilt =
        fresh.committed(CheckpointNumber.of(2)).orElseThrow().checkpoint().blocks().get(0);
    assertThat(rebuilt.txs()).isEmpty();
    assertThat(rebuilt.effects()).hasSize(1);
  }

  @Test
  void aNodeThatMissedCheckpointsCatchesUpAndThenFollows() {
    ChainStore behind = new TestChain().chain();
    L1Follower follower = follower(behind, new ArrayList<>(), l1);
    produceAndLand(3, 0);
    follower.poll();
    assertThat(behind.tip().checkpointNumber()).isEqualTo(CheckpointNumber.of(1));

    produceAndLand(4, 1);
    produceAndLand(5, 2);
    produceAndLand(6, 3);
    follower.poll();

    assertThat(behind.tip()).isEqualTo(producer.chain().tip());
  }

  @Test
  void anL1ReorgThatDropsACheckpointRollsTheNodeBack() {
    produceAndLand(3, 0);
    L1Checkpoint second = produceAndLand(4, 1);
    ChainStore node = new TestChain().chain();
    L1Follower follower = follower(node, new ArrayList<>(), l1);
    follower.poll();
    assertThat(node.tip().checkpointNumber()).isEqualTo(CheckpointNumber.of(2));

    l1.reorgFrom(second.l1Block().number());
    L1Follower.Status status = follower.poll();

    assertThat(status.l1Tip()).isEqualTo(CheckpointNumber.of(1));
    assertThat(node.tip().checkpointNumber()).isEqualTo(CheckpointNumber.of(1));
    assertThat(node.tip().archiveRoot())
        .isEqualTo(node.archiveOf(CheckpointNumber.of(1)).orElseThrow());
    assertThat(node.worldState().tipBlockNumber()).isEqualTo(node.tip().blockNumber());
    assertThat(status.rolledBack()).isEqualTo(1);
  }

  @Test
  void aCheckpointFinalByGossipThatMissedItsL1SlotIsPrunedAndItsTxsReturnToThePool() {
    produceAndLand(3, 0);
    Checkpoint missed = produce(4, 1); // final on the producer, never on L1
    List<Tx> back = new ArrayList<>();
    L1Follower follower = follower(producer.chain(), back, l1);

    l1.mineEmptyIn(4);
    follower.poll();
    assertThat(producer.chain().tip().checkpointNumber()).isEqualTo(CheckpointNumber.of(2));

    l1.mineEmptyIn(5);
    L1Follower.Status status = follower.poll();

    assertThat(status.pruned()).isEqualTo(1);
    assertThat(producer.chain().tip().checkpointNumber()).isEqualTo(CheckpointNumber.of(1));
    assertThat(back).containsExactlyElementsOf(missed.blocks().get(0).txs());
    // the next checkpoint builds on the L1 tip and lands
    produceAndLand(6, 1);
    follower.poll();
    assertThat(producer.chain().tip().checkpointNumber()).isEqualTo(CheckpointNumber.of(2));
    assertThat(follower.l1Tip()).isEqualTo(CheckpointNumber.of(2));
  }

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  /** A lifecycle fed by {@code chain}'s commits and by {@code follower}, as an executing node's. */
  private static TxLifecycle lifecycleOf(ChainStore chain, L1Follower follower) {
    TxLifecycle lifecycle = new TxLifecycle(100, Clock.fixed(NOW, ZoneOffset.UTC), true);
    chain.onCommit(c -> lifecycle.committed(c, NOW));
    follower.addListener(lifecycle.l1Listener());
    return lifecycle;
  }

  private static TxHash onlyTx(Checkpoint c) {
    return c.blocks().get(0).effects().get(0).txHash();
  }

  @Test
  void aTxIsOnL1WhenItsCheckpointLandsAndBackInThePoolWhenItsCheckpointMissedL1() {
    List<Tx> back = new ArrayList<>();
    L1Follower follower = follower(producer.chain(), back, l1);
    TxLifecycle lifecycle = lifecycleOf(producer.chain(), follower);
    List<LandedEvent> landed = new ArrayList<>();
    lifecycle.addListener(
        new TxLifecycleListener() {
          @Override
          public void onLanded(LandedEvent event) {
            landed.add(event);
          }
        });
    Checkpoint first = produce(3, 0);
    L1Checkpoint onL1 = l1.land(first, 3);
    TxHash tx = onlyTx(first);
    assertThat(lifecycle.status(tx).orElseThrow().stage()).isEqualTo(TxStage.CHECKPOINTED);
    assertThat(lifecycle.isFinal(TxStage.CHECKPOINTED)).isFalse();

    follower.poll();

    TxStatus s = lifecycle.status(tx).orElseThrow();
    assertThat(s.stage()).isEqualTo(TxStage.ON_L1);
    assertThat(lifecycle.isFinal(s.stage())).isTrue();
    assertThat(s.checkpoint()).contains(first.number());
    assertThat(s.inclusion()).isPresent();
    assertThat(s.l1().orElseThrow().l1Block()).isEqualTo(onL1.l1Block().number());
    assertThat(s.l1().orElseThrow().l1TxHash()).isEqualTo(onL1.l1TxHash());
    assertThat(landed).singleElement().satisfies(e -> assertThat(e.committedAt()).contains(NOW));

    Checkpoint missed = produce(4, 1);
    TxHash missedTx = onlyTx(missed);
    lifecycle.pending(missedTx); // it was in this node's pool before its block
    l1.mineEmptyIn(4);
    follower.poll();
    assertThat(lifecycle.status(missedTx).orElseThrow().stage()).isEqualTo(TxStage.CHECKPOINTED);
    l1.mineEmptyIn(5);
    follower.poll();

    TxStatus pruned = lifecycle.status(missedTx).orElseThrow();
    assertThat(pruned.stage()).isEqualTo(TxStage.PENDING);
    assertThat(pruned.reason().orElseThrow()).startsWith("PRUNED: checkpoint 2 of slot 4");
    assertThat(pruned.inclusion()).isEmpty();
    assertThat(pruned.checkpoint()).isEmpty();
    assertThat(pruned.reachedAt()).containsOnlyKeys(TxStage.PENDING);
    assertThat(back).extracting(Tx::hash).containsExactly(missedTx);
    // the landed tx stays where it is
    assertThat(lifecycle.status(tx).orElseThrow().stage()).isEqualTo(TxStage.ON_L1);
  }

  @Test
  void aNodeCatchingUpFromL1SeesTxsOnL1AndAnL1ReorgDropsWhatItHoldsOnlyAsEffects() {
    produceAndLand(3, 0);
    L1Checkpoint landedSecond = produceAndLand(4, 1);
    ChainStore node = new TestChain().chain();
    L1Follower follower = follower(node, new ArrayList<>(), l1);
    TxLifecycle lifecycle = lifecycleOf(node, follower);
    List<LandedEvent> landed = new ArrayList<>();
    lifecycle.addListener(
        new TxLifecycleListener() {
          @Override
          public void onLanded(LandedEvent event) {
            landed.add(event);
          }
        });

    follower.poll();

    TxHash tx = landedSecond.txEffects().get(0).txHash();
    TxStatus s = lifecycle.status(tx).orElseThrow();
    assertThat(s.stage()).isEqualTo(TxStage.ON_L1);
    assertThat(s.checkpoint()).contains(landedSecond.number());
    assertThat(landed).hasSize(2).allSatisfy(e -> assertThat(e.committedAt()).isEmpty());

    l1.reorgFrom(landedSecond.l1Block().number());
    follower.poll();

    TxStatus undone = lifecycle.status(tx).orElseThrow();
    assertThat(undone.stage()).isEqualTo(TxStage.DROPPED);
    assertThat(undone.reason().orElseThrow()).startsWith("L1_REORG: checkpoint 2 of slot 4");
    assertThat(undone.l1()).isEmpty();
  }

  @Test
  void theRebuilderRefusesDataThatDoesNotMatchTheHeaderOrTheBase() {
    L1Checkpoint first = produceAndLand(3, 0);
    L1Checkpoint second = produceAndLand(4, 1);
    ChainStore fresh = new TestChain().chain();
    CheckpointRebuilder rebuilder = new CheckpointRebuilder();

    assertThatThrownBy(() -> rebuilder.rebuild(second, fresh.worldState().forkLatest()))
        .isInstanceOf(RebuildException.class)
        .hasMessageContaining("builds on");

    TxEffect e = first.txEffects().get(0);
    PublicDataWrite w = e.publicDataWrites().get(0);
    List<PublicDataWrite> writes = new ArrayList<>(e.publicDataWrites());
    writes.set(0, new PublicDataWrite(w.key(), Fr.of(w.value().value().longValueExact() + 1)));
    L1Checkpoint tampered =
        new L1Checkpoint(
            first.number(),
            first.quorum(),
            first.blockHeaders(),
            List.of(
                new TxEffect(
                    e.txHash(), e.nullifier(), e.noteHash(), e.fee(), e.manaUsed(), writes)),
            first.l1Block(),
            first.l1TxHash());
    assertThatThrownBy(() -> rebuilder.rebuild(tampered, fresh.worldState().forkLatest()))
        .isInstanceOf(RebuildException.class)
        .hasMessageContaining("blobsHash");
  }
}
