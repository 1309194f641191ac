package dev.slotstream.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimetableConfigTest {
  private static final Instant GENESIS = Instant.parse("2025-01-01T00:00:00Z");
  private static final TimetableConfig STANDARD = TimetableConfig.standard(GENESIS);

  @Test
  void shouldAcceptTheStandardAndDevnetTimetables() {
    assertThat(STANDARD.validate()).isSameAs(STANDARD);
    assertThat(TimetableConfig.devnet(GENESIS).validate().slotDuration())
        .isEqualTo(Duration.ofSeconds(6));
    assertThat(TimetableConfig.devnet(GENESIS).maxBlocksPerCheckpoint()).isEqualTo(5);
  }

  @Test
  void shouldModelThePlansTimingOnTheStandardTimetable() {
    assertThat(STANDARD.blockBuildOffset()).isEqualTo(Duration.ofSeconds(2));
    assertThat(STANDARD.blocksEndOffset()).isEqualTo(Duration.ofSeconds(42));
    assertThat(STANDARD.checkpointProposalOffset()).isEqualTo(Duration.ofSeconds(42));
    assertThat(STANDARD.attestationDeadlineOffset()).isEqualTo(Duration.ofSeconds(54));
    assertThat(STANDARD.l1PublishOffset()).isEqualTo(Duration.ofSeconds(55));
    assertThat(STANDARD.clockTolerance()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void shouldRefuseTimetableWhoseBlocksEndAfterCheckpointProposal() {
    TimetableConfig config = STANDARD.withCheckpointProposalOffset(Duration.ofSeconds(40));

    assertThatThrownBy(config::validate)
        .isInstanceOf(InvalidTimetableException.class)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "invalid timetable: 5 blocks of 8s starting at 2s end at 42s,"
                + " after the checkpoint proposal time 40s");
  }

  @Test
  void shouldRefuseTimetableWhoseExtraBlockOverrunsTheCheckpointProposal() {
    assertThatThrownBy(() -> STANDARD.withMaxBlocksPerCheckpoint(6).validate())
        .isInstanceOf(InvalidTimetableException.class)
        .hasMessageContaining("6 blocks of 8s starting at 2s end at 50s");
  }

  @Test
  void shouldReportFractionalSecondsInRefusals() {
    TimetableConfig config =
        TimetableConfig.devnet(GENESIS).withCheckpointProposalOffset(Duration.ofMillis(4000));

    assertThatThrownBy(config::validate)
        .hasMessage(
            "invalid timetable: 5 blocks of 0.8s starting at 0.2s end at 4.2s,"
                + " after the checkpoint proposal time 4s");
  }

  @Test
  void shouldRefuseAttestationDeadlineBeforeTheCheckpointProposalReachesValidators() {
    TimetableConfig config = STANDARD.withAttestationDeadlineOffset(Duration.ofSeconds(44));

    assertThatThrownBy(config::validate)
        .isInstanceOf(InvalidTimetableException.class)
        .hasMessage(
            "invalid timetable: checkpoint proposal at 42s plus 2s propagation reaches validators"
                + " at 44s, not before the attestation deadline 44s");
  }

  @Test
  void shouldRefuseAttestationDeadlineAfterL1Publish() {
    TimetableConfig config = STANDARD.withL1PublishOffset(Duration.ofSeconds(50));

    assertThatThrownBy(config::validate)
        .hasMessage("invalid timetable: attestation deadline 54s is after the L1 publish time 50s");
  }

  @Test
  void shouldAcceptL1PublishExactlyAtTheAttestationDeadline() {
    assertThat(STANDARD.withL1PublishOffset(Duration.ofSeconds(54)).validate()).isNotNull();
  }

  @Test
  void shouldRefuseL1PublishAtSlotEnd() {
    TimetableConfig config = STANDARD.withL1PublishOffset(Duration.ofSeconds(60));

    assertThatThrownBy(config::validate)
        .hasMessage("invalid timetable: L1 publish time 60s is not before the slot end 60s");
  }

  @Test
  void shouldRefuseAShorterSlotThatNoLongerHoldsTheDeadlines() {
    assertThatThrownBy(() -> STANDARD.withSlotDuration(Duration.ofSeconds(48)).validate())
        .hasMessage("invalid timetable: L1 publish time 55s is not before the slot end 48s");
  }

  @Test
  void shouldRefuseBlockCountOutsideOneToSeventyTwo() {
    assertThatThrownBy(() -> STANDARD.withMaxBlocksPerCheckpoint(0).validate())
        .hasMessage("invalid timetable: max blocks per checkpoint 0 must be between 1 and 72");
    assertThatThrownBy(() -> STANDARD.withMaxBlocksPerCheckpoint(73).validate())
        .hasMessage("invalid timetable: max blocks per checkpoint 73 must be between 1 and 72");
  }

  @Test
  void shouldAcceptSeventyTwoBlocksWhenTheyFit() {
    TimetableConfig config =
        STANDARD
            .withBlockDuration(Duration.ofMillis(500))
            .withMinBlockDuration(Duration.ofMillis(100))
            .withMaxBlocksPerCheckpoint(72);

    assertThat(config.validate().blocksEndOffset()).isEqualTo(Duration.ofSeconds(38));
  }

  @Test
  void shouldRefuseMinBlockDurationLongerThanTheBlock() {
    assertThatThrownBy(() -> STANDARD.withMinBlockDuration(Duration.ofSeconds(9)).validate())
        .hasMessage(
            "invalid timetable: min block duration 9s is longer than the block duration 8s;"
                + " every sub-slot would be skipped");
  }

  @Test
  void shouldRefuseNonPositiveDurations() {
    assertThatThrownBy(() -> STANDARD.withSlotDuration(Duration.ZERO).validate())
        .hasMessage("invalid timetable: slot duration 0s must be positive");
    assertThatThrownBy(() -> STANDARD.withBlockDuration(Duration.ofSeconds(-1)).validate())
        .hasMessage("invalid timetable: block duration -1s must be positive");
    assertThatThrownBy(() -> STANDARD.withMinBlockDuration(Duration.ZERO).validate())
        .hasMessage("invalid timetable: min block duration 0s must be positive");
    assertThatThrownBy(() -> STANDARD.withBlockBuildOffset(Duration.ofSeconds(-2)).validate())
        .hasMessage("invalid timetable: block build offset -2s must not be negative");
    assertThatThrownBy(() -> STANDARD.withProposalPropagation(Duration.ofMillis(-1)).validate())
        .hasMessage("invalid timetable: proposal propagation -0.001s must not be negative");
    assertThatThrownBy(() -> STANDARD.withClockTolerance(Duration.ofMillis(-500)).validate())
        .hasMessage("invalid timetable: clock tolerance -0.5s must not be negative");
    assertThatThrownBy(() -> STANDARD.withEpochLength(0).validate())
        .hasMessage("invalid timetable: epoch length 0 must be at least 1 slot");
  }

  @Test
  void shouldRefuseMissingFields() {
    assertThatThrownBy(() -> STANDARD.withAttestationDeadlineOffset(null).validate())
        .hasMessage("invalid timetable: attestation deadline is missing");
    assertThatThrownBy(() -> STANDARD.withGenesisTime(null).validate())
        .hasMessage("invalid timetable: genesis time is missing");
  }

  @Test
  void shouldRefuseTimesL1CannotExpressInWholeSeconds() {
    assertThatThrownBy(() -> STANDARD.withSlotDuration(Duration.ofMillis(60_500)).validate())
        .hasMessageContaining("slot duration 60.5s is not a whole number of seconds");
    assertThatThrownBy(() -> STANDARD.withGenesisTime(GENESIS.plusMillis(1)).validate())
        .hasMessageContaining("is not a whole second");
  }

  @Test
  void shouldRefuseClockToleranceOfHalfASlotOrMore() {
    assertThatThrownBy(() -> STANDARD.withClockTolerance(Duration.ofSeconds(30)).validate())
        .hasMessage("invalid timetable: clock tolerance 30s is not less than half the slot 60s");
    assertThat(STANDARD.withClockTolerance(Duration.ZERO).validate()).isNotNull();
  }

  @Test
  void shouldValidateWhenATimetableIsBuilt() {
    TimetableConfig config = STANDARD.withCheckpointProposalOffset(Duration.ofSeconds(40));

    assertThatThrownBy(() -> new Timetable(config))
        .isInstanceOf(InvalidTimetableException.class)
        .hasMessageContaining("after the checkpoint proposal time 40s");
  }
}
