package dev.slotstream.l1;

import dev.slotstream.l1.contracts.generated.Rollup;
import org.web3j.protocol.Web3j;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/** The generated wrapper for reading a deployed Rollup (views and calldata), with no key to send. */
public final class ReadOnlyRollup {
  private ReadOnlyRollup() {}

  public static Rollup load(Web3j web3j, String rollupAddress) {
    return Rollup.load(
        rollupAddress,
        web3j,
        new ReadonlyTransactionManager(web3j, rollupAddress),
        new DefaultGasProvider());
  }
}
