package dev.slotstream.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.consensus.QuorumValidator;
import dev.slotstream.core.consensus.RejectionReason;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.pool.TxPool;
import dev.slotstream.core.pool.TxPoolConfig;
import dev.slotstream.core.types.SlotNumber;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CheckpointFinalizerTest {
  private final TestChain testChain = new TestChain();
  private final ChainStore chain = testChain.chain();
  private final TxPool pool = new TxPool(TxPoolConfig.of(100));
  private final CheckpointFinalizer finalizer =
      new CheckpointFinalizer(new QuorumValidator(TestChain.NETWORK.context()), chain, pool);
  private final Instant inSlot3 = TestChain.NETWORK.slotStart(SlotNumber.of(3)).plusSeconds(2);

  @Test
  void shouldCommitOnAVerifiedQuorumAndClearTheIncludedTxsFromThePool() {
    Tx included = TestChain.transfer(0);
    Tx next = TestChain.transfer(1);
    pool.add(included);
    pool.add(next);
    TestChain.Built a = testChain.build(3, 0);
    chain.offer(a.checkpoint(), a.fork());

    CheckpointFinalizer.Outcome outcome =
        finalizer.onQuorum(TestChain.NETWORK.certify(a.checkpoint().payload()).quorum(), inSlot3);

    assertThat(outcome.isCommitted()).isTrue();
    assertThat(chain.tip().archiveRoot()).isEqualTo(a.checkpoint().archiveRoot());
    assertThat(pool.contains(included.hash())).isFalse();
    assertThat(pool.contains(next.hash())).isTrue();
  }

  @Test
  void shouldClearThePoolAlsoWhenTheCheckpointCommitsAfterItsQuorum() {
    Tx included = TestChain.transfer(0);
    pool.add(included);
    TestChain.Built a = testChain.build(3, 0);

    assertThat(
            finalizer
                .onQuorum(TestChain.NETWORK.certify(a.checkpoint().payload()).quorum(), inSlot3)
                .commit())
        .contains(ChainStore.CommitOutcome.UNKNOWN_CHECKPOINT);
    assertThat(pool.contains(included.hash())).isTrue();
    chain.offer(a.checkpoint(), a.fork());

    assertThat(pool.contains(included.hash())).isFalse();
  }

  @Test
  void shouldChangeNothingOnARefusedQuorum() {
    Tx included = TestChain.transfer(0);
    pool.add(included);
    TestChain.Built a = testChain.build(3, 0);
    chain.offer(a.checkpoint(), a.fork());
    CheckpointQuorum real = TestChain.NETWORK.certify(a.checkpoint().payload()).quorum();
    CheckpointQuorum tooFew =
        new CheckpointQuorum(
            real.payload(),
            real.committeeSize(),
            real.committeePositions().subList(0, 2),
            real.attestations().subList(0, 2));

    CheckpointFinalizer.Outcome outcome = finalizer.onQuorum(tooFew, inSlot3);

    assertThat(outcome.validation().reason()).contains(RejectionReason.INSUFFICIENT_QUORUM);
    assertThat(outcome.commit()).isEmpty();
    assertThat(chain.tip().slot()).isEmpty();
    assertThat(chain.pendingCount()).isEqualTo(1);
    assertThat(pool.contains(included.hash())).isTrue();
    // and a late copy of the real one is refused as well: a quorum only counts in its slot
    assertThat(
            finalizer
                .onQuorum(real, TestChain.NETWORK.slotStart(SlotNumber.of(9)))
                .validation()
                .reason())
        .contains(RejectionReason.OUTSIDE_WINDOW);
    assertThat(chain.tip().slot()).isEmpty();
    assertThat(finalizer.onQuorum(real, inSlot3).isCommitted()).isTrue();
    assertThat(pool.contains(included.hash())).isFalse();
  }

  @Test
  void aStaleTxOfASenderNoCommitNamesShouldGoAtTheWholePoolSweep() {
    commit(testChain.build(3, 0));
    // A copy of Alice's nonce 0 admitted against the state before that commit, pooled after it.
    Tx stale = TestChain.transfer(0);
    pool.add(stale);

    // Commits 2 to 15: Alice's nonce 99 fails, so their blocks are empty and name no sender.
    for (long slot = 4; slot < 2 + CheckpointFinalizer.FULL_PRUNE_EVERY; slot++) {
      commit(testChain.build(slot, 99));
      assertThat(pool.contains(stale.hash())).as("after slot %d", slot).isTrue();
    }
    commit(testChain.build(2 + CheckpointFinalizer.FULL_PRUNE_EVERY, 99)); // the 16th

    assertThat(pool.contains(stale.hash())).isFalse();
  }

  private void commit(TestChain.Built built) {
    chain.offer(built.checkpoint(), built.fork());
    SlotNumber slot = built.checkpoint().header().slotNumber();
    Instant arrival = TestChain.NETWORK.slotStart(slot).plusSeconds(2);
    assertThat(
            finalizer
                .onQuorum(TestChain.NETWORK.certify(built.checkpoint().payload()).quorum(), arrival)
                .isCommitted())
        .isTrue();
  }
}
