package dev.slotstream.devnet;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Sends requests with at most {@code limit} of them awaiting an answer, as a client with a pool of
 * {@code limit} connections does; the others wait their turn here, in order, and {@link #send}
 * never blocks, so the load stays open-loop (the time a request waited here is in its latency,
 * which is measured from its scheduled instant). Without the limit, the JDK's HTTP/1.1 client opens
 * a connection for every request that finds none idle: one slow second at 1,500 tx/s left ~2,750
 * connections open on the proposer (docs/BENCHMARKS.md, "Run 17").
 */
final class BoundedHttpSender {
  private record Pending(
      HttpRequest request, BiConsumer<? super HttpResponse<String>, ? super Throwable> answer) {}

  private final Function<HttpRequest, CompletableFuture<HttpResponse<String>>> transport;
  private final int limit;
  private final Queue<Pending> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();

  BoundedHttpSender(HttpClient http, int limit) {
    this(request -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()), limit);
  }

  BoundedHttpSender(
      Function<HttpRequest, CompletableFuture<HttpResponse<String>>> transport, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive, got " + limit);
    }
    this.transport = transport;
    this.limit = limit;
  }

  /** Queues {@code request}; {@code answer} gets its response or what failed. */
  void send(
      HttpRequest request, BiConsumer<? super HttpResponse<String>, ? super Throwable> answer) {
    waiting.add(new Pending(request, answer));
    sendWaiting();
  }

  int inFlight() {
    return inFlight.get();
  }

  int waiting() {
    return waiting.size();
  }

  /** Forgets the requests not sent yet (their answers are never called); returns how many. */
  int dropWaiting() {
    int dropped = 0;
    while (waiting.poll() != null) {
      dropped++;
    }
    return dropped;
  }

  @SuppressWarnings("FutureReturnValueIgnored") // the callback hands on each answer
  private void sendWaiting() {
    while (!waiting.isEmpty()) {
      int now = inFlight.get();
      if (now >= limit) {
        return;
      }
      if (!inFlight.compareAndSet(now, now + 1)) {
        continue;
      }
      Pending next = waiting.poll();
      if (next == null) {
        inFlight.decrementAndGet();
        continue;
      }
      CompletableFuture<HttpResponse<String>> sent;
      try {
        sent = transport.apply(next.request());
      } catch (RuntimeException e) {
        // Answered here rather than through a failed future, whose callback would recurse.
        try {
          next.answer().accept(null, e);
        } finally {
          inFlight.decrementAndGet();
        }
        continue;
      }
      sent.whenComplete(
          (response, error) -> {
            try {
              next.answer().accept(response, error);
            } finally {
              inFlight.decrementAndGet();
              sendWaiting();
            }
          });
    }
  }
}
