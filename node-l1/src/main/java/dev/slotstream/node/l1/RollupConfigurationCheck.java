package dev.slotstream.node.l1;

import dev.slotstream.core.committee.ValidatorSchedule;
import dev.slotstream.core.committee.ValidatorSet;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.consensus.RollupParameters;
import dev.slotstream.core.time.Timetable;
import dev.slotstream.core.time.TimetableConfig;
import dev.slotstream.core.types.EpochNumber;
import dev.slotstream.node.ProtocolProperties;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up check of PROTOCOL.md §6 and §16: the chain id, the rollup address, the timetable, the base
 * seed, the committee size, the validator set and committee of the current epoch and the EIP-712
 * domain this node is configured with must be the L1 node's and the Rollup contract's. Every
 * differing value is reported, not only the first. L1 is read up to {@code attempts} times (it may
 * start after the node); then start-up is refused. The one home of this check: the publisher
 * verifies its configuration with {@link #verify}, an executing node that follows L1 builds its
 * context with {@link #contextFromL1}.
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
    RollupOnL1 l1 = read(reader, rpcUrl, retry, epoch);
    requireAgreement(node, l1, reader.address(), rpcUrl);
    LOG.info(
        "l1 config check passed chainId={} rollup={} epoch={} validators={} committee={}",
        l1.chainId(),
        reader.address(),
        epoch.value(),
        node.validators(epoch).size(),
        node.epochCache().committeeOf(epoch).size());
    return new VerifiedRollup(l1.chainId(), node.rollupAddress(), epoch);
  }

  /**
   * The protocol context of a node that follows L1 (PROTOCOL.md §6): the validator set in its
   * order and the target committee size are the contract's ({@code validatorsAt(e)} of the current
   * epoch, {@code targetCommitteeSize()}), the chain id is the L1 node's ({@code eth_chainId}). The
   * base seed, the genesis time, the timetable, the version and the block limit stay configuration
   * and are checked against the contract, as is any of the L1 values a node still configures: a
   * disagreement refuses start-up naming each property and both values.
   *
   * @param committeeSizeConfigured whether {@code slotstream.protocol.committee-size} was set (its
   *     default is not a disagreement)
   * <p>While running, the node draws each epoch's committee from that epoch's set: {@code
   * validators} makes the schedule the context's epoch cache uses, given the current epoch and the
   * contract's set of it (checked first). A configured set is compared at the start-up epoch only:
   * later changes on L1 are adopted, not refused.
   *
   * @param now the node's clock, for the current epoch
   * @param validators the node's validator schedule, from the start-up epoch and the contract's set
   *     of it (e.g. {@link L1ValidatorSchedule}); {@code ValidatorSchedule::fixed}-like to keep one
   */
  public static RollupContext contextFromL1(
      ProtocolProperties protocol,
      boolean committeeSizeConfigured,
      RollupReader reader,
      String rpcUrl,
      Retry retry,
      Instant now,
      BiFunction<EpochNumber, ValidatorSet, ValidatorSchedule> validators) {
    TimetableConfig timetableConfig = protocol.timetableConfig();
    Timetable timetable = new Timetable(timetableConfig);
    EpochNumber epoch = timetable.slotAt(now).map(timetable::epochOf).orElse(EpochNumber.ZERO);
    RollupOnL1 l1 = read(reader, rpcUrl, retry, epoch);
    if (l1.contract().isEmpty()) {
      throw RollupConfigurationException.mismatch(
          reader.address(),
          List.of(
              Mismatch.of(
                  RollupValue.ROLLUP_ADDRESS,
                  reader.address(),
                  "no contract at " + reader.address(),
                  "the L1 node at " + rpcUrl)));
    }
    RollupOnL1.Contract c = l1.contract().get();
    boolean validatorsConfigured =
        !protocol.validators().isEmpty() || !protocol.validatorSeeds().isEmpty();
    RollupParameters parameters =
        new RollupParameters(
            protocol.chainId() != 0 ? protocol.chainId() : l1.chainId(),
            protocol.version(),
            protocol.rollup(),
            timetableConfig,
            validatorsConfigured ? protocol.validatorSet() : ValidatorSet.of(c.validators()),
            protocol.baseSeedBytes(),
            committeeSizeConfigured
                ? protocol.committeeSize()
                : Math.toIntExact(c.targetCommitteeSize()),
            protocol.maxTxsPerBlock());
    RollupContext context = RollupContext.of(parameters);
    String validatorsProperty =
        !protocol.validators().isEmpty()
            ? RollupValue.VALIDATORS.property()
            : "slotstream.protocol.validator-seeds";
    requireAgreement(
        ConfiguredRollup.of(context, validatorsProperty), l1, reader.address(), rpcUrl);
    context =
        RollupContext.of(parameters, validators.apply(epoch, ValidatorSet.of(c.validators())));
    LOG.info(
        "network parameters from L1: chainId={} rollup={} epoch={} validators={} (in contract"
            + " order, then each epoch's validatorsAt(e)) committeeSize={}; base seed and"
            + " timetable agree with the contract",
        context.chainId(),
        reader.address(),
        epoch.value(),
        c.validators().size(),
        parameters.committeeSize());
    return context;
  }

  /** What L1 says, read with {@code retry}. */
  static RollupOnL1 read(RollupReader reader, String rpcUrl, Retry retry, EpochNumber epoch) {
    try {
      return retry.executeCallable(() -> reader.read(epoch));
    } catch (IOException e) {
      throw RollupConfigurationException.unreachable(
          rpcUrl, retry.getRetryConfig().getMaxAttempts(), e);
    } catch (RollupReader.NotARollupException e) {
      throw RollupConfigurationException.mismatch(
          reader.address(),
          List.of(
              Mismatch.of(
                  RollupValue.ROLLUP_ADDRESS,
                  reader.address(),
                  e.getMessage(),
                  "the L1 node at " + rpcUrl)));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Refuses start-up, naming every value on which {@code node} and {@code l1} disagree. */
  static void requireAgreement(
      ConfiguredRollup node, RollupOnL1 l1, String rollupAddress, String rpcUrl) {
    List<Mismatch> mismatches = node.compareWith(l1, "the L1 node at " + rpcUrl);
    if (!mismatches.isEmpty()) {
      throw RollupConfigurationException.mismatch(rollupAddress, mismatches);
    }
  }
}
