package dev.slotstream.node.l1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.committee.ValidatorSet;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.types.EpochNumber;
import dev.slotstream.core.types.EthAddress;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which epochs {@link L1ValidatorSchedule} learns, against a fake contract: only sets that can no
 * longer change, older ones when asked for, failed reads retried and counted, changes counted. The
 * rounds are driven by hand ({@code refresh}); the poll interval is long so the background thread
 * never runs during a test.
 */
class L1ValidatorScheduleTest {
  private static final long GENESIS = 1_000;
  private static final long EPOCH = 12;
  private static final List<EthAddress> KEYS =
      IntStream.range(0, 6).mapToObj(i -> SigningKey.fromSeed("validator-" + i).address()).toList();

  /** A contract whose versions (start epoch → members) the test writes, and an L1 clock. */
  private static final class FakeRollup implements ValidatorSetSource {
    final TreeMap<Long, List<EthAddress>> versions = new TreeMap<>(Map.of(0L, KEYS.subList(0, 4)));
    final List<Long> reads = new ArrayList<>();
    long timestamp = GENESIS + 1;
    boolean down;

    void at(long epoch) {
      timestamp = GENESIS + epoch * EPOCH + 1;
    }

    @Override
    public String address() {
      return "0xfake";
    }

    @Override
    public long latestBlockTimestamp() throws IOException {
      if (down) {
        throw new IOException("connection refused");
      }
      return timestamp;
    }

    @Override
    public long validatorSetLag() {
      return 2;
    }

    @Override
    public List<EthAddress> validatorsAt(EpochNumber epoch) throws IOException {
      if (down) {
        throw new IOException("connection refused");
      }
      reads.add(epoch.value());
      return versions.floorEntry(epoch.value()).getValue();
    }
  }

  private final FakeRollup l1 = new FakeRollup();
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final L1ValidatorSchedule schedule =
      new L1ValidatorSchedule(l1, GENESIS, EPOCH, Duration.ofHours(1), registry);

  @AfterEach
  void close() {
    schedule.close();
  }

  private double count(String name, String outcome) {
    return outcome == null
        ? registry.get(name).counter().count()
        : registry.get(name).tag("outcome", outcome).counter().count();
  }

  @Test
  void learnsOnlySetsThatCanNoLongerChange() {
    l1.at(5);
    schedule.start(EpochNumber.of(5), ValidatorSet.of(KEYS.subList(0, 4)));

    // L1 in epoch 5: a change made now applies from 7, so 4..6 are final, 7 is not.
    assertThat(l1.reads).containsExactly(4L, 6L);
    assertThat(schedule.validatorsAt(EpochNumber.of(6))).isPresent();
    assertThat(schedule.validatorsAt(EpochNumber.of(7))).isEmpty();
    assertThat(schedule.knownThrough()).contains(EpochNumber.of(6));

    // The owner adds validator-4 during epoch 5 (from 7); L1 moves to epoch 6.
    l1.versions.put(7L, KEYS.subList(0, 5));
    l1.at(6);
    schedule.refresh();

    assertThat(schedule.validatorsAt(EpochNumber.of(7)).orElseThrow().members())
        .containsExactlyElementsOf(KEYS.subList(0, 5));
    assertThat(schedule.validatorsAt(EpochNumber.of(6)).orElseThrow().members())
        .doesNotContain(KEYS.get(4));
    assertThat(count(L1ValidatorSchedule.CHANGES, null)).isEqualTo(1);
  }

  @Test
  void aFailedRoundIsCountedAndTheNextOneCatchesUp() {
    l1.at(0);
    schedule.start(EpochNumber.ZERO, ValidatorSet.of(KEYS.subList(0, 4)));
    l1.down = true;
    l1.at(3);
    schedule.refresh();

    assertThat(count(L1ValidatorSchedule.READS, "failed")).isEqualTo(1);
    assertThat(schedule.validatorsAt(EpochNumber.of(3))).isEmpty();

    l1.down = false;
    schedule.refresh();

    assertThat(schedule.validatorsAt(EpochNumber.of(3))).isPresent();
    assertThat(schedule.validatorsAt(EpochNumber.of(4))).isPresent();
    assertThat(count(L1ValidatorSchedule.READS, "ok")).isEqualTo(2);
  }

  @Test
  void anOlderEpochAskedForIsReadAtTheNextRoundOrAtOnceOnACallingThreadThatMayRead() {
    l1.at(40);
    schedule.start(EpochNumber.of(40), ValidatorSet.of(KEYS.subList(0, 4)));

    assertThat(schedule.validatorsAt(EpochNumber.of(3))).isEmpty();
    schedule.refresh();
    assertThat(schedule.validatorsAt(EpochNumber.of(3))).isPresent();

    assertThat(schedule.readingOnCallingThread().validatorsAt(EpochNumber.of(9))).isPresent();
    // Never a set that may still change, even for a caller that may read.
    assertThat(schedule.readingOnCallingThread().validatorsAt(EpochNumber.of(42))).isEmpty();
  }
}
