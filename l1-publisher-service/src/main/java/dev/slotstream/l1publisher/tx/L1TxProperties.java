package dev.slotstream.l1publisher.tx;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code slotstream.l1.*}: the L1 endpoint and key, and how the transaction manager prices, replaces,
 * cancels and confirms. Unset values take the defaults below (documented in the module README).
 *
 * @param chainId checked against {@code eth_chainId} before the first send; see {@link #forChain}
 * @param feeCapGwei no transaction (or replacement) ever offers a max fee per gas above this
 * @param priorityFeeGwei the tip when the node suggests none ({@code eth_maxPriorityFeePerGas})
 * @param baseFeeMultiplier {@code maxFee = min(cap, baseFee × multiplier + tip)}: room for base-fee rises
 * @param gasBufferPercent gas limit = {@code eth_estimateGas} × (1 + buffer)
 * @param feeBumpPercent raise of both fees per replacement; at least 10 (geth's pool rule)
 * @param maxReplacements fee-bumped replacements of one stalled transaction
 * @param stallBlocks a transaction without receipt after this many new L1 blocks is stalled
 * @param stallTimeout ... or after this long (for an L1 that stopped producing blocks)
 * @param receiptPollInterval how often receipts (and the head) are polled
 * @param confirmations blocks that must be built on top of the receipt's block before LANDED
 * @param cancelTimeout how long after the deadline a cancellation may take before giving up
 * @param outagePause wait between attempts while L1 is unavailable
 */
@ConfigurationProperties("slotstream.l1")
public record L1TxProperties(
    String rpcUrl,
    Long chainId,
    String privateKey,
    BigDecimal feeCapGwei,
    BigDecimal priorityFeeGwei,
    Integer baseFeeMultiplier,
    Integer gasBufferPercent,
    BigDecimal feeBumpPercent,
    Integer maxReplacements,
    Integer stallBlocks,
    Duration stallTimeout,
    Duration receiptPollInterval,
    Integer confirmations,
    Duration cancelTimeout,
    Duration outagePause,
    Rpc rpc) {
  private static final BigDecimal WEI_PER_GWEI = BigDecimal.valueOf(1_000_000_000L);

  public L1TxProperties {
    feeCapGwei = Objects.requireNonNullElse(feeCapGwei, BigDecimal.valueOf(500));
    priorityFeeGwei = Objects.requireNonNullElse(priorityFeeGwei, BigDecimal.ONE);
    baseFeeMultiplier = Objects.requireNonNullElse(baseFeeMultiplier, 2);
    gasBufferPercent = Objects.requireNonNullElse(gasBufferPercent, 20);
    feeBumpPercent = Objects.requireNonNullElse(feeBumpPercent, new BigDecimal("12.5"));
    maxReplacements = Objects.requireNonNullElse(maxReplacements, 3);
    stallBlocks = Objects.requireNonNullElse(stallBlocks, 3);
    stallTimeout = Objects.requireNonNullElse(stallTimeout, Duration.ofSeconds(30));
    receiptPollInterval = Objects.requireNonNullElse(receiptPollInterval, Duration.ofMillis(100));
    confirmations = Objects.requireNonNullElse(confirmations, 1);
    cancelTimeout = Objects.requireNonNullElse(cancelTimeout, Duration.ofMinutes(1));
    outagePause = Objects.requireNonNullElse(outagePause, Duration.ofSeconds(1));
    rpc = Objects.requireNonNullElse(rpc, Rpc.DEFAULTS);
    if (feeBumpPercent.compareTo(FeePolicy.MIN_BUMP_PERCENT) < 0) {
      throw new IllegalArgumentException(
          "slotstream.l1.fee-bump-percent must be >= 10 (geth refuses smaller bumps)");
    }
    if (gasBufferPercent < 0 || maxReplacements < 0 || stallBlocks < 1 || confirmations < 0) {
      throw new IllegalArgumentException(
          "gas-buffer-percent, max-replacements, confirmations >= 0 and stall-blocks >= 1 required");
    }
  }

  /**
   * Resilience4j settings wrapped around every L1 RPC call.
   *
   * @param timeout time limiter: one call longer than this fails
   * @param maxAttempts retry: attempts per call, with exponential back-off from {@code backoff}
   * @param breakerWindow circuit breaker: calls in the sliding window
   * @param breakerFailureRatePercent ... that open it when this share of them failed
   * @param breakerOpenDuration ... for this long, before a trial call
   */
  public record Rpc(
      Duration timeout,
      Integer maxAttempts,
      Duration backoff,
      Double backoffMultiplier,
      Integer breakerWindow,
      Float breakerFailureRatePercent,
      Duration breakerOpenDuration) {
    public static final Rpc DEFAULTS = new Rpc(null, null, null, null, null, null, null);

    public Rpc {
      timeout = Objects.requireNonNullElse(timeout, Duration.ofSeconds(5));
      maxAttempts = Objects.requireNonNullElse(maxAttempts, 3);
      backoff = Objects.requireNonNullElse(backoff, Duration.ofMillis(200));
      backoffMultiplier = Objects.requireNonNullElse(backoffMultiplier, 2.0);
      breakerWindow = Objects.requireNonNullElse(breakerWindow, 10);
      breakerFailureRatePercent = Objects.requireNonNullElse(breakerFailureRatePercent, 50f);
      breakerOpenDuration = Objects.requireNonNullElse(breakerOpenDuration, Duration.ofSeconds(5));
    }
  }

  /**
   * These properties for the L1 of chain id {@code protocolChainId}: the EIP-712 domain binds every
   * signature to the L1 chain id, so {@code slotstream.l1.chain-id} may only repeat
   * {@code slotstream.protocol.chain-id} (PROTOCOL.md §4.2); unset, it is that value.
   *
   * @throws IllegalStateException if a different chain id is configured
   */
  public L1TxProperties forChain(long protocolChainId) {
    if (chainId != null && chainId != protocolChainId) {
      throw new IllegalStateException(
          "slotstream.l1.chain-id "
              + chainId
              + " differs from slotstream.protocol.chain-id "
              + protocolChainId
              + ": signatures are bound to the L1 chain id, so the two must be equal");
    }
    return new L1TxProperties(
        rpcUrl,
        protocolChainId,
        privateKey,
        feeCapGwei,
        priorityFeeGwei,
        baseFeeMultiplier,
        gasBufferPercent,
        feeBumpPercent,
        maxReplacements,
        stallBlocks,
        stallTimeout,
        receiptPollInterval,
        confirmations,
        cancelTimeout,
        outagePause,
        rpc);
  }

  public static Builder builder(String rpcUrl, long chainId) {
    return new Builder(rpcUrl, chainId);
  }

  BigInteger feeCapWei() {
    return gwei(feeCapGwei);
  }

  BigInteger priorityFeeWei() {
    return gwei(priorityFeeGwei);
  }

  private static BigInteger gwei(BigDecimal gwei) {
    return gwei.multiply(WEI_PER_GWEI).toBigInteger();
  }

  /** Never prints the private key. */
  @Override
  public String toString() {
    return "L1TxProperties[rpcUrl="
        + rpcUrl
        + ", chainId="
        + chainId
        + ", feeCapGwei="
        + feeCapGwei
        + ", priorityFeeGwei="
        + priorityFeeGwei
        + ", baseFeeMultiplier="
        + baseFeeMultiplier
        + ", gasBufferPercent="
        + gasBufferPercent
        + ", feeBumpPercent="
        + feeBumpPercent
        + ", maxReplacements="
        + maxReplacements
        + ", stallBlocks="
        + stallBlocks
        + ", stallTimeout="
        + stallTimeout
        + ", receiptPollInterval="
        + receiptPollInterval
        + ", confirmations="
        + confirmations
        + ", cancelTimeout="
        + cancelTimeout
        + ", outagePause="
        + outagePause
        + ", rpc="
        + rpc
        + "]";
  }

  /** For code and tests that build the properties without Spring. */
  public static final class Builder {
    private final String rpcUrl;
    private final long chainId;
    private String privateKey;
    private BigDecimal feeCapGwei;
    private BigDecimal priorityFeeGwei;
    private Integer baseFeeMultiplier;
    private Integer gasBufferPercent;
    private BigDecimal feeBumpPercent;
    private Integer maxReplacements;
    private Integer stallBlocks;
    private Duration stallTimeout;
    private Duration receiptPollInterval;
    private Integer confirmations;
    private Duration cancelTimeout;
    private Duration outagePause;
    private Rpc rpc;

    private Builder(String rpcUrl, long chainId) {
      this.rpcUrl = rpcUrl;
      this.chainId = chainId;
    }

    public Builder privateKey(String v) {
      privateKey = v;
      return this;
    }

    public Builder feeCapGwei(BigDecimal v) {
      feeCapGwei = v;
      return this;
    }

    public Builder priorityFeeGwei(BigDecimal v) {
      priorityFeeGwei = v;
      return this;
    }

    public Builder baseFeeMultiplier(int v) {
      baseFeeMultiplier = v;
      return this;
    }

    public Builder gasBufferPercent(int v) {
      gasBufferPercent = v;
      return this;
    }

    public Builder feeBumpPercent(BigDecimal v) {
      feeBumpPercent = v;
      return this;
    }

    public Builder maxReplacements(int v) {
      maxReplacements = v;
      return this;
    }

    public Builder stallBlocks(int v) {
      stallBlocks = v;
      return this;
    }

    public Builder stallTimeout(Duration v) {
      stallTimeout = v;
      return this;
    }

    public Builder receiptPollInterval(Duration v) {
      receiptPollInterval = v;
      return this;
    }

    public Builder confirmations(int v) {
      confirmations = v;
      return this;
    }

    public Builder cancelTimeout(Duration v) {
      cancelTimeout = v;
      return this;
    }

    public Builder outagePause(Duration v) {
      outagePause = v;
      return this;
    }

    public Builder rpc(Rpc v) {
      rpc = v;
      return this;
    }

    public L1TxProperties build() {
      return new L1TxProperties(
          rpcUrl,
          chainId,
          privateKey,
          feeCapGwei,
          priorityFeeGwei,
          baseFeeMultiplier,
          gasBufferPercent,
          feeBumpPercent,
          maxReplacements,
          stallBlocks,
          stallTimeout,
          receiptPollInterval,
          confirmations,
          cancelTimeout,
          outagePause,
          rpc);
    }
  }
}
