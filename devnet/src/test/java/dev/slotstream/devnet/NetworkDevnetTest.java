package dev.slotstream.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real pipeline end to end: broker, Redis, proposer, four validator JVMs and the attestation
 * service. Needs the services' jars, which the reactor packages before this module's tests.
 */
class NetworkDevnetTest {
  @TempDir Path dir;

  @Test
  void shouldFinalizeSlotsThroughKafkaRedisAndSixServiceProcesses() throws Exception {
    Path root = Path.of("..").toAbsolutePath().normalize();
    for (String module : new String[] {"proposer-service", "validator-service", "attestation-service"}) {
      assertThat(root.resolve(module).resolve("target").resolve(module + "-0.1.0-SNAPSHOT.jar"))
          .as("%s must be packaged first (./mvnw verify does so before this module)", module)
          .satisfies(p -> assertThat(Files.isRegularFile(p)).isTrue());
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    NetworkDevnet.Result result =
        new NetworkDevnet(2, 5, dir, root, new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(result.slots()).hasSize(2);
    assertThat(result.allFinal()).as(out).isTrue();
    assertThat(result.txsAccepted()).isEqualTo(2 * 5 * 5);
    assertThat(out.lines().filter(l -> l.startsWith("slot ")))
        .hasSize(2)
        .allSatisfy(l -> assertThat(l).contains("blocks 5").contains("v0 5(ATTESTED)").contains("v3 5(ATTESTED)"));
  }
}
