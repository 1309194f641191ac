package dev.slotstream.gossip;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The {@code kafka} health contributor: the broker answers a describe-cluster within a timeout.
 * Spring Boot has no Kafka health indicator; the services put this one in their readiness group, so
 * a pod that cannot reach the broker (and so can neither gossip nor attest) leaves the Service.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, KafkaAdmin.class})
@ConditionalOnBean(KafkaAdmin.class)
@ConditionalOnProperty(
    prefix = "management.health.kafka",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
public class GossipHealthAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
  public KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin) {
    return new KafkaHealthIndicator(admin, Duration.ofSeconds(2));
  }

  /** UP with the broker count and cluster id once the cluster answers; DOWN otherwise. */
  public static final class KafkaHealthIndicator extends AbstractHealthIndicator
      implements DisposableBean {
    private final KafkaAdmin admin;
    private final Duration timeout;
    private AdminClient client; // guarded by this; created on first check, reused

    KafkaHealthIndicator(KafkaAdmin admin, Duration timeout) {
      super("Kafka health check failed");
      this.admin = admin;
      this.timeout = timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
      DescribeClusterResult cluster =
          client()
              .describeCluster(
                  new DescribeClusterOptions().timeoutMs(Math.toIntExact(timeout.toMillis())));
      long ms = timeout.toMillis();
      String clusterId = cluster.clusterId().get(ms, TimeUnit.MILLISECONDS);
      Collection<Node> nodes = cluster.nodes().get(ms, TimeUnit.MILLISECONDS);
      builder.up().withDetail("clusterId", clusterId).withDetail("brokers", nodes.size());
    }

    private synchronized AdminClient client() {
      if (client == null) {
        client = AdminClient.create(admin.getConfigurationProperties());
      }
      return client;
    }

    @Override
    public synchronized void destroy() {
      if (client != null) {
        client.close(Duration.ofSeconds(1));
      }
    }
  }
}
