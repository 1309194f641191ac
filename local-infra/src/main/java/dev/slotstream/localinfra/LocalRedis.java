package dev.slotstream.localinfra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * A real Redis on a free port of 127.0.0.1: the binary shipped in embedded-redis, or {@code
 * redis-server} from PATH when that one cannot start here.
 */
public final class LocalRedis implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalRedis.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private final String source;
  private final int port;
  private final Runnable stopper;

  private LocalRedis(String source, int port, Runnable stopper) {
    this.source = source;
    this.port = port;
    this.stopper = stopper;
  }

  public static LocalRedis start() {
    int port = freePort();
    try {
      RedisServer server =
          RedisServer.newRedisServer()
              .port(port)
              .bind("127.0.0.1")
              .setting("save \"\"")
              .setting("appendonly no")
              .build();
      server.start();
      awaitPong(port);
      LOG.info("redis started source=embedded-redis port={}", port);
      return new LocalRedis("embedded-redis", port, () -> stopQuietly(server));
    } catch (IOException | RuntimeException e) {
      LOG.warn("embedded-redis failed to start ({}); trying redis-server on PATH", e.toString());
    }
    return startFromPath(freePort());
  }

  private static LocalRedis startFromPath(int port) {
    Path binary = findOnPath("redis-server");
    try {
      Path dir = Files.createTempDirectory("slotstream-redis");
      Process process =
          new ProcessBuilder(
                  List.of(
                      binary.toString(),
                      "--port",
                      Integer.toString(port),
                      "--bind",
                      "127.0.0.1",
                      "--save",
                      "",
                      "--appendonly",
                      "no",
                      "--dir",
                      dir.toString()))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("redis.log").toFile())
              .start();
      awaitPong(port);
      LOG.info("redis started source={} port={}", binary, port);
      return new LocalRedis(binary.toString(), port, process::destroy);
    } catch (IOException e) {
      throw new IllegalStateException("could not start " + binary, e);
    }
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  /** "embedded-redis" or the path of the binary from PATH. */
  public String source() {
    return source;
  }

  @Override
  public void close() {
    stopper.run();
  }

  /** One RESP PING round trip; returns the reply line, e.g. {@code +PONG}. */
  public static String ping(String host, int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1000);
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
        line.append((char) c);
      }
      return line.toString();
    }
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }

  private static Path findOnPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "embedded-redis did not start and no " + name + " on PATH (apt-get install redis-server)");
  }

  /** Sends PING until the server answers PONG; a process needs a moment to open its port. */
  private static void awaitPong(int port) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    IOException last = null;
    while (System.nanoTime() < deadline) {
      try {
        if ("+PONG".equals(ping("127.0.0.1", port))) {
          return;
        }
      } catch (IOException e) {
        last = e;
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
    throw new IllegalStateException("redis did not answer PING on port " + port, last);
  }

  private static void stopQuietly(RedisServer server) {
    try {
      server.stop();
    } catch (IOException e) {
      LOG.warn("embedded-redis stop failed", e);
    }
  }
}
