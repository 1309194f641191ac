package dev.slotstream.node.chain;

import dev.slotstream.core.types.SlotNumber;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Carries a slot's trace from the checkpoint proposal this node received to the attestations it
 * signs for it: the listener {@link #remember}s the observation the proposal arrived in (gossip-kafka
 * continues the proposer's trace around each listener call), and the attestation broadcaster
 * publishes {@link #within} a child of it, so the attestations, the quorum the attestation service
 * builds from them and every node's receipt of that quorum stay in the proposer's trace. The jobs
 * sign on threads of their own, where no observation is current, hence the hand-over by slot.
 */
public final class SlotTraces {
  public static final String ATTESTATION = "slotstream.attestation.broadcast";

  /** Slots remembered: a job signs within its slot, so a few are plenty. */
  private static final int SLOTS = 8;

  private final ObservationRegistry registry;
  private final Map<SlotNumber, Observation> bySlot =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<SlotNumber, Observation> eldest) {
          return size() > SLOTS;
        }
      };

  public SlotTraces(ObservationRegistry registry) {
    this.registry = registry;
  }

  /** The observation current on this thread is where {@code slot}'s checkpoint proposal arrived. */
  public void remember(SlotNumber slot) {
    Observation current = registry.getCurrentObservation();
    if (current != null) {
      synchronized (bySlot) {
        bySlot.put(slot, current);
      }
    }
  }

  /** Runs {@code work} in an observation named {@code name}, a child of {@code slot}'s, if any. */
  public void within(SlotNumber slot, String name, Runnable work) {
    Observation parent;
    synchronized (bySlot) {
      parent = bySlot.get(slot);
    }
    if (parent == null) {
      work.run();
      return;
    }
    Observation.createNotStarted(name, registry)
        .parentObservation(parent)
        .highCardinalityKeyValue("slot", Long.toString(slot.value()))
        .observe(work);
  }
}
