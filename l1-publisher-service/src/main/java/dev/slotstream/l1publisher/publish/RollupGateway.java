package dev.slotstream.l1publisher.publish;

import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.l1.ProposeCall;
import dev.slotstream.l1.ReadOnlyRollup;
import dev.slotstream.l1.contracts.generated.Rollup;
import java.math.BigInteger;
import org.web3j.protocol.Web3j;
import org.web3j.tuples.generated.Tuple3;
import org.web3j.utils.Numeric;

/** The rollup contract as the publisher sees it: its tip, and {@code propose}'s calldata. */
public class RollupGateway {
  /** The contract's tip: the newest checkpoint on L1 (number 0 and no slot before the first). */
  public record L1Tip(long checkpointNumber, long slot, String archive) {
    public boolean holds(SlotNumber candidate) {
      return checkpointNumber > 0 && slot >= candidate.value();
    }
  }

  private final Rollup rollup;

  public RollupGateway(Web3j web3j, String rollupAddress) {
    this.rollup = ReadOnlyRollup.load(web3j, rollupAddress);
  }

  public String address() {
    return rollup.getContractAddress();
  }

  public L1Tip tip() throws Exception {
    Tuple3<BigInteger, BigInteger, byte[]> t = rollup.tip().send();
    return new L1Tip(
        t.component1().longValueExact(),
        t.component2().longValueExact(),
        Numeric.toHexString(t.component3()));
  }

  public String encode(ProposeCall call) {
    return call.encodeFunctionCall(rollup);
  }
}
