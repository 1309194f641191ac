package dev.slotstream.core.duty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.duty.UncaughtErrors.Source;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {
  record Reported(Source source, Throwable error) {}

  private final List<Reported> reported = new CopyOnWriteArrayList<>();
  private final List<String> ran = new CopyOnWriteArrayList<>();

  @Test
  void shouldReportATaskThatThrowsAndRunTheNextOne() {
    SerialExecutor serial =
        new SerialExecutor(Runnable::run, (source, e) -> reported.add(new Reported(source, e)));
    IllegalStateException boom = new IllegalStateException("boom");

    serial.execute(() -> ran.add("first"));
    serial.execute(
        () -> {
          throw boom;
        });
    serial.execute(() -> ran.add("after"));

    assertThat(ran).containsExactly("first", "after");
    assertThat(reported).containsExactly(new Reported(Source.JOB_TASK, boom));
  }
}
