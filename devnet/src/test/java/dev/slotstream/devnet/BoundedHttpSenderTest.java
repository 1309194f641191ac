package dev.slotstream.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedHttpSenderTest {
  private final List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
  private final List<String> sentPaths = new ArrayList<>();
  private final List<String> answered = new CopyOnWriteArrayList<>();

  private BoundedHttpSender sender(int limit) {
    return new BoundedHttpSender(
        request -> {
          sentPaths.add(request.uri().getPath());
          CompletableFuture<HttpResponse<String>> f = new CompletableFuture<>();
          sent.add(f);
          return f;
        },
        limit);
  }

  private void send(BoundedHttpSender sender, String path) {
    sender.send(
        HttpRequest.newBuilder(URI.create("http://localhost" + path)).build(),
        (response, error) -> answered.add(path + (error == null ? "" : " " + error.getMessage())));
  }

  @Test
  void sendsAtMostTheLimitAndTheRestInOrderAsAnswersComeBack() {
    BoundedHttpSender sender = sender(2);
    for (int i = 0; i < 5; i++) {
      send(sender, "/" + i);
    }
    assertThat(sentPaths).containsExactly("/0", "/1");
    assertThat(sender.inFlight()).isEqualTo(2);
    assertThat(sender.waiting()).isEqualTo(3);

    sent.get(1).complete(null);
    assertThat(answered).containsExactly("/1");
    assertThat(sentPaths).containsExactly("/0", "/1", "/2");

    sent.get(0).completeExceptionally(new ConnectException("refused"));
    sent.get(2).complete(null);
    assertThat(answered).containsExactly("/1", "/0 refused", "/2");
    assertThat(sentPaths).containsExactly("/0", "/1", "/2", "/3", "/4");
    assertThat(sender.waiting()).isZero();

    sent.get(3).complete(null);
    sent.get(4).complete(null);
    assertThat(answered).hasSize(5);
    assertThat(sender.inFlight()).isZero();
  }

  @Test
  void droppedRequestsAreNeverSentNorAnswered() {
    BoundedHttpSender sender = sender(1);
    for (int i = 0; i < 4; i++) {
      send(sender, "/" + i);
    }
    assertThat(sender.dropWaiting()).isEqualTo(3);
    sent.get(0).complete(null);
    assertThat(sentPaths).containsExactly("/0");
    assertThat(answered).containsExactly("/0");
    assertThat(sender.waiting()).isZero();
    assertThat(sender.inFlight()).isZero();
  }

  @Test
  void aRequestTheTransportThrowsOnIsAnsweredWithTheErrorAndFreesItsPlace() {
    BoundedHttpSender sender =
        new BoundedHttpSender(
            request -> {
              throw new IllegalStateException("client closed");
            },
            1);
    for (int i = 0; i < 3; i++) {
      send(sender, "/" + i);
    }
    assertThat(answered)
        .containsExactly("/0 client closed", "/1 client closed", "/2 client closed");
    assertThat(sender.inFlight()).isZero();
  }

  @Test
  void aLimitBelowOneIsRefused() {
    assertThatThrownBy(() -> sender(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
  }

  @Test
  void theJdkClientBehindItUsesNoMoreConnectionsThanTheLimit() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger mostConcurrent = new AtomicInteger();
    Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    server.createContext(
        "/",
        exchange -> {
          int now = concurrent.incrementAndGet();
          mostConcurrent.accumulateAndGet(now, Math::max);
          clientPorts.add(exchange.getRemoteAddress().getPort());
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          concurrent.decrementAndGet();
          exchange.sendResponseHeaders(202, -1);
          exchange.close();
        });
    ExecutorService handlers = Executors.newFixedThreadPool(16);
    server.setExecutor(handlers);
    server.start();
    try {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      BoundedHttpSender sender = new BoundedHttpSender(http, 3);
      int requests = 30;
      CountDownLatch answered = new CountDownLatch(requests);
      List<Integer> statuses = new CopyOnWriteArrayList<>();
      URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/txs");
      for (int i = 0; i < requests; i++) {
        sender.send(
            HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("tx")).build(),
            (response, error) -> {
              statuses.add(error == null ? response.statusCode() : -1);
              answered.countDown();
            });
      }
      assertThat(answered.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(statuses).hasSize(requests).containsOnly(202);
      assertThat(mostConcurrent.get()).isBetween(1, 3);
      // Reused connections: without the limit the client opens one per request in flight.
      assertThat(clientPorts.size()).isLessThanOrEqualTo(3 + 1);
    } finally {
      server.stop(0);
      handlers.shutdownNow();
    }
  }
}
