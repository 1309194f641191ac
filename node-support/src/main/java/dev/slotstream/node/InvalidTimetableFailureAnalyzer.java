package dev.slotstream.node;

import dev.slotstream.core.time.InvalidTimetableException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Start-up failed because the configured timetable does not fit its slot: say which rule broke. */
public class InvalidTimetableFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidTimetableException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidTimetableException cause) {
    return new FailureAnalysis(
        "The slot timetable configured under slotstream.protocol.timetable is not valid: "
            + cause.getMessage()
            + ".",
        "Fix the timetable: choose slotstream.protocol.timetable.preset (devnet or standard) and "
            + "override only fields that keep the order blocks end <= checkpoint proposal, proposal + "
            + "propagation < attestation deadline <= L1 publish < slot end.",
        cause);
  }
}
