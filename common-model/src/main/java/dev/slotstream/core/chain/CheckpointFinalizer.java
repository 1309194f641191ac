package dev.slotstream.core.chain;

import dev.slotstream.core.consensus.QuorumValidation;
import dev.slotstream.core.consensus.QuorumValidator;
import dev.slotstream.core.exec.Checkpoint;
import dev.slotstream.core.exec.L2Block;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.pool.TxPool;
import dev.slotstream.core.state.WorldStateSnapshot;
import dev.slotstream.core.types.EthAddress;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a checkpoint becomes final on an executing node, in-process or behind Kafka: the
 * quorum is verified ({@link QuorumValidator}), only then handed to the {@link ChainStore}, and each
 * commit clears the txs it included from the node's pool.
 */
public final class CheckpointFinalizer {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointFinalizer.class);

  /** What a quorum event did: refused (validation has the reason), or what the chain made of it. */
  public record Outcome(QuorumValidation validation, Optional<ChainStore.CommitOutcome> commit) {
    public boolean isCommitted() {
      return commit.filter(c -> c == ChainStore.CommitOutcome.COMMITTED).isPresent();
    }
  }

  /**
   * Every this many commits the whole pool is checked against the state, not just the senders the
   * commit's txs came from: a tx admitted against the state a commit was replacing can reach the
   * pool just after that commit pruned its sender.
   */
  static final int FULL_PRUNE_EVERY = 16;

  private final QuorumValidator validator;
  private final ChainStore chain;
  private final AtomicLong commits = new AtomicLong();

  public CheckpointFinalizer(QuorumValidator validator, ChainStore chain, TxPool pool) {
    this.validator = validator;
    this.chain = chain;
    chain.onCommit(
        committed -> {
          ChainTip tip = committed.tip();
          WorldStateSnapshot state = chain.worldState().latest();
          // Only the commit's senders' nonces moved. Every pooled sender's lookup was most of a
          // loaded validator's quorum thread (docs/BENCHMARKS.md, Run 13); what this saves is the
          // senders waiting in the pool without a tx in the commit (a backlog, nonce gaps).
          int pruned =
              commits.incrementAndGet() % FULL_PRUNE_EVERY == 0
                  ? pool.pruneStale(state::nonce)
                  : pool.pruneStale(sendersOf(committed.checkpoint()), state::nonce);
          LOG.info(
              "checkpoint final slot={} block={} archive={} txsLeftPool={}",
              tip.slot().map(s -> Long.toString(s.value())).orElse("-"),
              tip.blockNumber(),
              tip.archiveRoot(),
              pruned);
        });
  }

  private static Set<EthAddress> sendersOf(Checkpoint checkpoint) {
    Set<EthAddress> senders = new HashSet<>();
    for (L2Block block : checkpoint.blocks()) {
      for (Tx tx : block.txs()) {
        senders.add(tx.payload().sender());
      }
    }
    return senders;
  }

  public Outcome onQuorum(CheckpointQuorum quorum, Instant arrival) {
    QuorumValidation validation = validator.validate(quorum, arrival);
    if (!validation.isValid()) {
      LOG.warn("quorum refused slot={} {}", quorum.slotNumber().value(), validation);
      return new Outcome(validation, Optional.empty());
    }
    ChainStore.CommitOutcome commit = chain.onQuorum(validation.verified().orElseThrow());
    LOG.debug("quorum slot={} → {}", quorum.slotNumber().value(), commit);
    return new Outcome(validation, Optional.of(commit));
  }

  public ChainStore chain() {
    return chain;
  }
}
