package dev.slotstream.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataSharingTest {
  @TempDir Path dir;

  @Test
  void aRebuildThatOnlyChangesTheBuildTimeKeepsTheKey() throws IOException {
    Path first = jar("a.jar", "2026-12-03T02\\:20\\:38.735Z", "abc", "class-bytes");
    Path second = jar("b.jar", "2026-12-03T02\\:31\\:02.001Z", "abc", "class-bytes");

    assertThat(ClassDataSharing.key(second)).isEqualTo(ClassDataSharing.key(first));
  }

  @Test
  void changedClassesOrAnotherCommitMakeANewKey() throws IOException {
    Path base = jar("a.jar", "t1", "abc", "class-bytes");
    Path otherClass = jar("b.jar", "t1", "abc", "class-bytes, changed");
    Path otherCommit = jar("c.jar", "t1", "def", "class-bytes");

    assertThat(ClassDataSharing.key(otherClass)).isNotEqualTo(ClassDataSharing.key(base));
    assertThat(ClassDataSharing.key(otherCommit)).isNotEqualTo(ClassDataSharing.key(base));
  }

  @Test
  void moduleIsTheJarNameWithoutVersion() {
    assertThat(ClassDataSharing.module(Path.of("x/proposer-service-0.1.0-SNAPSHOT.jar")))
        .isEqualTo("proposer-service");
    assertThat(ClassDataSharing.module(Path.of("l1-publisher-service.jar")))
        .isEqualTo("l1-publisher-service");
  }

  @Test
  void aJarThatCannotBeExtractedStartsPlainWithOneLineSayingWhy() throws IOException {
    Path jar = jar("proposer-service-0.1.0-SNAPSHOT.jar", "t1", "abc", "not a boot jar");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Map<Path, Map<String, String>> training = new LinkedHashMap<>();
    training.put(jar, Map.of());

    Map<Path, ClassDataSharing.Launch> launches =
        ClassDataSharing.prepare(training, new PrintStream(printed, true, StandardCharsets.UTF_8));

    assertThat(launches.get(jar)).isEqualTo(ClassDataSharing.Launch.jar(jar));
    assertThat(printed.toString(StandardCharsets.UTF_8).lines())
        .singleElement()
        .asString()
        .startsWith("devnet: proposer-service starts from its jar, without a CDS archive:");
  }

  /** A jar shaped like a Boot jar's metadata: build-info, git.properties and one class. */
  private Path jar(String name, String buildTime, String commit, String classBytes)
      throws IOException {
    Path jar = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      put(zip, "META-INF/build-info.properties", "build.artifact=x\nbuild.time=" + buildTime);
      put(
          zip,
          "BOOT-INF/classes/git.properties",
          "git.commit.id=" + commit + "\ngit.commit.time=" + buildTime);
      put(zip, "BOOT-INF/classes/dev/X.class", classBytes);
      // A module of the project, packaged again with this build's entry times.
      zip.putNextEntry(new ZipEntry("BOOT-INF/lib/common-model-0.1.0-SNAPSHOT.jar"));
      zip.write(nestedJar(buildTime.hashCode()));
      zip.closeEntry();
    }
    return jar;
  }

  private static byte[] nestedJar(long entryTime) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream nested = new ZipOutputStream(bytes)) {
      ZipEntry entry = new ZipEntry("dev/Y.class");
      entry.setTime(1_700_000_000_000L + entryTime * 1000);
      nested.putNextEntry(entry);
      nested.write("module-class".getBytes(StandardCharsets.UTF_8));
      nested.closeEntry();
    }
    return bytes.toByteArray();
  }

  private static void put(ZipOutputStream zip, String name, String content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(content.getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
  }
}
