package dev.slotstream.core.message;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;
import dev.slotstream.core.types.Fr;
import java.util.Objects;

/** A write to the sender's public storage: slot → value, namespaced by the sender on execution. */
public record StorageWrite(Fr slot, Fr value) {
  public static final int ENCODED_SIZE = 64;

  public StorageWrite {
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(value, "value");
  }

  public static StorageWrite read(ByteReader r) {
    return new StorageWrite(Fr.read(r, "storageWrite.slot"), Fr.read(r, "storageWrite.value"));
  }

  public void write(ByteWriter w) {
    slot.write(w);
    value.write(w);
  }
}
