package dev.slotstream.compose;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker-compose.yml driven through the compose CLI (Compose v2's {@code docker compose}, or
 * Debian's docker-compose 1.29; see {@link #composeCommand()}) as its own project, with every host port moved to a free one so that it
 * runs next to anything else on the machine.
 */
final class ComposeStack {
  static final String COMPOSE_PROPERTY = "slotstream.compose";
  static final String COMPOSE_ENV = "SLOTSTREAM_COMPOSE";
  private static final List<String> V1 = List.of("docker-compose");
  private static final List<String> V2 = List.of("docker", "compose");

  /** The image variables of docker-compose.yml: official image, offline equivalent. */
  static final Map<String, List<String>> IMAGES =
      Map.of(
          "KAFKA_IMAGE", List.of("apache/kafka:3.9.1", "slotstream-offline/kafka:3.9.2"),
          "REDIS_IMAGE", List.of("redis:7", "slotstream-offline/redis:7"),
          "ANVIL_IMAGE", List.of("ghcr.io/foundry-rs/foundry:stable", "slotstream-offline/anvil:1"),
          "JRE_IMAGE", List.of("eclipse-temurin:17-jre", "slotstream-offline/jre:17"));

  static final List<String> PORT_VARIABLES =
      List.of(
          "PROPOSER_HOST_PORT",
          "VALIDATOR_0_HOST_PORT",
          "VALIDATOR_1_HOST_PORT",
          "VALIDATOR_2_HOST_PORT",
          "VALIDATOR_3_HOST_PORT",
          "ATTESTATION_HOST_PORT",
          "L1_PUBLISHER_HOST_PORT",
          "KAFKA_HOST_PORT",
          "REDIS_HOST_PORT",
          "ANVIL_HOST_PORT");

  private static final Pattern PORT_TAKEN =
      Pattern.compile(
          ".*(port is already allocated|address already in use).*", Pattern.CASE_INSENSITIVE);

  record Result(int exitCode, String output) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  private final Path repo;
  private final List<String> compose;
  private final String project;
  private final Map<String, String> env = new LinkedHashMap<>();

  private ComposeStack(Path repo, List<String> compose, String project) {
    this.repo = repo;
    this.compose = compose;
    this.project = project;
  }

  /**
   * Why this machine cannot run the stack, or empty if it can: an engine must answer and a compose
   * CLI must exist.
   */
  static Optional<String> unavailable() {
    Result info =
        run(List.of("docker", "info", "--format", "{{.ServerVersion}}"), Duration.ofSeconds(20));
    if (!info.ok()) {
      return Optional.of(
          "no Docker engine answers (`docker info`: " + firstLine(info.output()) + ")");
    }
    if (composeCommand().isEmpty()) {
      return Optional.of(
          "Docker engine found but no compose CLI answers ("
              + requested()
                  .map(v -> "asked for " + v)
                  .orElse("neither `docker compose` nor docker-compose")
              + ")");
    }
    return Optional.empty();
  }

  static ComposeStack create(Path repo, String project) {
    return new ComposeStack(repo, composeCommand().orElseThrow(), project);
  }

  /**
   * {@code up -d} on host ports chosen just before it; if one was taken between choosing and
   * binding it (Docker answers "port is already allocated"), the project goes down and up again on
   * other ports, {@code attempts} times at most.
   */
  Result up(Duration timeout, int attempts) {
    Result up = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      choosePorts();
      up = compose(timeout, "up", "-d", "--no-build");
      Matcher taken = PORT_TAKEN.matcher(up.output());
      if (up.ok() || !taken.find()) {
        return up;
      }
      System.out.printf(
          "ComposeStack: a host port was taken before compose bound it (attempt %d of %d): %s%n",
          attempt, attempts, taken.group());
      compose(Duration.ofMinutes(3), "down", "-v", "--remove-orphans", "-t", "5");
    }
    return up;
  }

  /**
   * Moves every host port to a free one below the kernel's ephemeral range: a port from that range
   * (what {@code new ServerSocket(0)} hands out) can be taken by any outgoing connection in the
   * minutes before compose binds it.
   */
  private void choosePorts() {
    int low = 10_000;
    int high = Math.max(firstEphemeralPort(), low + 1_000);
    List<Integer> chosen = new ArrayList<>();
    for (String variable : PORT_VARIABLES) {
      int port;
      do {
        port = ThreadLocalRandom.current().nextInt(low, high);
      } while (chosen.contains(port) || !bindable(port));
      chosen.add(port);
      env.put(variable, Integer.toString(port));
    }
  }

  /**
   * Chooses, for each image variable the caller did not set, the official image if the engine has
   * it, else the offline one; returns the images neither of which is present.
   */
  List<String> chooseImages() {
    List<String> missing = new ArrayList<>();
    IMAGES.forEach(
        (variable, candidates) -> {
          String preset = System.getenv(variable);
          if (preset != null && !preset.isBlank()) {
            env.put(variable, preset);
            if (!imagePresent(preset)) {
              missing.add(preset);
            }
            return;
          }
          candidates.stream()
              .filter(ComposeStack::imagePresent)
              .findFirst()
              .ifPresentOrElse(
                  image -> env.put(variable, image),
                  () -> missing.add(String.join(" or ", candidates)));
        });
    return missing;
  }

  Map<String, String> env() {
    return env;
  }

  /** The host ports the project's services are published on. */
  Map<String, String> ports() {
    Map<String, String> ports = new LinkedHashMap<>();
    PORT_VARIABLES.forEach(variable -> ports.put(variable, env.get(variable)));
    return ports;
  }

  int port(String variable) {
    return Integer.parseInt(env.get(variable));
  }

  Result compose(Duration timeout, String... args) {
    List<String> command = new ArrayList<>(compose);
    command.addAll(List.of("-p", project, "-f", repo.resolve("docker-compose.yml").toString()));
    command.addAll(List.of(args));
    return run(command, timeout, repo, env);
  }

  /** The container id of a compose service, if it has one. */
  Optional<String> container(String service) {
    // -a: v2's ps lists only running containers by default (1.29's lists all), and an exited
    // one-shot (l1-deploy) or killed service must still be found.
    Result r = compose(Duration.ofSeconds(30), "ps", "-a", "-q", service);
    String id = r.output().strip();
    return r.ok() && !id.isEmpty()
        ? Optional.of(id.lines().reduce((a, b) -> b).orElseThrow())
        : Optional.empty();
  }

  /** {@code docker inspect}'s health status ("healthy", "starting", ...) or its plain state. */
  String health(String service) {
    return container(service)
        .map(
            id ->
                run(
                        List.of(
                            "docker",
                            "inspect",
                            "--format",
                            "{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}",
                            id),
                        Duration.ofSeconds(20))
                    .output()
                    .strip())
        .orElse("absent");
  }

  static boolean imagePresent(String image) {
    return run(List.of("docker", "image", "inspect", image), Duration.ofSeconds(20)).ok();
  }

  static Result run(List<String> command, Duration timeout) {
    return run(command, timeout, Path.of("."), Map.of());
  }

  static Result run(List<String> command, Duration timeout, Path dir, Map<String, String> env) {
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return new Result(-1, command.get(0) + ": " + e.getMessage());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread pump =
        new Thread(
            () -> {
              try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
              } catch (IOException e) {
                // the process ended; what was read is kept
              }
            });
    pump.start();
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        pump.join(5000);
        return new Result(
            -2,
            "timed out after "
                + timeout
                + ": "
                + String.join(" ", command)
                + "\n"
                + out.toString(StandardCharsets.UTF_8));
      }
      pump.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      return new Result(-3, "interrupted");
    }
    return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
  }

  void writeLogs(Path file) {
    Result logs = compose(Duration.ofMinutes(1), "logs", "--no-color", "--tail", "300");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, logs.output());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The compose CLI to use: {@code -Dslotstream.compose=v1|v2} or {@code SLOTSTREAM_COMPOSE=v1|v2}
   * ({@code v1} = Debian's {@code docker-compose} 1.29, {@code v2} = the {@code docker compose}
   * plugin) if set, and then only that one; otherwise v2 if it answers, else v1.
   */
  static Optional<List<String>> composeCommand() {
    String chosen = requested().orElse("auto");
    List<List<String>> candidates =
        switch (chosen) {
          case "v1", "docker-compose" -> List.of(V1);
          case "v2", "docker compose" -> List.of(V2);
          case "auto" -> List.of(V2, V1);
          default ->
              throw new IllegalArgumentException(
                  COMPOSE_PROPERTY + " / " + COMPOSE_ENV + " must be v1 or v2, not " + chosen);
        };
    return candidates.stream().filter(ComposeStack::answers).findFirst();
  }

  private static Optional<String> requested() {
    return Optional.ofNullable(System.getProperty(COMPOSE_PROPERTY))
        .map(String::strip)
        .filter(v -> !v.isEmpty())
        .or(
            () ->
                Optional.ofNullable(System.getenv(COMPOSE_ENV))
                    .map(String::strip)
                    .filter(v -> !v.isEmpty()));
  }

  /** What {@code compose version} says, for the report line. */
  String version() {
    return firstLine(run(concat(compose, "version"), Duration.ofSeconds(20)).output());
  }

  private static boolean answers(List<String> command) {
    return run(concat(command, "version"), Duration.ofSeconds(20)).ok();
  }

  private static List<String> concat(List<String> command, String arg) {
    List<String> out = new ArrayList<>(command);
    out.add(arg);
    return out;
  }

  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The start of Linux's ip_local_port_range, or of its default where that file is absent. */
  private static int firstEphemeralPort() {
    try {
      // Not Files.readString: on JDK 17 it read this procfs file as "3" (the file reports size 0).
      List<String> range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
      return Integer.parseInt(range.get(0).trim().split("\\s+", 2)[0]);
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }

  private static String firstLine(String s) {
    return s.strip().lines().findFirst().orElse("");
  }
}
