package dev.slotstream.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ContainerProperties.AckMode;

/** Each gossip topic's consumer is tuned to its latency need; no broker is involved. */
class GossipListenerContainerFactoryTest {
  private final ApplicationContextRunner runner = GossipContextRunner.withoutBroker();

  @Test
  void shouldBatchTxFetchesAndCommitOnATimer() {
    runner
        .withPropertyValues(
            "slotstream.gossip.tx-fetch-wait=35ms",
            "slotstream.gossip.tx-fetch-min-bytes=128KB",
            "slotstream.gossip.tx-commit-interval=2s")
        .run(
            ctx -> {
              ConcurrentKafkaListenerContainerFactory<?, ?> tx =
                  ctx.getBean(
                      GossipListenerContainerFactory.TX,
                      ConcurrentKafkaListenerContainerFactory.class);
              assertThat(config(tx))
                  .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 35)
                  .containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 128 * 1024)
                  .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "node-a");
              assertThat(tx.getContainerProperties().getAckMode()).isEqualTo(AckMode.TIME);
              assertThat(tx.getContainerProperties().getAckTime()).isEqualTo(2_000L);
            });
  }

  @Test
  void shouldGiveTheBatchTxFactoryTheSameTuningAndAWholePollPerCall() {
    runner.run(
        ctx -> {
          ConcurrentKafkaListenerContainerFactory<?, ?> batch =
              ctx.getBean(
                  GossipListenerContainerFactory.TX_BATCH,
                  ConcurrentKafkaListenerContainerFactory.class);
          ConcurrentKafkaListenerContainerFactory<?, ?> record =
              ctx.getBean(
                  GossipListenerContainerFactory.TX, ConcurrentKafkaListenerContainerFactory.class);
          assertThat(batch.isBatchListener()).isTrue();
          assertThat(record.isBatchListener()).isNotEqualTo(Boolean.TRUE);
          assertThat(config(batch))
              .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20)
              .containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 * 1024);
          assertThat(batch.getContainerProperties().getAckMode()).isEqualTo(AckMode.TIME);
          assertThat(batch.getContainerProperties().getAckTime()).isEqualTo(1_000L);
        });
  }

  @Test
  void shouldRefuseATxCommitIntervalBelowOneMillisecondByName() {
    runner
        .withPropertyValues("slotstream.gossip.tx-commit-interval=0ms")
        .run(
            ctx ->
                assertThat(ctx)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("tx-commit-interval must be at least 1ms"));
  }

  @Test
  void shouldFetchProposalsAttestationsAndQuorumsAsSoonAsOneRecordIsThere() {
    runner.run(
        ctx -> {
          for (String name :
              new String[] {
                GossipListenerContainerFactory.BLOCK_PROPOSAL,
                GossipListenerContainerFactory.CHECKPOINT_PROPOSAL,
                GossipListenerContainerFactory.CHECKPOINT_ATTESTATION,
                GossipListenerContainerFactory.CHECKPOINT_QUORUM
              }) {
            ConcurrentKafkaListenerContainerFactory<?, ?> factory =
                ctx.getBean(name, ConcurrentKafkaListenerContainerFactory.class);
            assertThat(config(factory))
                .as(name)
                .doesNotContainKeys(
                    ConsumerConfig.FETCH_MIN_BYTES_CONFIG, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG);
          }
        });
  }

  @Test
  void shouldCommitProposalsOnATimerAndAttestationsAndQuorumsAfterEveryPoll() {
    runner
        .withPropertyValues("slotstream.gossip.proposal-commit-interval=3s")
        .run(
            ctx -> {
              for (String name :
                  new String[] {
                    GossipListenerContainerFactory.BLOCK_PROPOSAL,
                    GossipListenerContainerFactory.CHECKPOINT_PROPOSAL
                  }) {
                ContainerProperties properties =
                    ctx.getBean(name, ConcurrentKafkaListenerContainerFactory.class)
                        .getContainerProperties();
                assertThat(properties.getAckMode()).as(name).isEqualTo(AckMode.TIME);
                assertThat(properties.getAckTime()).as(name).isEqualTo(3_000L);
              }
              for (String name :
                  new String[] {
                    GossipListenerContainerFactory.CHECKPOINT_ATTESTATION,
                    GossipListenerContainerFactory.CHECKPOINT_QUORUM
                  }) {
                assertThat(
                        ctx.getBean(name, ConcurrentKafkaListenerContainerFactory.class)
                            .getContainerProperties()
                            .getAckMode())
                    .as(name)
                    .isEqualTo(AckMode.BATCH);
              }
            });
  }

  @Test
  void shouldCommitProposalsEverySecondByDefaultAndRefuseLessThanOneMillisecond() {
    runner.run(
        ctx ->
            assertThat(
                    ctx.getBean(
                            GossipListenerContainerFactory.BLOCK_PROPOSAL,
                            ConcurrentKafkaListenerContainerFactory.class)
                        .getContainerProperties()
                        .getAckTime())
                .isEqualTo(1_000L));
    runner
        .withPropertyValues("slotstream.gossip.proposal-commit-interval=0s")
        .run(
            ctx ->
                assertThat(ctx)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("proposal-commit-interval must be at least 1ms"));
  }

  private static Map<String, Object> config(ConcurrentKafkaListenerContainerFactory<?, ?> factory) {
    return factory.getConsumerFactory().getConfigurationProperties();
  }
}
