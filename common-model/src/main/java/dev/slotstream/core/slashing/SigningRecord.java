package dev.slotstream.core.slashing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * One approved signature, as stored: a duty (without its signer, which names the file) and the
 * payload hash. On disk it is one JSON line with a CRC-32 of everything before the {@code crc32}
 * member, which is always last, so a flipped bit is detected rather than read as a different record:
 *
 * <pre>{"v":1,"kind":"BLOCK_PROPOSAL","slot":12,"index":0,"payloadHash":"0x…","crc32":"1a2b3c4d"}</pre>
 *
 * <p>A {@code null} payload hash means "signed, payload unknown": it comes from an interchange entry
 * without a signing root, or from an import that disagreed with the record. It refuses every
 * payload for its duty.
 */
record SigningRecord(DutyKind kind, SlotNumber slot, int index, Bytes32 payloadHash) {
  static final int VERSION = 1;
  private static final String CRC_MEMBER = ",\"crc32\":\"";

  /** {@code ,"crc32":"} + 8 hex digits + {@code "}}. */
  private static final int CRC_SUFFIX_LENGTH = CRC_MEMBER.length() + 8 + 2;

  private static final Pattern HASH = Pattern.compile("0x[0-9a-f]{64}");

  SigningRecord {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(slot, "slot");
    if (index < 0) {
      throw new IllegalArgumentException("index must be non-negative, got " + index);
    }
    if (kind != DutyKind.BLOCK_PROPOSAL && index != 0) {
      throw new IllegalArgumentException(kind + " record with index " + index);
    }
  }

  static SigningRecord of(SigningDuty duty, Bytes32 payloadHash) {
    Objects.requireNonNull(payloadHash, "payloadHash");
    return new SigningRecord(duty.kind(), duty.slot(), duty.index(), payloadHash);
  }

  static SigningRecord unknownPayload(DutyKind kind, SlotNumber slot, int index) {
    return new SigningRecord(kind, slot, index, null);
  }

  Optional<Bytes32> knownPayload() {
    return Optional.ofNullable(payloadHash);
  }

  SigningDuty duty(EthAddress signer) {
    return new SigningDuty(signer, kind, slot, index);
  }

  /** What is checksummed: every member but {@code crc32}, in this order. */
  @JsonPropertyOrder({"v", "kind", "slot", "index", "payloadHash"})
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record Body(
      @JsonProperty("v") int v,
      @JsonProperty("kind") DutyKind kind,
      @JsonProperty("slot") long slot,
      @JsonProperty("index") int index,
      @JsonProperty("payloadHash") String payloadHash) {}

  /** A whole line as read. */
  record Line(
      @JsonProperty(value = "v", required = true) int v,
      @JsonProperty(value = "kind", required = true) DutyKind kind,
      @JsonProperty(value = "slot", required = true) long slot,
      @JsonProperty(value = "index", required = true) int index,
      @JsonProperty(value = "payloadHash", required = true) String payloadHash,
      @JsonProperty(value = "crc32", required = true) String crc32) {}

  /** The line, with its trailing newline. */
  String toLine() {
    String body;
    try {
      body =
          SlashingJson.MAPPER.writeValueAsString(
              new Body(
                  VERSION,
                  kind,
                  slot.value(),
                  index,
                  payloadHash == null ? null : payloadHash.toHex()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + this, e);
    }
    String open = body.substring(0, body.length() - 1); // without the closing brace
    return open + CRC_MEMBER + crcHex(open) + "\"}\n";
  }

  /** Parses one line (without its newline). */
  static SigningRecord parse(String line) {
    int crcAt = line.length() - CRC_SUFFIX_LENGTH;
    if (crcAt < 0 || !line.startsWith(CRC_MEMBER, crcAt) || !line.endsWith("\"}")) {
      throw new IllegalArgumentException(
          "not a signing record: it must end with the member \"crc32\":\"<8 hex digits>\"");
    }
    String crc = line.substring(crcAt + CRC_MEMBER.length(), line.length() - 2);
    if (!crcHex(line.substring(0, crcAt)).equals(crc)) {
      throw new IllegalArgumentException("checksum mismatch");
    }
    Line parsed;
    try {
      parsed = SlashingJson.MAPPER.readValue(line, Line.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a signing record: " + e.getOriginalMessage(), e);
    }
    if (parsed.v() != VERSION) {
      throw new IllegalArgumentException("unsupported record version " + parsed.v());
    }
    if (parsed.kind() == null) {
      throw new IllegalArgumentException("kind is null");
    }
    if (parsed.payloadHash() != null && !HASH.matcher(parsed.payloadHash()).matches()) {
      throw new IllegalArgumentException("payloadHash is not 0x and 64 lowercase hex digits");
    }
    Bytes32 payload = parsed.payloadHash() == null ? null : Bytes32.fromHex(parsed.payloadHash());
    return new SigningRecord(parsed.kind(), SlotNumber.of(parsed.slot()), parsed.index(), payload);
  }

  private static String crcHex(String s) {
    CRC32 crc = new CRC32();
    crc.update(s.getBytes(StandardCharsets.US_ASCII));
    return String.format("%08x", crc.getValue());
  }
}
