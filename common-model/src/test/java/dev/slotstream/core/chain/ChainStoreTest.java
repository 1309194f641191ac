package dev.slotstream.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.chain.ChainStore.CommitOutcome;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.testing.TestNetwork;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.SlotNumber;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ChainStoreTest {
  private static final TestNetwork NETWORK = TestChain.NETWORK;
  private static final SigningKey ALICE = TestChain.ALICE;

  private final TestChain testChain = new TestChain();
  private final ChainStore chain = testChain.chain();
  private final List<CommittedCheckpoint> commits = new CopyOnWriteArrayList<>();
  private final Fr genesisArchive = chain.tip().archiveRoot();

  ChainStoreTest() {
    chain.onCommit(commits::add);
  }

  private TestChain.Built build(long slot, long nonce) {
    return testChain.build(slot, nonce);
  }

  @Test
  void shouldCommitAHeldCheckpointOnItsVerifiedQuorumAndTellListeners() {
    TestChain.Built a = build(3, 0);
    chain.offer(a.checkpoint(), a.fork());
    assertThat(chain.pendingCount()).isEqualTo(1);

    assertThat(chain.onQuorum(NETWORK.certify(a.checkpoint().payload())))
        .isEqualTo(CommitOutcome.COMMITTED);

    assertThat(chain.tip().archiveRoot()).isEqualTo(a.checkpoint().archiveRoot());
    assertThat(chain.tip().slot()).contains(SlotNumber.of(3));
    assertThat(chain.pendingCount()).isZero();
    assertThat(commits)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.tip()).isEqualTo(chain.tip());
              assertThat(c.checkpoint()).isEqualTo(a.checkpoint());
              assertThat(c.checkpoint().txEffects()).hasSize(1);
              assertThat(c.quorum().payload()).isEqualTo(a.checkpoint().payload());
            });
    assertThat(chain.worldState().latest().nonce(ALICE.address())).isEqualTo(1);
  }

  @Test
  void shouldAnswerAlreadyCommittedToASecondQuorumForTheTipAndChangeNothing() {
    TestChain.Built a = build(3, 0);
    chain.offer(a.checkpoint(), a.fork());
    var quorum = NETWORK.certify(a.checkpoint().payload());
    chain.onQuorum(quorum);
    ChainTip tip = chain.tip();

    assertThat(chain.onQuorum(quorum)).isEqualTo(CommitOutcome.ALREADY_COMMITTED);
    assertThat(chain.tip()).isEqualTo(tip);
    assertThat(commits).hasSize(1);
  }

  @Test
  void shouldRefuseAQuorumForACheckpointThatDoesNotBuildOnTheTip() {
    // two checkpoints of two slots on the same parent: once the first is final, the second is stale
    TestChain.Built first = build(3, 0);
    TestChain.Built rival = build(4, 0);
    chain.offer(first.checkpoint(), first.fork());
    chain.offer(rival.checkpoint(), rival.fork());
    assertThat(rival.checkpoint().header().lastArchiveRoot()).isEqualTo(genesisArchive);
    chain.onQuorum(NETWORK.certify(first.checkpoint().payload()));
    ChainTip tip = chain.tip();

    assertThat(chain.onQuorum(NETWORK.certify(rival.checkpoint().payload())))
        .isEqualTo(CommitOutcome.NOT_ON_TIP);
    assertThat(chain.tip()).isEqualTo(tip);
    assertThat(chain.worldState().blockWithArchiveRoot(rival.checkpoint().archiveRoot())).isEmpty();
    assertThat(commits).hasSize(1);
  }

  @Test
  void shouldRememberAQuorumForACheckpointNotYetHeldAndCommitItWhenOffered() {
    TestChain.Built a = build(3, 0);
    assertThat(chain.onQuorum(NETWORK.certify(a.checkpoint().payload())))
        .isEqualTo(CommitOutcome.UNKNOWN_CHECKPOINT);
    assertThat(chain.tip().archiveRoot()).isEqualTo(genesisArchive);
    assertThat(commits).isEmpty();

    chain.offer(a.checkpoint(), a.fork());

    assertThat(chain.tip().archiveRoot()).isEqualTo(a.checkpoint().archiveRoot());
    assertThat(commits).hasSize(1);
  }

  @Test
  void shouldCompleteAWaitForAnArchiveWhenItsCheckpointCommits() {
    TestChain.Built a = build(3, 0);
    var wait = chain.awaitArchive(a.checkpoint().archiveRoot());
    chain.offer(a.checkpoint(), a.fork());
    assertThat(wait).isNotDone();

    chain.onQuorum(NETWORK.certify(a.checkpoint().payload()));

    assertThat(wait).isCompletedWithValue(chain.tip().blockNumber());
  }
}
