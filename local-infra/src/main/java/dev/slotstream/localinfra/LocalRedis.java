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
  private final Runnable starter;
  private volatile boolean running = true;

  private LocalRedis(String source, int port, Runnable stopper, Runnable starter) {
    this.source = source;
    this.port = port;
    this.stopper = stopper;
    this.starter = starter;
  }

  /** A Redis that keeps nothing: a restart comes back empty. */
  public static LocalRedis start() {
    return start(null);
  }

  /**
   * A Redis with an append-only file under {@code dataDir} (fsync every second), as a deployment
   * runs it: a stop and {@link #restart} keep the data. {@code null}: nothing is kept.
   */
  public static LocalRedis start(Path dataDir) {
    int port = freePort();
    try {
      var builder = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"");
      if (dataDir == null) {
        builder.setting("appendonly no");
      } else {
        Files.createDirectories(dataDir);
        builder
            .setting("dir " + dataDir.toAbsolutePath())
            .setting("appendonly yes")
            .setting("appendfsync everysec");
      }
      RedisServer server = builder.build();
      server.start();
      awaitPong(port);
      LOG.info("redis started source=embedded-redis port={}", port);
      return new LocalRedis(
          "embedded-redis", port, () -> stopQuietly(server), () -> startQuietly(server, port));
    } catch (IOException | RuntimeException e) {
      LOG.warn("embedded-redis failed to start ({}); trying redis-server on PATH", e.toString());
    }
    return startFromPath(freePort(), dataDir);
  }

  private static LocalRedis startFromPath(int port, Path dataDir) {
    Path binary = findOnPath("redis-server");
    try {
      Path dir = dataDir == null ? Files.createTempDirectory("slotstream-redis") : dataDir;
      Files.createDirectories(dir);
      ProcessBuilder builder =
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
                      dataDir == null ? "no" : "yes",
                      "--dir",
                      dir.toString()))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()));
      java.util.concurrent.atomic.AtomicReference<Process> process =
          new java.util.concurrent.atomic.AtomicReference<>(builder.start());
      awaitPong(port);
      LOG.info("redis started source={} port={}", binary, port);
      return new LocalRedis(
          binary.toString(),
          port,
          () -> process.get().destroy(),
          () -> {
            try {
              process.set(builder.start());
              awaitPong(port);
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
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

  /** Stops the server (its data is gone: nothing is saved); {@link #restart} brings it back. */
  public synchronized void stop() {
    if (running) {
      running = false;
      stopper.run();
      awaitClosed(port);
    }
  }

  /** Starts a stopped server again on the same port. */
  public synchronized void restart() {
    if (!running) {
      starter.run();
      running = true;
    }
  }

  @Override
  public void close() {
    stop();
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

  private static void startQuietly(RedisServer server, int port) {
    try {
      server.start();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    awaitPong(port);
  }

  /** Waits until nothing answers on the port, so a restart binds it again. */
  private static void awaitClosed(int port) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        ping("127.0.0.1", port);
      } catch (IOException e) {
        return;
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  private static void stopQuietly(RedisServer server) {
    try {
      server.stop();
    } catch (IOException e) {
      LOG.warn("embedded-redis stop failed", e);
    }
  }
}
