package dev.slotstream.node;

import dev.slotstream.core.codec.ProtocolLimits;
import dev.slotstream.core.committee.ValidatorSet;
import dev.slotstream.core.consensus.RollupParameters;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.time.TimetableConfig;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code slotstream.protocol.*}: the parameters every node of one network must agree on. In
 * Kubernetes they come from the chart's ConfigMap as {@code SLOTSTREAM_PROTOCOL_*} variables.
 *
 * <pre>{@code
 * slotstream.protocol:
 *   chain-id: 31337
 *   version: 1
 *   rollup-address: "0x5FbDB2315678afecb367f032d93F642f64180aa3"
 *   genesis-time: 2026-01-01T00:00:00Z     # or unix seconds: 1767225600
 *   timetable:
 *     preset: devnet                       # devnet | standard
 *     attestation-deadline-offset: 5s      # optional override of any TimetableConfig field
 *   validator-seeds: [validator-0, validator-1, validator-2, validator-3]   # devnets only
 *   # validators: ["0x...", "0x..."]       # production: the L1 contract's validator order
 *   base-seed: "0xabab...ab"
 *   committee-size: 48
 *   max-txs-per-block: 1024
 * }</pre>
 *
 * @param chainId L1 chain id of the rollup contract (EIP-712 domain)
 * @param version rollup version carried in every block header
 * @param rollupAddress rollup contract address, 20 bytes hex (EIP-712 verifying contract)
 * @param genesisTime start of slot 0, ISO-8601 or unix seconds, whole seconds
 * @param timetable preset plus per-field overrides
 * @param validators registered validators, hex addresses, in the L1 contract's order
 * @param validatorSeeds devnet alternative to {@code validators}: each seed's {@link
 *     SigningKey#fromSeed} address, in list order
 * @param baseSeed bytes32 hex; committee draws are derived from it per epoch
 * @param committeeSize target committee size (smaller if there are fewer validators)
 * @param maxTxsPerBlock the most txs one block may carry
 */
@ConfigurationProperties("slotstream.protocol")
@Validated
public record ProtocolProperties(
    @PositiveOrZero long chainId,
    @DefaultValue("1") @PositiveOrZero long version,
    @NotBlank
        @Pattern(
            regexp = HEX_ADDRESS,
            message = "must be a 20-byte hex address (0x + 40 hex digits)")
        String rollupAddress,
    @NotNull Instant genesisTime,
    @Valid @DefaultValue TimetableProperties timetable,
    @DefaultValue
        List<
                @Pattern(
                    regexp = HEX_ADDRESS,
                    message = "must be a 20-byte hex address (0x + 40 hex digits)")
                String>
            validators,
    @DefaultValue List<@NotBlank String> validatorSeeds,
    @NotBlank
        @Pattern(regexp = HEX_BYTES32, message = "must be 32 bytes of hex (0x + 64 hex digits)")
        String baseSeed,
    @DefaultValue("48") @Min(1) @Max(ProtocolLimits.MAX_COMMITTEE_SIZE) int committeeSize,
    @DefaultValue("1024") @Min(1) int maxTxsPerBlock) {

  static final String HEX_ADDRESS = "^0[xX][0-9a-fA-F]{40}$";
  static final String HEX_BYTES32 = "^0[xX][0-9a-fA-F]{64}$";

  /** The timetable the preset starts from; every other field overrides one preset value. */
  public enum TimetablePreset {
    /** {@link TimetableConfig#devnet}: 6 s slots, 8-slot epochs. */
    DEVNET,
    /** {@link TimetableConfig#standard}: 60 s slots, 32-slot epochs. */
    STANDARD
  }

  /**
   * {@code slotstream.protocol.timetable.*}: a preset and optional overrides, one per {@link
   * TimetableConfig} field (genesis time is {@code slotstream.protocol.genesis-time}). Durations take
   * Spring's forms ({@code 800ms}, {@code 6s}; a bare number is milliseconds).
   */
  public record TimetableProperties(
      @DefaultValue("DEVNET") @NotNull TimetablePreset preset,
      Duration slotDuration,
      Integer epochLength,
      Duration blockDuration,
      Integer maxBlocksPerCheckpoint,
      Duration minBlockDuration,
      Duration blockBuildOffset,
      Duration checkpointProposalOffset,
      Duration proposalPropagation,
      Duration attestationDeadlineOffset,
      Duration l1PublishOffset,
      Duration clockTolerance) {

    /** The preset with the overrides applied, not yet validated ({@code Timetable} validates). */
    public TimetableConfig toConfig(Instant genesisTime) {
      TimetableConfig c =
          switch (preset) {
            case DEVNET -> TimetableConfig.devnet(genesisTime);
            case STANDARD -> TimetableConfig.standard(genesisTime);
          };
      if (slotDuration != null) c = c.withSlotDuration(slotDuration);
      if (epochLength != null) c = c.withEpochLength(epochLength);
      if (blockDuration != null) c = c.withBlockDuration(blockDuration);
      if (maxBlocksPerCheckpoint != null) c = c.withMaxBlocksPerCheckpoint(maxBlocksPerCheckpoint);
      if (minBlockDuration != null) c = c.withMinBlockDuration(minBlockDuration);
      if (blockBuildOffset != null) c = c.withBlockBuildOffset(blockBuildOffset);
      if (checkpointProposalOffset != null) {
        c = c.withCheckpointProposalOffset(checkpointProposalOffset);
      }
      if (proposalPropagation != null) c = c.withProposalPropagation(proposalPropagation);
      if (attestationDeadlineOffset != null) {
        c = c.withAttestationDeadlineOffset(attestationDeadlineOffset);
      }
      if (l1PublishOffset != null) c = c.withL1PublishOffset(l1PublishOffset);
      if (clockTolerance != null) c = c.withClockTolerance(clockTolerance);
      return c;
    }
  }

  /**
   * At most one of {@code validators} and {@code validator-seeds} names the validator set; a node
   * that follows L1 ({@code slotstream.l1.follow.enabled}) may set neither and read it from the
   * Rollup contract.
   */
  @AssertTrue(
      message =
          "set only one of slotstream.protocol.validators (hex addresses) and "
              + "slotstream.protocol.validator-seeds (devnet seeds)")
  public boolean isValidatorSetConfigured() {
    return validators.isEmpty() || validatorSeeds.isEmpty();
  }

  @AssertTrue(message = "the validator set must not list an address twice")
  public boolean isValidatorSetDistinct() {
    List<String> entries =
        validators.isEmpty()
            ? validatorSeeds
            : validators.stream().map(String::toLowerCase).toList();
    return entries.stream().distinct().count() == entries.size();
  }

  public EthAddress rollup() {
    return EthAddress.fromHex(rollupAddress);
  }

  public Bytes32 baseSeedBytes() {
    return Bytes32.fromHex(baseSeed);
  }

  /** The configured validator set, addresses from hex or derived from the devnet seeds. */
  public ValidatorSet validatorSet() {
    if (validators.isEmpty() && validatorSeeds.isEmpty()) {
      throw new IllegalStateException(
          "no validator set: set slotstream.protocol.validators or (devnets) "
              + "slotstream.protocol.validator-seeds, or slotstream.l1.follow.enabled=true to read "
              + "it from the Rollup contract");
    }
    List<EthAddress> members =
        validators.isEmpty()
            ? validatorSeeds.stream().map(s -> SigningKey.fromSeed(s).address()).toList()
            : validators.stream().map(EthAddress::fromHex).toList();
    return ValidatorSet.of(members);
  }

  /** These properties as the core's parameters, from which {@code RollupContext.of} builds the context. */
  public RollupParameters rollupParameters() {
    return new RollupParameters(
        chainId,
        version,
        rollup(),
        timetableConfig(),
        validatorSet(),
        baseSeedBytes(),
        committeeSize,
        maxTxsPerBlock);
  }

  /** The timetable config (preset + overrides + genesis), not yet validated. */
  public TimetableConfig timetableConfig() {
    return timetable.toConfig(genesisTime);
  }
}
