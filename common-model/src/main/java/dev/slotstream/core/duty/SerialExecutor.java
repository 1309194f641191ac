package dev.slotstream.core.duty;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: a job's state is confined
 * to its serial queue, so it needs no locks while many jobs share a few threads. A task that throws
 * is reported to {@link UncaughtErrors} and the queue moves on to the next.
 */
public final class SerialExecutor implements Executor {
  private final Executor delegate;
  private final UncaughtErrors errors;
  private final Deque<Runnable> tasks = new ArrayDeque<>();
  private boolean running;

  public SerialExecutor(Executor delegate) {
    this(delegate, UncaughtErrors.logging());
  }

  public SerialExecutor(Executor delegate, UncaughtErrors errors) {
    this.delegate = delegate;
    this.errors = errors;
  }

  @Override
  public void execute(Runnable task) {
    synchronized (this) {
      tasks.add(task);
      if (running) {
        return;
      }
      running = true;
    }
    delegate.execute(this::drain);
  }

  private void drain() {
    while (true) {
      Runnable next;
      synchronized (this) {
        next = tasks.poll();
        if (next == null) {
          running = false;
          return;
        }
      }
      try {
        next.run();
      } catch (Throwable t) {
        // Not rethrown: the drain would stop with running still set, and the queue would stall.
        errors.report(UncaughtErrors.Source.JOB_TASK, t);
      }
    }
  }
}
