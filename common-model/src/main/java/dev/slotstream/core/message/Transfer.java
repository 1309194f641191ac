package dev.slotstream.core.message;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;
import dev.slotstream.core.types.EthAddress;
import java.util.Objects;

/** A token transfer from the tx's sender. */
public record Transfer(EthAddress to, long amount) {
  public static final int ENCODED_SIZE = EthAddress.SIZE + 8;

  public Transfer {
    Objects.requireNonNull(to, "to");
    if (amount <= 0) {
      throw new IllegalArgumentException("transfer amount must be positive, got " + amount);
    }
  }

  public static Transfer read(ByteReader r) {
    return new Transfer(EthAddress.read(r, "transfer.to"), r.u64("transfer.amount"));
  }

  public void write(ByteWriter w) {
    to.write(w);
    w.u64(amount);
  }
}
