package dev.slotstream.l1publisher.check;

import dev.slotstream.core.types.EpochNumber;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up check of PROTOCOL.md §6 and §16: the chain id, the rollup address, the timetable, the base
 * seed, the committee size, the validator set and committee of the current epoch and the EIP-712
 * domain this node is configured with must be the L1 node's and the Rollup contract's. Every
 * differing value is reported, not only the first. L1 is read up to {@code attempts} times (it may
 * start after the publisher); then start-up is refused.
 */
public final class RollupConfigurationCheck {
  private static final Logger LOG = LoggerFactory.getLogger(RollupConfigurationCheck.class);

  private final RollupReader reader;
  private final ConfiguredRollup node;
  private final String rpcUrl;
  private final Retry retry;

  public RollupConfigurationCheck(
      RollupReader reader, ConfiguredRollup node, String rpcUrl, Retry retry) {
    this.reader = reader;
    this.node = node;
    this.rpcUrl = rpcUrl;
    this.retry = retry;
    retry
        .getEventPublisher()
        .onRetry(
            e ->
                LOG.warn(
                    "l1 config check: L1 at {} not ready (attempt {}), retrying: {}",
                    rpcUrl,
                    e.getNumberOfRetryAttempts(),
                    e.getLastThrowable() == null
                        ? "no contract at the rollup address yet"
                        : e.getLastThrowable().toString()));
  }

  /**
   * Retries, {@code attempts} times {@code backoff} apart, a read that L1 did not answer (I/O) or
   * that found no code at the rollup address (a devnet deploys its contract after the node starts).
   */
  public static Retry retry(ConfigCheckProperties properties) {
    return Retry.of(
        "l1-config-check",
        RetryConfig.custom()
            .maxAttempts(properties.attempts())
            .waitDuration(properties.backoff())
            .retryExceptions(IOException.class)
            .retryOnResult(read -> read instanceof RollupOnL1 l1 && l1.contract().isEmpty())
            .build());
  }

  /**
   * @throws RollupConfigurationException naming every differing value, or saying L1 did not answer
   */
  public VerifiedRollup verify(EpochNumber epoch) {
    RollupOnL1 l1;
    try {
      l1 = retry.executeCallable(() -> reader.read(epoch));
    } catch (IOException e) {
      throw RollupConfigurationException.unreachable(
          rpcUrl, retry.getRetryConfig().getMaxAttempts(), e);
    } catch (RollupReader.NotARollupException e) {
      throw RollupConfigurationException.mismatch(
          reader.address(),
          List.of(
              Mismatch.of(
                  RollupValue.ROLLUP_ADDRESS,
                  node.rollupAddress().toHex(),
                  e.getMessage(),
                  "the L1 node at " + rpcUrl)));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    List<Mismatch> mismatches = node.compareWith(l1, "the L1 node at " + rpcUrl);
    if (!mismatches.isEmpty()) {
      throw RollupConfigurationException.mismatch(reader.address(), mismatches);
    }
    LOG.info(
        "l1 config check passed chainId={} rollup={} epoch={} validators={} committee={}",
        l1.chainId(),
        reader.address(),
        epoch.value(),
        node.validators().size(),
        node.epochCache().committeeOf(epoch).size());
    return new VerifiedRollup(l1.chainId(), node.rollupAddress(), epoch);
  }
}
