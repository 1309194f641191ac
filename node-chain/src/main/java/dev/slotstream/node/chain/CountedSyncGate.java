package dev.slotstream.node.chain;

import dev.slotstream.core.duty.SyncGate;
import dev.slotstream.core.types.SlotNumber;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The node's sync gate with a count of what it held back: {@value #METER}{duty, reason} is one per
 * proposal or attestation the node skipped because it had not caught up (the core asks once per
 * duty and skips it when held back): {@code reason=l1-syncing} with an L1 follower (§17.6), {@code
 * gossip-syncing} when it catches up from the gossip log (§13.6). Every duty shows at zero from the
 * start.
 */
public final class CountedSyncGate implements SyncGate {
  public static final String METER = "slotstream.duty.skipped";

  private final SyncGate gate;
  private final Map<Duty, Counter> skipped = new EnumMap<>(Duty.class);

  public static final String L1_SYNCING = "l1-syncing";
  public static final String GOSSIP_SYNCING = "gossip-syncing";

  public CountedSyncGate(SyncGate gate, MeterRegistry registry) {
    this(gate, registry, L1_SYNCING);
  }

  /** @param reason the {@code reason} tag of the counts: which catch-up held the duty back */
  public CountedSyncGate(SyncGate gate, MeterRegistry registry, String reason) {
    this.gate = gate;
    for (Duty duty : Duty.values()) {
      skipped.put(
          duty,
          Counter.builder(METER)
              .description("Duties this node skipped because it had not caught up")
              .tag("duty", duty.name().toLowerCase(Locale.ROOT))
              .tag("reason", reason)
              .register(registry));
    }
  }

  @Override
  public Optional<String> holdBack(Duty duty, SlotNumber slot) {
    Optional<String> held = gate.holdBack(duty, slot);
    if (held.isPresent()) {
      skipped.get(duty).increment();
    }
    return held;
  }
}
