package dev.slotstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The chart's Kafka security live with mutual TLS (SSL, as in values/mtls.yaml): a client
 * certificate and key per role in Strimzi's KafkaUser Secret layout (user.crt, user.key as PKCS#8
 * PEM), principals User:CN=slotstream-&lt;role&gt;. See {@link KafkaAclsLive}.
 */
class KafkaAclsMtlsIT extends KafkaAclsLive {

  @Override
  String protocol() {
    return "SSL";
  }

  @Override
  List<Object> securityValues() {
    List<Object> values = new ArrayList<>();
    for (String role : ROLES) {
      values.add("kafka.acls.principals." + role);
      values.add("User:CN=slotstream-" + roleName(role));
    }
    return values;
  }

  @Override
  void addSecrets() {
    for (String role : ROLES) {
      TestPki.Identity user = pki.issue("slotstream-" + roleName(role), List.of(), List.of());
      secrets.put(
          secretOf(role),
          Map.of("user.crt", bytes(user.certificatePem()), "user.key", bytes(user.keyPem())));
    }
    TestPki.Identity admin = pki.issue("admin", List.of(), List.of());
    char[] storePassword = password().toCharArray();
    secrets.put(
        ADMIN_SECRET,
        Map.of(
            "client.properties",
            bytes(
                String.join(
                    "\n",
                    "security.protocol=SSL",
                    "ssl.truststore.type=PEM",
                    "ssl.truststore.location=" + ADMIN_MOUNT + "ca.crt",
                    "ssl.keystore.type=PKCS12",
                    "ssl.keystore.location=" + ADMIN_MOUNT + "admin.p12",
                    "ssl.keystore.password=" + new String(storePassword),
                    "")),
            "ca.crt",
            bytes(pki.ca().certificatePem()),
            "admin.p12",
            admin.pkcs12(storePassword, pki.ca().certificate())));
  }

  @Override
  List<String> brokerSecurity() {
    return List.of("ssl.client.auth=required", "super.users=User:CN=admin;User:ANONYMOUS");
  }

  @Override
  String formatArguments() {
    return "";
  }

  @Override
  void assertIdentity(String role, Map<String, Object> config) {
    assertThat(config)
        .containsEntry("ssl.keystore.type", "PEM")
        .containsEntry("ssl.keystore.certificate.chain", secret(secretOf(role), "user.crt"))
        .containsEntry("ssl.keystore.key", secret(secretOf(role), "user.key"))
        .containsEntry("ssl.truststore.certificates", pki.ca().certificatePem())
        .doesNotContainKey("sasl.jaas.config");
  }
}
