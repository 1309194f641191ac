package dev.slotstream.validator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A pass-through HTTP proxy in front of a real L1 node (Anvil) that records every JSON-RPC call a
 * node makes, and can hold its {@code eth_getLogs} calls until released: what a test needs to see
 * which L1 blocks a node asked for, and what the node does before it has the answer. It forwards
 * the request bytes unchanged and returns L1's answer unchanged.
 */
public final class L1RpcRecorder implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One JSON-RPC call as the node sent it. */
  public record Call(String method, JsonNode params) {}

  private final URI target;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(daemon());
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private volatile CountDownLatch logsHeld;

  public L1RpcRecorder(String targetRpcUrl) {
    this.target = URI.create(targetRpcUrl);
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public String rpcUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  public void clear() {
    calls.clear();
  }

  /** The {@code fromBlock} of every {@code eth_getLogs} call, in order. */
  public List<Long> logsFromBlocks() {
    List<Long> from = new ArrayList<>();
    for (Call c : calls) {
      if (c.method().equals("eth_getLogs")) {
        from.add(Long.decode(c.params().get(0).get("fromBlock").asText()));
      }
    }
    return from;
  }

  /** From now on every {@code eth_getLogs} call waits (at most 30 s) for {@link #releaseLogs}. */
  public void holdLogs() {
    logsHeld = new CountDownLatch(1);
  }

  public void releaseLogs() {
    CountDownLatch held = logsHeld;
    logsHeld = null;
    if (held != null) {
      held.countDown();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      JsonNode request = JSON.readTree(body);
      boolean getLogs = false;
      Iterable<JsonNode> each = request.isArray() ? request : List.of(request);
      for (JsonNode call : each) {
        String method = call.path("method").asText();
        calls.add(new Call(method, call.path("params")));
        getLogs |= method.equals("eth_getLogs");
      }
      CountDownLatch held = logsHeld;
      if (getLogs && held != null) {
        held.await(30, TimeUnit.SECONDS);
      }
      HttpResponse<byte[]> answer =
          client.send(
              HttpRequest.newBuilder(target)
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer.body());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "l1-rpc-recorder");
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    releaseLogs();
    server.stop(0);
    executor.shutdownNow();
  }
}
