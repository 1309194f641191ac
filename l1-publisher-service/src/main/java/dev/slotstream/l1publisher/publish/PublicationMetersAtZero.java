package dev.slotstream.l1publisher.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * {@value CheckpointPublisher#PUBLICATIONS}{outcome} at zero for every final outcome from start-up,
 * so that the publisher-failure alert's {@code increase()} counts the first failure too (a series
 * born at 1 shows no increase) and the dashboard shows 0 rather than no data.
 */
@Component
public class PublicationMetersAtZero implements MeterBinder {

  @Override
  public void bindTo(MeterRegistry registry) {
    for (PublicationStatus status : PublicationStatus.values()) {
      if (status != PublicationStatus.PENDING) {
        register(registry, status.name());
      }
    }
    register(registry, "not_leader");
  }

  private static void register(MeterRegistry registry, String outcome) {
    Counter.builder(CheckpointPublisher.PUBLICATIONS)
        .description(
            "Certified checkpoints by what became of them on L1 (not_leader: another instance's)")
        .tag("outcome", outcome.toLowerCase(Locale.ROOT))
        .register(registry);
  }
}
