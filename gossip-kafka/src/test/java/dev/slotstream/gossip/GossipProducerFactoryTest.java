package dev.slotstream.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slotstream.gossip.testing.GossipTestInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
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
  void shouldRunEveryProducersNetworkThreadAtTheContextsPriorityWhoeverMakesIt() {
    // A producer is made at its first send and again after a fatal error, usually from a job's
    // thread (priority 1 on a validator); its network thread must not take that priority.
    runner
        .withPropertyValues(
            "slotstream.gossip.node-id=node-made",
            "spring.kafka.bootstrap-servers=" + GossipTestInfrastructure.kafkaBootstrapServers())
        .run(
            ctx -> {
              int contextPriority = Thread.currentThread().getPriority();
              ProducerFactory<?, ?> factory =
                  ctx.getBean(GossipAutoConfiguration.PRODUCER_FACTORY, ProducerFactory.class);
              assertThat(networkThreads("node-made-gossip")).as("made lazily").isEmpty();

              makeFromLowPriorityThread(factory);
              assertThat(networkThreads("node-made-gossip"))
                  .singleElement()
                  .extracting(Thread::getPriority)
                  .isEqualTo(contextPriority);

              factory.reset(); // what a fatal send error leads to: the next send makes another
              makeFromLowPriorityThread(factory);
              await()
                  .atMost(Duration.ofSeconds(30))
                  .untilAsserted(
                      () ->
                          assertThat(networkThreads("node-made-gossip"))
                              .singleElement()
                              .extracting(Thread::getPriority)
                              .isEqualTo(contextPriority));
            });
    // x:1 does not resolve: nothing is made until a send, and the context starts.
    runner.run(ctx -> assertThat(ctx).hasNotFailed());
  }

  private static void makeFromLowPriorityThread(ProducerFactory<?, ?> factory)
      throws InterruptedException {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread job = new Thread(factory::createProducer, "low-priority-sender");
    job.setPriority(Thread.MIN_PRIORITY);
    job.setUncaughtExceptionHandler((t, e) -> failure.set(e));
    job.start();
    job.join();
    assertThat(failure.get()).isNull();
  }

  private static List<Thread> networkThreads(String clientIdPrefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(
            t ->
                t.isAlive()
                    && t.getName()
                        .matches(
                            "kafka-producer-network-thread \\| "
                                + Pattern.quote(clientIdPrefix)
                                + "-\\d+"))
        .toList();
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
