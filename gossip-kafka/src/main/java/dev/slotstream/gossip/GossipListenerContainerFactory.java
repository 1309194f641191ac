package dev.slotstream.gossip;

import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.message.Tx;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.CompositeRecordInterceptor;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * One listener container factory per gossip message type, so a listener receives decoded messages:
 *
 * <pre>{@code
 * @KafkaListener(
 *     topics = "#{@gossipTopics.blockProposal()}",
 *     containerFactory = GossipListenerContainerFactory.BLOCK_PROPOSAL)
 * void onBlock(BlockProposal proposal) { ... }   // or ConsumerRecord<byte[], BlockProposal>
 * }</pre>
 *
 * <p>Values go through {@link GossipValueDeserializer}, which checks the size against the topic's
 * limit ({@link GossipLimits}) before decoding and never throws; a record it refused (reason DECODE
 * or OVERSIZED) and a null (tombstone) value (DECODE) are rejected by {@link RefusedRecordFilter}
 * in the poll loop, so a malformed record never reaches the listener, never fails the poll and costs
 * no seek: the consumer moves straight on to the next record. Keys stay raw bytes ({@link
 * GossipKeys}). Group id = {@code slotstream.gossip.node-id} (override per listener with {@code
 * groupId}); {@code auto.offset.reset} = {@code slotstream.gossip.auto-offset-reset}; with {@code
 * slotstream.gossip.static-membership} (default) each listener's consumer is a static member,
 * {@code group.instance.id} = {@code <node-id>.<network-prefix>.<listener-id>}. Other {@code
 * spring.kafka.consumer.*} settings apply.
 */
@Configuration(proxyBeanMethods = false)
public class GossipListenerContainerFactory {
  public static final String TX = "gossipTxListenerContainerFactory";
  public static final String TX_BATCH = "gossipTxBatchListenerContainerFactory";
  public static final String BLOCK_PROPOSAL = "gossipBlockProposalListenerContainerFactory";
  public static final String CHECKPOINT_PROPOSAL =
      "gossipCheckpointProposalListenerContainerFactory";
  public static final String CHECKPOINT_ATTESTATION =
      "gossipCheckpointAttestationListenerContainerFactory";
  public static final String CHECKPOINT_QUORUM = "gossipCheckpointQuorumListenerContainerFactory";

  /** Raw {@code byte[]} values: for DLT monitors and tools that read records as they are. */
  public static final String BYTES = "gossipBytesListenerContainerFactory";

  private static final int MAX_INSTANCE_ID_CHARS = 200;

  private final KafkaProperties kafkaProperties;
  private final GossipProperties gossipProperties;
  private final ObjectProvider<SslBundles> sslBundles;
  private final CommonErrorHandler errorHandler;
  private final GossipRejections rejections;
  private final ObjectProvider<MeterRegistry> meterRegistry;
  private final ObjectProvider<Clock> clock;

  public GossipListenerContainerFactory(
      KafkaProperties kafkaProperties,
      GossipProperties gossipProperties,
      ObjectProvider<SslBundles> sslBundles,
      @Qualifier(GossipAutoConfiguration.ERROR_HANDLER) CommonErrorHandler errorHandler,
      GossipRejections rejections,
      ObjectProvider<MeterRegistry> meterRegistry,
      ObjectProvider<Clock> clock) {
    this.kafkaProperties = kafkaProperties;
    this.gossipProperties = gossipProperties;
    this.sslBundles = sslBundles;
    this.errorHandler = errorHandler;
    this.rejections = rejections;
    this.meterRegistry = meterRegistry;
    this.clock = clock;
  }

  /**
   * The tx topic's consumer waits up to {@code tx-fetch-wait} for {@code tx-fetch-min-bytes} and
   * commits every {@code tx-commit-interval} ({@link GossipProperties#getTxFetchWait()}): at
   * thousands of txs a second, fetching and committing after every few records cost the broker and
   * each node more than the txs themselves.
   */
  @Bean(TX)
  public ConcurrentKafkaListenerContainerFactory<byte[], Tx> gossipTxListenerContainerFactory() {
    return commitEvery(
        gossipProperties.getTxCommitInterval(), typed(GossipCodec.TX, txConsumerConfig()));
  }

  /**
   * {@link #TX} for a listener that takes a whole poll at once, {@code List<ConsumerRecord<byte[],
   * Tx>>}: one call per poll instead of one per record. Refused values are rejected and left out
   * of the batch as in the record containers. The listener rejects what it refuses itself, through
   * {@link GossipRejections}: a batch the error handler hands back after a failure goes through the
   * record filter again, so records it had already rejected would be rejected twice.
   */
  @Bean(TX_BATCH)
  public ConcurrentKafkaListenerContainerFactory<byte[], Tx>
      gossipTxBatchListenerContainerFactory() {
    ConcurrentKafkaListenerContainerFactory<byte[], Tx> factory =
        commitEvery(
            gossipProperties.getTxCommitInterval(),
            factory(
                valueDeserializer(GossipCodec.TX), fetchBytes(GossipCodec.TX), txConsumerConfig()));
    factory.setBatchListener(true);
    factory.setBatchInterceptor(
        new RecordFilteringBatchInterceptor<>(recordInterceptor(GossipCodec.TX)));
    return factory;
  }

  private Map<String, Object> txConsumerConfig() {
    return Map.of(
        ConsumerConfig.FETCH_MIN_BYTES_CONFIG,
        (int) Math.min(Integer.MAX_VALUE, gossipProperties.getTxFetchMinBytes().toBytes()),
        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
        (int) gossipProperties.getTxFetchWait().toMillis());
  }

  /** Offsets committed on a timer, not after every poll. */
  private static <T> ConcurrentKafkaListenerContainerFactory<byte[], T> commitEvery(
      Duration interval, ConcurrentKafkaListenerContainerFactory<byte[], T> factory) {
    factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.TIME);
    factory.getContainerProperties().setAckTime(interval.toMillis());
    return factory;
  }

  /**
   * Block and checkpoint proposals are fetched the moment one is there, and their offsets
   * committed every {@code proposal-commit-interval} ({@link
   * GossipProperties#getProposalCommitInterval()}): every node takes each proposal at the same
   * instant, and a commit per proposal cost the broker ~0.5–1.4 ms of CPU in the 10 ms after each
   * one on the 2-core devnet (docs/BENCHMARKS.md, Run 19).
   */
  @Bean(BLOCK_PROPOSAL)
  public ConcurrentKafkaListenerContainerFactory<byte[], BlockProposal>
      gossipBlockProposalListenerContainerFactory() {
    return commitEvery(
        gossipProperties.getProposalCommitInterval(), typed(GossipCodec.BLOCK_PROPOSAL));
  }

  @Bean(CHECKPOINT_PROPOSAL)
  public ConcurrentKafkaListenerContainerFactory<byte[], CheckpointProposal>
      gossipCheckpointProposalListenerContainerFactory() {
    return commitEvery(
        gossipProperties.getProposalCommitInterval(), typed(GossipCodec.CHECKPOINT_PROPOSAL));
  }

  @Bean(CHECKPOINT_ATTESTATION)
  public ConcurrentKafkaListenerContainerFactory<byte[], CheckpointAttestation>
      gossipCheckpointAttestationListenerContainerFactory() {
    return typed(GossipCodec.CHECKPOINT_ATTESTATION);
  }

  @Bean(CHECKPOINT_QUORUM)
  public ConcurrentKafkaListenerContainerFactory<byte[], CheckpointQuorum>
      gossipCheckpointQuorumListenerContainerFactory() {
    return typed(GossipCodec.CHECKPOINT_QUORUM);
  }

  @Bean(BYTES)
  public ConcurrentKafkaListenerContainerFactory<byte[], byte[]>
      gossipBytesListenerContainerFactory() {
    return factory(ByteArrayDeserializer::new, GossipLimits.largestRecordLimit(), Map.of());
  }

  private <T> ConcurrentKafkaListenerContainerFactory<byte[], T> typed(GossipCodec<T> codec) {
    return typed(codec, Map.of());
  }

  private <T> ConcurrentKafkaListenerContainerFactory<byte[], T> typed(
      GossipCodec<T> codec, Map<String, Object> consumerConfig) {
    ConcurrentKafkaListenerContainerFactory<byte[], T> factory =
        factory(valueDeserializer(codec), fetchBytes(codec), consumerConfig);
    factory.setRecordInterceptor(recordInterceptor(codec));
    return factory;
  }

  /**
   * Yields a T or a RefusedValue; the record interceptor takes every RefusedValue (and every null)
   * out before a listener is called, so listeners only ever see a T.
   */
  @SuppressWarnings("unchecked")
  private static <T> Supplier<Deserializer<T>> valueDeserializer(GossipCodec<T> codec) {
    return () -> (Deserializer<T>) (Deserializer<?>) new GossipValueDeserializer(codec);
  }

  private static int fetchBytes(GossipCodec<?> codec) {
    return GossipLimits.fetchBytes(GossipTopic.of(codec.topicType()));
  }

  private <T> RecordInterceptor<byte[], T> recordInterceptor(GossipCodec<T> codec) {
    RecordInterceptor<byte[], T> filter = new RefusedRecordFilter<>(rejections, codec);
    MeterRegistry registry = meterRegistry.getIfAvailable();
    return registry == null
        ? filter
        : new CompositeRecordInterceptor<>(
            new GossipDelayTimer<>(registry, clock.getIfAvailable(Clock::systemUTC)), filter);
  }

  private <T> ConcurrentKafkaListenerContainerFactory<byte[], T> factory(
      Supplier<Deserializer<T>> valueDeserializer,
      int fetchBytes,
      Map<String, Object> consumerConfig) {
    Map<String, Object> config =
        kafkaProperties.buildConsumerProperties(sslBundles.getIfAvailable());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, gossipProperties.getNodeId());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, gossipProperties.getAutoOffsetReset());
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, fetchBytes);
    config.merge(
        ConsumerConfig.FETCH_MAX_BYTES_CONFIG,
        Math.max(fetchBytes, ConsumerConfig.DEFAULT_FETCH_MAX_BYTES),
        (configured, needed) -> Math.max(Integer.parseInt(configured.toString()), (int) needed));
    config.put(
        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
        (int) gossipProperties.getSessionTimeout().toMillis());
    config.putAll(consumerConfig);
    config.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
    config.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
    DefaultKafkaConsumerFactory<byte[], T> consumerFactory =
        new DefaultKafkaConsumerFactory<>(config, ByteArrayDeserializer::new, valueDeserializer);
    // The client's own metrics as kafka.consumer.* meters: fetch latency, records lag, commits.
    meterRegistry.ifAvailable(
        registry -> consumerFactory.addListener(new MicrometerConsumerListener<>(registry)));
    ConcurrentKafkaListenerContainerFactory<byte[], T> factory =
        new ConcurrentKafkaListenerContainerFactory<>();
    factory.setConsumerFactory(consumerFactory);
    factory.setCommonErrorHandler(errorHandler);
    // Continues the publisher's trace (traceparent header) around each listener call.
    factory.getContainerProperties().setObservationEnabled(gossipProperties.isObservationEnabled());
    if (gossipProperties.isStaticMembership()) {
      factory.setContainerCustomizer(this::makeStaticMember);
    }
    return factory;
  }

  /**
   * {@code group.instance.id} = {@code <node-id>.<network-prefix>.<listener-id>}, unless the
   * listener sets its own; Spring Kafka appends {@code -n} per consumer when concurrency > 1.
   */
  private void makeStaticMember(ConcurrentMessageListenerContainer<?, ?> container) {
    Properties own = container.getContainerProperties().getKafkaConsumerProperties();
    if (own.getProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG) != null) {
      return;
    }
    Properties withInstance = new Properties();
    withInstance.putAll(own);
    withInstance.setProperty(
        ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId(container.getListenerId()));
    container.getContainerProperties().setKafkaConsumerProperties(withInstance);
  }

  /** A legal instance id (letters, digits, '.', '_', '-'; at most 249 characters). */
  String instanceId(String listenerId) {
    String id =
        String.join(
                ".",
                gossipProperties.getNodeId(),
                gossipProperties.getNetworkPrefix(),
                listenerId == null ? "listener" : listenerId)
            .replaceAll("[^A-Za-z0-9._-]", "_");
    // Too long: keep the end, where the listener id tells the consumers apart.
    return id.length() <= MAX_INSTANCE_ID_CHARS
        ? id
        : id.substring(id.length() - MAX_INSTANCE_ID_CHARS);
  }
}
