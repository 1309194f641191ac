package dev.slotstream.proposer.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.crypto.SigningKey;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code slotstream.proposer.last-block-budget}, from the property to the job's config. */
class ProposerPropertiesTest {
  private static final SigningKey KEY = SigningKey.fromSeed("validator-0");

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
          .withUserConfiguration(Properties.class);

  @EnableConfigurationProperties(ProposerProperties.class)
  static class Properties {}

  /** The last-block budget a job gets from {@code properties}. */
  private Optional<Duration> jobBudget(String... properties) {
    AtomicReference<Optional<Duration>> budget = new AtomicReference<>();
    runner
        .withPropertyValues(properties)
        .run(
            context ->
                budget.set(
                    context
                        .getBean(ProposerProperties.class)
                        .configFor(KEY, 1024)
                        .lastBlockBudget()));
    return budget.get();
  }

  @Test
  void theLastBlockBudgetDefaultsTo10MillisecondsAndReachesTheJobConfig() {
    assertThat(jobBudget()).contains(Duration.ofMillis(10));
    assertThat(jobBudget("slotstream.proposer.last-block-budget=120ms"))
        .contains(Duration.ofMillis(120));
  }

  @Test
  void zeroMeansNoLimitOnTheLastBlock() {
    assertThat(jobBudget("slotstream.proposer.last-block-budget=0")).isEmpty();
  }

  @Test
  void aNegativeBudgetIsRefusedAtStartWithItsReason() {
    runner
        .withPropertyValues("slotstream.proposer.last-block-budget=-5ms")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("last-block-budget must not be negative");
            });
  }
}
