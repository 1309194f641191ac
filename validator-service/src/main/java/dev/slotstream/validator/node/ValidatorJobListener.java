package dev.slotstream.validator.node;

import dev.slotstream.core.validator.AttestationJobListener;
import dev.slotstream.core.validator.AttestationOutcome;
import dev.slotstream.core.validator.AttestationStatus;
import dev.slotstream.core.validator.BlockExecuted;
import dev.slotstream.core.validator.EquivocationEvidence;
import dev.slotstream.node.TxStepTimers;
import dev.slotstream.node.TxStepTimers.Step;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.SortedMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the node does with what its jobs report: metrics, key=value logs, and the in-memory stores
 * behind the REST API.
 *
 * <ul>
 *   <li>{@value #BLOCK_EXECUTED}{index, since}: time from receipt ({@code since=receipt}) and from
 *       the proposer's broadcast ({@code since=broadcast}, the record timestamp) to executed
 *   <li>{@value #OUTCOME}{status}: one per slot job
 *   <li>{@value #EQUIVOCATIONS}{kind}: distinct equivocation proofs
 *   <li>{@value TxStepTimers#STEP}{step=executed}: per block, from the proposer's broadcast to
 *       executed (as {@code since=broadcast} above), and {@code step=attested}: per attested slot,
 *       from its last block executed to the attestation signed
 * </ul>
 */
public final class ValidatorJobListener implements AttestationJobListener {
  public static final String BLOCK_EXECUTED = "slotstream.validator.block.executed";
  public static final String OUTCOME = "slotstream.validator.outcome";
  public static final String EQUIVOCATIONS = "slotstream.validator.equivocations";

  private static final Logger LOG = LoggerFactory.getLogger(ValidatorJobListener.class);

  private final MeterRegistry registry;
  private final RecentOutcomes outcomes;
  private final EvidenceStore evidence;
  private final ExecutionTimes executionTimes;
  private final TxStepTimers steps;

  public ValidatorJobListener(
      MeterRegistry registry,
      RecentOutcomes outcomes,
      EvidenceStore evidence,
      ExecutionTimes executionTimes) {
    this.registry = registry;
    this.outcomes = outcomes;
    this.evidence = evidence;
    this.executionTimes = executionTimes;
    this.steps = new TxStepTimers(registry, Step.EXECUTED, Step.ATTESTED);
    // Every status shows up at zero, so a dashboard can rate() a status before it first happens.
    for (AttestationStatus status : AttestationStatus.values()) {
      outcomeCounter(status);
    }
  }

  @Override
  public void onBlockExecuted(BlockExecuted executed) {
    int index = executed.index();
    executionTimes.executed(executed.slot(), index, executed.receivedAt(), executed.executedAt());
    Duration sinceReceipt = executed.sinceReceipt();
    executedTimer(index, "receipt").record(sinceReceipt);
    executed
        .sinceBroadcast()
        .ifPresent(
            d -> {
              executedTimer(index, "broadcast").record(d);
              steps.record(Step.EXECUTED, d);
            });
    LOG.debug(
        "block executed slot={} index={} sinceReceiptMs={}",
        executed.slot(),
        index,
        sinceReceipt.toMillis());
  }

  @Override
  public void onEquivocation(EquivocationEvidence e) {
    if (evidence.add(e)) {
      Counter.builder(EQUIVOCATIONS)
          .description("Distinct equivocation proofs (two signed proposals for one position)")
          .tag("kind", e.kind().name())
          .register(registry)
          .increment();
    }
    LOG.warn(
        "equivocation kind={} slot={} index={} signer={} first={} second={}",
        e.kind(),
        e.slot(),
        e.index(),
        e.signer(),
        e.firstId(),
        e.secondId());
  }

  @Override
  public void onOutcome(AttestationOutcome outcome) {
    executionTimes.finished(outcome.slot(), outcome.finishedAt());
    outcomes.record(outcome);
    outcomeCounter(outcome.status()).increment();
    if (outcome.status() == AttestationStatus.ATTESTED) {
      SortedMap<Integer, Instant> executed = executionTimes.executedAt(outcome.slot());
      if (!executed.isEmpty()) {
        steps.record(Step.ATTESTED, executed.get(executed.lastKey()), outcome.finishedAt());
      }
      LOG.info(
          "slot outcome slot={} status={} executed={} attestations={}",
          outcome.slot(),
          outcome.status(),
          outcome.executedIndices(),
          outcome.attestations().size());
    } else {
      LOG.warn(
          "slot outcome slot={} status={} executed={} detail={}",
          outcome.slot(),
          outcome.status(),
          outcome.executedIndices(),
          outcome.detail());
    }
  }

  private Counter outcomeCounter(AttestationStatus status) {
    return Counter.builder(OUTCOME)
        .description("Slot jobs by how they ended; only ATTESTED signs")
        .tag("status", status.name())
        .register(registry);
  }

  private Timer executedTimer(int index, String since) {
    return Timer.builder(BLOCK_EXECUTED)
        .description("Time from a block's receipt or broadcast until this node executed it")
        .tag("index", Integer.toString(index))
        .tag("since", since)
        .register(registry);
  }
}
