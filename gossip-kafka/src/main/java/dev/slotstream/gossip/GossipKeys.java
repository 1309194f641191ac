package dev.slotstream.gossip;

import dev.slotstream.core.codec.DecodingException;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import java.nio.ByteBuffer;

/**
 * Record keys. Kafka orders records only within a partition and picks the partition from the key, so
 * the key is what keeps related messages in order:
 *
 * <ul>
 *   <li>proposals and attestations: the slot number as 8 bytes big-endian (the same u64 encoding the
 *       canonical codec uses; fixed width, so it sorts like the number), so all of a slot's messages
 *       on a topic land in one partition in publish order;
 *   <li>txs: the sender's 20-byte address, so a sender's txs keep their nonce order.
 * </ul>
 */
public final class GossipKeys {
  public static final int SLOT_KEY_SIZE = Long.BYTES;

  private GossipKeys() {}

  public static byte[] slot(SlotNumber slot) {
    return ByteBuffer.allocate(SLOT_KEY_SIZE).putLong(slot.value()).array();
  }

  public static SlotNumber slotOf(byte[] key) {
    if (key == null || key.length != SLOT_KEY_SIZE) {
      throw new DecodingException(
          "key.slot", "expected 8 bytes, got " + (key == null ? "null" : key.length));
    }
    long value = ByteBuffer.wrap(key).getLong();
    if (value < 0) {
      throw new DecodingException(
          "key.slot", "slot number exceeds u63: " + Long.toUnsignedString(value));
    }
    return SlotNumber.of(value);
  }

  public static byte[] sender(EthAddress sender) {
    return sender.toArray();
  }

  /** The key a message is published under; null for an unknown type (Kafka then spreads it). */
  public static byte[] keyFor(Object message) {
    if (message instanceof Tx tx) {
      return sender(tx.payload().sender());
    } else if (message instanceof BlockProposal p) {
      return slot(p.slotNumber());
    } else if (message instanceof CheckpointProposal p) {
      return slot(p.slotNumber());
    } else if (message instanceof CheckpointAttestation a) {
      return slot(a.slotNumber());
    }
    return null;
  }
}
