package dev.slotstream.validator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.crypto.SigningDomain;
import dev.slotstream.core.slashing.SigningDuty;
import dev.slotstream.core.slashing.SigningVerdict;
import dev.slotstream.core.slashing.SlashingProtector;
import dev.slotstream.core.testing.TestNetwork;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.validator.testing.ValidatorContextTestBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The operator's interchange API on the running validator node (the shared test context). Imports
 * use a signer that is not one of the node's keys, so the other tests' duties are untouched.
 */
class SlashingProtectionApiTest extends ValidatorContextTestBase {
  private static final String PATH = "/api/v1/slashing-protection/interchange";
  private static final Bytes32 NETWORK =
      SigningDomain.of(TestNetwork.CHAIN_ID, TestNetwork.ROLLUP).domainSeparator();
  private static final EthAddress MIGRATED =
      EthAddress.fromHex("0x00000000000000000000000000000000000d0c01");
  private static final Bytes32 ROOT = Bytes32.fromHex("0x" + "5e".repeat(32));

  @Autowired TestRestTemplate http;
  @Autowired SlashingProtector protector;

  private static String document(Bytes32 network, long targetSlot) {
    return "{\"metadata\":{\"interchange_format_version\":\"5\",\"genesis_validators_root\":\""
        + network.toHex()
        + "\"},\"data\":[{\"pubkey\":\""
        + MIGRATED.toHex()
        + "\",\"signed_blocks\":[],\"signed_attestations\":[{\"source_epoch\":\""
        + targetSlot
        + "\",\"target_epoch\":\""
        + targetSlot
        + "\",\"signing_root\":\""
        + ROOT.toHex()
        + "\"}]}]}";
  }

  private ResponseEntity<Map> post(String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return http.postForEntity(PATH, new HttpEntity<>(body, headers), Map.class);
  }

  @Test
  void shouldImportAMigratedKeysHistoryAndExportItAgain() {
    ResponseEntity<Map> imported = post(document(NETWORK, 40));

    assertThat(imported.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(imported.getBody())
        .containsEntry("signers", 1)
        .containsEntry("conflicts", List.of());
    assertThat(
            protector
                .approve(
                    SigningDuty.checkpointAttestation(MIGRATED, SlotNumber.of(39)), Bytes32.ZERO)
                .verdict())
        .as("the node's signers now refuse what the key signed elsewhere")
        .isEqualTo(SigningVerdict.REFUSED);

    ResponseEntity<Map> exported = http.getForEntity(PATH, Map.class);
    assertThat(exported.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(exported.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_JSON))
        .isTrue();
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata = (Map<String, Object>) exported.getBody().get("metadata");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> data = (List<Map<String, Object>>) exported.getBody().get("data");
    assertThat(metadata)
        .containsEntry("interchange_format_version", "5")
        .containsEntry("genesis_validators_root", NETWORK.toHex());
    assertThat(data)
        .filteredOn(d -> MIGRATED.toHex().equals(d.get("pubkey")))
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.get("signed_attestations"))
                    .isEqualTo(
                        List.of(
                            Map.of(
                                "source_epoch",
                                "40",
                                "target_epoch",
                                "40",
                                "signing_root",
                                ROOT.toHex()))));
  }

  @Test
  void shouldRefuseAnotherNetworksDocumentWith409() {
    Bytes32 other =
        SigningDomain.of(TestNetwork.CHAIN_ID + 1, TestNetwork.ROLLUP).domainSeparator();

    ResponseEntity<Map> r = post(document(other, 90));

    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(r.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .isTrue();
    assertThat(r.getBody()).containsEntry("problem", "WRONG_NETWORK");
  }

  @Test
  void shouldRefuseMalformedJsonWith400() {
    ResponseEntity<Map> r =
        post(document(NETWORK, 41).replace("\"target_epoch\":\"41\"", "\"target_epoch\":41"));

    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(r.getBody()).containsEntry("problem", "MALFORMED");
    assertThat((String) r.getBody().get("detail"))
        .contains("data[0].signed_attestations[0].target_epoch");
  }
}
