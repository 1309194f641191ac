package dev.slotstream.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.chain.ChainStore.CommitOutcome;
import dev.slotstream.core.types.BlockNumber;
import dev.slotstream.core.types.CheckpointNumber;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a chain store keeps for rollbacks is bounded: the newest checkpoints up to a tx budget (never
 * fewer than a minimum), and the world state of the blocks from the oldest kept one on. Before, every
 * block's state was kept for good and a loaded validator's heap filled within minutes.
 */
class ChainStoreRetentionTest {
  // At most 8 checkpoints; beyond the newest 2, at most 3 txs (each test checkpoint has one tx).
  private final TestChain testChain = new TestChain(w -> new ChainStore(w, 8, 2, 3));
  private final ChainStore chain = testChain.chain();

  private List<ChainTip> commit(int checkpoints) {
    List<ChainTip> tips = new ArrayList<>();
    for (int i = 0; i < checkpoints; i++) {
      TestChain.Built b = testChain.build(3 + i, i);
      chain.offer(b.checkpoint(), b.fork());
      assertThat(chain.onQuorum(TestChain.NETWORK.certify(b.checkpoint().payload())))
          .isEqualTo(CommitOutcome.COMMITTED);
      tips.add(chain.tip());
    }
    return tips;
  }

  @Test
  void shouldKeepTheNewestCheckpointsWithinTheTxBudgetAndForgetOlderStates() {
    List<ChainTip> tips = commit(6);

    // Checkpoints 4, 5, 6 hold the 3 txs of the budget; 1 to 3 are gone, with their states.
    assertThat(chain.committed(CheckpointNumber.of(3))).isEmpty();
    assertThat(chain.committed(CheckpointNumber.of(4))).isPresent();
    assertThat(chain.committed(CheckpointNumber.of(6))).isPresent();
    // A rollback returns at most to the oldest kept checkpoint: its state is the oldest kept.
    assertThat(chain.worldState().find(tips.get(3).blockNumber())).isPresent();
    assertThat(chain.worldState().find(tips.get(2).blockNumber())).isEmpty();
    assertThat(chain.worldState().find(BlockNumber.of(0))).isEmpty();
    // The archives stay known for every checkpoint (cheap: one root each).
    assertThat(chain.archiveOf(CheckpointNumber.of(1))).contains(tips.get(0).archiveRoot());
  }

  @Test
  void shouldRollBackWithinWhatItKeepsAndRefuseFurther() {
    List<ChainTip> tips = commit(6);

    assertThatThrownBy(() -> chain.rollbackTo(CheckpointNumber.of(3)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> chain.rollbackTo(CheckpointNumber.ZERO))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no longer kept");
    assertThat(chain.tip()).isEqualTo(tips.get(5));

    List<CommittedCheckpoint> undone = chain.rollbackTo(CheckpointNumber.of(4));

    assertThat(undone).extracting(c -> c.checkpoint().number().value()).containsExactly(5L, 6L);
    assertThat(chain.tip()).isEqualTo(tips.get(3));
    assertThat(chain.worldState().latest().nonce(TestChain.ALICE.address())).isEqualTo(4);
    // The undone checkpoints' txs left the budget: two more fit before the next eviction.
    for (int i = 0; i < 2; i++) {
      TestChain.Built again = testChain.build(20 + i, 4 + i);
      chain.offer(again.checkpoint(), again.fork());
      chain.onQuorum(TestChain.NETWORK.certify(again.checkpoint().payload()));
    }
    assertThat(chain.committed(CheckpointNumber.of(4))).isPresent();
  }

  @Test
  void shouldKeepTheMinimumWhateverItsTxs() {
    TestChain wide = new TestChain(w -> new ChainStore(w, 8, 4, 0));
    ChainStore store = wide.chain();
    for (int i = 0; i < 6; i++) {
      TestChain.Built b = wide.build(3 + i, i);
      store.offer(b.checkpoint(), b.fork());
      store.onQuorum(TestChain.NETWORK.certify(b.checkpoint().payload()));
    }

    assertThat(store.committed(CheckpointNumber.of(2))).isEmpty();
    assertThat(store.committed(CheckpointNumber.of(3))).isPresent();
  }
}
