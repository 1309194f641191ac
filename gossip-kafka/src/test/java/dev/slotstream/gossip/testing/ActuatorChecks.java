package dev.slotstream.gossip.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** What every service's actuator must answer, checked the same way in each service's tests. */
public final class ActuatorChecks {
  private ActuatorChecks() {}

  /** Kubernetes' liveness and readiness groups answer 200 UP. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  public static void assertProbesUp(TestRestTemplate http) {
    for (String probe : new String[] {"liveness", "readiness"}) {
      ResponseEntity<Map> r = http.getForEntity("/actuator/health/" + probe, Map.class);
      assertThat(r.getStatusCode()).as(probe).isEqualTo(HttpStatus.OK);
      assertThat(r.getBody()).as(probe).containsEntry("status", "UP");
    }
    // Readiness covers what the service needs to work; every service needs the broker.
    ResponseEntity<Map> readiness = http.getForEntity("/actuator/health/readiness", Map.class);
    assertThat((Map<String, Object>) readiness.getBody().get("components"))
        .as("readiness components")
        .containsKeys("readinessState", "kafka");
    // Only health, info and prometheus are exposed by default.
    assertThat(http.getForEntity("/actuator/metrics", String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(http.getForEntity("/actuator/env", String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  /**
   * {@code /actuator/info} carries the build's artifact, and {@code /actuator/prometheus} exports JVM
   * meters tagged {@code service=<artifact>}; returns the Prometheus text for the service's own
   * checks.
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  public static String assertBuildInfoAndPrometheus(TestRestTemplate http, String artifact) {
    ResponseEntity<Map> info = http.getForEntity("/actuator/info", Map.class);
    assertThat(info.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(info.getBody()).containsKey("build");
    Map<String, Object> build = (Map<String, Object>) info.getBody().get("build");
    assertThat(build).containsEntry("artifact", artifact);
    // git.properties is written only in a git checkout (git-commit-id-maven-plugin does not fail
    // outside one); where it exists, info shows the commit.
    if (ActuatorChecks.class.getClassLoader().getResource("git.properties") != null) {
      assertThat((Map<String, Object>) info.getBody().get("git")).containsKey("commit");
    }

    ResponseEntity<String> prom = http.getForEntity("/actuator/prometheus", String.class);
    assertThat(prom.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(prom.getBody())
        .contains("jvm_memory_used_bytes")
        .contains("service=\"" + artifact + "\"");
    return prom.getBody();
  }
}
