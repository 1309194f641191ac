package dev.slotstream.attestation.web;

import dev.slotstream.core.attestation.AttestationPool;
import dev.slotstream.core.attestation.PoolStats;
import dev.slotstream.core.attestation.PooledAttestation;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.SlotNumber;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read-only view of the pool. Parameter constraints are checked by Spring MVC's built-in method
 * validation (no {@code @Validated} proxy), so a bad parameter becomes a 400 problem detail through
 * {@link ApiExceptionHandler}.
 */
@RestController
@RequestMapping("/api/v1")
public class AttestationController {
  private final AttestationPool pool;

  public AttestationController(AttestationPool pool) {
    this.pool = pool;
  }

  /** All attestations of a slot, or only those for one proposal payload hash. */
  @GetMapping("/attestations")
  public List<AttestationView> attestations(
      @RequestParam
          @Min(value = 0, message = "must be a slot number >= 0")
          @Max(value = Long.MAX_VALUE, message = "is too large")
          long slot,
      @RequestParam(required = false)
          @Pattern(
              regexp = "^0[xX][0-9a-fA-F]{64}$",
              message = "must be a 32-byte proposal payload hash, 0x + 64 hex digits")
          String proposal) {
    SlotNumber slotNumber = SlotNumber.of(slot);
    List<PooledAttestation> found =
        proposal == null
            ? pool.attestations(slotNumber)
            : pool.attestations(slotNumber, Bytes32.fromHex(proposal));
    return found.stream().map(AttestationView::of).toList();
  }

  @GetMapping("/pool/stats")
  public PoolStats stats() {
    return pool.stats();
  }
}
