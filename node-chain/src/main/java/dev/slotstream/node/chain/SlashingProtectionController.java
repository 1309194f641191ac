package dev.slotstream.node.chain;

import dev.slotstream.core.slashing.DutyKind;
import dev.slotstream.core.slashing.ImportSummary;
import dev.slotstream.core.slashing.InterchangeDocument;
import dev.slotstream.core.slashing.InterchangeException;
import dev.slotstream.core.slashing.SigningDuty;
import dev.slotstream.core.slashing.SlashingProtectionException;
import dev.slotstream.core.slashing.SlashingProtectionInterchange;
import dev.slotstream.core.types.Bytes32;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The node's signing record as an EIP-3076 interchange: {@code GET} exports it, {@code POST} merges
 * one in. The body is read and written by the core's own codec, not the application's
 * ObjectMapper, so the format does not depend on the service's Jackson settings.
 */
@RestController
@RequestMapping("/api/v1/slashing-protection")
public class SlashingProtectionController {
  private static final Logger LOG = LoggerFactory.getLogger(SlashingProtectionController.class);

  private final SlashingProtectionInterchange record;
  private final Bytes32 network;

  /**
   * @param network this network's EIP-712 domain separator: the document's {@code
   *     genesis_validators_root}
   */
  public SlashingProtectionController(SlashingProtectionInterchange record, Bytes32 network) {
    this.record = record;
    this.network = network;
  }

  @GetMapping(value = "/interchange", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<byte[]> export() {
    byte[] body = record.exportInterchange(network).toJson();
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment()
                .filename("slashing-protection-interchange.json")
                .build()
                .toString())
        .body(body);
  }

  /** 200 with what changed; 400 malformed or another version; 409 another network. */
  @PostMapping(
      value = "/interchange",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  public ImportResponse importInterchange(@RequestBody(required = false) byte[] body) {
    ImportSummary summary = record.importInterchange(InterchangeDocument.parse(body), network);
    return ImportResponse.of(summary);
  }

  /**
   * @param conflicts duties signed with two payloads; they now refuse every payload
   */
  public record ImportResponse(int signers, int added, int alreadyKnown, List<Conflict> conflicts) {
    static ImportResponse of(ImportSummary s) {
      return new ImportResponse(
          s.signers(),
          s.added(),
          s.alreadyKnown(),
          s.conflicts().stream().map(Conflict::of).toList());
    }
  }

  public record Conflict(String signer, DutyKind kind, long slot, int index) {
    static Conflict of(SigningDuty d) {
      return new Conflict(d.signer().toHex(), d.kind(), d.slot().value(), d.index());
    }
  }

  @ExceptionHandler(InterchangeException.class)
  ResponseEntity<ProblemDetail> refused(InterchangeException e) {
    HttpStatus status =
        e.problem() == InterchangeException.Problem.WRONG_NETWORK
            ? HttpStatus.CONFLICT
            : HttpStatus.BAD_REQUEST;
    ProblemDetail p = ProblemDetail.forStatusAndDetail(status, e.getMessage());
    p.setTitle(
        switch (e.problem()) {
          case MALFORMED -> "Malformed interchange";
          case UNSUPPORTED_VERSION -> "Unsupported interchange version";
          case WRONG_NETWORK -> "Interchange of another network";
        });
    String name = e.problem().name().toLowerCase(Locale.ROOT).replace('_', '-');
    p.setType(URI.create("https://slotstream.dev/problems/interchange-" + name));
    p.setProperty("problem", e.problem().name());
    p.setProperty("imported", false);
    LOG.warn("interchange import refused problem={} detail={}", e.problem(), e.getMessage());
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
  }

  /** The record could not be written: some signers may be merged already; retrying is safe. */
  @ExceptionHandler(SlashingProtectionException.class)
  ResponseEntity<ProblemDetail> unavailable(SlashingProtectionException e) {
    ProblemDetail p =
        ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, e.getMessage());
    p.setTitle("Signing record unavailable");
    p.setType(URI.create("https://slotstream.dev/problems/signing-record-unavailable"));
    LOG.error("slashing-protection interchange failed", e);
    return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(p);
  }
}
