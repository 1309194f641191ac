package dev.slotstream.attestation.pool;

import dev.slotstream.gossip.testing.ContainerInfrastructure;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;

/**
 * The pool's contract, key expiry and the two-instance race (all of {@link
 * RedisAttestationPoolTest}) against the Redis server the deployment runs, from its image in a
 * container, with a password as in docker-compose.yml. Skipped, with the reason, without a Docker
 * engine or the Redis image (see {@link ContainerInfrastructure}).
 */
@ExtendWith(ContainerInfrastructure.RequiresRedis.class)
class RedisAttestationPoolContainerTest extends RedisAttestationPoolTest {
  @Override
  protected RedisStandaloneConfiguration redis() {
    RedisStandaloneConfiguration configuration =
        new RedisStandaloneConfiguration(
            ContainerInfrastructure.redisHost(), ContainerInfrastructure.redisPort());
    configuration.setPassword(RedisPassword.of(ContainerInfrastructure.REDIS_PASSWORD));
    return configuration;
  }
}
