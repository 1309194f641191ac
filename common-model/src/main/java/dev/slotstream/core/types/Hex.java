package dev.slotstream.core.types;

import java.util.HexFormat;

/** Hex helpers shared by the value types. */
public final class Hex {
  private Hex() {}

  public static String strip(String hex) {
    if (hex == null) {
      throw new IllegalArgumentException("hex string is null");
    }
    return hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
  }

  public static byte[] decode(String hex) {
    return HexFormat.of().parseHex(strip(hex));
  }

  public static String encode(byte[] bytes) {
    return "0x" + HexFormat.of().formatHex(bytes);
  }
}
