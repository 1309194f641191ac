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
 * Recovers a tx's signature once per node rather than at each step (API or tx topic admission, the
 * proposer's own echo of its tx topic, building or re-executing the block). The sender is remembered
 * on the tx instance itself ({@link Tx#rememberSender}), which covers the pooled instance a node
 * builds or re-executes however long it waited, and in a cache of the most recent {@code capacity}
 * recoveries, which covers another instance of the same tx decoded soon after (the proposer's echo
 * of its own tx topic, a proposal's copy of a tx its pool does not hold yet). The cache's key is the
 * payload hash and the signature together: the hash covers the payload only, and another signature
 * over the same payload must be recovered afresh. A signature that does not recover is not
 * remembered.
 */
public final class CachingTxSenderRecovery implements TxSenderRecovery {
  private record Key(TxHash hash, Signature signature) {}

  private final TxSenderRecovery recovery;
  private final Map<Key, EthAddress> senders;

  /** What this recovery's memos on tx instances are kept under: no other code holds it. */
  private final Object token = new Object();

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
    Optional<EthAddress> remembered = tx.rememberedSender(token);
    if (remembered.isPresent()) {
      return remembered;
    }
    Key key = new Key(tx.hash(), tx.signature());
    EthAddress known;
    synchronized (senders) {
      known = senders.get(key);
    }
    if (known != null) {
      tx.rememberSender(token, known);
      return Optional.of(known);
    }
    // Outside the lock: recoveries of different txs run in parallel.
    Optional<EthAddress> recovered = recovery.recoverSender(tx);
    recovered.ifPresent(
        sender -> {
          tx.rememberSender(token, sender);
          synchronized (senders) {
            senders.put(key, sender);
          }
        });
    return recovered;
  }
}
