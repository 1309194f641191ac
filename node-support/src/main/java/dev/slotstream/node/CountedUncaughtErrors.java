package dev.slotstream.node;

import dev.slotstream.core.duty.UncaughtErrors;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The core's {@link UncaughtErrors}, logged and counted: {@value #METER}{component}, one counter per
 * {@link UncaughtErrors.Source} ({@code job_task}, {@code scheduled_duty}, {@code
 * attestation_broadcast}), each registered at zero so a dashboard can alert on its first increase.
 */
public final class CountedUncaughtErrors implements UncaughtErrors {
  public static final String METER = "slotstream.errors";

  private final Map<Source, Counter> counters = new EnumMap<>(Source.class);

  public CountedUncaughtErrors(MeterRegistry registry) {
    for (Source source : Source.values()) {
      counters.put(
          source,
          Counter.builder(METER)
              .description(
                  "Exceptions the protocol core caught and could not hand back to a caller")
              .tag("component", source.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
  }

  @Override
  public void report(Source source, Throwable error) {
    UncaughtErrors.logging().report(source, error);
    counters.get(source).increment();
  }
}
