package dev.slotstream.core.state;

import dev.slotstream.core.header.StateReference;
import dev.slotstream.core.header.TreeSnapshot;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Fr;
import java.util.Optional;
import java.util.OptionalLong;

/** Read access to world state: a committed block's snapshot or a fork in progress. */
public interface StateView {
  /** The value under a public data key, if it was ever written. */
  Optional<Fr> publicData(Fr key);

  /** The public data tree leaf index of a key, if it was ever written. */
  OptionalLong publicDataIndex(Fr key);

  boolean hasNullifier(Fr nullifier);

  TreeSnapshot archive();

  StateReference stateReference();

  /** An account's balance; 0 for an address never credited. */
  default long balance(EthAddress address) {
    return publicData(AccountKeys.balanceKey(address))
        .map(v -> v.value().longValueExact())
        .orElse(0L);
  }

  /** An account's next nonce; 0 for an address that never sent a tx. */
  default long nonce(EthAddress address) {
    return publicData(AccountKeys.nonceKey(address))
        .map(v -> v.value().longValueExact())
        .orElse(0L);
  }

  /** A slot of an account's public storage; 0 if never written. */
  default Fr storage(EthAddress owner, Fr slot) {
    return publicData(AccountKeys.storageKey(owner, slot)).orElse(Fr.ZERO);
  }
}
