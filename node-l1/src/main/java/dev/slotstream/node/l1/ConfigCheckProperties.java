package dev.slotstream.node.l1;

import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code slotstream.l1.config-check.*}: how long start-up waits for L1 before refusing to start.
 *
 * @param attempts reads of L1 before giving up (the L1 node may start after the publisher)
 * @param backoff wait between two attempts
 */
@ConfigurationProperties("slotstream.l1.config-check")
public record ConfigCheckProperties(Integer attempts, Duration backoff) {
  public ConfigCheckProperties {
    attempts = Objects.requireNonNullElse(attempts, 10);
    backoff = Objects.requireNonNullElse(backoff, Duration.ofSeconds(2));
    if (attempts < 1 || backoff.isNegative()) {
      throw new IllegalArgumentException(
          "slotstream.l1.config-check.attempts >= 1 and backoff >= 0 required");
    }
  }
}
