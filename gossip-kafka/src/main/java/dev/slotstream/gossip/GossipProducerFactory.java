package dev.slotstream.gossip;

import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

/** Gossip's producers, each made on the node's {@link ProducerMaker} thread. */
final class GossipProducerFactory extends DefaultKafkaProducerFactory<byte[], Object> {
  private final ProducerMaker maker;

  GossipProducerFactory(Map<String, Object> config, ProducerMaker maker) {
    super(config, ByteArraySerializer::new, GossipCodec::anyMessageSerializer);
    this.maker = maker;
  }

  @Override
  protected Producer<byte[], Object> createRawProducer(Map<String, Object> rawConfigs) {
    return maker.make(() -> super.createRawProducer(rawConfigs));
  }
}
