package dev.slotstream.attestation.finality;

import dev.slotstream.core.duty.DaemonThreads;
import dev.slotstream.core.types.Fr;
import dev.slotstream.l1.ReadOnlyRollup;
import dev.slotstream.l1.contracts.generated.Rollup;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;

/**
 * The contract's {@code tip()}, read in the background every {@code refresh} and kept: the quorum
 * decision that needs it must not wait on, or fail with, an L1 call made on a loaded machine (a
 * timed-out read withheld a quorum the network had certified). Read directly only until the first
 * background read succeeded.
 */
public final class RollupL1Tip implements L1Tip {
  private static final Logger LOG = LoggerFactory.getLogger(RollupL1Tip.class);
  private static final long DIRECT_READ_TIMEOUT_MS = 2_000;

  private final Web3j web3j;
  private final Rollup rollup;
  private final AtomicReference<Fr> lastRead = new AtomicReference<>();
  private final ScheduledExecutorService refresher;

  /** Takes ownership of {@code web3j}: {@link #close()} shuts it down. */
  public RollupL1Tip(Web3j web3j, String rollupAddress, Duration refresh) {
    this.web3j = web3j;
    this.rollup = ReadOnlyRollup.load(web3j, rollupAddress);
    this.refresher =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("l1-tip-refresh"));
    long millis = Math.max(1, refresh.toMillis());
    var unused = refresher.scheduleWithFixedDelay(this::refresh, 0, millis, TimeUnit.MILLISECONDS);
  }

  private void refresh() {
    try {
      lastRead.set(read(DIRECT_READ_TIMEOUT_MS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.debug("L1 tip refresh failed: {}", e.toString());
    }
  }

  private Fr read(long timeoutMs) throws Exception {
    byte[] archive = rollup.tip().sendAsync().get(timeoutMs, TimeUnit.MILLISECONDS).component3();
    return Fr.fromBytes(archive);
  }

  @Override
  public Optional<Fr> archive() {
    Fr known = lastRead.get();
    if (known != null) {
      return Optional.of(known);
    }
    try {
      Fr read = read(DIRECT_READ_TIMEOUT_MS);
      lastRead.compareAndSet(null, read);
      return Optional.of(read);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (Exception e) {
      LOG.warn("L1 tip unreadable: {}", e.toString());
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    refresher.shutdownNow();
    web3j.shutdown();
  }
}
