package dev.slotstream.attestation.finality;

import dev.slotstream.core.types.Fr;
import dev.slotstream.l1.ReadOnlyRollup;
import dev.slotstream.l1.contracts.generated.Rollup;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;

/** Reads the tip through the contract's {@code tip()} view; asked only when a parent is not the latest final one. */
public final class RollupL1Tip implements L1Tip {
  private static final Logger LOG = LoggerFactory.getLogger(RollupL1Tip.class);
  private static final long TIMEOUT_MS = 1_000;

  private final Web3j web3j;
  private final Rollup rollup;

  /** Takes ownership of {@code web3j}: {@link #close()} shuts it down. */
  public RollupL1Tip(Web3j web3j, String rollupAddress) {
    this.web3j = web3j;
    this.rollup = ReadOnlyRollup.load(web3j, rollupAddress);
  }

  @Override
  public void close() {
    web3j.shutdown();
  }

  @Override
  public Optional<Fr> archive() {
    try {
      byte[] archive = rollup.tip().sendAsync().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).component3();
      return Optional.of(Fr.fromBytes(archive));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (Exception e) {
      LOG.warn("L1 tip unreadable: {}", e.toString());
      return Optional.empty();
    }
  }
}
