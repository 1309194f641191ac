package dev.slotstream.gossip;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.springframework.beans.factory.DisposableBean;

/**
 * The thread every gossip producer of a node is made on, started with the context at its starting
 * thread's priority. A Kafka producer's network thread takes the priority of the thread that makes
 * it, and Spring Kafka makes one at the first send and again after a fatal send error, often from a
 * job or the tx consumer, which run at {@code slotstream.chain.worker-thread-priority} (nice 10 on a
 * validator). Made there, every later send of that producer, a proposal's or an attestation's
 * included, would wait behind block execution.
 */
public final class ProducerMaker implements DisposableBean {
  private final ThreadPoolExecutor thread;

  public ProducerMaker() {
    thread =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              // Inherits, like the context's own threads: without CAP_SYS_NICE a thread set to a
              // higher priority than its creator's stays at its creator's nice value.
              Thread t = new Thread(task, "slotstream-producer-maker");
              t.setDaemon(true);
              return t;
            });
    // Now, on the constructing thread, not at the first producer (that may be a job's thread).
    thread.prestartCoreThread();
  }

  /** What {@code make} returns, made on the maker's thread; the caller waits for it. */
  <T> T make(Callable<T> make) {
    Future<T> made = thread.submit(make);
    try {
      return made.get();
    } catch (InterruptedException e) {
      made.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new KafkaException("producer not made", e.getCause());
    }
  }

  @Override
  public void destroy() {
    thread.shutdownNow();
  }
}
