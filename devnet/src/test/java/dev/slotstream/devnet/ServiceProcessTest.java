package dev.slotstream.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServiceProcessTest {
  @AfterEach
  void clearProperties() {
    System.clearProperty("devnet.jvm-options");
    System.clearProperty("devnet.jvm-options.validator");
    System.clearProperty("devnet.jvm-options.proposer");
  }

  @Test
  void proposerShouldRunG1AndTheOtherServicesSerial() {
    List<String> proposer = ServiceProcess.jvmOptions("proposer");
    assertThat(proposer).contains("-XX:+UseG1GC", "-Xmx320m").doesNotContain("-XX:+UseSerialGC");
    assertThat(proposer.lastIndexOf("-Xmx320m")).isGreaterThan(proposer.indexOf("-Xmx352m"));
    // G1 sizes the proposer's young generation: its bounds come after the others' -Xmn, and win
    assertThat(proposer.indexOf("-XX:MaxNewSize=128m")).isGreaterThan(proposer.indexOf("-Xmn40m"));

    for (String service : List.of("validator-0", "validator-3", "attestation", "l1-publisher")) {
      assertThat(ServiceProcess.jvmOptions(service))
          .as(service)
          .contains("-XX:+UseSerialGC", "-Xmx352m")
          .doesNotContain("-XX:+UseG1GC", "-XX:-UseSerialGC", "-Xmx320m", "-XX:MaxNewSize=128m");
    }
  }

  @Test
  void onlyTheValidatorsShouldPassThreadPrioritiesToLinux() {
    assertThat(ServiceProcess.jvmOptions("validator-1"))
        .contains("-XX:ThreadPriorityPolicy=1", "-XX:JavaPriority1_To_OSPriority=10");
    for (String service : List.of("proposer", "attestation", "l1-publisher")) {
      assertThat(ServiceProcess.jvmOptions(service))
          .as(service)
          .doesNotContain("-XX:ThreadPriorityPolicy=1");
    }
  }

  @Test
  void aRolesPropertyShouldReachThatRoleOnlyAndComeLast() {
    System.setProperty("devnet.jvm-options.validator", "-Xmx400m  -Xlog:gc");

    assertThat(ServiceProcess.jvmOptions("validator-2")).endsWith("-Xmx400m", "-Xlog:gc");
    assertThat(ServiceProcess.jvmOptions("proposer")).doesNotContain("-Xmx400m");
    assertThat(ServiceProcess.jvmOptions("attestation")).doesNotContain("-Xmx400m");
  }

  @Test
  void aCollectorNamedForEveryServiceShouldReplaceEachDefaultCollector() {
    System.setProperty("devnet.jvm-options", "-XX:+UseParallelGC");

    for (String service : List.of("proposer", "validator-0", "attestation")) {
      List<String> options = ServiceProcess.jvmOptions(service);
      assertThat(options.stream().filter(o -> o.matches("-XX:[+-]Use\\w+GC")))
          .as(service)
          .containsExactly("-XX:+UseParallelGC");
    }
    assertThat(ServiceProcess.jvmOptions("proposer")).contains("-XX:MaxGCPauseMillis=50");
    // the class data sharing archives are trained with the shared options: one collector there too
    assertThat(ServiceProcess.jvmOptions().stream().filter(o -> o.matches("-XX:[+-]Use\\w+GC")))
        .containsExactly("-XX:+UseParallelGC");
  }

  @Test
  void theSharedOptionsShouldLeaveOutEveryRolesOwn() {
    System.setProperty("devnet.jvm-options", "-Xss1m");
    System.setProperty("devnet.jvm-options.proposer", "-Xmx300m");

    assertThat(ServiceProcess.jvmOptions())
        .containsExactlyElementsOf(concat(ServiceProcess.JVM_OPTIONS, List.of("-Xss1m")));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
