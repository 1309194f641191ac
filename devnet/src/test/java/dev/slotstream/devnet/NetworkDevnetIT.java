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
 * service. Needs the services' jars, which this module declares (so the reactor packages them first)
 * and copies into target/services at package time: hence an integration test (failsafe, after
 * package). Where they are comes from the generated service-jars.properties.
 */
class NetworkDevnetIT {
  @TempDir Path dir;

  @Test
  void shouldFinalizeSlotsThroughKafkaRedisAndSixServiceProcesses() throws Exception {
    ServiceJars jars = ServiceJars.fromBuild();
    for (String module : new String[] {"proposer-service", "validator-service", "attestation-service"}) {
      assertThat(jars.jar(module))
          .as("%s's jar, copied at package time", module)
          .satisfies(p -> assertThat(Files.isRegularFile(p)).isTrue());
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    NetworkDevnet.Result result =
        new NetworkDevnet(2, 5, NetworkDevnet.Options.devnet(), dir, jars, new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(result.slots()).hasSize(2);
    assertThat(result.allFinal()).as(out).isTrue();
    assertThat(result.txsAccepted()).isEqualTo(2 * 5 * 5);
    assertThat(out.lines().filter(l -> l.startsWith("slot ")))
        .hasSize(2)
        .allSatisfy(l -> assertThat(l).contains("blocks 5").contains("v0 5(ATTESTED)").contains("v3 5(ATTESTED)"));
  }
}
