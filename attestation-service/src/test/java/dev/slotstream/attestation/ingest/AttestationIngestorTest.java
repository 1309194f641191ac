package dev.slotstream.attestation.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.slotstream.attestation.config.AttestationMetrics;
import dev.slotstream.attestation.finality.LatestFinalCheckpoint;
import dev.slotstream.attestation.testing.ForwardingAttestationPool;
import dev.slotstream.attestation.testing.TestClock;
import dev.slotstream.core.attestation.AttestationAggregator;
import dev.slotstream.core.attestation.AttestationPool;
import dev.slotstream.core.testing.AttestationFixtures;
import dev.slotstream.core.testing.AttestationFixtures.Checkpoint;
import dev.slotstream.core.time.Timetable;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.gossip.GossipPublisher;
import dev.slotstream.gossip.GossipTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaOperations;

/**
 * The publish rule: a claimed quorum goes out only inside its slot's quorum window, stamped with the
 * instant that was checked, because every node judges the window at the record's timestamp.
 */
class AttestationIngestorTest {
  static final AttestationFixtures FIXTURES = new AttestationFixtures(11);
  static final SlotNumber SLOT = SlotNumber.of(40);

  final Timetable timetable = FIXTURES.network().context().timetable();
  final TestClock clock = new TestClock(FIXTURES.inside(SLOT));
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final List<ProducerRecord<byte[], Object>> sent = new CopyOnWriteArrayList<>();
  final LatestFinalCheckpoint latestFinal = new LatestFinalCheckpoint();

  /** How far each pool add moves the clock on: a slow Redis round trip. */
  volatile Duration slowBy = Duration.ZERO;

  /** The in-memory pool, moving the clock on by {@link #slowBy} during each add. */
  final AttestationPool pool =
      new ForwardingAttestationPool() {
        @Override
        protected void afterAdd() {
          clock.set(clock.instant().plus(slowBy));
        }
      };

  final AttestationIngestor ingestor = ingestor();

  @SuppressWarnings("unchecked")
  private AttestationIngestor ingestor() {
    KafkaOperations<byte[], Object> kafka = mock(KafkaOperations.class);
    when(kafka.send(any(ProducerRecord.class)))
        .thenAnswer(
            call -> {
              sent.add(call.getArgument(0));
              return CompletableFuture.completedFuture(null);
            });
    var context = FIXTURES.network().context();
    return new AttestationIngestor(
        new OutageTolerantAggregator(
            new AttestationAggregator(context, pool, 2), context, 2, 3, Duration.ZERO, clock),
        latestFinal,
        new GossipPublisher(kafka, new GossipTopics("unit", ".DLT"), "att-unit"),
        new AttestationMetrics(meters),
        timetable,
        clock);
  }

  private void attest(Checkpoint cp, int... keys) {
    for (int key : keys) {
      ingestor.ingest(FIXTURES.attest(cp, FIXTURES.keys().get(key)));
    }
  }

  private double late() {
    return meters.counter("slotstream.attestation.quorum.late").count();
  }

  @Test
  void shouldPublishAQuorumStampedWithTheInstantItWasCheckedAt() {
    Checkpoint cp = FIXTURES.checkpoint(SLOT);
    attest(cp, 0, 1, 2);

    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).timestamp()).isEqualTo(clock.instant().toEpochMilli());
    assertThat(latestFinal.latest()).hasValueSatisfying(f -> assertThat(f.slot()).isEqualTo(SLOT));
    assertThat(late()).isZero();
  }

  @Test
  void shouldNotPublishNorCountFinalAQuorumCompletedAfterItsWindowClosed() {
    Checkpoint cp = FIXTURES.checkpoint(SLOT);
    // The last attestation arrives just inside its receive window; handling it takes long enough
    // that the quorum is complete only after the quorum window has closed.
    clock.set(timetable.receiveWindow(SLOT).closesAt());
    attest(cp, 0, 1);
    Instant windowClose = timetable.quorumWindow(SLOT).closesAt();
    slowBy = Duration.between(clock.instant(), windowClose).plusMillis(1);
    attest(cp, 2);

    assertThat(sent).isEmpty();
    assertThat(late()).isEqualTo(1);
    assertThat(latestFinal.latest()).isEmpty();
  }

  @Test
  void shouldStillPublishAQuorumCompletedAtTheLastInstantOfItsWindow() {
    Checkpoint cp = FIXTURES.checkpoint(SLOT);
    clock.set(timetable.receiveWindow(SLOT).closesAt());
    attest(cp, 0, 1);
    Instant windowClose = timetable.quorumWindow(SLOT).closesAt();
    slowBy = Duration.between(clock.instant(), windowClose);
    attest(cp, 2);

    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).timestamp()).isEqualTo(windowClose.toEpochMilli());
    assertThat(late()).isZero();
  }
}
