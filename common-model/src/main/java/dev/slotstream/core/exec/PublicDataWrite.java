package dev.slotstream.core.exec;

import dev.slotstream.core.types.Fr;
import java.util.Objects;

/** One write to the public data tree: the key and the value after the write. */
public record PublicDataWrite(Fr key, Fr value) {
  public PublicDataWrite {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }
}
