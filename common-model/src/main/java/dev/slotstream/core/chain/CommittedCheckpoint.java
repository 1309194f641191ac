package dev.slotstream.core.chain;

import dev.slotstream.core.consensus.VerifiedQuorum;
import dev.slotstream.core.exec.Checkpoint;

/**
 * A checkpoint this node just made final: the quorum that certified it, the checkpoint with its
 * blocks and tx effects (what L1 needs), and the new tip.
 */
public record CommittedCheckpoint(VerifiedQuorum quorum, Checkpoint checkpoint, ChainTip tip) {}
