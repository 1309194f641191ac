package dev.slotstream.core.archfixture.forbidden;

import dev.slotstream.gossip.archfixture.dependee.GossipThing;
import io.lettuce.archfixture.FakeLettuceClient;
import org.apache.kafka.archfixture.FakeKafkaProducer;
import org.springframework.archfixture.FakeSpringBean;
import org.web3j.protocol.archfixture.FakeWeb3jService;
import org.web3j.tx.archfixture.FakeTransactionManager;
import redis.archfixture.FakeJedis;

/** Architecture-test fixture: a core class that uses what the core must not. */
public final class CoreUsingFrameworks {
  public FakeSpringBean spring;
  public FakeKafkaProducer kafka;
  public FakeLettuceClient lettuce;
  public FakeJedis jedis;
  public FakeWeb3jService rpc;
  public FakeTransactionManager tx;
  public GossipThing gossip;
}
