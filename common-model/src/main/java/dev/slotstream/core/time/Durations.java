package dev.slotstream.core.time;

import java.math.BigDecimal;
import java.time.Duration;

/** Formats durations as seconds ("8s", "1.5s", "0.25s") so refusal messages read like the spec. */
final class Durations {
  private Durations() {}

  static String format(Duration d) {
    BigDecimal seconds = BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9));
    return seconds.stripTrailingZeros().toPlainString() + "s";
  }
}
