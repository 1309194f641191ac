package dev.slotstream.l1publisher.tx;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code slotstream.l1.tx{outcome,reason}} per outcome (reason: the revert's error name, or
 * {@code none}); {@code slotstream.l1.gas.used} and {@code slotstream.l1.fees.paid.wei} for every
 * mined transaction; {@code slotstream.l1.tx.replacements}; {@code slotstream.l1.rpc.errors{method}}
 * for calls that failed after their retries or were refused by the open circuit breaker.
 */
final class L1TxMetrics {
  static final String TX = "slotstream.l1.tx";
  static final String GAS_USED = "slotstream.l1.gas.used";
  static final String FEES_PAID = "slotstream.l1.fees.paid.wei";
  static final String REPLACEMENTS = "slotstream.l1.tx.replacements";
  static final String RPC_ERRORS = "slotstream.l1.rpc.errors";

  private final MeterRegistry registry;
  private final DistributionSummary gasUsed;
  private final Counter feesPaid;
  private final Counter replacements;

  L1TxMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.gasUsed =
        DistributionSummary.builder(GAS_USED)
            .baseUnit("gas")
            .description("gas used by mined L1 transactions")
            .register(registry);
    this.feesPaid =
        Counter.builder(FEES_PAID)
            .description("gasUsed × effectiveGasPrice of mined L1 transactions")
            .register(registry);
    this.replacements =
        Counter.builder(REPLACEMENTS)
            .description("fee-bumped replacements of stalled L1 transactions")
            .register(registry);
  }

  void outcome(L1Outcome outcome) {
    Counter.builder(TX)
        .description("L1 requests by final outcome")
        .tag("outcome", outcome.status().tag())
        .tag("reason", outcome.revert().map(L1Revert::reason).orElse("none"))
        .register(registry)
        .increment();
    if (outcome.mined()) {
      gasUsed.record(outcome.gasUsed().doubleValue());
      feesPaid.increment(outcome.feePaidWei().doubleValue());
    }
  }

  void replaced() {
    replacements.increment();
  }

  void rpcError(String method) {
    Counter.builder(RPC_ERRORS)
        .description("L1 RPC calls that failed after retries or hit the open circuit breaker")
        .tag("method", method)
        .register(registry)
        .increment();
  }
}
