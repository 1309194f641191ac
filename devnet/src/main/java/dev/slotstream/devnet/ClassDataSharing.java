package dev.slotstream.devnet;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Class data sharing (AppCDS) for the service JVMs, the way Spring Boot documents it: the Boot jar
 * is extracted ({@code java -Djarmode=tools -jar app.jar extract}), a training start with {@code
 * -XX:ArchiveClassesAtExit} and {@code -Dspring.context.exit=onRefresh} writes the archive of the
 * classes the context loads, and every later start maps it ({@code -XX:SharedArchiveFile}) instead
 * of loading and verifying those classes again: what a restarted proposer spends most of its
 * start-up on (docs/FAULTS.md, "Start-up").
 *
 * <p>One archive per jar content and JVM, cached under {@code <jar dir>/cds/<module>-<key>/} and
 * made once: a rebuilt jar gets a new one. The training runs the service with the properties its
 * real start will have (so the same auto-configurations load), with the infrastructure already up:
 * an executing node that follows L1 reads the Rollup contract while its context refreshes. A
 * training that fails costs one line and the service starts from its jar as before. {@code
 * -Ddevnet.cds=false} turns it off.
 */
final class ClassDataSharing {
  /** {@code -Ddevnet.cds=false}: every service starts from its Boot jar (for comparisons). */
  static boolean enabled() {
    return Boolean.parseBoolean(System.getProperty("devnet.cds", "true"));
  }

  private static final String ARCHIVE = "app.jsa";

  /** How long a training start may take before it is abandoned (a loaded machine: minutes). */
  private static final Duration TRAINING_TIMEOUT =
      Duration.ofSeconds(Long.getLong("devnet.cds.training-timeout-seconds", 300));

  /** How a service JVM is started: the arguments after its JVM options, up to the main jar. */
  record Launch(List<String> arguments, boolean shared) {
    Launch {
      arguments = List.copyOf(arguments);
    }

    static Launch jar(Path jar) {
      return new Launch(List.of("-jar", jar.toString()), false);
    }
  }

  private ClassDataSharing() {}

  /**
   * The launch of every jar in {@code trainingProperties} (each with the properties of one of its
   * real starts), made in parallel: from the cached archive, from a new one, or (training off or
   * failed) from the jar. Prints one line per jar that trained or fell back.
   */
  static Map<Path, Launch> prepare(
      Map<Path, Map<String, String>> trainingProperties, PrintStream out) {
    Map<Path, Launch> launches = new LinkedHashMap<>();
    if (!enabled()) {
      trainingProperties.keySet().forEach(jar -> launches.put(jar, Launch.jar(jar)));
      return launches;
    }
    // A thread each (not the common pool, one thread on two cores): the trainings overlap.
    ExecutorService executor = Executors.newFixedThreadPool(Math.max(1, trainingProperties.size()));
    try {
      Map<Path, CompletableFuture<Launch>> futures = new LinkedHashMap<>();
      trainingProperties.forEach(
          (jar, properties) ->
              futures.put(
                  jar,
                  CompletableFuture.supplyAsync(() -> launch(jar, properties, out), executor)));
      futures.forEach((jar, future) -> launches.put(jar, future.join()));
      return launches;
    } finally {
      executor.shutdown();
    }
  }

  private static Launch launch(Path jar, Map<String, String> properties, PrintStream out) {
    String module = module(jar);
    try {
      Path dir = jar.resolveSibling("cds").resolve(module + "-" + key(jar));
      Files.createDirectories(dir.getParent());
      // Two devnets started at once from one build train each jar once.
      try (FileChannel lockFile =
              FileChannel.open(
                  dir.resolveSibling(dir.getFileName() + ".lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock lock = lockFile.lock()) {
        Path app = dir.resolve(jar.getFileName());
        Path archive = dir.resolve(ARCHIVE);
        if (Files.isRegularFile(archive) && Files.isRegularFile(app)) {
          return shared(archive, app);
        }
        long start = System.nanoTime();
        if (!Files.isRegularFile(app)) {
          // Extracted beside, then renamed: a half-extracted directory is never taken for one.
          Path extracting = dir.resolveSibling(dir.getFileName() + ".extracting");
          deleteTree(extracting);
          deleteTree(dir);
          extract(jar, extracting);
          Files.move(extracting, dir, StandardCopyOption.ATOMIC_MOVE);
        }
        String failure = train(app, archive, properties);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failure != null) {
          out.printf(
              "devnet: %s starts from its jar, without a CDS archive: %s%n", module, failure);
          return Launch.jar(jar);
        }
        out.printf(
            "devnet: %s CDS archive made in %.1fs (%d MiB, once per build): %s%n",
            module, seconds, Files.size(archive) >> 20, archive);
        pruneOlder(dir, module);
        return shared(archive, app);
      }
    } catch (IOException | UncheckedIOException e) {
      out.printf("devnet: %s starts from its jar, without a CDS archive: %s%n", module, e);
      return Launch.jar(jar);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Launch.jar(jar);
    }
  }

  private static Launch shared(Path archive, Path app) {
    return new Launch(List.of("-XX:SharedArchiveFile=" + archive, "-jar", app.toString()), true);
  }

  /** {@code java -Djarmode=tools -jar app.jar extract}: the app jar and {@code lib/} in {@code dir}. */
  private static void extract(Path jar, Path dir) throws IOException, InterruptedException {
    Path log = Files.createTempFile("cds-extract", ".log");
    try {
      Process p =
          new ProcessBuilder(
                  java(),
                  "-Djarmode=tools",
                  "-jar",
                  jar.toString(),
                  "extract",
                  "--destination",
                  dir.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException(
            "extract failed: "
                + Files.readString(log).strip().lines().reduce((a, b) -> b).orElse(""));
      }
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /**
   * The training start: the service's own context, refreshed and closed again ({@code
   * spring.context.exit=onRefresh}: singletons made, nothing started, no port bound, no consumer
   * joined), its loaded classes written at exit. Its state (signing record, chain) goes to a scratch
   * directory. Null when the archive is there, else why not.
   */
  private static String train(Path app, Path archive, Map<String, String> properties)
      throws IOException, InterruptedException {
    Path dir = app.getParent();
    Path partial = dir.resolve(ARCHIVE + ".partial");
    Path scratch = Files.createTempDirectory(dir, "training-");
    Path log = dir.resolve("training.log");
    Files.deleteIfExists(partial);
    List<String> command = new ArrayList<>();
    command.add(java());
    command.addAll(ServiceProcess.jvmOptions());
    command.addAll(
        List.of(
            "-XX:ArchiveClassesAtExit=" + partial,
            // Classes CDS cannot take (signed jars such as BouncyCastle's, generated accessors)
            // are warned about one by one: the training log keeps what matters.
            "-Xlog:cds=error",
            "-Xlog:cds+dynamic=error",
            "-Dspring.context.exit=onRefresh",
            "-jar",
            app.toString()));
    Map<String, String> training = new LinkedHashMap<>(properties);
    training.put("server.port", "0");
    training.put("slotstream.gossip.node-id", "cds-training");
    training.computeIfPresent(
        "slotstream.chain.signing-record-dir", (k, v) -> scratch.resolve("record").toString());
    training.computeIfPresent(
        "slotstream.chain.data-dir", (k, v) -> scratch.resolve("chain").toString());
    training.forEach((k, v) -> command.add("--" + k + "=" + v));
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      if (!p.waitFor(TRAINING_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        return "training start not done in " + TRAINING_TIMEOUT.toSeconds() + "s; see " + log;
      }
      if (p.exitValue() != 0 || !Files.isRegularFile(partial) || Files.size(partial) == 0) {
        return "training start exited " + p.exitValue() + "; see " + log;
      }
      // The archive names the class path (the extracted jars, which stay where they are), not
      // itself: it can be renamed.
      Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
      return null;
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly();
      }
      deleteTree(scratch);
    }
  }

  /** Older archives of the module (earlier builds): the newest two stay, for a devnet still running. */
  private static void pruneOlder(Path current, String module) throws IOException {
    List<Path> older;
    try (Stream<Path> siblings = Files.list(current.getParent())) {
      older =
          siblings
              .filter(Files::isDirectory)
              .filter(p -> p.getFileName().toString().startsWith(module + "-"))
              .filter(
                  p -> !p.equals(current) && !p.getFileName().toString().endsWith(".extracting"))
              .sorted(Comparator.comparing(ClassDataSharing::modified).reversed())
              .skip(1)
              .toList();
    }
    for (Path p : older) {
      deleteTree(p);
      Files.deleteIfExists(p.resolveSibling(p.getFileName() + ".lock"));
    }
  }

  private static java.nio.file.attribute.FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Build metadata whose only change from one package to the next is the build's time. */
  private static final java.util.Set<String> STAMPED =
      java.util.Set.of("META-INF/build-info.properties", "BOOT-INF/classes/git.properties");

  /**
   * The jar's content and the JVM: an archive fits only the classes and the JVM it was made with.
   * From the entries' CRCs (the central directory, not 90 MB of reading), without the build times
   * of build-info and git.properties, and for the project's own jars ({@code BOOT-INF/lib/*-SNAPSHOT
   * .jar}, rebuilt with new entry times by every {@code package}) from their entries: bin/devnet
   * packages before each run, and a jar whose classes did not change keeps its archive (and its
   * extracted copy, whose /actuator/info then shows the earlier build's time).
   */
  static String key(Path jar) throws IOException {
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      update(digest, System.getProperty("java.home") + "|" + System.getProperty("java.vm.version"));
      for (java.util.zip.ZipEntry entry : java.util.Collections.list(zip.entries())) {
        if (entry.isDirectory()) {
          continue;
        }
        String name = entry.getName();
        update(digest, name);
        if (STAMPED.contains(name)) {
          try (InputStream in = zip.getInputStream(entry)) {
            updateUnstamped(digest, in.readAllBytes());
          }
        } else if (name.startsWith("BOOT-INF/lib/") && name.endsWith("-SNAPSHOT.jar")) {
          try (java.util.zip.ZipInputStream nested =
              new java.util.zip.ZipInputStream(zip.getInputStream(entry))) {
            for (java.util.zip.ZipEntry e; (e = nested.getNextEntry()) != null; ) {
              if (!e.isDirectory()) {
                update(digest, e.getName());
                digest.update(nested.readAllBytes());
              }
            }
          }
        } else {
          update(digest, Long.toHexString(entry.getCrc()) + "/" + entry.getSize());
        }
      }
      return HexFormat.of().formatHex(digest.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void updateUnstamped(MessageDigest digest, byte[] properties) {
    new String(properties, java.nio.charset.StandardCharsets.ISO_8859_1)
        .lines()
        .filter(line -> !line.contains(".time="))
        .forEach(line -> update(digest, line));
  }

  private static void update(MessageDigest digest, String s) {
    digest.update(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    digest.update((byte) 0);
  }

  /** {@code proposer-service} of {@code proposer-service-0.1.0-SNAPSHOT.jar}. */
  static String module(Path jar) {
    return jar.getFileName().toString().replaceFirst("(-\\d[^/]*)?\\.jar$", "");
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
