package dev.slotstream.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real pipeline end to end, to L1: Anvil mining every second with the Rollup contract, broker,
 * Redis, proposer, four validator JVMs, the attestation service and the L1 publisher. Needs the services' jars, which this module declares (so the reactor packages them first)
 * and copies into target/services at package time: hence an integration test (failsafe, after
 * package). Where they are comes from the generated service-jars.properties.
 */
class NetworkDevnetIT {
  @TempDir Path dir;

  @Test
  void shouldFinalizeSlotsThroughKafkaRedisAndSevenServiceProcessesAndLandThemOnL1()
      throws Exception {
    ServiceJars jars = ServiceJars.fromBuild();
    for (String module :
        new String[] {
          "proposer-service", "validator-service", "attestation-service", "l1-publisher-service"
        }) {
      assertThat(jars.jar(module))
          .as("%s's jar, copied at package time", module)
          .satisfies(p -> assertThat(Files.isRegularFile(p)).isTrue());
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    NetworkDevnet first = devnet(jars, dir.resolve("first"), bytes);
    NetworkDevnet.Result result = first.run();
    NetworkDevnet ran = first;
    if (result.allFinal() && !result.allLanded() && stoppedByAMissedCheckpoint(result)) {
      // The known gap (PROTOCOL §15): a checkpoint that misses its L1 slot on a cold, busy machine
      // (usually the proposer's first, before the measured slots) leaves every later one
      // unpublishable, since nothing prunes L2 back to the L1 tip yet. One fresh network more;
      // every
      // assertion below still holds for it, and any other failure is not retried.
      System.out.println(
          "NetworkDevnetIT: L1 stopped after a missed checkpoint; running a fresh network once more:\n"
              + bytes.toString(StandardCharsets.UTF_8));
      bytes = new ByteArrayOutputStream();
      ran = devnet(jars, dir.resolve("second"), bytes);
      result = ran.run();
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(result.slots()).hasSize(2);
    assertThat(result.allFinal()).as(out).isTrue();
    assertThat(result.txsAccepted()).isEqualTo(2 * 5 * 5);
    assertThat(out.lines().filter(l -> l.startsWith("slot ")))
        .hasSize(2)
        .allSatisfy(
            l ->
                assertThat(l)
                    .contains("blocks 5")
                    .contains("v0 5(ATTESTED)")
                    .contains("v3 5(ATTESTED)")
                    .contains("L1 LANDED"));
    // Every measured slot's checkpoint landed (publication LANDED with its tx, block and gas) ...
    assertThat(result.allLanded()).as(out).isTrue();
    for (long slot : result.slots()) {
      NetworkDevnet.Slot s = result.details().get(slot);
      assertThat(s.l1TxHash).as("slot %d", slot).startsWith("0x");
      assertThat(s.l1Block).as("slot %d", slot).isPositive();
      assertThat(s.l1GasUsed).as("slot %d", slot).isPositive();
    }
    // ... and the contract's tip is the last slot's checkpoint, with the archive the network agreed
    // on.
    long last = result.slots().get(result.slots().size() - 1);
    String lastArchive = result.details().get(last).archive;
    assertThat(result.l1())
        .hasValueSatisfying(
            l1 -> {
              assertThat(l1.tipSlot()).isEqualTo(last);
              assertThat(l1.tipArchive()).isEqualToIgnoringCase(lastArchive);
              assertThat(l1.readyToFirstLanded()).isPresent();
            });
    assertDashboardAndAlertMetricsExist(ran.metricsScrapes());
  }

  private static NetworkDevnet devnet(ServiceJars jars, Path runDir, ByteArrayOutputStream bytes)
      throws Exception {
    Files.createDirectories(runDir);
    return new NetworkDevnet(
        2,
        5,
        NetworkDevnet.Options.devnet(),
        runDir,
        jars,
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
  }

  /**
   * Every metric the Grafana dashboard and the chart's alerts query is exported by a running
   * service: the names are read from helm/slotstream/dashboards/slotstream.json and
   * templates/prometheusrule.yaml and looked up in the services' /actuator/prometheus, scraped at
   * the end of the run (a renamed meter or a missing histogram fails here, not on a blank panel).
   */
  private static void assertDashboardAndAlertMetricsExist(Map<String, String> scrapes)
      throws IOException {
    Path chart = Path.of(System.getProperty("slotstream.repoDir", "..")).resolve("helm/slotstream");
    Set<String> queried = new TreeSet<>();
    for (Path file :
        List.of(
            chart.resolve("dashboards/slotstream.json"),
            chart.resolve("templates/prometheusrule.yaml"))) {
      Matcher m =
          Pattern.compile("slotstream_[a-z0-9_]+")
              .matcher(Files.readString(file, StandardCharsets.UTF_8));
      while (m.find()) {
        queried.add(m.group());
      }
    }
    assertThat(queried).hasSizeGreaterThan(15);
    assertThat(scrapes).as("services scraped").hasSizeGreaterThanOrEqualTo(7);
    Set<String> exported = new TreeSet<>();
    for (String text : scrapes.values()) {
      text.lines()
          .filter(l -> l.startsWith("slotstream_"))
          .map(l -> l.split("[{ ]", 2)[0])
          .forEach(exported::add);
    }
    assertThat(exported).as("metrics exported by the running services").containsAll(queried);
  }

  /**
   * Every measured slot that did not land was refused because L1's tip is behind L2, or (since
   * nodes prune a checkpoint that missed its L1 slot) was never published while a later measured
   * slot landed: seen once in CI for the first measured slot, cause not yet known (no publication
   * record at all), so the fresh network must land every slot.
   */
  private static boolean stoppedByAMissedCheckpoint(NetworkDevnet.Result result) {
    List<Long> slots = result.slots();
    boolean laterLanded = result.details().get(slots.get(slots.size() - 1)).landed();
    return result.slots().stream()
        .map(slot -> result.details().get(slot))
        .filter(s -> !s.landed())
        .allMatch(
            s ->
                (s.l1Status == null && laterLanded)
                    || (s.l1Detail != null
                        && (s.l1Detail.contains("LastArchiveMismatch")
                            || s.l1Detail.contains("SlotNotCurrent"))));
  }
}
