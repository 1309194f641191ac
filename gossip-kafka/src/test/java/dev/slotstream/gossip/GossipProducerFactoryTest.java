package dev.slotstream.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.gossip.testing.GossipTestInfrastructure;
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
  void shouldMakeTheConsensusProducerAtStartUpAndStillStartWhenTheBrokerDoesNotResolve() {
    // No send: the producer's network thread is there because the context made it, on this
    // thread, at this thread's priority (not at the priority of whichever thread sends first).
    runner
        .withPropertyValues(
            "slotstream.gossip.node-id=node-eager",
            "spring.kafka.bootstrap-servers=" + GossipTestInfrastructure.kafkaBootstrapServers())
        .run(
            ctx ->
                assertThat(Thread.getAllStackTraces().keySet())
                    .filteredOn(
                        t ->
                            t.getName()
                                .matches(
                                    "kafka-producer-network-thread \\| node-eager-gossip-\\d+"))
                    .singleElement()
                    .extracting(Thread::getPriority)
                    .isEqualTo(Thread.currentThread().getPriority()));
    // x:1 does not resolve: the producer is left to the first send and the context starts.
    runner.run(ctx -> assertThat(ctx).hasNotFailed());
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
