package dev.slotstream.l1publisher.web;

import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.l1publisher.publish.Publication;
import dev.slotstream.l1publisher.publish.PublicationStore;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Recent publications: what this instance sent to L1 for each certified checkpoint it leads. */
@RestController
@Validated
@RequestMapping("/api/v1/publications")
public class PublicationController {
  private final PublicationStore store;

  public PublicationController(PublicationStore store) {
    this.store = store;
  }

  /** Newest first. */
  @GetMapping
  public List<Publication> recent(@RequestParam(defaultValue = "50") @Min(1) @Max(1000) int limit) {
    return store.recent(limit);
  }

  @GetMapping("/{slot}")
  public Publication bySlot(@PathVariable @Min(0) long slot) {
    return store
        .get(SlotNumber.of(slot))
        .orElseThrow(
            () ->
                new ResponseStatusException(
                    HttpStatus.NOT_FOUND, "no publication for slot " + slot));
  }
}
