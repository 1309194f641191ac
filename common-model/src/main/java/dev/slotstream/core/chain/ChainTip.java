package dev.slotstream.core.chain;

import dev.slotstream.core.types.BlockNumber;
import dev.slotstream.core.types.CheckpointNumber;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.SlotNumber;
import java.util.Optional;

/** The newest checkpoint this node holds as final: what the next proposal must build on. */
public record ChainTip(
    BlockNumber blockNumber,
    Fr archiveRoot,
    CheckpointNumber checkpointNumber,
    Optional<SlotNumber> slot) {}
