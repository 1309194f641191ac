package dev.slotstream.core.exec;

import dev.slotstream.core.message.Tx;
import dev.slotstream.core.types.EthAddress;
import java.util.Optional;

/**
 * Recovers the address that signed a tx ({@code ProtocolSigner::recoverTxSender}). An interface so
 * that a node can plug in a cache of senders its tx pool already recovered.
 */
@FunctionalInterface
public interface TxSenderRecovery {
  Optional<EthAddress> recoverSender(Tx tx);
}
