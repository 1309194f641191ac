package dev.slotstream.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.ProducerFactory;

/** Both gossip lanes send at once unless the operator says otherwise; no broker is involved. */
class GossipProducerFactoryTest {
  private static final List<String> LANES =
      List.of(
          GossipAutoConfiguration.PRODUCER_FACTORY, GossipAutoConfiguration.TX_PRODUCER_FACTORY);

  private final ApplicationContextRunner runner = GossipContextRunner.withoutBroker();

  @Test
  void shouldSendEachRecordWithoutLingering() {
    runner.run(
        ctx -> {
          for (String lane : LANES) {
            assertThat(ctx.getBean(lane, ProducerFactory.class).getConfigurationProperties())
                .as(lane)
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 0)
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all");
          }
        });
  }

  @Test
  void shouldKeepALingerTheOperatorSet() {
    runner
        .withPropertyValues("spring.kafka.producer.properties.linger.ms=7")
        .run(
            ctx -> {
              for (String lane : LANES) {
                assertThat(ctx.getBean(lane, ProducerFactory.class).getConfigurationProperties())
                    .as(lane)
                    .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "7");
              }
            });
  }
}
