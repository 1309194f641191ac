package dev.slotstream.node.l1;

import dev.slotstream.core.committee.Committee;
import dev.slotstream.core.committee.ValidatorSet;
import dev.slotstream.core.consensus.EpochCache;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EpochNumber;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.node.ProtocolProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rollup as this node runs it: the values of {@code slotstream.protocol.*} after the node built
 * its context from them (timetable, epoch cache, signer), so what is compared is what the node uses.
 *
 * @param validatorsProperty the property the set was given by ({@code validators} or {@code
 *     validator-seeds}), for the operator's report
 */
public record ConfiguredRollup(
    long chainId,
    EthAddress rollupAddress,
    Instant genesisTime,
    Duration slotDuration,
    long epochLength,
    Bytes32 baseSeed,
    int committeeSize,
    String validatorsProperty,
    EpochCache epochCache,
    Bytes32 domainSeparator) {

  public static ConfiguredRollup of(ProtocolProperties protocol, RollupContext context) {
    return of(
        context,
        protocol.validators().isEmpty()
            ? "slotstream.protocol.validator-seeds"
            : RollupValue.VALIDATORS.property());
  }

  /** The values {@code context} runs with; the set is named by {@code validatorsProperty}. */
  public static ConfiguredRollup of(RollupContext context, String validatorsProperty) {
    return new ConfiguredRollup(
        context.chainId(),
        context.rollupAddress(),
        context.timetable().genesisTime(),
        context.timetable().slotDuration(),
        context.timetable().config().epochLength(),
        context.epochCache().baseSeed(),
        context.epochCache().targetCommitteeSize(),
        validatorsProperty,
        context.epochCache(),
        context.signer().domainSeparator());
  }

  /** The set this node draws the committee of {@code epoch} from; empty while it does not know it. */
  public List<EthAddress> validators(EpochNumber epoch) {
    return epochCache.validatorsAt(epoch).map(ValidatorSet::members).orElse(List.of());
  }

  /** Every value on which {@code l1} disagrees with this configuration; empty when all agree. */
  public List<Mismatch> compareWith(RollupOnL1 l1, String l1Node) {
    String contractAt = "the Rollup contract at " + rollupAddress.toHex();
    List<Mismatch> found = new ArrayList<>();
    if (l1.chainId() != chainId) {
      found.add(
          Mismatch.of(
              RollupValue.CHAIN_ID, Long.toString(chainId), Long.toString(l1.chainId()), l1Node));
    }
    if (l1.contract().isEmpty()) {
      found.add(
          Mismatch.of(
              RollupValue.ROLLUP_ADDRESS,
              rollupAddress.toHex(),
              "no contract at " + rollupAddress.toHex(),
              l1Node));
      return found;
    }
    RollupOnL1.Contract c = l1.contract().get();
    if (c.genesisTime() != genesisTime.getEpochSecond() || genesisTime.getNano() != 0) {
      found.add(
          Mismatch.of(
              RollupValue.GENESIS_TIME,
              instant(genesisTime),
              instant(Instant.ofEpochSecond(c.genesisTime())),
              contractAt));
    }
    if (!slotDuration.equals(Duration.ofSeconds(c.slotDuration()))) {
      found.add(
          Mismatch.of(
              RollupValue.SLOT_DURATION,
              slotDuration.toString(),
              Duration.ofSeconds(c.slotDuration()).toString(),
              contractAt));
    }
    if (c.epochLength() != epochLength) {
      found.add(
          Mismatch.of(
              RollupValue.EPOCH_LENGTH,
              Long.toString(epochLength),
              Long.toString(c.epochLength()),
              contractAt));
    }
    if (!c.baseSeed().equals(baseSeed)) {
      found.add(
          Mismatch.of(RollupValue.BASE_SEED, baseSeed.toHex(), c.baseSeed().toHex(), contractAt));
    }
    if (c.targetCommitteeSize() != committeeSize) {
      found.add(
          Mismatch.of(
              RollupValue.COMMITTEE_SIZE,
              Integer.toString(committeeSize),
              Long.toString(c.targetCommitteeSize()),
              contractAt));
    }
    validatorsDiffer(c.epoch(), c.validators(), contractAt).ifPresent(found::add);
    List<EthAddress> committee =
        epochCache.findCommittee(c.epoch()).map(Committee::members).orElse(List.of());
    if (!committee.equals(c.committee())) {
      found.add(
          new Mismatch(
              RollupValue.COMMITTEE,
              RollupValue.COMMITTEE.property() + " for epoch " + c.epoch().value(),
              addresses(committee),
              addresses(c.committee()),
              contractAt));
    }
    if (!c.domainSeparator().equals(domainSeparator)) {
      found.add(
          Mismatch.of(
              RollupValue.DOMAIN_SEPARATOR,
              domainSeparator.toHex(),
              c.domainSeparator().toHex(),
              contractAt));
    }
    return found;
  }

  /** The configured set against the contract's {@code validatorsAt(epoch)}; order matters (§6). */
  public Optional<Mismatch> validatorsDiffer(
      EpochNumber epoch, List<EthAddress> onL1, String authority) {
    List<EthAddress> configured = validators(epoch);
    if (configured.equals(onL1)) {
      return Optional.empty();
    }
    return Optional.of(
        new Mismatch(
            RollupValue.VALIDATORS,
            validatorsProperty,
            addresses(configured),
            addresses(onL1) + " for epoch " + epoch.value() + difference(configured, onL1),
            authority));
  }

  private static String difference(List<EthAddress> configured, List<EthAddress> onL1) {
    List<EthAddress> missing = onL1.stream().filter(a -> !configured.contains(a)).toList();
    List<EthAddress> extra = configured.stream().filter(a -> !onL1.contains(a)).toList();
    if (missing.isEmpty() && extra.isEmpty()) {
      return "; same members in another order";
    }
    return "; not configured: " + addresses(missing) + ", not on L1: " + addresses(extra);
  }

  private static String addresses(List<EthAddress> members) {
    return members.stream().map(EthAddress::toHex).toList().toString();
  }

  private static String instant(Instant t) {
    return t + " (" + t.getEpochSecond() + ")";
  }
}
