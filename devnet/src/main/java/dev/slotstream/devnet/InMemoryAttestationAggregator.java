package dev.slotstream.devnet;

import dev.slotstream.core.committee.Committee;
import dev.slotstream.core.consensus.CheckpointAttestationValidator;
import dev.slotstream.core.consensus.QuorumAssembler;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.consensus.ValidationResult;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The simulation's stand-in for the attestation service: validates each attestation, counts them
 * per checkpoint and emits one quorum event, attestations in committee order.
 */
final class InMemoryAttestationAggregator {
  private final RollupContext context;
  private final CheckpointAttestationValidator validator;
  private final Clock clock;
  private final Consumer<CheckpointQuorum> onQuorum;
  private final Map<Bytes32, Map<EthAddress, CheckpointAttestation>> byProposal = new HashMap<>();
  private final Set<Bytes32> emitted = new HashSet<>();
  private final List<String> rejected = new ArrayList<>();

  InMemoryAttestationAggregator(RollupContext context, Clock clock, Consumer<CheckpointQuorum> onQuorum) {
    this.context = context;
    this.validator = new CheckpointAttestationValidator(context);
    this.clock = clock;
    this.onQuorum = onQuorum;
  }

  /** Adds an attestation; returns the quorum event if this one completed it. */
  Optional<CheckpointQuorum> add(CheckpointAttestation attestation) {
    ValidationResult result = validator.validate(attestation, clock.instant());
    if (!result.isValid()) {
      synchronized (this) {
        rejected.add(result.toString());
      }
      return Optional.empty();
    }
    Committee committee = context.epochCache().committeeFor(attestation.slotNumber());
    Bytes32 key = attestation.proposalPayloadHash();
    CheckpointQuorum quorum;
    synchronized (this) {
      Map<EthAddress, CheckpointAttestation> votes = byProposal.computeIfAbsent(key, k -> new LinkedHashMap<>());
      votes.putIfAbsent(result.signer().orElseThrow(), attestation);
      if (votes.size() < committee.quorum() || !emitted.add(key)) {
        return Optional.empty();
      }
      quorum = QuorumAssembler.inCommitteeOrder(committee, votes);
    }
    onQuorum.accept(quorum);
    return Optional.of(quorum);
  }

  synchronized List<String> rejected() {
    return List.copyOf(rejected);
  }
}
