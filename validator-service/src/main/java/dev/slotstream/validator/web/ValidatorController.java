package dev.slotstream.validator.web;

import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Hex;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.validator.AttestationOutcome;
import dev.slotstream.core.validator.CheckpointAttestationJob;
import dev.slotstream.core.validator.EquivocationEvidence;
import dev.slotstream.core.validator.ValidatorClient;
import dev.slotstream.validator.node.EvidenceStore;
import dev.slotstream.validator.node.ExecutionTimes;
import dev.slotstream.validator.node.RecentOutcomes;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Read-only view of what this validator node did: per-slot outcomes and equivocation evidence. */
@RestController
@RequestMapping("/api/v1/validator")
public class ValidatorController {
  static final String IN_PROGRESS = "IN_PROGRESS";

  private final ValidatorClient client;
  private final RecentOutcomes outcomes;
  private final EvidenceStore evidence;
  private final RollupContext context;
  private final ExecutionTimes times;

  public ValidatorController(
      ValidatorClient client,
      RecentOutcomes outcomes,
      EvidenceStore evidence,
      RollupContext context,
      ExecutionTimes times) {
    this.times = times;
    this.client = client;
    this.outcomes = outcomes;
    this.evidence = evidence;
    this.context = context;
  }

  /** The outcome of a recent slot; IN_PROGRESS while its job runs; 404 if this node has none. */
  @GetMapping("/slots/{slot}")
  public SlotOutcomeResponse slot(@PathVariable @PositiveOrZero long slot) {
    SlotNumber s = SlotNumber.of(slot);
    Optional<AttestationOutcome> done =
        outcomes
            .get(s)
            .or(
                () ->
                    client
                        .job(s)
                        .map(CheckpointAttestationJob::outcome)
                        .filter(f -> f.isDone() && !f.isCompletedExceptionally())
                        .map(f -> f.join()));
    if (done.isPresent()) {
      return toResponse(done.get());
    }
    if (client.job(s).isPresent()) {
      return new SlotOutcomeResponse(
          slot,
          IN_PROGRESS,
          "the slot's job is running",
          List.copyOf(times.executedAt(s).keySet()),
          List.of(),
          millis(times.executedAt(s)),
          millis(times.receivedAt(s)),
          null);
    }
    throw new ResponseStatusException(
        HttpStatus.NOT_FOUND,
        "no outcome for slot " + slot + " on this node (not seen or no longer kept)");
  }

  /** Equivocation evidence kept in memory, oldest first; {@code ?slot=} narrows to one slot. */
  @GetMapping("/evidence")
  public List<EvidenceResponse> evidence(
      @RequestParam(required = false) @PositiveOrZero Long slot) {
    List<EquivocationEvidence> kept =
        slot == null ? evidence.all() : evidence.forSlot(SlotNumber.of(slot));
    return kept.stream().map(ValidatorController::toResponse).toList();
  }

  private SlotOutcomeResponse toResponse(AttestationOutcome o) {
    return new SlotOutcomeResponse(
        o.slot().value(),
        o.status().name(),
        o.detail(),
        List.copyOf(o.executedIndices()),
        o.attestations().stream().map(this::toView).toList(),
        millis(times.executedAt(o.slot())),
        millis(times.receivedAt(o.slot())),
        times.finishedAt(o.slot()).map(java.time.Instant::toEpochMilli).orElse(null));
  }

  private static java.util.Map<Integer, Long> millis(
      java.util.Map<Integer, java.time.Instant> byIndex) {
    java.util.Map<Integer, Long> out = new java.util.TreeMap<>();
    byIndex.forEach((index, at) -> out.put(index, at.toEpochMilli()));
    return out;
  }

  private SlotOutcomeResponse.AttestationView toView(CheckpointAttestation a) {
    String attester = context.signer().recoverAttester(a).map(EthAddress::toHex).orElse(null);
    return new SlotOutcomeResponse.AttestationView(
        attester, a.payload().archive().toString(), a.payloadHash().toHex());
  }

  private static EvidenceResponse toResponse(EquivocationEvidence e) {
    return new EvidenceResponse(
        e.kind().name(),
        e.slot().value(),
        e.index(),
        e.signer().toHex(),
        e.firstId().toHex(),
        e.secondId().toHex(),
        Hex.encode(e.firstEncoding()),
        Hex.encode(e.secondEncoding()));
  }
}
