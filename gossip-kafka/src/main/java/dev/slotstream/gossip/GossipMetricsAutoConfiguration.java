package dev.slotstream.gossip;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Registers the gossip rejection counters ({@value GossipRejections#METRIC}{topic, reason} and
 * {@value DeadLetterPublisher#FAILED_METRIC}{topic, cause}) at zero for every gossip topic at
 * start-up. Prometheus' {@code increase()} cannot count the first increment of a series that did
 * not exist before, so without this the first dead-lettered record would never fire an alert, and
 * a dashboard panel on a quiet network would show "no data" rather than 0.
 */
@AutoConfiguration(after = GossipAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(GossipTopics.class)
public class GossipMetricsAutoConfiguration {

  @Bean
  public MeterBinder gossipRejectionMetersAtZero(GossipTopics topics) {
    return registry -> {
      for (String topic : topics.all()) {
        for (RejectReason reason : RejectReason.values()) {
          Counter.builder(GossipRejections.METRIC)
              .description("Gossip records rejected (and dead-lettered), by topic and reason")
              .tag("topic", topic)
              .tag("reason", reason.name())
              .register(registry);
        }
        for (DeadLetterPublisher.Failure cause : DeadLetterPublisher.Failure.values()) {
          Counter.builder(DeadLetterPublisher.FAILED_METRIC)
              .description("Dead-letter copies of rejected gossip that could not be published")
              .tag("topic", topic)
              .tag("cause", cause.name())
              .register(registry);
        }
      }
    };
  }
}
