package dev.slotstream.localinfra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's standalone KRaft broker (broker and controller in one process, {@code kafka.Kafka}) in a
 * JVM of its own, from the jars on this JVM's class path, with its log on disk under {@code dir}.
 * Unlike {@link LocalKafka} it can be stopped, killed and started again on the same ports and log,
 * as a real broker would be: what the devnet and its fault runs need.
 */
public final class KafkaBrokerProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerProcess.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Path dir;
  private final Path properties;
  private final int port;
  private final List<String> javaCommand;
  private volatile Process process;

  private KafkaBrokerProcess(Path dir, Path properties, int port, List<String> javaCommand) {
    this.dir = dir;
    this.properties = properties;
    this.port = port;
    this.javaCommand = javaCommand;
  }

  /** Formats a fresh log under {@code dir} and starts the broker on free ports of 127.0.0.1. */
  public static KafkaBrokerProcess start(Path dir) {
    try {
      Files.createDirectories(dir);
      int port = LocalRedis.freePort();
      int controllerPort = LocalRedis.freePort();
      Path properties = dir.resolve("server.properties");
      Files.writeString(properties, serverProperties(dir, port, controllerPort));
      List<String> java =
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-Xmx512m",
              "-XX:+UseSerialGC",
              "-Djava.awt.headless=true",
              "-cp",
              System.getProperty("java.class.path"));
      KafkaBrokerProcess broker = new KafkaBrokerProcess(dir, properties, port, java);
      broker.format();
      broker.startProcess();
      LOG.info(
          "kafka broker process started bootstrapServers={} dir={}",
          broker.bootstrapServers(),
          dir);
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String serverProperties(Path dir, int port, int controllerPort) {
    Map<String, String> p = new java.util.LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dir.resolve("log").toAbsolutePath().toString());
    p.put("num.partitions", "1");
    // One broker: every internal topic has one replica; few offset partitions start faster.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    // Topics are declared by the services (NewTopic beans), never created by a stray consumer.
    p.put("auto.create.topics.enable", "false");
    // New consumer groups join at once instead of after the default 3 s rebalance delay.
    p.put("group.initial.rebalance.delay.ms", "0");
    StringBuilder out = new StringBuilder("# written by KafkaBrokerProcess\n");
    p.forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
    return out.toString();
  }

  private void format() throws IOException {
    List<String> command = new ArrayList<>(javaCommand);
    command.addAll(
        List.of(
            "kafka.tools.StorageTool",
            "format",
            "-t",
            Uuid.randomUuid().toString(),
            "-c",
            properties.toString()));
    Path log = dir.resolve("format.log");
    Process format =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
        format.destroyForcibly();
        throw new IllegalStateException("kafka storage format failed; see " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      format.destroyForcibly();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private void startProcess() throws IOException {
    List<String> command = new ArrayList<>(javaCommand);
    command.addAll(List.of("kafka.Kafka", properties.toString()));
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
            .start();
    awaitReady();
  }

  /** Waits until the broker answers a describe-cluster with itself as the controller's broker. */
  private void awaitReady() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "kafka broker exited with " + process.exitValue() + "; see " + log());
      }
      if (listening()) {
        try (Admin admin = Admin.create(config)) {
          if (!admin
              .describeCluster(new DescribeClusterOptions().timeoutMs(2000))
              .nodes()
              .get(3, TimeUnit.SECONDS)
              .isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          // not serving yet
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
    throw new IllegalStateException("kafka broker not ready in time; see " + log());
  }

  private boolean listening() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** The broker's own output (appended to across restarts). */
  public Path log() {
    return dir.resolve("kafka.log");
  }

  public boolean isRunning() {
    Process p = process;
    return p != null && p.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** A clean shutdown (SIGTERM: the broker flushes and closes its log). */
  public void stop() {
    end(false);
  }

  /** {@code kill -9}: the broker recovers its log on the next start. */
  public void kill() {
    end(true);
  }

  /** Starts the broker again on the same ports and log. */
  public void restart() {
    if (isRunning()) {
      throw new IllegalStateException("kafka broker is running");
    }
    try {
      note("restart");
      startProcess();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void end(boolean forcibly) {
    Process p = process;
    if (p == null || !p.isAlive()) {
      return;
    }
    note(forcibly ? "kill -9" : "stop");
    if (forcibly) {
      p.destroyForcibly();
    } else {
      p.destroy();
    }
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void note(String what) {
    try (OutputStream out =
        Files.newOutputStream(
            log(),
            java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.APPEND)) {
      out.write(
          ("---- KafkaBrokerProcess: " + what + " at " + java.time.Instant.now() + "\n")
              .getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      LOG.debug("cannot annotate {}", log(), e);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
