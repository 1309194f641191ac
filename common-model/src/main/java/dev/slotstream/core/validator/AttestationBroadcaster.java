package dev.slotstream.core.validator;

import dev.slotstream.core.message.CheckpointAttestation;
import java.util.List;

/** Publishes a node's attestations to the checkpoint_attestation topic. */
@FunctionalInterface
public interface AttestationBroadcaster {
  void broadcast(List<CheckpointAttestation> attestations);
}
