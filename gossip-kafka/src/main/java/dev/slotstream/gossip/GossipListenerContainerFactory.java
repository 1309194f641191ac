package dev.slotstream.gossip;

import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.message.Tx;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
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
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.CompositeRecordInterceptor;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
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

  @Bean(TX)
  public ConcurrentKafkaListenerContainerFactory<byte[], Tx> gossipTxListenerContainerFactory() {
    return typed(GossipCodec.TX);
  }

  @Bean(BLOCK_PROPOSAL)
  public ConcurrentKafkaListenerContainerFactory<byte[], BlockProposal>
      gossipBlockProposalListenerContainerFactory() {
    return typed(GossipCodec.BLOCK_PROPOSAL);
  }

  @Bean(CHECKPOINT_PROPOSAL)
  public ConcurrentKafkaListenerContainerFactory<byte[], CheckpointProposal>
      gossipCheckpointProposalListenerContainerFactory() {
    return typed(GossipCodec.CHECKPOINT_PROPOSAL);
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
    return factory(ByteArrayDeserializer::new, GossipLimits.largestRecordLimit());
  }

  @SuppressWarnings("unchecked")
  private <T> ConcurrentKafkaListenerContainerFactory<byte[], T> typed(GossipCodec<T> codec) {
    GossipTopic topic = GossipTopic.of(codec.topicType());
    // The deserializer yields a T or a RefusedValue; the filter takes every RefusedValue (and every
    // null) out before a listener is called, so listeners only ever see a T.
    ConcurrentKafkaListenerContainerFactory<byte[], T> factory =
        factory(
            () -> (Deserializer<T>) (Deserializer<?>) new GossipValueDeserializer(codec),
            GossipLimits.fetchBytes(topic));
    RecordInterceptor<byte[], T> filter = new RefusedRecordFilter<>(rejections, codec);
    MeterRegistry registry = meterRegistry.getIfAvailable();
    factory.setRecordInterceptor(
        registry == null
            ? filter
            : new CompositeRecordInterceptor<>(
                new GossipDelayTimer<>(registry, clock.getIfAvailable(Clock::systemUTC)), filter));
    return factory;
  }

  private <T> ConcurrentKafkaListenerContainerFactory<byte[], T> factory(
      Supplier<Deserializer<T>> valueDeserializer, int fetchBytes) {
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
    config.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
    config.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
    DefaultKafkaConsumerFactory<byte[], T> consumerFactory =
        new DefaultKafkaConsumerFactory<>(config, ByteArrayDeserializer::new, valueDeserializer);
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
