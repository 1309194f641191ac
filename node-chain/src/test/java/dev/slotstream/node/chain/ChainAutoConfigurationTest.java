package dev.slotstream.node.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.slotstream.core.chain.ChainSnapshotter;
import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.exec.TxExecutor;
import dev.slotstream.core.exec.TxValidator;
import dev.slotstream.core.header.GasFees;
import dev.slotstream.core.lifecycle.TxLifecycle;
import dev.slotstream.core.lifecycle.TxStage;
import dev.slotstream.core.lifecycle.TxStatus;
import dev.slotstream.core.message.Transfer;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.message.TxPayload;
import dev.slotstream.core.pool.AddStatus;
import dev.slotstream.core.pool.TxAdmission;
import dev.slotstream.core.pool.TxPool;
import dev.slotstream.core.slashing.SlashingProtector;
import dev.slotstream.core.state.WorldState;
import dev.slotstream.core.state.WorldStateFork;
import dev.slotstream.gossip.DeadLetterPublisher;
import dev.slotstream.gossip.GossipProperties;
import dev.slotstream.gossip.GossipRejections;
import dev.slotstream.gossip.GossipTopics;
import dev.slotstream.gossip.InvalidGossipException;
import dev.slotstream.gossip.RejectReason;
import dev.slotstream.node.NodeAutoConfiguration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.kafka.config.ContainerPostProcessor;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;

class ChainAutoConfigurationTest {
  private static final String ROLLUP = "0x5105000000000000000000000000000000000001";

  @TempDir Path dir;

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(NodeAutoConfiguration.class, ChainAutoConfiguration.class))
        .withBean(SimpleMeterRegistry.class)
        .withPropertyValues(
            "slotstream.protocol.chain-id=31337",
            "slotstream.protocol.rollup-address=" + ROLLUP,
            "slotstream.protocol.genesis-time=2026-01-01T00:00:00Z",
            "slotstream.protocol.base-seed=0x" + "ab".repeat(32),
            "slotstream.protocol.validator-seeds=validator-0,validator-1,validator-2,validator-3",
            "slotstream.chain.genesis-account-seeds=user-0,user-1",
            "slotstream.chain.signing-record-dir=" + dir.resolve("record"));
  }

  /** user-0's first transfer, signed by user-1. */
  private static Tx forged(RollupContext context) {
    return new Tx(
        transfer(context, SigningKey.fromSeed("user-0"), 0).payload(),
        transfer(context, SigningKey.fromSeed("user-1"), 0).signature());
  }

  private static Tx transfer(RollupContext context, SigningKey from, long nonce) {
    return transfer(context, from, nonce, 50_000);
  }

  private static Tx transfer(RollupContext context, SigningKey from, long nonce, long fee) {
    return context
        .signer()
        .signTx(
            new TxPayload(
                31337,
                from.address(),
                nonce,
                fee,
                List.of(new Transfer(SigningKey.fromSeed("user-1").address(), 5)),
                List.of()),
            from);
  }

  @Test
  void txsOfAnUndoneCheckpointArePendingAgainOrDroppedWhenThePoolRefusesThem() {
    runner()
        .withPropertyValues("slotstream.chain.tx-pool-max-txs-per-sender=1")
        .run(
            ctx -> {
              RollupContext context = ctx.getBean(RollupContext.class);
              TxLifecycle lifecycle = ctx.getBean(TxLifecycle.class);
              TxPool pool = ctx.getBean(TxPool.class);
              SigningKey user = SigningKey.fromSeed("user-0");
              Tx first = transfer(context, user, 0);
              Tx second = transfer(context, user, 1);
              lifecycle.pending(first.hash());
              lifecycle.pending(second.hash());

              L1FollowAutoConfiguration.backToPool(List.of(first, second), pool, lifecycle);

              assertThat(lifecycle.status(first.hash()).orElseThrow().stage())
                  .isEqualTo(TxStage.PENDING);
              TxStatus refused = lifecycle.status(second.hash()).orElseThrow();
              assertThat(refused.stage()).isEqualTo(TxStage.DROPPED);
              assertThat(refused.reason().orElseThrow()).startsWith("NOT_REPOOLED: SENDER_LIMIT");
              assertThat(pool.size()).isEqualTo(1);
            });
  }

  @Test
  void checkpointedIsTheLastStageUnlessTheNodeFollowsL1() {
    runner()
        .run(
            ctx ->
                assertThat(ctx.getBean(TxLifecycle.class).isFinal(TxStage.CHECKPOINTED)).isTrue());
    runner()
        .withPropertyValues("slotstream.l1.follow.enabled=true")
        .run(
            ctx -> {
              TxLifecycle lifecycle = ctx.getBean(TxLifecycle.class);
              assertThat(lifecycle.isFinal(TxStage.CHECKPOINTED)).isFalse();
              assertThat(lifecycle.isFinal(TxStage.ON_L1)).isTrue();
              assertThat(
                      ctx.getBean(SimpleMeterRegistry.class)
                          .get(TxStageTimers.STEP)
                          .tag("step", "l1")
                          .timer())
                  .isNotNull();
            });
  }

  @Test
  void aNodeWithADataDirKeepsItsJournalBoundedWithSnapshotsAndOneWithoutHasNone() {
    runner()
        .withPropertyValues(
            "slotstream.chain.data-dir=" + dir.resolve("chain"),
            "slotstream.chain.snapshot-after=8MB")
        .run(
            ctx -> {
              assertThat(ctx).hasSingleBean(ChainSnapshotter.class);
              SimpleMeterRegistry meters = ctx.getBean(SimpleMeterRegistry.class);
              assertThat(meters.get("slotstream.chain.journal.bytes").gauge().value()).isZero();
              assertThat(meters.get("slotstream.chain.snapshot.checkpoint").gauge().value())
                  .isZero();
              assertThat(ctx.getBean(ChainProperties.class).snapshotAfter().toBytes())
                  .isEqualTo(8L << 20);
            });
    runner()
        .run(
            ctx -> {
              assertThat(ctx).doesNotHaveBean(ChainSnapshotter.class);
              assertThat(ctx.getBean(ChainProperties.class).snapshotAfter().toMegabytes())
                  .isEqualTo(64);
            });
  }

  @Test
  @SuppressWarnings("unchecked")
  void executionAndTxAdmissionRunAtTheWorkerThreadPriority() {
    runner()
        .withPropertyValues("slotstream.chain.worker-thread-priority=1")
        .run(
            ctx -> {
              assertThat(jobThreadPriority(ctx)).isEqualTo(Thread.MIN_PRIORITY);

              KafkaMessageListenerContainer<byte[], Tx> container =
                  new KafkaMessageListenerContainer<>(
                      mock(ConsumerFactory.class), new ContainerProperties("slotstream.tx"));
              container.setBeanName("slotstream-tx");
              ctx.getBean(TxGossipListener.CONTAINER_POST_PROCESSOR, ContainerPostProcessor.class)
                  .postProcess(container);
              Thread consumer =
                  ((SimpleAsyncTaskExecutor)
                          container.getContainerProperties().getListenerTaskExecutor())
                      .createThread(() -> {});
              assertThat(consumer.getPriority()).isEqualTo(Thread.MIN_PRIORITY);
              assertThat(consumer.getName()).startsWith("slotstream-tx-C-");
            });
  }

  @Test
  void workerThreadsRunAtNormalPriorityUnlessConfiguredAndOnlyAJavaPriorityIsAccepted() {
    runner().run(ctx -> assertThat(jobThreadPriority(ctx)).isEqualTo(Thread.NORM_PRIORITY));
    runner()
        .withPropertyValues("slotstream.chain.worker-thread-priority=11")
        .run(
            ctx ->
                assertThat(ctx)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("workerThreadPriority"));
  }

  private static int jobThreadPriority(ApplicationContext ctx) throws Exception {
    CompletableFuture<Integer> priority = new CompletableFuture<>();
    ctx.getBean("slotstreamJobExecutor", ExecutorService.class)
        .execute(() -> priority.complete(Thread.currentThread().getPriority()));
    return priority.get(10, TimeUnit.SECONDS);
  }

  @Test
  void shouldFundGenesisAccountsFromSeeds() {
    runner()
        .run(
            ctx -> {
              WorldState state = ctx.getBean(WorldState.class);
              assertThat(state.latest().balance(SigningKey.fromSeed("user-0").address()))
                  .isEqualTo(1_000_000_000L);
              assertThat(state.latest().balance(SigningKey.fromSeed("nobody").address())).isZero();
              assertThat(ctx.getBean(ChainStore.class).tip().blockNumber().value()).isZero();
              assertThat(ctx.getBean(SlashingProtector.class)).isNotNull();
            });
  }

  @Test
  void shouldAdmitAValidTxAndDropItsDuplicate() {
    runner()
        .run(
            ctx -> {
              TxGossipListener listener = ctx.getBean(TxGossipListener.class);
              Tx tx = transfer(ctx.getBean(RollupContext.class), SigningKey.fromSeed("user-0"), 0);
              assertThat(listener.admit(tx).status()).isEqualTo(AddStatus.ADDED);
              assertThat(listener.admit(tx).status()).isEqualTo(AddStatus.DUPLICATE);
              assertThat(ctx.getBean(TxPool.class).size()).isEqualTo(1);
            });
  }

  @Test
  void shouldRejectATxWhoseSignatureIsNotTheSenders() {
    runner()
        .run(
            ctx -> {
              Tx forged = forged(ctx.getBean(RollupContext.class));
              assertThatThrownBy(() -> ctx.getBean(TxGossipListener.class).admit(forged))
                  .isInstanceOfSatisfying(
                      InvalidGossipException.class,
                      e -> assertThat(e.reason()).isEqualTo(RejectReason.BAD_SIGNATURE));
              assertThat(ctx.getBean(TxPool.class).size()).isZero();
            });
  }

  @Test
  void shouldRefuseATxBelowTheLocalMinimumFeeToTheDeadLetterTopic() {
    runner()
        .withPropertyValues("slotstream.chain.min-fee=60000")
        .run(
            ctx -> {
              RollupContext context = ctx.getBean(RollupContext.class);
              Tx cheap = transfer(context, SigningKey.fromSeed("user-0"), 0, 59_999);
              assertThatThrownBy(() -> ctx.getBean(TxGossipListener.class).admit(cheap))
                  .isInstanceOfSatisfying(
                      InvalidGossipException.class,
                      e -> {
                        assertThat(e.reason()).isEqualTo(RejectReason.INVALID);
                        assertThat(e.detail())
                            .isEqualTo("FEE_TOO_LOW: fee 59999 below required 60000");
                      });
              assertThat(
                      ctx.getBean(TxGossipListener.class)
                          .admit(transfer(context, SigningKey.fromSeed("user-0"), 0, 60_000))
                          .status())
                  .isEqualTo(AddStatus.ADDED);
            });
  }

  @Test
  @SuppressWarnings("unchecked")
  void shouldRejectARefusedTxOfAPollThroughTheGossipRejectionsAndPoolTheRest() throws Exception {
    KafkaOperations<byte[], Object> deadLetterTopic = mock(KafkaOperations.class);
    when(deadLetterTopic.send(any(ProducerRecord.class))).thenReturn(new CompletableFuture<>());
    SimpleMeterRegistry rejectionMeters = new SimpleMeterRegistry();
    GossipTopics topics = GossipTopics.from(new GossipProperties());
    try (DeadLetterPublisher deadLetters =
        new DeadLetterPublisher(deadLetterTopic, rejectionMeters, 1 << 20)) {
      GossipRejections rejections =
          new GossipRejections(rejectionMeters, deadLetters, topics, "node-test");
      runner()
          .withBean(GossipRejections.class, () -> rejections)
          .run(
              ctx -> {
                RollupContext context = ctx.getBean(RollupContext.class);
                Tx forged = forged(context);
                Tx next = transfer(context, SigningKey.fromSeed("user-1"), 0);

                ctx.getBean(TxGossipListener.class)
                    .onTxs(
                        List.of(
                            new ConsumerRecord<>(topics.tx(), 0, 10, new byte[0], forged),
                            new ConsumerRecord<>(topics.tx(), 0, 11, new byte[0], next)));

                assertThat(rejections.rejectedCount(topics.tx(), RejectReason.BAD_SIGNATURE))
                    .isEqualTo(1.0);
                verify(deadLetterTopic, timeout(5_000)).send(any(ProducerRecord.class));
                TxPool pool = ctx.getBean(TxPool.class);
                assertThat(pool.contains(forged.hash())).isFalse();
                assertThat(pool.contains(next.hash())).isTrue();
              });
    }
  }

  /** A final state in which user-0's nonce 0 is already used, as after a block that held it. */
  @Configuration(proxyBeanMethods = false)
  static class AdmissionAfterUserZerosFirstTx {
    @Bean
    TxAdmission txAdmission(
        TxValidator validator, TxPool pool, ChainStore chain, RollupContext context)
        throws Exception {
      WorldStateFork state = chain.worldState().forkLatest();
      TxExecutor.execute(
          state,
          transfer(context, SigningKey.fromSeed("user-0"), 0),
          SigningKey.fromSeed("nobody").address());
      return new TxAdmission(validator, GasFees.ZERO, pool, () -> state);
    }
  }

  @Test
  void shouldCountATxWhoseNonceABlockAlreadyUsedWithoutDeadLetteringIt() {
    runner()
        .withUserConfiguration(AdmissionAfterUserZerosFirstTx.class)
        .run(
            ctx -> {
              RollupContext context = ctx.getBean(RollupContext.class);
              TxGossipListener listener = ctx.getBean(TxGossipListener.class);
              Tx late = transfer(context, SigningKey.fromSeed("user-0"), 0, 50_001);

              listener.onTx(late);

              assertThat(
                      ctx.getBean(SimpleMeterRegistry.class)
                          .get("slotstream.txpool.admitted")
                          .tag("status", "NONCE_TOO_LOW")
                          .counter()
                          .count())
                  .isEqualTo(1.0);
              assertThat(listener.admit(late).reason()).contains("already used");
              assertThat(ctx.getBean(TxPool.class).size()).isZero();
              assertThat(
                      listener.admit(transfer(context, SigningKey.fromSeed("user-0"), 1)).status())
                  .isEqualTo(AddStatus.ADDED);
            });
  }

  /** What proposer-service does: its own admission, at the gas fees it builds with. */
  @Configuration(proxyBeanMethods = false)
  static class AdmissionAtGasFees {
    @Bean
    TxAdmission txAdmission(TxValidator validator, TxPool pool, ChainStore chain) {
      return new TxAdmission(validator, new GasFees(0, 5), pool, () -> chain.worldState().latest());
    }
  }

  @Test
  void shouldFeedTheTxTopicThroughTheNodesOwnAdmissionWhenItDefinesOne() {
    runner()
        .withUserConfiguration(AdmissionAtGasFees.class)
        .run(
            ctx -> {
              assertThat(ctx).hasSingleBean(TxAdmission.class);
              // One transfer is 12,500 mana: 62,500 at 5 per mana.
              Tx cheap =
                  transfer(
                      ctx.getBean(RollupContext.class), SigningKey.fromSeed("user-0"), 0, 62_499);
              assertThatThrownBy(() -> ctx.getBean(TxGossipListener.class).admit(cheap))
                  .isInstanceOfSatisfying(
                      InvalidGossipException.class,
                      e ->
                          assertThat(e.detail())
                              .isEqualTo("FEE_TOO_LOW: fee 62499 below required 62500"));
            });
  }
}
