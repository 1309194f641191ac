package dev.slotstream.core.duty;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factories for a node's own executors. Their threads are daemons, so a node stops when its
 * application context does and not when the last of its tasks ends, and they are named, so a thread
 * dump or a profile says whose work each thread does.
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** Every thread named {@code name}: an executor of one thread, or of threads alike. */
  public static ThreadFactory named(String name) {
    return r -> daemon(new Thread(r, name), Thread.NORM_PRIORITY);
  }

  /** Threads named {@code prefix-1}, {@code prefix-2}, … in the order they are made. */
  public static ThreadFactory numbered(String prefix) {
    return numbered(prefix, Thread.NORM_PRIORITY);
  }

  /**
   * {@link #numbered(String)} at Java priority {@code priority} ({@link Thread#MIN_PRIORITY} to
   * {@link Thread#MAX_PRIORITY}). On Linux the JVM passes it to the kernel only with {@code
   * -XX:ThreadPriorityPolicy=1}; otherwise every thread runs alike.
   */
  public static ThreadFactory numbered(String prefix, int priority) {
    if (priority < Thread.MIN_PRIORITY || priority > Thread.MAX_PRIORITY) {
      throw new IllegalArgumentException(
          "thread priority " + priority + " is outside 1..10 (Thread.MIN_PRIORITY..MAX_PRIORITY)");
    }
    AtomicInteger n = new AtomicInteger();
    return r -> daemon(new Thread(r, prefix + "-" + n.incrementAndGet()), priority);
  }

  /**
   * The priority is set, never inherited: a thread takes its creator's, and an executor made lazily
   * from a low-priority worker would otherwise run its threads low as well.
   */
  private static Thread daemon(Thread t, int priority) {
    t.setDaemon(true);
    t.setPriority(priority);
    return t;
  }
}
