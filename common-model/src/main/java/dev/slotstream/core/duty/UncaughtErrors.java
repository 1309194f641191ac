package dev.slotstream.core.duty;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the core reports an exception it caught and could not hand back to anyone: a job task that
 * threw on a serial executor, a scheduled duty, a failed attestation broadcast. The core only logs
 * ({@link #logging()}); a service binds this to a counter so a silent failure shows on a dashboard.
 */
@FunctionalInterface
public interface UncaughtErrors {
  /** Who caught it. */
  enum Source {
    /** A task of a job's serial executor. */
    JOB_TASK,
    /** A duty run by the duty scheduler. */
    SCHEDULED_DUTY,
    /** Publishing what a validator job signed. */
    ATTESTATION_BROADCAST
  }

  void report(Source source, Throwable error);

  /** Logs at ERROR with the stack trace. */
  static UncaughtErrors logging() {
    return Logging.INSTANCE;
  }

  /** Reports to this, then to {@code next}. */
  default UncaughtErrors andThen(UncaughtErrors next) {
    return (source, error) -> {
      report(source, error);
      next.report(source, error);
    };
  }

  final class Logging implements UncaughtErrors {
    private static final Logger LOG = LoggerFactory.getLogger(UncaughtErrors.class);
    private static final Logging INSTANCE = new Logging();

    private Logging() {}

    @Override
    public void report(Source source, Throwable error) {
      LOG.error("uncaught error source={}", source, error);
    }
  }
}
