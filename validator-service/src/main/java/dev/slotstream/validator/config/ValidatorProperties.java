package dev.slotstream.validator.config;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code slotstream.validator.*}: this node's validator settings. The protocol itself (timetable,
 * committee, signing domain) is {@code slotstream.protocol.*}; the keys are {@code slotstream.node.*}
 * (or {@code slotstream.validator.key-dir}, the Helm chart's variable, read by node-support).
 *
 * @param catchUp on partition assignment, seek the proposal topics back to the start of the current
 *     slot (minus the clock tolerance), so a node that starts mid-slot replays and executes the
 *     slot's earlier proposals instead of skipping the slot
 * @param recentOutcomes how many slot outcomes {@code GET /api/v1/validator/slots/{slot}} keeps
 * @param maxEvidence how many equivocation proofs {@code GET /api/v1/validator/evidence} keeps
 *     (oldest dropped first); evidence is in memory only and is also logged
 * @param attestationPublishTimeout how long one attestation publish may take before it counts as
 *     failed and is retried (resilience4j instance {@code attestation-publish})
 * @param executionMode PIPELINED (execute each block as it arrives) or ON_CHECKPOINT (the
 *     sequential baseline, kept to measure what pipelining gains)
 * @param paceFullCollections under a collector that stops the JVM to collect its whole old
 *     generation (Serial, Parallel), collect it on this node's turn among the committee, right after
 *     a slot's job, before it fills; committee members would otherwise stop together (they execute
 *     the same blocks) and cost slots their quorum (docs/OPERATIONS.md). No effect under G1 or ZGC
 * @param paceYoungCollections at a slot's attestation deadline, if the next slot would fill eden,
 *     fill it now so the young collection comes then rather than while the next proposals arrive
 *     (docs/OPERATIONS.md). No effect under a collector without an eden (ZGC, Shenandoah)
 */
@Validated
@ConfigurationProperties("slotstream.validator")
public record ValidatorProperties(
    @DefaultValue("true") boolean catchUp,
    @DefaultValue("256") @Min(1) int recentOutcomes,
    @DefaultValue("1000") @Min(1) int maxEvidence,
    @DefaultValue("2s") Duration attestationPublishTimeout,
    @DefaultValue("PIPELINED") dev.slotstream.core.validator.ExecutionMode executionMode,
    @DefaultValue("true") boolean paceFullCollections,
    @DefaultValue("true") boolean paceYoungCollections) {}
