package dev.slotstream.node.l1;

import dev.slotstream.core.types.EpochNumber;
import dev.slotstream.core.types.EthAddress;
import java.io.IOException;
import java.util.List;

/** What {@link L1ValidatorSchedule} reads from L1: {@link RollupReader} in a node. */
public interface ValidatorSetSource {

  /** Where the sets are read from, for logs: the rollup address. */
  String address();

  /** The timestamp (Unix seconds) of L1's latest block. */
  long latestBlockTimestamp() throws IOException;

  /** The contract's {@code VALIDATOR_SET_LAG()}. */
  long validatorSetLag() throws IOException;

  /** The contract's {@code validatorsAt(epoch)}, in its order. */
  List<EthAddress> validatorsAt(EpochNumber epoch) throws IOException;
}
