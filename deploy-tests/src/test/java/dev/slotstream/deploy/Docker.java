package dev.slotstream.deploy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The docker CLI, as compose-tests drives it: a command, its exit code and its output. */
final class Docker {

  record Result(int exitCode, String output) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  private Docker() {}

  /** Why no Docker engine can be used here, or empty if one answers. */
  static Optional<String> unavailable() {
    Result info =
        run(List.of("docker", "info", "--format", "{{.ServerVersion}}"), Duration.ofSeconds(20));
    return info.ok()
        ? Optional.empty()
        : Optional.of(
            "no Docker engine answers (`docker info`: "
                + info.output().strip().lines().findFirst().orElse("")
                + ")");
  }

  static boolean imagePresent(String image) {
    return run(List.of("docker", "image", "inspect", image), Duration.ofSeconds(20)).ok();
  }

  static Result run(List<String> command, Duration timeout) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
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

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
