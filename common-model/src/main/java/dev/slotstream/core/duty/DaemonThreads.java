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
    return r -> daemon(new Thread(r, name));
  }

  /** Threads named {@code prefix-1}, {@code prefix-2}, … in the order they are made. */
  public static ThreadFactory numbered(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> daemon(new Thread(r, prefix + "-" + n.incrementAndGet()));
  }

  private static Thread daemon(Thread t) {
    t.setDaemon(true);
    return t;
  }
}
