package dev.slotstream.l1.anvil;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local Anvil chain in a child process, listening on a free loopback port that Anvil picks itself
 * ({@code --port 0}), so two launchers never race for a port. The binary is the one npm installed
 * for {@code l1-contracts} ({@code @foundry-rs/anvil-<platform>/bin/anvil}); see {@link #locateBinary()}.
 */
public final class LocalAnvil implements AutoCloseable {
  /** Anvil's first dev account (mnemonic "test test … junk"), funded with 10,000 ETH. */
  public static final String DEV_PRIVATE_KEY =
      "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

  public static final long DEFAULT_CHAIN_ID = 31337;

  /** Pinned so gas figures do not move with Anvil's default ("latest") hardfork. */
  public static final String DEFAULT_HARDFORK = "prague";

  /** System property naming the anvil binary outright. */
  public static final String BINARY_PROPERTY = "slotstream.anvil.binary";

  /** System property naming the l1-contracts module directory (set by its surefire config). */
  public static final String MODULE_DIR_PROPERTY = "slotstream.anvil.moduleDir";

  /** Environment variable naming the anvil binary. */
  public static final String BINARY_ENV = "SLOTSTREAM_ANVIL";

  private static final Pattern LISTENING = Pattern.compile("Listening on ([0-9.]+):(\\d+)");
  private static final int KEPT_OUTPUT_LINES = 50;

  private final Process process;
  private final String host;
  private final int port;
  private final long chainId;
  private final Deque<String> lastOutput;

  private LocalAnvil(
      Process process, String host, int port, long chainId, Deque<String> lastOutput) {
    this.process = process;
    this.host = host;
    this.port = port;
    this.chainId = chainId;
    this.lastOutput = lastOutput;
  }

  /** Starts Anvil with chain id 31337 and the pinned hardfork. */
  public static LocalAnvil start() {
    return start(
        new Options(DEFAULT_CHAIN_ID, DEFAULT_HARDFORK, List.of(), Duration.ofSeconds(30)));
  }

  /**
   * Launch settings; {@code extraArgs} go to Anvil as they are (e.g. {@code --block-time 1}, or
   * {@code --state FILE} to load a chain and dump it again when the process ends). {@code port} 0 lets
   * Anvil pick a free port; a fixed port restarts a chain where clients already point.
   */
  public record Options(
      long chainId, String hardfork, List<String> extraArgs, Duration startTimeout, int port) {
    public Options {
      Objects.requireNonNull(hardfork, "hardfork");
      extraArgs = List.copyOf(extraArgs);
      Objects.requireNonNull(startTimeout, "startTimeout");
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port " + port);
      }
    }

    public Options(long chainId, String hardfork, List<String> extraArgs, Duration startTimeout) {
      this(chainId, hardfork, extraArgs, startTimeout, 0);
    }
  }

  public static LocalAnvil start(Options options) {
    Path binary = locateBinary();
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(
        List.of(
            "--host", "127.0.0.1",
            "--port", Integer.toString(options.port()),
            "--chain-id", Long.toString(options.chainId()),
            "--hardfork", options.hardfork()));
    command.addAll(options.extraArgs());
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + command, e);
    }
    Deque<String> lastOutput = new ArrayDeque<>();
    CompletableFuture<Matcher> listening = new CompletableFuture<>();
    Thread reader =
        new Thread(() -> pump(process, lastOutput, listening), "anvil-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
    try {
      Matcher m = listening.get(options.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
      return new LocalAnvil(
          process, m.group(1), Integer.parseInt(m.group(2)), options.chainId(), lastOutput);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted while Anvil started", e);
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "Anvil did not start within " + options.startTimeout() + ": " + tail(lastOutput), e);
    }
  }

  private static void pump(
      Process process, Deque<String> lastOutput, CompletableFuture<Matcher> listening) {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        synchronized (lastOutput) {
          lastOutput.addLast(line);
          if (lastOutput.size() > KEPT_OUTPUT_LINES) {
            lastOutput.removeFirst();
          }
        }
        if (!listening.isDone()) {
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            listening.complete(m);
          }
        }
      }
    } catch (IOException e) {
      // the process ended; the start-up wait reports what it printed
    }
    listening.completeExceptionally(
        new IllegalStateException("Anvil exited before listening: " + tail(lastOutput)));
  }

  private static String tail(Deque<String> lastOutput) {
    synchronized (lastOutput) {
      return String.join("\n", lastOutput);
    }
  }

  /**
   * The anvil binary: {@code -Dslotstream.anvil.binary}, else {@code $SLOTSTREAM_ANVIL}, else the
   * npm-installed one under {@code -Dslotstream.anvil.moduleDir}, else under an {@code l1-contracts}
   * directory found from the working directory upwards (so other modules find it too).
   */
  public static Path locateBinary() {
    Optional<Path> explicit =
        Optional.ofNullable(System.getProperty(BINARY_PROPERTY))
            .or(() -> Optional.ofNullable(System.getenv(BINARY_ENV)))
            .filter(s -> !s.isBlank())
            .map(Path::of);
    if (explicit.isPresent()) {
      if (!Files.isExecutable(explicit.get())) {
        throw new IllegalStateException("anvil binary " + explicit.get() + " is not executable");
      }
      return explicit.get();
    }
    Path relative = Path.of("node_modules", "@foundry-rs", "anvil-" + platform(), "bin", "anvil");
    List<Path> candidates = new ArrayList<>();
    String moduleDir = System.getProperty(MODULE_DIR_PROPERTY);
    if (moduleDir != null && !moduleDir.isBlank()) {
      candidates.add(Path.of(moduleDir).resolve(relative));
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      candidates.add(dir.resolve("l1-contracts").resolve(relative));
      if (dir.getFileName() != null && dir.getFileName().toString().equals("l1-contracts")) {
        candidates.add(dir.resolve(relative));
      }
    }
    return candidates.stream()
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no anvil binary: run `npm ci` in l1-contracts (the Maven build does) or set -D"
                        + BINARY_PROPERTY
                        + "; looked at "
                        + candidates));
  }

  static String platform() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    String osPart = os.contains("mac") ? "darwin" : os.contains("win") ? "win32" : "linux";
    String archPart = arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "amd64";
    return osPart + "-" + archPart;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public long chainId() {
    return chainId;
  }

  public String rpcUrl() {
    return "http://" + host + ":" + port;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The last lines Anvil printed, for diagnostics. */
  public String recentOutput() {
    return tail(lastOutput);
  }

  /** Ends this Anvil process (and only it); with {@code --state} Anvil dumps its chain first. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
