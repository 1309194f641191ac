package dev.slotstream.core.sequencer;

import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.types.SlotNumber;
import java.util.Optional;

/** The end of one proposer slot: what was built and the checkpoint sent, if any. */
public record ProposalOutcome(
    SlotNumber slot,
    ProposalStatus status,
    String detail,
    int blocksBuilt,
    int txsIncluded,
    Optional<CheckpointProposal> checkpoint) {}
