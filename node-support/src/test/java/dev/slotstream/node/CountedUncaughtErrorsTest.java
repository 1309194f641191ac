package dev.slotstream.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.duty.DutyScheduler;
import dev.slotstream.core.duty.UncaughtErrors;
import dev.slotstream.core.duty.UncaughtErrors.Source;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class CountedUncaughtErrorsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private double count(MeterRegistry registry, String component) {
    return registry.get(CountedUncaughtErrors.METER).tag("component", component).counter().count();
  }

  @Test
  void shouldLogAndCountEachErrorUnderItsComponent(CapturedOutput output) {
    UncaughtErrors errors = new CountedUncaughtErrors(registry);

    errors.report(Source.ATTESTATION_BROADCAST, new IllegalStateException("broker down"));

    assertThat(count(registry, "attestation_broadcast")).isEqualTo(1);
    assertThat(count(registry, "job_task")).isZero();
    assertThat(output)
        .contains("uncaught error source=ATTESTATION_BROADCAST")
        .contains("broker down");
  }

  @Test
  void shouldCountADutyThatThrowsOnTheNodesScheduler(CapturedOutput output) {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(NodeAutoConfiguration.class))
        .withPropertyValues(NodeAutoConfigurationTest.DEVNET)
        .withBean(MeterRegistry.class, () -> registry)
        .run(
            context -> {
              assertThat(context.getBean(UncaughtErrors.class))
                  .isInstanceOf(CountedUncaughtErrors.class);
              DutyScheduler scheduler = context.getBean(DutyScheduler.class);

              CompletableFuture<Void> duty =
                  scheduler.at(
                      scheduler.clock().instant(),
                      () -> {
                        throw new IllegalStateException("duty exploded");
                      });

              assertThatThrownBy(() -> duty.get(5, TimeUnit.SECONDS))
                  .isInstanceOf(ExecutionException.class);
              assertThat(count(registry, "scheduled_duty")).isEqualTo(1);
              assertThat(output)
                  .contains("uncaught error source=SCHEDULED_DUTY")
                  .contains("duty exploded");
            });
  }

  @Test
  void shouldOnlyLogWithoutAMeterRegistry() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(NodeAutoConfiguration.class))
        .withPropertyValues(NodeAutoConfigurationTest.DEVNET)
        .run(
            context ->
                assertThat(context.getBean(UncaughtErrors.class))
                    .isSameAs(UncaughtErrors.logging()));
  }
}
