package dev.slotstream.devnet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the services' Boot jars are: the devnet build copies them into {@code devnet/target/services}
 * at package time and records the directory and file names in {@code service-jars.properties}
 * (generated from the build's own properties, so no version or path is written here).
 */
public final class ServiceJars {
  static final String RESOURCE = "service-jars.properties";

  private final Properties properties;

  private ServiceJars(Properties properties) {
    this.properties = properties;
  }

  /** The locations recorded by the build that produced this class. */
  public static ServiceJars fromBuild() {
    Properties p = new Properties();
    try (InputStream in = ServiceJars.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE + " is missing: build the devnet module with Maven");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ServiceJars(p);
  }

  /** The jar of {@code module} (proposer-service, validator-service, attestation-service or l1-publisher-service). */
  public Path jar(String module) {
    String name = properties.getProperty(module);
    if (name == null) {
      throw new IllegalArgumentException("no service jar recorded for " + module);
    }
    return Path.of(properties.getProperty("dir")).resolve(name);
  }

  /**
   * The l1-contracts module directory recorded by the build: its {@code npm ci} installs the Anvil
   * binary that {@link dev.slotstream.l1.anvil.LocalAnvil} finds under it.
   */
  public java.util.Optional<Path> anvilModuleDir() {
    return java.util.Optional.ofNullable(properties.getProperty("anvil-module-dir"))
        .map(Path::of)
        .map(Path::normalize);
  }

  /** The jar of {@code module}, which must exist (i.e. the devnet module was packaged). */
  public Path existingJar(String module) {
    Path jar = jar(module);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar
              + " does not exist: package the devnet module (./mvnw -pl devnet -am package -DskipTests),"
              + " which builds "
              + module
              + " and copies its jar there");
    }
    return jar;
  }
}
