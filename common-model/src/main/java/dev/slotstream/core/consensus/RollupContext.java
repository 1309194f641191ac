package dev.slotstream.core.consensus;

import dev.slotstream.core.committee.CommitteeSelector;
import dev.slotstream.core.committee.ValidatorSchedule;
import dev.slotstream.core.crypto.ProtocolSigner;
import dev.slotstream.core.crypto.SigningDomain;
import dev.slotstream.core.header.GlobalVariables;
import dev.slotstream.core.time.Timetable;
import dev.slotstream.core.types.EthAddress;
import java.util.Objects;

/**
 * One rollup instance as every node sees it: which chain and contract it belongs to, its
 * timetable, and who proposes and attests when.
 */
public record RollupContext(
    long chainId,
    long version,
    EthAddress rollupAddress,
    Timetable timetable,
    EpochCache epochCache,
    ProtocolSigner signer,
    int maxTxsPerBlock) {

  public RollupContext {
    Objects.requireNonNull(rollupAddress, "rollupAddress");
    Objects.requireNonNull(timetable, "timetable");
    Objects.requireNonNull(epochCache, "epochCache");
    Objects.requireNonNull(signer, "signer");
    SigningDomain domain = signer.domain();
    if (domain.chainId() != chainId || !domain.verifyingContract().equals(rollupAddress)) {
      throw new IllegalArgumentException("signer's domain is not this rollup's");
    }
    if (maxTxsPerBlock < 1) {
      throw new IllegalArgumentException("maxTxsPerBlock must be positive");
    }
  }

  /**
   * The context of {@code p}: its timetable, its epoch cache (with {@code p}'s validator set in
   * every epoch) and a signer for its domain.
   */
  public static RollupContext of(RollupParameters p) {
    return of(p, ValidatorSchedule.fixed(p.validators()));
  }

  /**
   * The context of {@code p} whose committees are drawn from each epoch's own set: {@code
   * validators} (a node that follows L1), in place of {@code p.validators()}.
   */
  public static RollupContext of(RollupParameters p, ValidatorSchedule validators) {
    Timetable timetable = new Timetable(p.timetable());
    EpochCache epochs =
        new EpochCache(
            validators, p.baseSeed(), new CommitteeSelector(p.committeeSize()), timetable);
    ProtocolSigner signer = new ProtocolSigner(SigningDomain.of(p.chainId(), p.rollupAddress()));
    return new RollupContext(
        p.chainId(), p.version(), p.rollupAddress(), timetable, epochs, signer, p.maxTxsPerBlock());
  }

  /**
   * This context with committees drawn from {@code validators} instead (same seed, committee size,
   * timetable and signer): e.g. a schedule that may read L1 on the calling thread, for work that runs
   * on a thread of its own.
   */
  public RollupContext withValidators(ValidatorSchedule validators) {
    EpochCache epochs =
        new EpochCache(
            validators,
            epochCache.baseSeed(),
            new CommitteeSelector(epochCache.targetCommitteeSize()),
            timetable);
    return new RollupContext(
        chainId, version, rollupAddress, timetable, epochs, signer, maxTxsPerBlock);
  }

  public boolean isOwnContext(GlobalVariables globals) {
    return globals.chainId() == chainId && globals.version() == version;
  }
}
