package dev.slotstream.l1publisher.check;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.EthBlockNumber;

/**
 * {@code l1Rpc} in {@code /actuator/health} and the readiness group: the L1 node answers {@code
 * eth_blockNumber} within two seconds (shorter than the probe's timeout, so a hung RPC reads as
 * DOWN rather than as a probe timeout). A publisher that cannot reach L1 cannot publish.
 */
@Component("l1RpcHealthIndicator")
public class L1RpcHealthIndicator extends AbstractHealthIndicator {
  private static final long TIMEOUT_MS = 2000;

  private final Web3j web3j;

  public L1RpcHealthIndicator(@Qualifier("l1Web3j") Web3j web3j) {
    super("L1 RPC health check failed");
    this.web3j = web3j;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) throws Exception {
    CompletableFuture<EthBlockNumber> call = web3j.ethBlockNumber().sendAsync();
    EthBlockNumber answer = call.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    if (answer.hasError()) {
      builder.down().withDetail("error", answer.getError().getMessage());
      return;
    }
    builder.up().withDetail("blockNumber", answer.getBlockNumber());
  }
}
