package dev.slotstream.core.chain;

import dev.slotstream.core.consensus.QuorumValidation;
import dev.slotstream.core.consensus.QuorumValidator;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.pool.TxPool;
import dev.slotstream.core.state.WorldStateSnapshot;
import java.time.Instant;
import java.util.Optional;
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

  private final QuorumValidator validator;
  private final ChainStore chain;

  public CheckpointFinalizer(QuorumValidator validator, ChainStore chain, TxPool pool) {
    this.validator = validator;
    this.chain = chain;
    chain.onCommit(
        committed -> {
          ChainTip tip = committed.tip();
          WorldStateSnapshot state = chain.worldState().latest();
          int pruned = pool.pruneStale(state::nonce);
          LOG.info(
              "checkpoint final slot={} block={} archive={} txsLeftPool={}",
              tip.slot().map(s -> Long.toString(s.value())).orElse("-"),
              tip.blockNumber(),
              tip.archiveRoot(),
              pruned);
        });
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
