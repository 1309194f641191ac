package dev.slotstream.core.consensus;

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

  public boolean isOwnContext(GlobalVariables globals) {
    return globals.chainId() == chainId && globals.version() == version;
  }
}
