package dev.slotstream.core.slashing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.testing.RandomData;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSlashingProtectorTest {
  private static final SlotNumber SLOT = SlotNumber.of(1488);

  @TempDir Path dir;

  private final RandomData random = new RandomData(1234);
  private final EthAddress signer = random.address();
  private final Bytes32 payloadA = random.bytes32();
  private final Bytes32 payloadB = random.bytes32();

  private Path signerFile() {
    return dir.resolve(signer.toHex() + ".jsonl");
  }

  @Test
  void shouldRefuseAConflictingPayloadAfterARestart() {
    SigningDuty block = SigningDuty.blockProposal(signer, SLOT, 4);
    SigningDuty attestation = SigningDuty.checkpointAttestation(signer, SLOT);
    try (FileSlashingProtector p = FileSlashingProtector.open(dir)) {
      assertThat(p.approve(block, payloadA).verdict()).isEqualTo(SigningVerdict.ALLOWED_NEW);
      assertThat(p.approve(attestation, payloadA).verdict()).isEqualTo(SigningVerdict.ALLOWED_NEW);
    }

    try (FileSlashingProtector reopened = FileSlashingProtector.open(dir)) {
      assertThat(reopened.approve(block, payloadB).verdict()).isEqualTo(SigningVerdict.REFUSED);
      assertThat(reopened.approve(block, payloadA).verdict())
          .isEqualTo(SigningVerdict.ALLOWED_REPEAT);
      assertThat(
              reopened
                  .approve(SigningDuty.checkpointAttestation(signer, SLOT.previous()), payloadB)
                  .verdict())
          .as("the attestation high-water mark survives a restart")
          .isEqualTo(SigningVerdict.REFUSED);
    }
  }

  @Test
  void shouldForceTheWholeRecordToDiskBeforeApproveReturns() throws IOException {
    SigningDuty duty = SigningDuty.checkpointProposal(signer, SLOT);
    String line = SigningRecord.of(duty, payloadA).toLine();
    List<String> forcedContents = new ArrayList<>();
    AtomicBoolean approveReturned = new AtomicBoolean();
    FileSync recording =
        (file, channel) -> {
          if (file.equals(signerFile())) {
            assertThat(approveReturned).as("forced while approve is still running").isFalse();
            forcedContents.add(Files.readString(file, StandardCharsets.US_ASCII));
          }
          channel.force(true);
        };

    try (FileSlashingProtector p = FileSlashingProtector.open(dir, recording)) {
      SigningDecision decision = p.approve(duty, payloadA);
      approveReturned.set(true);

      assertThat(decision.verdict()).isEqualTo(SigningVerdict.ALLOWED_NEW);
      assertThat(forcedContents)
          .as("exactly one force of the signer's file, after the whole line was written")
          .containsExactly(line);
      assertThat(line)
          .startsWith("{\"v\":1,\"kind\":\"CHECKPOINT_PROPOSAL\",\"slot\":1488,\"index\":0,")
          .contains(payloadA.toHex())
          .matches("(?s).*\"crc32\":\"[0-9a-f]{8}\"}\n");

      // a repeat is already durable: nothing more to write or force
      assertThat(p.approve(duty, payloadA).verdict()).isEqualTo(SigningVerdict.ALLOWED_REPEAT);
      assertThat(forcedContents).hasSize(1);
    }
  }

  @Test
  void shouldReleaseNoApprovalWhenTheSyncFails() throws IOException {
    SigningDuty duty = SigningDuty.blockProposal(signer, SLOT, 0);
    AtomicInteger failuresLeft = new AtomicInteger(1);
    FileSync failingOnce =
        (file, channel) -> {
          if (file.equals(signerFile()) && failuresLeft.getAndDecrement() > 0) {
            throw new IOException("simulated EIO from fsync");
          }
          channel.force(true);
        };

    try (FileSlashingProtector p = FileSlashingProtector.open(dir, failingOnce)) {
      assertThatThrownBy(() -> p.approve(duty, payloadA))
          .isInstanceOf(SlashingProtectionException.class)
          .hasMessageContaining("cannot persist")
          .hasMessageContaining("simulated EIO");
      assertThat(Files.size(signerFile())).as("the unsynced line was cut off again").isZero();

      // nothing was recorded for the failed approval, in memory or on disk
      assertThat(p.approve(duty, payloadB).verdict()).isEqualTo(SigningVerdict.ALLOWED_NEW);
    }
    try (FileSlashingProtector p = FileSlashingProtector.open(dir)) {
      assertThat(p.approve(duty, payloadA).verdict()).isEqualTo(SigningVerdict.REFUSED);
    }
  }

  @Test
  void shouldStopApprovingForASignerWhoseFailedWriteCannotBeUndone() {
    FileSync broken =
        (file, channel) -> {
          if (file.equals(signerFile())) {
            throw new IOException("device gone");
          }
        };

    try (FileSlashingProtector p = FileSlashingProtector.open(dir, broken)) {
      assertThatThrownBy(() -> p.approve(SigningDuty.blockProposal(signer, SLOT, 0), payloadA))
          .isInstanceOf(SlashingProtectionException.class);
      assertThatThrownBy(() -> p.approve(SigningDuty.blockProposal(signer, SLOT, 1), payloadA))
          .isInstanceOf(SlashingProtectionException.class)
          .hasMessageContaining("needs a restart");
      // other signers have their own files and go on
      assertThat(
              p.approve(SigningDuty.blockProposal(random.address(), SLOT, 0), payloadA).verdict())
          .isEqualTo(SigningVerdict.ALLOWED_NEW);
    }
  }

  @Test
  void shouldNotAppendForARepeatOrARefusal() throws IOException {
    SigningDuty duty = SigningDuty.blockProposal(signer, SLOT, 0);
    try (FileSlashingProtector p = FileSlashingProtector.open(dir)) {
      p.approve(duty, payloadA);
      p.approve(duty, payloadA);
      p.approve(duty, payloadB);
    }

    assertThat(Files.readAllLines(signerFile())).hasSize(1);
  }

  @Test
  void shouldToleratePersistAndTruncateATornFinalRecord() throws IOException {
    SigningDuty duty = SigningDuty.blockProposal(signer, SLOT, 0);
    try (FileSlashingProtector p = FileSlashingProtector.open(dir)) {
      p.approve(duty, payloadA);
    }
    String intact = Files.readString(signerFile());
    String torn = SigningRecord.of(SigningDuty.blockProposal(signer, SLOT, 1), payloadB).toLine();
    Files.writeString(
        signerFile(), torn.substring(0, 40), StandardOpenOption.APPEND); // no newline: torn

    try (FileSlashingProtector p = FileSlashingProtector.open(dir)) {
      assertThat(Files.readString(signerFile())).isEqualTo(intact);
      assertThat(p.approve(duty, payloadB).verdict()).isEqualTo(SigningVerdict.REFUSED);
      // the torn write was never approved, so its duty is still free
      assertThat(p.approve(SigningDuty.blockProposal(signer, SLOT, 1), payloadA).verdict())
          .isEqualTo(SigningVerdict.ALLOWED_NEW);
    }
    try (FileSlashingProtector p = FileSlashingProtector.open(dir)) {
      assertThat(Files.readAllLines(signerFile())).hasSize(2);
    }
  }

  @Test
  void shouldTolerateATornWriteThatLeftOnlyZeroBytes() throws IOException {
    try (FileSlashingProtector p = FileSlashingProtector.open(dir)) {
      p.approve(SigningDuty.checkpointAttestation(signer, SLOT), payloadA);
    }
    Files.write(signerFile(), new byte[37], StandardOpenOption.APPEND);

    try (FileSlashingProtector p = FileSlashingProtector.open(dir)) {
      assertThat(p.approve(SigningDuty.checkpointAttestation(signer, SLOT), payloadB).verdict())
          .isEqualTo(SigningVerdict.REFUSED);
    }
  }

  @Test
  void shouldRefuseToStartWhenAMiddleRecordIsCorrupt() throws IOException {
    try (FileSlashingProtector p = FileSlashingProtector.open(dir)) {
      p.approve(SigningDuty.blockProposal(signer, SLOT, 0), payloadA);
      p.approve(SigningDuty.blockProposal(signer, SLOT, 1), payloadA);
      p.approve(SigningDuty.blockProposal(signer, SLOT, 2), payloadA);
    }
    List<String> lines = Files.readAllLines(signerFile());
    // flip one hex digit of the second record's payload hash: the checksum catches it
    String second = lines.get(1);
    int at = second.indexOf("0x") + 10;
    char flipped = second.charAt(at) == '0' ? '1' : '0';
    lines.set(1, second.substring(0, at) + flipped + second.substring(at + 1));
    Files.write(signerFile(), lines);

    assertThatThrownBy(() -> FileSlashingProtector.open(dir))
        .isInstanceOf(SlashingProtectionException.class)
        .hasMessageContaining(signerFile().toString())
        .hasMessageContaining("corrupt at line 2")
        .hasMessageContaining("checksum")
        .hasMessageContaining("refusing to start");
    // the failed open released the directory lock: a retry fails on the data again, not "in use"
    assertThatThrownBy(() -> FileSlashingProtector.open(dir))
        .hasMessageContaining("corrupt at line 2");
  }

  @Test
  void shouldRefuseToStartWhenTheFinalCompleteLineIsCorrupt() throws IOException {
    try (FileSlashingProtector p = FileSlashingProtector.open(dir)) {
      p.approve(SigningDuty.blockProposal(signer, SLOT, 0), payloadA);
    }
    // a newline-terminated line was written in full: garbage there is damage, not a torn write
    Files.writeString(signerFile(), "{\"v\":1,garbage}\n", StandardOpenOption.APPEND);

    assertThatThrownBy(() -> FileSlashingProtector.open(dir))
        .isInstanceOf(SlashingProtectionException.class)
        .hasMessageContaining("corrupt at line 2");
  }

  @Test
  void shouldRefuseToStartWhenTwoRecordsOfTheSameDutyConflict() throws IOException {
    SigningDuty duty = SigningDuty.checkpointProposal(signer, SLOT);
    Files.writeString(
        signerFile(),
        SigningRecord.of(duty, payloadA).toLine() + SigningRecord.of(duty, payloadB).toLine());

    assertThatThrownBy(() -> FileSlashingProtector.open(dir))
        .isInstanceOf(SlashingProtectionException.class)
        .hasMessageContaining("conflicts with an earlier record");
  }

  @Test
  void shouldRefuseASecondInstanceOnTheSameDirectory() {
    try (FileSlashingProtector first = FileSlashingProtector.open(dir)) {
      assertThatThrownBy(() -> FileSlashingProtector.open(dir))
          .isInstanceOf(SlashingProtectionException.class)
          .hasMessageContaining("in use");
    }
  }

  @Test
  void shouldRefuseToStartWithAnUnexpectedFile() throws IOException {
    Files.writeString(dir.resolve("not-an-address.jsonl"), "");

    assertThatThrownBy(() -> FileSlashingProtector.open(dir))
        .isInstanceOf(SlashingProtectionException.class)
        .hasMessageContaining("unexpected file");
  }

  @Test
  void shouldThrowRatherThanApproveOnceClosed() {
    FileSlashingProtector p = FileSlashingProtector.open(dir);
    p.close();

    assertThatThrownBy(() -> p.approve(SigningDuty.checkpointProposal(signer, SLOT), payloadA))
        .isInstanceOf(SlashingProtectionException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void shouldKeepOneFilePerSigner() {
    EthAddress other = random.address();
    try (FileSlashingProtector p = FileSlashingProtector.open(dir)) {
      p.approve(SigningDuty.checkpointProposal(signer, SLOT), payloadA);
      p.approve(SigningDuty.checkpointProposal(other, SLOT), payloadB);
    }

    assertThat(signerFile()).exists();
    assertThat(dir.resolve(other.toHex() + ".jsonl")).exists();
  }

  @Test
  void shouldRoundTripRecordLinesAndRejectTampering() {
    SigningRecord record =
        new SigningRecord(DutyKind.BLOCK_PROPOSAL, SlotNumber.of(Long.MAX_VALUE), 71, payloadA);
    String line = record.toLine();

    assertThat(line).endsWith("\n");
    assertThat(SigningRecord.parse(line.strip())).isEqualTo(record);
    assertThatThrownBy(
            () -> SigningRecord.parse(line.strip().replace("\"index\":71", "\"index\":7")))
        .hasMessageContaining("checksum");
  }
}
