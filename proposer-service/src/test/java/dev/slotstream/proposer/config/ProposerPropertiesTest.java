package dev.slotstream.proposer.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.crypto.SigningKey;
import java.time.Duration;
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

  @Test
  void theLastBlockBudgetDefaultsTo10MillisecondsAndReachesTheJobConfig() {
    runner.run(
        context ->
            assertThat(context.getBean(ProposerProperties.class).configFor(KEY, 1024))
                .satisfies(c -> assertThat(c.lastBlockBudget()).contains(Duration.ofMillis(10))));
    runner
        .withPropertyValues("slotstream.proposer.last-block-budget=120ms")
        .run(
            context ->
                assertThat(
                        context
                            .getBean(ProposerProperties.class)
                            .configFor(KEY, 1024)
                            .lastBlockBudget())
                    .contains(Duration.ofMillis(120)));
  }

  @Test
  void zeroMeansNoLimitOnTheLastBlock() {
    runner
        .withPropertyValues("slotstream.proposer.last-block-budget=0")
        .run(
            context ->
                assertThat(
                        context
                            .getBean(ProposerProperties.class)
                            .configFor(KEY, 1024)
                            .lastBlockBudget())
                    .isEmpty());
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
