package dev.slotstream.core.slashing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk line format, pinned by lines written before the store used Jackson. */
class SigningRecordFormatTest {
  /** Four lines exactly as the string-concatenating writer produced them. */
  static final List<String> OLD_LINES =
      List.of(
          "{\"v\":1,\"kind\":\"BLOCK_PROPOSAL\",\"slot\":1488,\"index\":0,\"payloadHash\":\"0x"
              + "11".repeat(32)
              + "\",\"crc32\":\"25abf794\"}",
          "{\"v\":1,\"kind\":\"BLOCK_PROPOSAL\",\"slot\":1488,\"index\":1,\"payloadHash\":\"0x"
              + "22".repeat(32)
              + "\",\"crc32\":\"3e2eed21\"}",
          "{\"v\":1,\"kind\":\"CHECKPOINT_PROPOSAL\",\"slot\":1488,\"index\":0,\"payloadHash\":\"0x"
              + "33".repeat(32)
              + "\",\"crc32\":\"1532e1fe\"}",
          "{\"v\":1,\"kind\":\"CHECKPOINT_ATTESTATION\",\"slot\":1490,\"index\":0,\"payloadHash\":\"0x"
              + "44".repeat(32)
              + "\",\"crc32\":\"a3a8ea31\"}");

  private static final EthAddress SIGNER =
      EthAddress.fromHex("0x00000000000000000000000000000000000000aa");
  private static final SlotNumber SLOT = SlotNumber.of(1488);

  @TempDir Path dir;

  @Test
  void shouldLoadAFileWrittenInTheOldFormatAndEnforceItsRecords() throws IOException {
    Files.writeString(dir.resolve(SIGNER.toHex() + ".jsonl"), String.join("\n", OLD_LINES) + "\n");

    try (FileSlashingProtector p = FileSlashingProtector.open(dir)) {
      Bytes32 other = Bytes32.fromHex("0x" + "99".repeat(32));
      assertThat(p.approve(SigningDuty.blockProposal(SIGNER, SLOT, 0), other).verdict())
          .isEqualTo(SigningVerdict.REFUSED);
      assertThat(
              p.approve(
                      SigningDuty.blockProposal(SIGNER, SLOT, 1),
                      Bytes32.fromHex("0x" + "22".repeat(32)))
                  .verdict())
          .isEqualTo(SigningVerdict.ALLOWED_REPEAT);
      assertThat(p.approve(SigningDuty.checkpointProposal(SIGNER, SLOT), other).verdict())
          .isEqualTo(SigningVerdict.REFUSED);
      assertThat(
              p.approve(SigningDuty.checkpointAttestation(SIGNER, SlotNumber.of(1489)), other)
                  .verdict())
          .as("the attestation high-water mark of the old file holds")
          .isEqualTo(SigningVerdict.REFUSED);
      assertThat(p.approve(SigningDuty.blockProposal(SIGNER, SLOT, 2), other).verdict())
          .isEqualTo(SigningVerdict.ALLOWED_NEW);
    }
  }

  @Test
  void shouldWriteLinesByteForByteAsTheOldFormat() {
    SigningRecord first =
        SigningRecord.of(
            SigningDuty.blockProposal(SIGNER, SLOT, 0), Bytes32.fromHex("0x" + "11".repeat(32)));
    SigningRecord attestation =
        SigningRecord.of(
            SigningDuty.checkpointAttestation(SIGNER, SlotNumber.of(1490)),
            Bytes32.fromHex("0x" + "44".repeat(32)));

    assertThat(first.toLine()).isEqualTo(OLD_LINES.get(0) + "\n");
    assertThat(attestation.toLine()).isEqualTo(OLD_LINES.get(3) + "\n");
    for (String line : OLD_LINES) {
      assertThat(SigningRecord.parse(line).toLine()).isEqualTo(line + "\n");
    }
  }

  @Test
  void shouldNameWhatIsWrongWithAMalformedLine() {
    String good = OLD_LINES.get(0);
    assertThatThrownBy(() -> SigningRecord.parse(good.replace("BLOCK_PROPOSAL", "BLOCK_PROPOSAK")))
        .hasMessageContaining("checksum");
    assertThatThrownBy(() -> SigningRecord.parse(good.substring(0, good.length() - 21) + "}"))
        .hasMessageContaining("crc32");
  }

  @Test
  void shouldRoundTripARecordWhosePayloadIsUnknown() {
    SigningRecord unknown = SigningRecord.unknownPayload(DutyKind.BLOCK_PROPOSAL, SLOT, 3);

    String line = unknown.toLine();

    assertThat(line)
        .startsWith(
            "{\"v\":1,\"kind\":\"BLOCK_PROPOSAL\",\"slot\":1488,\"index\":3,\"payloadHash\":null,");
    assertThat(SigningRecord.parse(line.strip())).isEqualTo(unknown);
  }

  @Test
  void shouldRefuseLinesWithAValidChecksumButNotTheRecordsShape() {
    String hash = "\"0x" + "11".repeat(32) + "\"";
    assertThatThrownBy(
            () ->
                SigningRecord.parse(
                    withCrc(
                        "{\"v\":1,\"kind\":\"BLOCK_PROPOSAL\",\"slot\":\"12\",\"index\":0,\"payloadHash\":"
                            + hash)))
        .hasMessageContaining("not a signing record");
    assertThatThrownBy(
            () ->
                SigningRecord.parse(
                    withCrc(
                        "{\"v\":1,\"kind\":\"BLOCK_PROPOSAL\",\"slot\":12,\"slot\":13,\"index\":0,\"payloadHash\":"
                            + hash)))
        .hasMessageContaining("Duplicate field 'slot'");
    assertThatThrownBy(
            () ->
                SigningRecord.parse(
                    withCrc(
                        "{\"v\":2,\"kind\":\"BLOCK_PROPOSAL\",\"slot\":12,\"index\":0,\"payloadHash\":"
                            + hash)))
        .hasMessageContaining("unsupported record version 2");
    assertThatThrownBy(
            () ->
                SigningRecord.parse(
                    withCrc(
                        "{\"v\":1,\"kind\":\"CHECKPOINT_PROPOSAL\",\"slot\":12,\"index\":4,\"payloadHash\":"
                            + hash)))
        .hasMessageContaining("CHECKPOINT_PROPOSAL record with index 4");
    assertThatThrownBy(
            () ->
                SigningRecord.parse(
                    withCrc("{\"v\":1,\"kind\":\"BLOCK_PROPOSAL\",\"slot\":12,\"index\":0")))
        .hasMessageContaining("payloadHash");
    assertThatThrownBy(
            () ->
                SigningRecord.parse(
                    withCrc(
                        "{\"v\":1,\"kind\":\"BLOCK_PROPOSAL\",\"slot\":12,\"index\":0,\"payloadHash\":\"0x"
                            + "AB".repeat(32)
                            + "\"")))
        .hasMessageContaining("lowercase");
  }

  private static String withCrc(String open) {
    CRC32 crc = new CRC32();
    crc.update(open.getBytes(StandardCharsets.US_ASCII));
    return open + ",\"crc32\":\"" + String.format("%08x", crc.getValue()) + "\"}";
  }
}
