package dev.slotstream.attestation.web;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.slotstream.core.attestation.AddLimits;
import dev.slotstream.core.attestation.AttestationPool;
import dev.slotstream.core.attestation.InMemoryAttestationPool;
import dev.slotstream.core.attestation.PooledAttestation;
import dev.slotstream.core.testing.AttestationFixtures;
import dev.slotstream.core.testing.AttestationFixtures.Checkpoint;
import dev.slotstream.core.types.SlotNumber;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(
    controllers = AttestationController.class,
    properties = "spring.mvc.problemdetails.enabled=true")
class AttestationControllerTest {
  static final AttestationFixtures FIXTURES = new AttestationFixtures(5);
  static final SlotNumber SLOT = SlotNumber.of(12);

  @TestConfiguration
  static class PoolConfig {
    @Bean
    AttestationPool attestationPool() {
      return new InMemoryAttestationPool();
    }
  }

  @Autowired MockMvc mvc;
  @Autowired AttestationPool pool;

  Checkpoint first;
  Checkpoint second;

  @BeforeEach
  void fill() {
    pool.pruneBefore(SlotNumber.of(1000));
    first = FIXTURES.checkpoint(SLOT);
    second = FIXTURES.checkpoint(SLOT);
    AddLimits limits = new AddLimits(3, 8);
    pool.add(FIXTURES.pooled(first, FIXTURES.keys().get(0)), limits, Instant.EPOCH, "a");
    pool.add(FIXTURES.pooled(first, FIXTURES.keys().get(1)), limits, Instant.EPOCH, "b");
    pool.add(FIXTURES.pooled(second, FIXTURES.keys().get(2)), limits, Instant.EPOCH, "c");
  }

  private String hash(Checkpoint cp) {
    return FIXTURES.pooled(cp, FIXTURES.keys().get(0)).proposalPayloadHash().toHex();
  }

  @Test
  void shouldListEveryAttestationOfASlot() throws Exception {
    mvc.perform(get("/api/v1/attestations").param("slot", "12"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$", hasSize(3)))
        .andExpect(jsonPath("$[0].slot").value(12));
  }

  @Test
  void shouldListOnlyTheAttestationsOfOneProposal() throws Exception {
    PooledAttestation expected = FIXTURES.pooled(second, FIXTURES.keys().get(2));
    mvc.perform(get("/api/v1/attestations").param("slot", "12").param("proposal", hash(second)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$", hasSize(1)))
        .andExpect(jsonPath("$[0].signer").value(expected.signer().toHex()))
        .andExpect(jsonPath("$[0].proposalPayloadHash").value(hash(second)));
  }

  @Test
  void shouldReturnAnEmptyListForAnUnknownSlot() throws Exception {
    mvc.perform(get("/api/v1/attestations").param("slot", "99"))
        .andExpect(status().isOk())
        .andExpect(content().json("[]"));
  }

  @Test
  void shouldReportPoolStats() throws Exception {
    mvc.perform(get("/api/v1/pool/stats"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.slots").value(1))
        .andExpect(jsonPath("$.newestSlot").value(12))
        .andExpect(jsonPath("$.attestations").value(3));
  }

  @Test
  void shouldRejectANegativeSlotWithAProblemDetail() throws Exception {
    mvc.perform(get("/api/v1/attestations").param("slot", "-1"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.status").value(400))
        .andExpect(jsonPath("$.detail").value("slot must be a slot number >= 0"));
  }

  @Test
  void shouldRejectANonNumericSlot() throws Exception {
    mvc.perform(get("/api/v1/attestations").param("slot", "twelve"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail").value("slot must be a slot number, got 'twelve'"));
  }

  @Test
  void shouldRejectAMissingSlot() throws Exception {
    mvc.perform(get("/api/v1/attestations"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail", containsString("'slot'")));
  }

  @Test
  void shouldRejectAMalformedProposalHash() throws Exception {
    mvc.perform(get("/api/v1/attestations").param("slot", "12").param("proposal", "0x1234"))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(
            jsonPath("$.detail")
                .value("proposal must be a 32-byte proposal payload hash, 0x + 64 hex digits"));
  }
}
