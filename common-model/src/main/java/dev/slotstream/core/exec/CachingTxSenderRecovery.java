package dev.slotstream.core.exec;

import dev.slotstream.core.message.Tx;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Signature;
import dev.slotstream.core.types.TxHash;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Remembers the senders of the most recent {@code capacity} txs it recovered, so a node recovers a
 * tx's signature once rather than at each step (API or tx topic admission, the proposer's own echo
 * of its tx topic, building or re-executing the block). The key is the payload hash and the
 * signature together: the hash covers the payload only, and another signature over the same payload
 * must be recovered afresh. A signature that does not recover is not remembered.
 */
public final class CachingTxSenderRecovery implements TxSenderRecovery {
  private record Key(TxHash hash, Signature signature) {}

  private final TxSenderRecovery recovery;
  private final Map<Key, EthAddress> senders;

  public CachingTxSenderRecovery(TxSenderRecovery recovery, int capacity) {
    this.recovery = Objects.requireNonNull(recovery, "recovery");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.senders =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, EthAddress> eldest) {
            return size() > capacity;
          }
        };
  }

  @Override
  public Optional<EthAddress> recoverSender(Tx tx) {
    Key key = new Key(tx.hash(), tx.signature());
    synchronized (senders) {
      EthAddress known = senders.get(key);
      if (known != null) {
        return Optional.of(known);
      }
    }
    // Outside the lock: recoveries of different txs run in parallel.
    Optional<EthAddress> recovered = recovery.recoverSender(tx);
    recovered.ifPresent(
        sender -> {
          synchronized (senders) {
            senders.put(key, sender);
          }
        });
    return recovered;
  }
}
