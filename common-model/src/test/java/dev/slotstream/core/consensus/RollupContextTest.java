package dev.slotstream.core.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.committee.CommitteeSelector;
import dev.slotstream.core.committee.ValidatorSchedule;
import dev.slotstream.core.committee.ValidatorSet;
import dev.slotstream.core.crypto.SigningDomain;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.testing.TestNetwork;
import dev.slotstream.core.time.InvalidTimetableException;
import dev.slotstream.core.time.TimetableConfig;
import dev.slotstream.core.types.SlotNumber;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RollupContextTest {
  private static final List<SigningKey> KEYS =
      IntStream.range(0, 6).mapToObj(i -> SigningKey.fromSeed("validator-" + i)).toList();
  private static final ValidatorSet VALIDATORS =
      ValidatorSet.of(KEYS.stream().map(SigningKey::address).toList());

  private static RollupParameters parameters(TimetableConfig timetable, int committeeSize) {
    return new RollupParameters(
        TestNetwork.CHAIN_ID,
        7,
        TestNetwork.ROLLUP,
        timetable,
        VALIDATORS,
        TestNetwork.SEED,
        committeeSize,
        16);
  }

  @Test
  void shouldBuildTheTimetableEpochCacheAndSignerFromTheParameters() {
    TimetableConfig timetable = TimetableConfig.devnet(TestNetwork.GENESIS);

    RollupContext context = RollupContext.of(parameters(timetable, 4));

    assertThat(context.chainId()).isEqualTo(TestNetwork.CHAIN_ID);
    assertThat(context.version()).isEqualTo(7);
    assertThat(context.maxTxsPerBlock()).isEqualTo(16);
    assertThat(context.timetable().config()).isEqualTo(timetable);
    assertThat(context.signer().domain())
        .isEqualTo(SigningDomain.of(TestNetwork.CHAIN_ID, TestNetwork.ROLLUP));
    assertThat(context.epochCache().schedule()).isEqualTo(ValidatorSchedule.fixed(VALIDATORS));
    assertThat(context.epochCache().timetable()).isSameAs(context.timetable());
    // The same draw as an epoch cache assembled by hand from the same inputs.
    EpochCache byHand =
        new EpochCache(VALIDATORS, TestNetwork.SEED, new CommitteeSelector(4), context.timetable());
    assertThat(context.epochCache().committeeFor(SlotNumber.of(3)))
        .isEqualTo(byHand.committeeFor(SlotNumber.of(3)))
        .satisfies(c -> assertThat(c.members()).hasSize(4));
  }

  @Test
  void shouldRefuseAnInvalidTimetable() {
    TimetableConfig broken =
        TimetableConfig.devnet(TestNetwork.GENESIS).withBlockDuration(Duration.ofSeconds(10));

    assertThatThrownBy(() -> RollupContext.of(parameters(broken, 4)))
        .isInstanceOf(InvalidTimetableException.class);
  }
}
