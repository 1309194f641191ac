package dev.slotstream.core.lifecycle;

import java.time.Instant;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * When a tx reached each stage: an immutable map kept as one long per stage (nanoseconds since the
 * epoch). The lifecycle keeps each tx's times as such an array of longs ({@link #none}, {@link
 * #setFirst}), up to its capacity (100,000 by default): an {@code EnumMap} of {@code Instant}s cost
 * ~190 bytes a tx (three stages), against 72 there. A {@link TxStatus} gets a copy ({@link #of}).
 */
final class StageTimes extends AbstractMap<TxStage, Instant> {
  private static final TxStage[] STAGES = TxStage.values();
  static final long ABSENT = Long.MIN_VALUE;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  static final StageTimes NONE = new StageTimes(absent());

  private final long[] nanos;
  private final int size;

  private StageTimes(long[] nanos) {
    this.nanos = nanos;
    int n = 0;
    for (long v : nanos) {
      if (v != ABSENT) {
        n++;
      }
    }
    this.size = n;
  }

  static StageTimes copyOf(Map<TxStage, Instant> times) {
    if (times instanceof StageTimes s) {
      return s;
    }
    if (times.isEmpty()) {
      return NONE;
    }
    long[] n = absent();
    times.forEach((stage, at) -> n[stage.ordinal()] = toNanos(at));
    return new StageTimes(n);
  }

  /** Times for a lifecycle's own record of a tx, changed in place: no stage reached yet. */
  static long[] none() {
    return absent();
  }

  /** Sets {@code stage}'s time in {@code nanos} unless it has one (the first one stays). */
  static void setFirst(long[] nanos, TxStage stage, Instant at) {
    if (nanos[stage.ordinal()] == ABSENT) {
      nanos[stage.ordinal()] = toNanos(at);
    }
  }

  /** When {@code stage} was reached in {@code nanos}, or null. */
  static Instant at(long[] nanos, TxStage stage) {
    long v = nanos[stage.ordinal()];
    return v == ABSENT ? null : fromNanos(v);
  }

  /** An immutable copy of {@code nanos} (as {@link #none} and {@link #setFirst} keep them). */
  static StageTimes of(long[] nanos) {
    return new StageTimes(nanos.clone());
  }

  @Override
  public Instant get(Object key) {
    if (!(key instanceof TxStage stage)) {
      return null;
    }
    long v = nanos[stage.ordinal()];
    return v == ABSENT ? null : fromNanos(v);
  }

  @Override
  public boolean containsKey(Object key) {
    return key instanceof TxStage stage && nanos[stage.ordinal()] != ABSENT;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Set<Entry<TxStage, Instant>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public Iterator<Entry<TxStage, Instant>> iterator() {
        return new Iterator<>() {
          private int next = advance(0);

          private int advance(int from) {
            int i = from;
            while (i < nanos.length && nanos[i] == ABSENT) {
              i++;
            }
            return i;
          }

          @Override
          public boolean hasNext() {
            return next < nanos.length;
          }

          @Override
          public Entry<TxStage, Instant> next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            Entry<TxStage, Instant> e = Map.entry(STAGES[next], fromNanos(nanos[next]));
            next = advance(next + 1);
            return e;
          }
        };
      }
    };
  }

  private static long[] absent() {
    long[] n = new long[STAGES.length];
    Arrays.fill(n, ABSENT);
    return n;
  }

  private static long toNanos(Instant at) {
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), NANOS_PER_SECOND), at.getNano());
  }

  private static Instant fromNanos(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
  }
}
