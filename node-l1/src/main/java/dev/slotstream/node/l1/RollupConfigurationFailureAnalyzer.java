package dev.slotstream.node.l1;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Start-up refused by {@link RollupConfigurationCheck}: say which values differ, and both sides. */
public class RollupConfigurationFailureAnalyzer
    extends AbstractFailureAnalyzer<RollupConfigurationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, RollupConfigurationException cause) {
    return switch (cause.reason()) {
      case MISMATCH ->
          new FailureAnalysis(
              "This node refused to start: " + cause.getMessage(),
              "Make slotstream.protocol.* match the deployed Rollup contract (the contract is the "
                  + "authority: PROTOCOL.md §6 and §16), or point slotstream.protocol.rollup-address and "
                  + "slotstream.l1.rpc-url (or slotstream.l1.follow.rpc-url) at the contract this network was deployed with.",
              cause);
      case L1_UNREACHABLE ->
          new FailureAnalysis(
              "This node refused to start: " + cause.getMessage(),
              "Start the L1 node or fix slotstream.l1.rpc-url (slotstream.l1.follow.rpc-url for an executing node); slotstream.l1.config-check.attempts and "
                  + ".backoff set how long start-up waits for it.",
              cause);
    };
  }
}
