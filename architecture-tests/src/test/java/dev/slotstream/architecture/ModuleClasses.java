package dev.slotstream.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

/**
 * The main classes of the modules the rules cover, read from {@code <module>/target/classes}: the
 * services' packaged jars are Spring Boot fat jars, their plain classes are only there.
 */
final class ModuleClasses {
  static final List<String> MODULES =
      List.of(
          "common-model",
          "local-infra",
          "gossip-kafka",
          "node-support",
          "node-l1",
          "node-chain",
          "proposer-service",
          "validator-service",
          "attestation-service",
          "l1-publisher-service");

  private static JavaClasses main;

  private ModuleClasses() {}

  static synchronized JavaClasses main() {
    if (main == null) {
      List<Path> dirs = MODULES.stream().map(ModuleClasses::classesDir).toList();
      main = new ClassFileImporter().importPaths(dirs);
    }
    return main;
  }

  /** A module's compiled main classes; fails when the module has not been compiled. */
  static Path classesDir(String module) {
    Path repo =
        Paths.get(System.getProperty("slotstream.repoDir", "..")).toAbsolutePath().normalize();
    Path dir = repo.resolve(module).resolve("target").resolve("classes");
    assertThat(countClassFiles(dir))
        .as("compiled classes of %s in %s (build the module first)", module, dir)
        .isPositive();
    return dir;
  }

  private static long countClassFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(".class")).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
