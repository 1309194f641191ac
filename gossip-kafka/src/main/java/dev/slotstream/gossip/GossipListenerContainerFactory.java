package dev.slotstream.gossip;

import dev.slotstream.core.codec.DecodingException;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.message.Tx;
import java.util.Map;
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
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

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
 * <p>Values go through {@link ErrorHandlingDeserializer} around the {@link GossipCodec}
 * deserializer: a malformed record never reaches the listener and never fails the poll; the gossip
 * error handler dead-letters it with reason DECODE and the consumer moves on to the next record. A
 * null (tombstone) value is rejected the same way, so a typed listener never sees a null message.
 * Keys stay raw bytes ({@link GossipKeys}). Group id = {@code slotstream.gossip.node-id} (override
 * per listener with {@code groupId}); {@code auto.offset.reset} = {@code
 * slotstream.gossip.auto-offset-reset}. Other {@code spring.kafka.consumer.*} settings apply.
 */
@Configuration(proxyBeanMethods = false)
public class GossipListenerContainerFactory {
  public static final String TX = "gossipTxListenerContainerFactory";
  public static final String BLOCK_PROPOSAL = "gossipBlockProposalListenerContainerFactory";
  public static final String CHECKPOINT_PROPOSAL = "gossipCheckpointProposalListenerContainerFactory";
  public static final String CHECKPOINT_ATTESTATION =
      "gossipCheckpointAttestationListenerContainerFactory";
  public static final String CHECKPOINT_QUORUM = "gossipCheckpointQuorumListenerContainerFactory";
  /** Raw {@code byte[]} values: for DLT monitors and tools that read records as they are. */
  public static final String BYTES = "gossipBytesListenerContainerFactory";

  private final KafkaProperties kafkaProperties;
  private final GossipProperties gossipProperties;
  private final ObjectProvider<SslBundles> sslBundles;
  private final CommonErrorHandler errorHandler;

  public GossipListenerContainerFactory(
      KafkaProperties kafkaProperties,
      GossipProperties gossipProperties,
      ObjectProvider<SslBundles> sslBundles,
      @Qualifier(GossipAutoConfiguration.ERROR_HANDLER) CommonErrorHandler errorHandler) {
    this.kafkaProperties = kafkaProperties;
    this.gossipProperties = gossipProperties;
    this.sslBundles = sslBundles;
    this.errorHandler = errorHandler;
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
  public ConcurrentKafkaListenerContainerFactory<byte[], byte[]> gossipBytesListenerContainerFactory() {
    return factory(ByteArrayDeserializer::new);
  }

  private <T> ConcurrentKafkaListenerContainerFactory<byte[], T> typed(GossipCodec<T> codec) {
    ConcurrentKafkaListenerContainerFactory<byte[], T> factory =
        factory(() -> new ErrorHandlingDeserializer<>(codec.deserializer()));
    // Kafka hands a null (tombstone) value to the listener without calling the deserializer; no
    // gossip message is null, so it is rejected as undecodable like any other malformed value.
    factory.setRecordInterceptor(
        (record, consumer) -> {
          if (record.value() == null) {
            throw new DecodingException(codec.topicType().kind().name(), "null value (tombstone)");
          }
          return record;
        });
    return factory;
  }

  private <T> ConcurrentKafkaListenerContainerFactory<byte[], T> factory(
      java.util.function.Supplier<Deserializer<T>> valueDeserializer) {
    Map<String, Object> config = kafkaProperties.buildConsumerProperties(sslBundles.getIfAvailable());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, gossipProperties.getNodeId());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, gossipProperties.getAutoOffsetReset());
    config.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
    config.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
    DefaultKafkaConsumerFactory<byte[], T> consumerFactory =
        new DefaultKafkaConsumerFactory<>(config, ByteArrayDeserializer::new, valueDeserializer);
    ConcurrentKafkaListenerContainerFactory<byte[], T> factory =
        new ConcurrentKafkaListenerContainerFactory<>();
    factory.setConsumerFactory(consumerFactory);
    factory.setCommonErrorHandler(errorHandler);
    return factory;
  }
}
