package dev.slotstream.core.slashing;

import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.SlotNumber;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * One approved signature, as stored: a duty (without its signer, which names the file) and the
 * payload hash. On disk it is one JSON line with a CRC-32 of everything before the {@code crc32}
 * field, so a flipped bit is detected rather than read as a different record:
 *
 * <pre>{"v":1,"kind":"BLOCK_PROPOSAL","slot":12,"index":0,"payloadHash":"0x…","crc32":"1a2b3c4d"}</pre>
 */
record SigningRecord(DutyKind kind, SlotNumber slot, int index, Bytes32 payloadHash) {
  private static final Pattern LINE =
      Pattern.compile(
          "(\\{\"v\":1,\"kind\":\"([A-Z_]+)\",\"slot\":(\\d{1,19}),\"index\":(\\d{1,10}),"
              + "\"payloadHash\":\"(0x[0-9a-f]{64})\"),\"crc32\":\"([0-9a-f]{8})\"}");

  SigningRecord {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(payloadHash, "payloadHash");
  }

  static SigningRecord of(SigningDuty duty, Bytes32 payloadHash) {
    return new SigningRecord(duty.kind(), duty.slot(), duty.index(), payloadHash);
  }

  /** The line, with its trailing newline. */
  String toLine() {
    String body =
        "{\"v\":1,\"kind\":\""
            + kind.name()
            + "\",\"slot\":"
            + slot.value()
            + ",\"index\":"
            + index
            + ",\"payloadHash\":\""
            + payloadHash.toHex()
            + "\"";
    return body + ",\"crc32\":\"" + crcHex(body) + "\"}\n";
  }

  /** Parses one line (without its newline). */
  static SigningRecord parse(String line) {
    Matcher m = LINE.matcher(line);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a signing record");
    }
    if (!crcHex(m.group(1)).equals(m.group(6))) {
      throw new IllegalArgumentException("checksum mismatch");
    }
    DutyKind kind;
    try {
      kind = DutyKind.valueOf(m.group(2));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown duty kind " + m.group(2));
    }
    long slot = Long.parseLong(m.group(3));
    long index = Long.parseLong(m.group(4));
    if (index > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("index out of range");
    }
    SigningRecord r =
        new SigningRecord(kind, SlotNumber.of(slot), (int) index, Bytes32.fromHex(m.group(5)));
    if (kind != DutyKind.BLOCK_PROPOSAL && index != 0) {
      throw new IllegalArgumentException(kind + " record with index " + index);
    }
    return r;
  }

  private static String crcHex(String s) {
    CRC32 crc = new CRC32();
    crc.update(s.getBytes(StandardCharsets.US_ASCII));
    return String.format("%08x", crc.getValue());
  }
}
