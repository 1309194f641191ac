package dev.slotstream.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.consensus.RejectionReason;
import dev.slotstream.core.consensus.ValidationResult;
import dev.slotstream.core.types.EthAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RejectReasonsTest {

  @ParameterizedTest
  @EnumSource(RejectionReason.class)
  void shouldMapEveryReceiptCheckToADeadLetterReason(RejectionReason reason) {
    assertThat(RejectReasons.of(reason)).isNotNull().isNotEqualTo(RejectReason.LISTENER_ERROR);
  }

  @Test
  void shouldKeepTheSpecificReasonsTheGossipLayerNames() {
    assertThat(RejectReasons.of(RejectionReason.WRONG_PROPOSER))
        .isEqualTo(RejectReason.WRONG_PROPOSER);
    assertThat(RejectReasons.of(RejectionReason.BAD_SIGNATURE))
        .isEqualTo(RejectReason.BAD_SIGNATURE);
    assertThat(RejectReasons.of(RejectionReason.SIGNER_MISMATCH))
        .isEqualTo(RejectReason.BAD_SIGNATURE);
    assertThat(RejectReasons.of(RejectionReason.OUTSIDE_WINDOW))
        .isEqualTo(RejectReason.OUT_OF_WINDOW);
    assertThat(RejectReasons.of(RejectionReason.NOT_IN_COMMITTEE))
        .isEqualTo(RejectReason.NOT_IN_COMMITTEE);
    assertThat(RejectReasons.of(RejectionReason.INCONSISTENT_HEADER))
        .isEqualTo(RejectReason.INVALID);
    // Not invalid: this node cannot check it without the epoch's validator set.
    assertThat(RejectReasons.of(RejectionReason.VALIDATOR_SET_UNKNOWN))
        .isEqualTo(RejectReason.VALIDATOR_SET_UNKNOWN);
  }

  @Test
  void shouldCarryTheCoreReasonAndDetailIntoTheException() {
    InvalidGossipException e =
        RejectReasons.toException(
            ValidationResult.reject(RejectionReason.OUTSIDE_WINDOW, "arrived late"));
    assertThat(e.reason()).isEqualTo(RejectReason.OUT_OF_WINDOW);
    assertThat(e.detail()).isEqualTo("OUTSIDE_WINDOW: arrived late");
  }

  @Test
  void shouldRefuseToTurnAValidResultIntoARejection() {
    assertThatThrownBy(() -> RejectReasons.toException(ValidationResult.accept(EthAddress.ZERO)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
