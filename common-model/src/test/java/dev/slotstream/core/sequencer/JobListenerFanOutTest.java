package dev.slotstream.core.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.exec.FailedTx;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.validator.AttestationJobListener;
import dev.slotstream.core.validator.AttestationOutcome;
import dev.slotstream.core.validator.AttestationStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class JobListenerFanOutTest {
  private final List<String> heard = new ArrayList<>();

  private ProposalJobListener proposalListener(String name) {
    return new ProposalJobListener() {
      @Override
      public void onOutcome(ProposalOutcome outcome) {
        heard.add(name + ":" + outcome.slot());
      }

      @Override
      public void onTxsDropped(List<FailedTx> failed) {
        heard.add(name + ":dropped " + failed.size());
      }
    };
  }

  private AttestationJobListener attestationListener(String name) {
    return new AttestationJobListener() {
      @Override
      public void onOutcome(AttestationOutcome outcome) {
        heard.add(name + ":" + outcome.slot());
      }
    };
  }

  @Test
  void bothProposalListenersHearEachEventInOrder() {
    ProposalJobListener.both(proposalListener("tracker"), proposalListener("txs"))
        .onOutcome(
            new ProposalOutcome(
                SlotNumber.of(3), ProposalStatus.PROPOSED, "", 1, 0, Optional.empty()));

    assertThat(heard).containsExactly("tracker:3", "txs:3");
  }

  @Test
  void bothProposalListenersHearDroppedTxs() {
    ProposalJobListener.both(proposalListener("tracker"), proposalListener("txs"))
        .onTxsDropped(List.of());

    assertThat(heard).containsExactly("tracker:dropped 0", "txs:dropped 0");
  }

  @Test
  void bothAttestationListenersHearEachEventInOrder() {
    AttestationJobListener.both(attestationListener("node"), attestationListener("txs"))
        .onOutcome(
            new AttestationOutcome(
                SlotNumber.of(4),
                AttestationStatus.ATTESTED,
                "",
                new TreeSet<>(),
                List.of(),
                Instant.EPOCH));

    assertThat(heard).containsExactly("node:4", "txs:4");
  }
}
