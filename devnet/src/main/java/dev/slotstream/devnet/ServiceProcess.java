package dev.slotstream.devnet;

import dev.slotstream.core.message.Tx;
import dev.slotstream.core.types.Hex;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

/** One service of the devnet: its own JVM running the service's Boot jar, logging to a file. */
final class ServiceProcess implements AutoCloseable {
  /**
   * Seven JVMs share two cores here: small heaps, the serial collector with a small young
   * generation, and C1 alone. With C2 as well, compiler threads used as much CPU as a validator's
   * own work for the first minutes of a load, and a network started cold at 1,000 tx/s fell tens of
   * seconds behind (docs/BENCHMARKS.md, "Run 7"). With the default young generation (a third of the
   * heap) a validator's young collections paused it for 150–550 ms each at 2,000 tx/s, its one GC
   * thread waiting for a core among the other JVMs' threads; with 40 MB, 55–75 ms ("Run 8"). The
   * heap is 352 MB since tx effects and signatures are kept as their encodings: a validator's live
   * set at 2,000 tx/s is 156–199 MB after a full collection, and the JVM adds ~150 MB outside the
   * heap, so each service stays within 512 MB resident ("Run 9").
   */
  static final List<String> JVM_OPTIONS =
      List.of("-Xmx352m", "-Xmn40m", "-XX:+UseSerialGC", "-Xss512k", "-XX:TieredStopAtLevel=1");

  /**
   * The options every service shares: {@link #JVM_OPTIONS}, then those of {@code
   * -Ddevnet.jvm-options="..."} as {@link #jvmOptions(String)} takes them (a collector named there
   * replaces Serial); the class data sharing archives are made with these.
   */
  static List<String> jvmOptions() {
    List<String> options = new ArrayList<>(JVM_OPTIONS);
    layer(options, optionsOf("devnet.jvm-options"));
    return List.copyOf(options);
  }

  /**
   * What the proposer adds to {@link #JVM_OPTIONS}: G1 instead of Serial, a smaller heap, and a
   * young generation G1 sizes itself (16–128 MB, overriding the 40 MB the others pin). A serial
   * full collection stops the proposer for 0.4–0.6 s at 2,000 tx/s (every 20–30 s), and one that
   * falls on a slot's last builds ends the slot LATE; G1 collects the old generation concurrently.
   * With the young generation pinned at 40 MB and a 336 MB heap, G1 paused the proposer for 6.0 s
   * in two minutes at that rate (longest 117 ms); sizing it itself against the 50 ms goal (16–18
   * MB freed a collection), 4.4–4.6 s, but the proposer reached 513–515 MB resident. With 320 MB it
   * stayed at 495–502 MB (pauses 4.9–7.9 s, longest 98–132 ms). With 352 MB the
   * proposer reached 514–515 MB under either collector. The validators stay on Serial: on G1 each
   * went over 512 MB resident, and the network fell behind at 2,000 tx/s (docs/BENCHMARKS.md, "Run
   * 10" and "Run 12").
   */
  static final List<String> PROPOSER_JVM_OPTIONS =
      List.of(
          "-Xmx320m",
          "-XX:NewSize=16m",
          "-XX:MaxNewSize=128m",
          "-XX:+UseG1GC",
          "-XX:MaxGCPauseMillis=50",
          "-XX:ParallelGCThreads=2",
          "-XX:ConcGCThreads=1");

  /**
   * What the validators add: Linux gets the Java thread priorities (the JVM ignores them by
   * default), so execution and tx admission, at {@code slotstream.chain.worker-thread-priority} 1,
   * run at nice 10 and a validator's proposal consumer gets a core before the other validators'
   * execution. The devnet runs as root, which may also raise priorities: the JIT compilers and the
   * VM thread stay at nice 0, as they do for a non-root user (docs/BENCHMARKS.md, "Run 20").
   */
  static final List<String> VALIDATOR_JVM_OPTIONS =
      List.of(
          "-XX:ThreadPriorityPolicy=1",
          "-XX:JavaPriority1_To_OSPriority=10",
          "-XX:CompilerThreadPriority=0",
          "-XX:VMThreadPriority=0");

  /**
   * Carries the service's name ({@code validator-2}) on its command line, so tools that see only
   * processes (ps, jcmd, bin/sched-trace) can tell the devnet's JVMs apart.
   */
  static final String NAME_PROPERTY = "devnet.service";

  private static final Pattern COLLECTOR = Pattern.compile("-XX:[+-]Use\\w+GC");

  /**
   * The options of the service named {@code name} ({@code validator-2}'s role is {@code
   * validator}): {@link #JVM_OPTIONS}, the proposer's {@link #PROPOSER_JVM_OPTIONS} or the
   * validators' {@link #VALIDATOR_JVM_OPTIONS}, then those of
   * {@code -Ddevnet.jvm-options="..."} for every service and of {@code
   * -Ddevnet.jvm-options.<role>="..."} for that role (space-separated). Later options win, and each
   * of these that names a collector replaces the collector chosen before it, so one setting tries a
   * collector on every service.
   */
  static List<String> jvmOptions(String name) {
    String role = name.replaceFirst("-\\d+$", "");
    List<String> options = new ArrayList<>(JVM_OPTIONS);
    layer(
        options,
        switch (role) {
          case "proposer" -> PROPOSER_JVM_OPTIONS;
          case "validator" -> VALIDATOR_JVM_OPTIONS;
          default -> List.of();
        });
    layer(options, optionsOf("devnet.jvm-options"));
    layer(options, optionsOf("devnet.jvm-options." + role));
    return List.copyOf(options);
  }

  private static void layer(List<String> options, List<String> later) {
    if (later.stream().anyMatch(o -> COLLECTOR.matcher(o).matches())) {
      options.removeIf(o -> COLLECTOR.matcher(o).matches());
    }
    options.addAll(later);
  }

  private static List<String> optionsOf(String property) {
    String value = System.getProperty(property, "").strip();
    return value.isEmpty() ? List.of() : List.of(value.split("\\s+"));
  }

  private final String name;
  private final int port;
  private final List<String> command;
  private final Path log;
  private volatile Process process;

  private ServiceProcess(String name, int port, List<String> command, Process process, Path log) {
    this.name = name;
    this.port = port;
    this.command = List.copyOf(command);
    this.process = process;
    this.log = log;
  }

  static ServiceProcess start(
      String name, Path jar, int port, Map<String, String> properties, Path logDir)
      throws IOException {
    return start(name, jar, port, properties, logDir, List.of());
  }

  /** With extra JVM options before the jar, e.g. {@code -XX:StartFlightRecording=…}. */
  static ServiceProcess start(
      String name,
      Path jar,
      int port,
      Map<String, String> properties,
      Path logDir,
      List<String> jvmOptions)
      throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(name + ": no jar at " + jar + " (bin/devnet builds it)");
    }
    return start(name, ClassDataSharing.Launch.jar(jar), port, properties, logDir, jvmOptions);
  }

  /**
   * Started as {@code launch} says: from its Boot jar, or from the extracted jar with its class data
   * sharing archive ({@link ClassDataSharing}).
   */
  static ServiceProcess start(
      String name,
      ClassDataSharing.Launch launch,
      int port,
      Map<String, String> properties,
      Path logDir,
      List<String> jvmOptions)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + NAME_PROPERTY + "=" + name));
    command.addAll(jvmOptions(name));
    command.addAll(jvmOptions);
    command.addAll(launch.arguments());
    command.add("--server.port=" + port);
    properties.forEach((k, v) -> command.add("--" + k + "=" + v));
    Path log = logDir.resolve(name + ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new ServiceProcess(name, port, command, process, log);
  }

  /** {@code kill -9}: no shutdown hook runs, nothing is flushed or left cleanly. */
  void kill() {
    Process p = process;
    p.destroyForcibly();
    try {
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts the service again with the same command line (port, data and signing record), appending to its log. */
  void restart() throws IOException {
    if (process.isAlive()) {
      throw new IllegalStateException(name + " is running");
    }
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String name() {
    return name;
  }

  int port() {
    return port;
  }

  Path log() {
    return log;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** {@code POST /api/v1/txs/batch} of {@code txs} (at most SubmitBatchRequest.MAX_TXS). */
  HttpRequest batchRequest(List<Tx> txs) {
    StringBuilder body = new StringBuilder(txs.size() * 420).append("{\"txs\":[");
    for (int i = 0; i < txs.size(); i++) {
      body.append(i == 0 ? "\"" : ",\"").append(Hex.encode(txs.get(i).encode())).append('"');
    }
    body.append("]}");
    return HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/txs/batch"))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
  }

  /** Waits until the service reports itself ready, or fails naming its log. */
  void awaitReady(HttpClient http, Instant deadline) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
            .timeout(Duration.ofSeconds(2))
            .build();
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + "; see " + log);
      }
      try {
        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
    }
    throw new IllegalStateException(name + " not ready in time; see " + log);
  }

  /** Waits until the service's log shows {@code pattern}, or fails naming its log. */
  void awaitLog(java.util.regex.Pattern pattern, Instant deadline) {
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + "; see " + log);
      }
      try {
        if (Files.isRegularFile(log)
            && pattern
                .matcher(Files.readString(log, java.nio.charset.StandardCharsets.UTF_8))
                .find()) {
          return;
        }
      } catch (IOException | java.io.UncheckedIOException e) {
        // being written: read again
      }
      LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
    }
    throw new IllegalStateException(name + " did not log " + pattern + " in time; see " + log);
  }

  /**
   * The JVM's resident memory now, its peak so far and how much of it now is mapped files
   * (VmRSS, VmHWM, RssFile of /proc/PID/status), in bytes; empty where there is no /proc (not
   * Linux) or the process has exited.
   */
  java.util.Optional<Memory> memory() {
    Process p = process;
    Path status = Path.of("/proc", Long.toString(p.pid()), "status");
    try {
      long rss = -1;
      long peak = -1;
      long files = 0;
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmRSS:")) {
          rss = kilobytes(line) * 1024;
        } else if (line.startsWith("VmHWM:")) {
          peak = kilobytes(line) * 1024;
        } else if (line.startsWith("RssFile:")) {
          files = kilobytes(line) * 1024;
        }
      }
      return rss < 0 || peak < 0
          ? java.util.Optional.empty()
          : java.util.Optional.of(new Memory(rss, peak, files));
    } catch (IOException | RuntimeException e) {
      return java.util.Optional.empty();
    }
  }

  /**
   * Resident set size now and at its peak, and the part of it now that is mapped files (the class
   * data sharing archive, the jar): clean pages that every service mapping the same file shares
   * and the kernel can drop, unlike the heap's.
   */
  record Memory(long residentBytes, long peakResidentBytes, long mappedFileBytes) {
    String describe() {
      return String.format(
          "%d MB (peak %d MB; %d MB mapped files)",
          residentBytes >> 20, peakResidentBytes >> 20, mappedFileBytes >> 20);
    }
  }

  /** "name N MB (peak M MB), ..." of each service whose memory is readable; "" if none is. */
  static String describeMemory(java.util.Collection<ServiceProcess> services) {
    List<String> parts = new ArrayList<>();
    for (ServiceProcess s : services) {
      s.memory().ifPresent(m -> parts.add(s.name() + " " + m.describe()));
    }
    return String.join(", ", parts);
  }

  private static long kilobytes(String statusLine) {
    // "VmRSS:\t  123456 kB"
    String[] parts = statusLine.trim().split("\\s+");
    return Long.parseLong(parts[1]);
  }

  @Override
  public void close() {
    Process process = this.process;
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
