package dev.slotstream.l1publisher.publish;

import dev.slotstream.core.types.SlotNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** The most recent publications by slot, newest kept: what the REST API shows. */
public final class PublicationStore {
  private final int capacity;
  private final TreeMap<SlotNumber, Publication> bySlot = new TreeMap<>();

  public PublicationStore(int capacity) {
    this.capacity = capacity;
  }

  public synchronized void put(Publication publication) {
    bySlot.put(publication.slot(), publication);
    while (bySlot.size() > capacity) {
      bySlot.pollFirstEntry();
    }
  }

  public synchronized Optional<Publication> get(SlotNumber slot) {
    return Optional.ofNullable(bySlot.get(slot));
  }

  /** Newest first. */
  public synchronized List<Publication> recent(int limit) {
    List<Publication> out = new ArrayList<>(Math.min(limit, bySlot.size()));
    for (Publication p : bySlot.descendingMap().values()) {
      if (out.size() >= limit) {
        break;
      }
      out.add(p);
    }
    return out;
  }
}
