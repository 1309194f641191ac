package dev.slotstream.attestation.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.attestation.AddOutcome;
import dev.slotstream.core.attestation.AttestationPool;
import dev.slotstream.core.attestation.AttestationPoolContract;
import dev.slotstream.core.attestation.PooledAttestation;
import dev.slotstream.core.testing.AttestationFixtures.Checkpoint;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.gossip.testing.GossipTestInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The contract against a real Redis, plus two pools (two connections) racing on one checkpoint. */
class RedisAttestationPoolTest extends AttestationPoolContract {
  private final String prefix = "test:" + UUID.randomUUID();
  private final List<LettuceConnectionFactory> factories = new ArrayList<>();
  private final RedisAttestationPool pool = newPool();

  /** The Redis under test: local-infra's, or a container's in a subclass. */
  protected RedisStandaloneConfiguration redis() {
    return new RedisStandaloneConfiguration(
        GossipTestInfrastructure.redisHost(), GossipTestInfrastructure.redisPort());
  }

  private RedisAttestationPool newPool() {
    LettuceConnectionFactory factory = new LettuceConnectionFactory(redis());
    factory.afterPropertiesSet();
    factories.add(factory);
    return new RedisAttestationPool(
        new StringRedisTemplate(factory), prefix, Duration.ofMinutes(5));
  }

  @AfterEach
  void closeConnections() {
    factories.forEach(LettuceConnectionFactory::destroy);
  }

  @Override
  protected AttestationPool pool() {
    return pool;
  }

  @Test
  void shouldExpireEveryKeyOfASlot() {
    Checkpoint cp = fixtures.checkpoint(SlotNumber.of(301));
    add(fixtures.pooled(cp, key(0)));
    StringRedisTemplate redis = template();
    var keys = redis.keys(prefix + ":{301}:*");
    assertThat(keys).isNotEmpty();
    assertThat(keys).allSatisfy(k -> assertThat(redis.getExpire(k)).as(k).isPositive());
  }

  @Test
  void shouldRegisterASlotOnceNotOncePerAttestation() {
    Checkpoint cp = fixtures.checkpoint(SlotNumber.of(310));
    long before = zaddCalls();
    for (int k = 0; k < 4; k++) {
      add(fixtures.pooled(cp, key(k)));
    }
    assertThat(zaddCalls() - before).isEqualTo(1);
    assertThat(registeredSlots()).contains("310");
  }

  @Test
  void shouldRegisterASlotAgainWhenItIsAddedToAfterBeingPruned() {
    Checkpoint cp = fixtures.checkpoint(SlotNumber.of(320));
    add(fixtures.pooled(cp, key(0)));
    pool.pruneBefore(SlotNumber.of(321));
    assertThat(registeredSlots()).doesNotContain("320");

    add(fixtures.pooled(cp, key(1)));
    assertThat(registeredSlots()).contains("320");
    assertThat(pool.stats().attestations()).isEqualTo(1);
  }

  @Test
  void shouldRegisterASlotAgainWhenAnotherInstancePrunedIt() {
    RedisAttestationPool other = newPool();
    Checkpoint cp = fixtures.checkpoint(SlotNumber.of(330));
    add(fixtures.pooled(cp, key(0)));
    other.pruneBefore(SlotNumber.of(331));

    add(fixtures.pooled(cp, key(1)));
    assertThat(registeredSlots()).contains("330");
  }

  @Test
  void shouldRegisterASlotAgainAfterRedisLostItsData() {
    Checkpoint cp = fixtures.checkpoint(SlotNumber.of(340));
    add(fixtures.pooled(cp, key(0)));
    // What a restart without persistence, or a FLUSHALL, does to this pool's keys.
    template().delete(template().keys(prefix + ":*"));

    add(fixtures.pooled(cp, key(1)));
    assertThat(registeredSlots()).contains("340");
  }

  private StringRedisTemplate template() {
    StringRedisTemplate template = new StringRedisTemplate(factories.get(0));
    template.afterPropertiesSet();
    return template;
  }

  private Set<String> registeredSlots() {
    return template().opsForZSet().range(prefix + ":slots", 0, -1);
  }

  private long zaddCalls() {
    Properties stats =
        template()
            .execute((RedisCallback<Properties>) c -> c.serverCommands().info("commandstats"));
    String zadd = stats == null ? null : stats.getProperty("cmdstat_zadd");
    if (zadd == null) {
      return 0;
    }
    return Long.parseLong(zadd.replaceFirst("^calls=(\\d+),.*$", "$1"));
  }

  @Test
  void shouldLetExactlyOneOfTwoRacingPoolsClaimEachQuorum() throws Exception {
    RedisAttestationPool other = newPool();
    List<AttestationPool> pools = List.of(pool, other);
    int checkpoints = 40;
    List<Checkpoint> cps = new ArrayList<>();
    for (int i = 0; i < checkpoints; i++) {
      cps.add(fixtures.checkpoint(SlotNumber.of(400 + i)));
    }
    // Both instances receive every attestation (separate consumer groups), in shuffled orders.
    List<Runnable> work = new ArrayList<>();
    Map<Bytes32, AtomicInteger> claims = new ConcurrentHashMap<>();
    for (AttestationPool p : pools) {
      for (Checkpoint cp : cps) {
        for (int k = 0; k < 4; k++) {
          PooledAttestation a = fixtures.pooled(cp, key(k));
          work.add(
              () -> {
                AddOutcome outcome = p.add(a, LIMITS, NOW, UUID.randomUUID().toString());
                if (outcome.claim().isPresent()) {
                  claims
                      .computeIfAbsent(a.proposalPayloadHash(), h -> new AtomicInteger())
                      .incrementAndGet();
                }
              });
        }
      }
    }
    Collections.shuffle(work, new java.util.Random(7));
    ExecutorService executor = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Runnable r : work) {
        futures.add(
            executor.submit(
                () -> {
                  start.await();
                  r.run();
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      executor.shutdownNow();
    }
    assertThat(claims).hasSize(checkpoints);
    assertThat(claims.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(1));
    for (Checkpoint cp : cps) {
      assertThat(all(cp.slot().value())).hasSize(4);
    }
  }
}
