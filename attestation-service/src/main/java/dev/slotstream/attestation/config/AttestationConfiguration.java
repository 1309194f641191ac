package dev.slotstream.attestation.config;

import dev.slotstream.attestation.finality.FinalQuorumListener;
import dev.slotstream.attestation.finality.LatestFinalCheckpoint;
import dev.slotstream.attestation.finality.RollupL1Tip;
import dev.slotstream.attestation.ingest.AttestationIngestor;
import dev.slotstream.attestation.ingest.AttestationListener;
import dev.slotstream.attestation.ingest.OutageReplayer;
import dev.slotstream.attestation.ingest.OutageTolerantAggregator;
import dev.slotstream.attestation.pool.PoolPruner;
import dev.slotstream.attestation.pool.RedisAttestationPool;
import dev.slotstream.attestation.pool.ResilientAttestationPool;
import dev.slotstream.core.attestation.AttestationAggregator;
import dev.slotstream.core.attestation.AttestationPool;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.duty.DutyScheduler;
import dev.slotstream.core.time.SlotClock;
import dev.slotstream.core.time.Timetable;
import dev.slotstream.gossip.GossipPublisher;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/** Wires the pool, the ingestor and the listener; protocol beans come from node-support. */
@Configuration(proxyBeanMethods = false)
public class AttestationConfiguration {
  /** Name of the circuit breaker and retry instances (resilience4j.*.instances.redis). */
  public static final String REDIS = "redis";

  @Bean
  public AttestationMetrics attestationMetrics(MeterRegistry registry) {
    return new AttestationMetrics(registry);
  }

  /** The Redis pool behind a retry and a circuit breaker; a test may supply its own pool. */
  @Bean
  @ConditionalOnMissingBean
  public AttestationPool attestationPool(
      StringRedisTemplate redis,
      AttestationProperties properties,
      Timetable timetable,
      CircuitBreakerRegistry circuitBreakers,
      RetryRegistry retries) {
    Duration retention = timetable.slotDuration().multipliedBy(properties.retainSlots() + 1L);
    return new ResilientAttestationPool(
        new RedisAttestationPool(redis, properties.redisKeyPrefix(), retention),
        circuitBreakers.circuitBreaker(REDIS),
        retries.retry(REDIS));
  }

  @Bean
  public AttestationAggregator attestationAggregator(
      RollupContext context, AttestationPool pool, AttestationProperties properties) {
    return new AttestationAggregator(context, pool, properties.slotCapacityPerMember());
  }

  @Bean
  public OutageTolerantAggregator outageTolerantAggregator(
      AttestationAggregator aggregator,
      RollupContext context,
      AttestationProperties properties,
      Clock clock) {
    return new OutageTolerantAggregator(
        aggregator,
        context,
        properties.slotCapacityPerMember(),
        properties.outageBuffer(),
        properties.outageProbeInterval(),
        clock);
  }

  /**
   * With {@code slotstream.l1.follow.enabled} (the setting the executing nodes follow L1 with), a
   * parent that is the L1 tip is certified too: after a prune the nodes build on it (§17.4).
   */
  @Bean
  public LatestFinalCheckpoint latestFinalCheckpoint(
      @Value("${slotstream.l1.follow.enabled:false}") boolean followL1,
      @Value("${slotstream.l1.follow.rpc-url:}") String rpcUrl,
      @Value("${slotstream.l1.follow.poll-interval:1s}") Duration tipRefresh,
      RollupContext context) {
    if (!followL1 || rpcUrl.isBlank()) {
      return new LatestFinalCheckpoint();
    }
    Web3j web3j = Web3j.build(new HttpService(rpcUrl));
    return new LatestFinalCheckpoint(
        new RollupL1Tip(web3j, context.rollupAddress().toHex(), tipRefresh));
  }

  @Bean
  public FinalQuorumListener finalQuorumListener(
      LatestFinalCheckpoint latest, RollupContext context, Clock clock) {
    return new FinalQuorumListener(latest, context, clock);
  }

  @Bean
  public AttestationIngestor attestationIngestor(
      OutageTolerantAggregator aggregator,
      LatestFinalCheckpoint latestFinal,
      GossipPublisher publisher,
      AttestationMetrics metrics,
      Timetable timetable,
      Clock clock) {
    return new AttestationIngestor(aggregator, latestFinal, publisher, metrics, timetable, clock);
  }

  @Bean
  public OutageReplayer outageReplayer(
      AttestationIngestor ingestor,
      OutageTolerantAggregator aggregator,
      AttestationProperties properties) {
    return new OutageReplayer(ingestor, aggregator, properties.outageProbeInterval());
  }

  /** Lettuce tries to reconnect every 200 ms (not up to 30 s apart): Redis is used at once when back. */
  @Bean
  public org.springframework.boot.autoconfigure.data.redis.ClientResourcesBuilderCustomizer
      reconnectQuickly() {
    return builder ->
        builder.reconnectDelay(io.lettuce.core.resource.Delay.constant(Duration.ofMillis(200)));
  }

  /**
   * Lettuce fails a command at once while disconnected (instead of queueing it until the command
   * timeout), so a Redis outage costs the consumer nothing per record.
   */
  @Bean
  public org.springframework.boot.autoconfigure.data.redis
          .LettuceClientConfigurationBuilderCustomizer
      rejectWhileDisconnected() {
    return builder ->
        builder.clientOptions(
            io.lettuce.core.ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(
                    io.lettuce.core.ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
  }

  @Bean
  public AttestationListener attestationListener(AttestationIngestor ingestor) {
    return new AttestationListener(ingestor);
  }

  @Bean
  public PoolPruner poolPruner(
      AttestationPool pool,
      SlotClock slotClock,
      DutyScheduler scheduler,
      AttestationProperties properties) {
    return new PoolPruner(pool, slotClock, scheduler, properties.retainSlots());
  }
}
