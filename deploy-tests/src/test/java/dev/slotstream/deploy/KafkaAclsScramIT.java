package dev.slotstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart's Kafka security live with SCRAM-SHA-512 over TLS (SASL_SSL, as in
 * values/production-sasl.yaml): a username and password per role, the CA from kafka.tls.caSecret.
 * See {@link KafkaAclsLive}.
 */
class KafkaAclsScramIT extends KafkaAclsLive {
  private static final String SERVER_JAAS =
      "org.apache.kafka.common.security.scram.ScramLoginModule required;";

  private String adminPassword;

  /** The hook runs after every upgrade: a second run over ACLs that exist must succeed too. */
  @Test
  void aclJobRunsAgainOverItsOwnAcls() throws Exception {
    Docker.Result again = runAclJob();
    assertThat(again.exitCode())
        .as("second run of the ACL Job; its output:\n%s", again.output())
        .isZero();
  }

  @Override
  String protocol() {
    return "SASL_SSL";
  }

  @Override
  List<Object> securityValues() {
    return List.of("kafka.sasl.mechanism", "SCRAM-SHA-512");
  }

  @Override
  void addSecrets() {
    for (String role : ROLES) {
      secrets.put(
          secretOf(role),
          Map.of("username", bytes("slotstream-" + roleName(role)), "password", bytes(password())));
    }
    adminPassword = password();
    secrets.put(
        ADMIN_SECRET,
        Map.of(
            "client.properties",
            bytes(
                String.join(
                    "\n",
                    "security.protocol=SASL_SSL",
                    "sasl.mechanism=SCRAM-SHA-512",
                    "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule"
                        + " required username=\"admin\" password=\""
                        + adminPassword
                        + "\";",
                    "ssl.truststore.type=PEM",
                    "ssl.truststore.location=" + ADMIN_MOUNT + "ca.crt",
                    "")),
            "ca.crt",
            bytes(pki.ca().certificatePem())));
  }

  @Override
  List<String> brokerSecurity() {
    return List.of(
        "sasl.enabled.mechanisms=SCRAM-SHA-512",
        "listener.name.internal.scram-sha-512.sasl.jaas.config=" + SERVER_JAAS,
        "listener.name.external.scram-sha-512.sasl.jaas.config=" + SERVER_JAAS,
        "super.users=User:admin;User:ANONYMOUS");
  }

  /** The users and passwords of the Secrets, written into the metadata log at format time. */
  @Override
  String formatArguments() {
    StringBuilder args = new StringBuilder(scram("admin", adminPassword));
    for (String role : ROLES) {
      args.append(scram(secret(secretOf(role), "username"), secret(secretOf(role), "password")));
    }
    return args.toString();
  }

  private static String scram(String user, String password) {
    return " --add-scram 'SCRAM-SHA-512=[name=" + user + ",password=" + password + "]'";
  }

  @Override
  void assertIdentity(String role, Map<String, Object> config) {
    assertThat(config)
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("ssl.truststore.type", "PEM")
        .containsEntry("ssl.truststore.certificates", pki.ca().certificatePem());
    assertThat(String.valueOf(config.get("sasl.jaas.config")))
        .contains("username=\"slotstream-" + roleName(role) + "\"")
        .contains("password=\"" + secret(secretOf(role), "password") + "\"");
  }
}
