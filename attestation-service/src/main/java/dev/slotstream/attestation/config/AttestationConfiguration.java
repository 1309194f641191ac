package dev.slotstream.attestation.config;

import dev.slotstream.attestation.ingest.AttestationIngestor;
import dev.slotstream.attestation.ingest.AttestationListener;
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
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

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
  public AttestationIngestor attestationIngestor(
      AttestationAggregator aggregator,
      GossipPublisher publisher,
      AttestationMetrics metrics,
      Clock clock) {
    return new AttestationIngestor(aggregator, publisher, metrics, clock);
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
