package dev.slotstream.gossip;

import dev.slotstream.core.codec.DecodingException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.observation.ObservationPredicate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.kafka.support.micrometer.KafkaRecordSenderContext;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Gossip over Kafka for every Slotstream service: topics, publisher, typed listener container
 * factories ({@link GossipListenerContainerFactory}), the error handler, {@link GossipRejections}
 * and the asynchronous {@link DeadLetterPublisher}; one size limit per topic ({@link GossipLimits})
 * at the topic, the producers and the consumers.
 *
 * <p>Runs before Boot's {@link KafkaAutoConfiguration}: the gossip producer factory and template
 * take the place of Boot's default ones (which would serialize Strings); Boot's KafkaAdmin still
 * creates the topics declared here, from {@code spring.kafka.*} connection settings.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@ConditionalOnClass(KafkaTemplate.class)
@EnableConfigurationProperties({GossipProperties.class, KafkaProperties.class})
@Import(GossipListenerContainerFactory.class)
public class GossipAutoConfiguration {
  public static final String PRODUCER_FACTORY = "gossipProducerFactory";
  public static final String TEMPLATE = "gossipKafkaTemplate";
  public static final String TX_PRODUCER_FACTORY = "gossipTxProducerFactory";
  public static final String TX_TEMPLATE = "gossipTxKafkaTemplate";
  public static final String DEAD_LETTER_PUBLISHER = "gossipDeadLetterPublisher";
  public static final String ERROR_HANDLER = "gossipErrorHandler";

  @Bean
  @ConditionalOnMissingBean
  public GossipTopics gossipTopics(GossipProperties properties) {
    return GossipTopics.from(properties);
  }

  /**
   * Every gossip topic and its dead-letter topic, same partition count (so a record's DLT copy can
   * keep its partition) and the same {@code max.message.bytes}: the topic's {@link
   * GossipLimits#recordLimit}; the proposal and quorum topics keep their records for {@code
   * proposal-retention} / {@code quorum-retention} (a catch-up reads them, §13.6). KafkaAdmin leaves the configs of existing topics alone unless {@code
   * spring.kafka.admin.modify-topic-configs=true}.
   */
  @Bean
  @ConditionalOnProperty(
      prefix = "slotstream.gossip",
      name = "create-topics",
      havingValue = "true",
      matchIfMissing = true)
  public KafkaAdmin.NewTopics gossipNewTopics(GossipProperties properties, GossipTopics topics) {
    return new KafkaAdmin.NewTopics(declaredTopics(properties, topics).toArray(NewTopic[]::new));
  }

  /** Every topic {@link #gossipNewTopics} declares, with its configs. */
  static List<NewTopic> declaredTopics(GossipProperties properties, GossipTopics topics) {
    List<NewTopic> declared = new ArrayList<>();
    for (GossipTopic topic : GossipTopic.values()) {
      for (String name : List.of(topics.name(topic), topics.deadLetter(topic))) {
        TopicBuilder builder =
            TopicBuilder.name(name)
                .partitions(properties.getPartitions())
                .replicas(properties.getReplicationFactor())
                .config(
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                    Integer.toString(GossipLimits.recordLimit(topic)));
        if (name.equals(topics.name(topic))) {
          // What a node that is behind catches up from (PROTOCOL.md §13.6).
          properties
              .retentionOf(topic)
              .ifPresent(
                  r ->
                      builder.config(
                          TopicConfig.RETENTION_MS_CONFIG,
                          Long.toString(r.isNegative() ? -1 : r.toMillis())));
        }
        declared.add(builder.build());
      }
    }
    return declared;
  }

  /** The thread the node's gossip producers are made on (see {@link ProducerMaker}). */
  @Bean
  public ProducerMaker gossipProducerMaker() {
    return new ProducerMaker();
  }

  /** The consensus lane: proposals, attestations and quorums (every topic but the tx topic). */
  @Bean(PRODUCER_FACTORY)
  public ProducerFactory<byte[], Object> gossipProducerFactory(
      KafkaProperties kafkaProperties,
      ObjectProvider<SslBundles> sslBundles,
      ObjectProvider<MeterRegistry> meterRegistry,
      ProducerMaker maker,
      GossipProperties properties) {
    return producerFactory(
        kafkaProperties, sslBundles, meterRegistry, maker, properties.getNodeId() + "-gossip");
  }

  /**
   * The tx lane: a producer, and so a broker connection, of its own. The broker handles one
   * request per connection at a time, so on a shared producer a proposal could wait behind the tx
   * batches in flight ahead of it (docs/BENCHMARKS.md, Run 14).
   */
  @Bean(TX_PRODUCER_FACTORY)
  public ProducerFactory<byte[], Object> gossipTxProducerFactory(
      KafkaProperties kafkaProperties,
      ObjectProvider<SslBundles> sslBundles,
      ObjectProvider<MeterRegistry> meterRegistry,
      ProducerMaker maker,
      GossipProperties properties) {
    return producerFactory(
        kafkaProperties, sslBundles, meterRegistry, maker, properties.getNodeId() + "-gossip-tx");
  }

  /**
   * With the Kafka client's own metrics as meters ({@code kafka.producer.*}, tagged {@code
   * client.id}): how long a record waited for the sender thread ({@code record.queue.time}) and for
   * the broker ({@code request.latency}), per lane.
   */
  private static ProducerFactory<byte[], Object> producerFactory(
      KafkaProperties kafkaProperties,
      ObjectProvider<SslBundles> sslBundles,
      ObjectProvider<MeterRegistry> meterRegistry,
      ProducerMaker maker,
      String clientId) {
    Map<String, Object> config = producerConfig(kafkaProperties, sslBundles, clientId);
    // Ordering per key survives retries only with idempotence (the Kafka default; made explicit).
    config.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // Gossip goes out at once: a block has its sub-slot, and under load records batch anyway behind
    // the requests in flight. Kafka 3.9's default, made explicit since 4.0's is 5 ms (KIP-1030).
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
    DefaultKafkaProducerFactory<byte[], Object> factory = new GossipProducerFactory(config, maker);
    meterRegistry.ifAvailable(
        registry -> factory.addListener(new MicrometerProducerListener<>(registry)));
    return factory;
  }

  /**
   * What every gossip producer shares: Boot's {@code spring.kafka.*} settings without serializers or
   * a transactional id, its own client id, acks=all unless configured, and the largest record limit.
   */
  private static Map<String, Object> producerConfig(
      KafkaProperties kafkaProperties, ObjectProvider<SslBundles> sslBundles, String clientId) {
    Map<String, Object> config =
        kafkaProperties.buildProducerProperties(sslBundles.getIfAvailable());
    config.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
    config.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
    config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    config.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, GossipLimits.largestRecordLimit());
    return config;
  }

  /**
   * With {@code slotstream.gossip.observation-enabled} (default) each send is observed: the record
   * carries the current trace context ({@code traceparent}) to every listener.
   */
  @Bean(TEMPLATE)
  public KafkaTemplate<byte[], Object> gossipKafkaTemplate(
      @Qualifier(PRODUCER_FACTORY) ProducerFactory<byte[], Object> producerFactory,
      GossipProperties properties) {
    return template(producerFactory, properties);
  }

  @Bean(TX_TEMPLATE)
  public KafkaTemplate<byte[], Object> gossipTxKafkaTemplate(
      @Qualifier(TX_PRODUCER_FACTORY) ProducerFactory<byte[], Object> producerFactory,
      GossipProperties properties) {
    return template(producerFactory, properties);
  }

  private static KafkaTemplate<byte[], Object> template(
      ProducerFactory<byte[], Object> producerFactory, GossipProperties properties) {
    KafkaTemplate<byte[], Object> template = new KafkaTemplate<>(producerFactory);
    template.setObservationEnabled(properties.isObservationEnabled());
    return template;
  }

  /**
   * Leaves the tx topic unobserved (unless {@code slotstream.gossip.observe-tx-topic}): at
   * thousands of records a second a span and a timer per record per node is cost without a reader.
   * A rejected observation is a no-op, so a tx record costs one context object and this test.
   */
  @Bean
  @ConditionalOnClass(ObservationPredicate.class)
  @ConditionalOnProperty(
      prefix = "slotstream.gossip",
      name = "observe-tx-topic",
      havingValue = "false",
      matchIfMissing = true)
  public ObservationPredicate gossipTxTopicObservationPredicate(GossipTopics topics) {
    String tx = topics.tx();
    return (name, context) ->
        !(context instanceof KafkaRecordSenderContext sent && tx.equals(sent.getDestination()))
            && !(context instanceof KafkaRecordReceiverContext received
                && tx.equals(received.getSource()));
  }

  @Bean
  @ConditionalOnMissingBean
  public GossipPublisher gossipPublisher(
      @Qualifier(TEMPLATE) KafkaOperations<byte[], Object> template,
      @Qualifier(TX_TEMPLATE) KafkaOperations<byte[], Object> txTemplate,
      GossipTopics topics,
      GossipProperties properties) {
    return new GossipPublisher(template, txTemplate, topics, properties.getNodeId());
  }

  /**
   * Publishes dead-letter copies from a producer of its own: the same size limit as the gossip
   * producer, and a delivery timeout of {@code slotstream.gossip.dead-letter-timeout}, after which a
   * copy is counted as failed instead of retried.
   */
  @Bean(DEAD_LETTER_PUBLISHER)
  public DeadLetterPublisher gossipDeadLetterPublisher(
      KafkaProperties kafkaProperties,
      ObjectProvider<SslBundles> sslBundles,
      ObjectProvider<MeterRegistry> meterRegistry,
      ProducerMaker maker,
      GossipProperties properties) {
    Map<String, Object> config =
        producerConfig(kafkaProperties, sslBundles, properties.getNodeId() + "-dead-letter");
    int timeoutMs = (int) properties.getDeadLetterTimeout().toMillis();
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs / 2);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs / 2);
    // A burst of junk becomes a few batches rather than one request per copy.
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    KafkaTemplate<byte[], Object> template =
        new KafkaTemplate<>(new GossipProducerFactory(config, maker));
    // The publisher logs a failed copy once, without a stack trace; Spring's listener would add
    // one.
    template.setProducerListener(new ProducerListener<>() {});
    return new DeadLetterPublisher(
        template,
        meterRegistry.getIfAvailable(() -> Metrics.globalRegistry),
        properties.getDeadLetterBacklog().toBytes());
  }

  @Bean
  @ConditionalOnMissingBean
  public GossipRejections gossipRejections(
      ObjectProvider<MeterRegistry> meterRegistry,
      @Qualifier(DEAD_LETTER_PUBLISHER) DeadLetterPublisher deadLetters,
      GossipTopics topics,
      GossipProperties properties) {
    return new GossipRejections(
        meterRegistry.getIfAvailable(() -> Metrics.globalRegistry),
        deadLetters,
        topics,
        properties.getNodeId());
  }

  /**
   * For records whose listener threw (undecodable ones never reach a listener: {@link
   * RefusedRecordFilter}). An {@link InvalidGossipException} is not retried: it is rejected through
   * {@link GossipRejections} at once. Anything else is retried twice, 100 ms apart (a blip in a
   * dependency), then rejected as LISTENER_ERROR, so a poison record holds its partition for at most
   * ~200 ms. No seek after an error: the records after the failed one stay in memory and are
   * delivered next, without a refetch.
   */
  @Bean(ERROR_HANDLER)
  public DefaultErrorHandler gossipErrorHandler(GossipRejections rejections) {
    DefaultErrorHandler handler = new DefaultErrorHandler(rejections, new FixedBackOff(100L, 2L));
    handler.addNotRetryableExceptions(DecodingException.class, InvalidGossipException.class);
    handler.setSeekAfterError(false);
    return handler;
  }
}
