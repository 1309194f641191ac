package dev.slotstream.validator.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.types.BlockNumber;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.validator.AttestationOutcome;
import dev.slotstream.core.validator.AttestationStatus;
import dev.slotstream.core.validator.BlockExecuted;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ValidatorJobListenerTest {
  private static final SlotNumber SLOT = SlotNumber.of(1488);
  private static final Instant SENT = Instant.parse("2026-01-01T00:00:01Z");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RecentOutcomes outcomes = new RecentOutcomes(4);
  private final ExecutionTimes executionTimes = new ExecutionTimes(4);
  private final ValidatorJobListener listener =
      new ValidatorJobListener(registry, outcomes, new EvidenceStore(4), executionTimes);

  private Timer executed(int index, String since) {
    return registry
        .get(ValidatorJobListener.BLOCK_EXECUTED)
        .tag("index", "" + index)
        .tag("since", since)
        .timer();
  }

  @Test
  void shouldTimeABlockFromTheBroadcastAndTheReceiptTheEventCarries() {
    listener.onBlockExecuted(
        new BlockExecuted(
            SLOT,
            2,
            Optional.of(SENT),
            SENT.plusMillis(40),
            SENT.plusMillis(250),
            BlockNumber.of(3),
            List.of()));

    assertThat(executed(2, "broadcast").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250);
    assertThat(step("executed").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250);
    assertThat(executed(2, "receipt").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(210);
    assertThat(executionTimes.executedAt(SLOT)).containsEntry(2, SENT.plusMillis(250));
  }

  @Test
  void shouldTimeOnlyTheReceiptWhenTheTransportGaveNoBroadcastInstant() {
    listener.onBlockExecuted(
        new BlockExecuted(
            SLOT, 0, Optional.empty(), SENT, SENT.plusMillis(10), BlockNumber.of(1), List.of()));

    assertThat(executed(0, "receipt").count()).isOne();
    assertThat(registry.find(ValidatorJobListener.BLOCK_EXECUTED).tag("since", "broadcast").timer())
        .isNull();
  }

  private Timer step(String step) {
    return registry.get("slotstream.tx.step").tag("step", step).timer();
  }

  @Test
  void shouldTimeAnAttestedSlotFromItsLastBlockExecutedToTheAttestation() {
    listener.onBlockExecuted(
        new BlockExecuted(
            SLOT, 0, Optional.of(SENT), SENT, SENT.plusMillis(30), BlockNumber.of(1), List.of()));
    listener.onBlockExecuted(
        new BlockExecuted(
            SLOT, 1, Optional.of(SENT), SENT, SENT.plusMillis(80), BlockNumber.of(2), List.of()));
    listener.onOutcome(
        new AttestationOutcome(
            SLOT,
            AttestationStatus.ATTESTED,
            "",
            new TreeSet<>(List.of(0, 1)),
            List.of(),
            SENT.plusMillis(95)));

    assertThat(step("attested").count()).isOne();
    assertThat(step("attested").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(15);
  }

  @Test
  void shouldRecordWhenTheJobSaysItFinished() {
    Instant finished = SENT.plusSeconds(3);
    listener.onOutcome(
        new AttestationOutcome(
            SLOT, AttestationStatus.MISSING_BLOCKS, "", new TreeSet<>(), List.of(), finished));

    assertThat(executionTimes.finishedAt(SLOT)).contains(finished);
    assertThat(outcomes.get(SLOT))
        .map(AttestationOutcome::status)
        .contains(AttestationStatus.MISSING_BLOCKS);
    assertThat(
            registry
                .get(ValidatorJobListener.OUTCOME)
                .tag("status", "MISSING_BLOCKS")
                .counter()
                .count())
        .isOne();
  }
}
