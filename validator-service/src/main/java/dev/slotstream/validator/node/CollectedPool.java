package dev.slotstream.validator.node;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** A memory pool of this JVM and the collector that empties it, as the pacings read them. */
record CollectedPool(GarbageCollectorMXBean collector, MemoryPoolMXBean pool) {
  /**
   * The first collector named in {@code collectors} that runs in this JVM, with its pool whose
   * name passes {@code poolName}; empty if there is none.
   */
  static Optional<CollectedPool> find(List<String> collectors, Predicate<String> poolName) {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (!collectors.contains(gc.getName())) {
        continue;
      }
      List<String> pools = Arrays.asList(gc.getMemoryPoolNames());
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pools.contains(pool.getName()) && poolName.test(pool.getName())) {
          return Optional.of(new CollectedPool(gc, pool));
        }
      }
    }
    return Optional.empty();
  }

  /** The pool's usage now. */
  MemoryUsage usage() {
    return pool.getUsage();
  }

  /** What the pool holds before its collector runs: its maximum, or what is committed if none. */
  static long capacity(MemoryUsage usage) {
    return usage.getMax() > 0 ? usage.getMax() : usage.getCommitted();
  }
}
