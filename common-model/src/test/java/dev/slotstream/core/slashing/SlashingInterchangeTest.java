package dev.slotstream.core.slashing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.crypto.SigningDomain;
import dev.slotstream.core.slashing.InterchangeDocument.SignedAttestation;
import dev.slotstream.core.slashing.InterchangeDocument.SignedBlock;
import dev.slotstream.core.slashing.InterchangeDocument.SignerData;
import dev.slotstream.core.slashing.InterchangeException.Problem;
import dev.slotstream.core.testing.RandomData;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlashingInterchangeTest {
  private static final Bytes32 NETWORK =
      SigningDomain.of(31337, EthAddress.fromHex("0x5FbDB2315678afecb367f032d93F642f64180aa3"))
          .domainSeparator();
  private static final Bytes32 OTHER_NETWORK =
      SigningDomain.of(1, EthAddress.fromHex("0x5FbDB2315678afecb367f032d93F642f64180aa3"))
          .domainSeparator();
  private static final SlotNumber S10 = SlotNumber.of(10);

  @TempDir Path source;
  @TempDir Path target;

  private final RandomData random = new RandomData(3076);
  private final EthAddress proposer =
      EthAddress.fromHex("0x00000000000000000000000000000000000000a1");
  private final EthAddress attester =
      EthAddress.fromHex("0x00000000000000000000000000000000000000b2");
  private final Bytes32 a = random.bytes32();
  private final Bytes32 b = random.bytes32();
  private final Bytes32 c = random.bytes32();

  /** Proposer: blocks 0..2 and the checkpoint of slot 10, block 0 of slot 11. Attester: 10, 12. */
  private InterchangeDocument exportedHistory() {
    try (FileSlashingProtector p = FileSlashingProtector.open(source)) {
      for (int i = 0; i < 3; i++) {
        p.approve(SigningDuty.blockProposal(proposer, S10, i), a);
      }
      p.approve(SigningDuty.checkpointProposal(proposer, S10), b);
      p.approve(SigningDuty.blockProposal(proposer, S10.next(), 0), c);
      p.approve(SigningDuty.checkpointAttestation(attester, S10), a);
      p.approve(SigningDuty.checkpointAttestation(attester, SlotNumber.of(12)), b);
      return p.exportInterchange(NETWORK);
    }
  }

  private static SigningVerdict verdict(SlashingProtector p, SigningDuty duty, Bytes32 payload) {
    return p.approve(duty, payload).verdict();
  }

  @Test
  void shouldExportOurDutiesInTheDocumentedEip3076Shape() {
    InterchangeDocument doc = exportedHistory();

    assertThat(doc.metadata().interchangeFormatVersion()).isEqualTo("5");
    assertThat(doc.metadata().genesisValidatorsRoot()).isEqualTo(NETWORK.toHex());
    assertThat(doc.data())
        .extracting(SignerData::pubkey)
        .containsExactly(proposer.toHex(), attester.toHex());
    SignerData prop = doc.data().get(0);
    assertThat(prop.signedBlocks())
        .containsExactly(
            new SignedBlock("1280", a.toHex()), // 10 × 128 + block 0
            new SignedBlock("1281", a.toHex()),
            new SignedBlock("1282", a.toHex()),
            new SignedBlock("1407", b.toHex()), // 10 × 128 + 127: the checkpoint proposal
            new SignedBlock("1408", c.toHex())); // 11 × 128 + block 0
    assertThat(prop.signedAttestations()).isEmpty();
    assertThat(doc.data().get(1).signedAttestations())
        .containsExactly(
            new SignedAttestation("10", "10", a.toHex()),
            new SignedAttestation("10", "12", b.toHex())); // source = the previous attested slot
    assertThat(doc.data().get(1).signedBlocks()).isEmpty();

    String json = new String(doc.toJson(), StandardCharsets.UTF_8);
    assertThat(json)
        .contains("\"interchange_format_version\" : \"5\"")
        .contains("\"genesis_validators_root\" : \"" + NETWORK.toHex() + "\"")
        .contains(
            "\"signed_blocks\"", "\"signed_attestations\"", "\"source_epoch\"", "\"target_epoch\"")
        .contains("\"slot\" : \"1407\"");
  }

  @Test
  void shouldRefuseTheSameDutiesAfterARoundTripIntoAnEmptyDirectory() {
    byte[] json = exportedHistory().toJson();

    try (FileSlashingProtector p = FileSlashingProtector.open(target)) {
      ImportSummary summary = p.importInterchange(InterchangeDocument.parse(json), NETWORK);

      assertThat(summary).isEqualTo(new ImportSummary(2, 7, 0, List.of()));
      for (int i = 0; i < 3; i++) {
        assertThat(verdict(p, SigningDuty.blockProposal(proposer, S10, i), c))
            .isEqualTo(SigningVerdict.REFUSED);
        assertThat(verdict(p, SigningDuty.blockProposal(proposer, S10, i), a))
            .isEqualTo(SigningVerdict.ALLOWED_REPEAT);
      }
      assertThat(verdict(p, SigningDuty.checkpointProposal(proposer, S10), a))
          .isEqualTo(SigningVerdict.REFUSED);
      assertThat(verdict(p, SigningDuty.blockProposal(proposer, S10.next(), 0), a))
          .isEqualTo(SigningVerdict.REFUSED);
      assertThat(verdict(p, SigningDuty.blockProposal(proposer, S10, 3), c))
          .as("a block that was never signed")
          .isEqualTo(SigningVerdict.ALLOWED_NEW);
      for (long slot : new long[] {9, 10, 11, 12}) {
        assertThat(verdict(p, SigningDuty.checkpointAttestation(attester, SlotNumber.of(slot)), c))
            .as("attestation at %d", slot)
            .isEqualTo(SigningVerdict.REFUSED);
      }
      assertThat(verdict(p, SigningDuty.checkpointAttestation(attester, SlotNumber.of(12)), b))
          .isEqualTo(SigningVerdict.ALLOWED_REPEAT);
      assertThat(verdict(p, SigningDuty.checkpointAttestation(attester, SlotNumber.of(13)), c))
          .isEqualTo(SigningVerdict.ALLOWED_NEW);
    }
    try (FileSlashingProtector reopened = FileSlashingProtector.open(target)) {
      assertThat(verdict(reopened, SigningDuty.checkpointProposal(proposer, S10), a))
          .as("the import is durable")
          .isEqualTo(SigningVerdict.REFUSED);
    }
  }

  @Test
  void shouldReExportWhatItImported() {
    InterchangeDocument exported = exportedHistory();
    try (FileSlashingProtector p = FileSlashingProtector.open(target)) {
      p.importInterchange(exported, NETWORK);
      assertThat(p.exportInterchange(NETWORK)).isEqualTo(exported);
    }
  }

  @Test
  void shouldBeIdempotent() {
    InterchangeDocument exported = exportedHistory();
    try (FileSlashingProtector p = FileSlashingProtector.open(target)) {
      p.importInterchange(exported, NETWORK);
      ImportSummary again = p.importInterchange(exported, NETWORK);

      assertThat(again).isEqualTo(new ImportSummary(2, 0, 7, List.of()));
    }
  }

  @Test
  void shouldNeverLowerTheAttestationHighWaterMark() {
    try (FileSlashingProtector p = FileSlashingProtector.open(target)) {
      p.approve(SigningDuty.checkpointAttestation(attester, SlotNumber.of(20)), a);

      ImportSummary summary =
          p.importInterchange(
              document(attester, List.of(), List.of(attestation(5, 5, b))), NETWORK);

      assertThat(summary.added()).isEqualTo(1);
      assertThat(verdict(p, SigningDuty.checkpointAttestation(attester, SlotNumber.of(19)), c))
          .isEqualTo(SigningVerdict.REFUSED);
      assertThat(verdict(p, SigningDuty.checkpointAttestation(attester, SlotNumber.of(20)), c))
          .isEqualTo(SigningVerdict.REFUSED);
      assertThat(verdict(p, SigningDuty.checkpointAttestation(attester, SlotNumber.of(21)), c))
          .isEqualTo(SigningVerdict.ALLOWED_NEW);
    }
  }

  @Test
  void shouldRaiseTheHighWaterMarkFromAnImport() {
    try (FileSlashingProtector p = FileSlashingProtector.open(target)) {
      p.approve(SigningDuty.checkpointAttestation(attester, SlotNumber.of(20)), a);
      p.importInterchange(document(attester, List.of(), List.of(attestation(20, 30, b))), NETWORK);

      assertThat(verdict(p, SigningDuty.checkpointAttestation(attester, SlotNumber.of(25)), c))
          .isEqualTo(SigningVerdict.REFUSED);
      assertThat(verdict(p, SigningDuty.checkpointAttestation(attester, SlotNumber.of(31)), c))
          .isEqualTo(SigningVerdict.ALLOWED_NEW);
    }
  }

  @Test
  void shouldMakeADutySignedWithTwoPayloadsRefuseEveryPayloadAcrossARestart() {
    SigningDuty block = SigningDuty.blockProposal(proposer, S10, 0);
    try (FileSlashingProtector p = FileSlashingProtector.open(target)) {
      p.approve(block, a);

      ImportSummary summary =
          p.importInterchange(
              document(proposer, List.of(new SignedBlock("1280", b.toHex())), List.of()), NETWORK);

      assertThat(summary.conflicts()).containsExactly(block);
      assertThat(verdict(p, block, a))
          .as("not even our own payload")
          .isEqualTo(SigningVerdict.REFUSED);
      assertThat(verdict(p, block, b)).isEqualTo(SigningVerdict.REFUSED);
    }
    try (FileSlashingProtector p = FileSlashingProtector.open(target)) {
      assertThat(p.approve(block, a).reason()).contains("does not know");
      assertThat(p.exportInterchange(NETWORK).data().get(0).signedBlocks())
          .containsExactly(new SignedBlock("1280", null));
    }
  }

  @Test
  void shouldTightenAKnownDutyToRefuseEverythingWhenTheDocumentHasNoSigningRootForIt() {
    SigningDuty checkpoint = SigningDuty.checkpointProposal(proposer, S10);
    try (FileSlashingProtector p = FileSlashingProtector.open(target)) {
      p.approve(checkpoint, a);

      ImportSummary summary =
          p.importInterchange(
              document(proposer, List.of(new SignedBlock("1407", null)), List.of()), NETWORK);
      ImportSummary again =
          p.importInterchange(
              document(proposer, List.of(new SignedBlock("1407", a.toHex())), List.of()), NETWORK);

      assertThat(summary).isEqualTo(new ImportSummary(1, 1, 0, List.of()));
      assertThat(again)
          .as("nothing loosens an unknown payload")
          .isEqualTo(new ImportSummary(1, 0, 1, List.of()));
      assertThat(verdict(p, checkpoint, a)).isEqualTo(SigningVerdict.REFUSED);
    }
  }

  @Test
  void shouldReportContradictionsWithinTheDocument() {
    try (FileSlashingProtector p = FileSlashingProtector.open(target)) {
      ImportSummary summary =
          p.importInterchange(
              document(attester, List.of(), List.of(attestation(7, 7, a), attestation(7, 7, b))),
              NETWORK);

      assertThat(summary.conflicts())
          .containsExactly(SigningDuty.checkpointAttestation(attester, SlotNumber.of(7)));
      assertThat(verdict(p, SigningDuty.checkpointAttestation(attester, SlotNumber.of(7)), a))
          .isEqualTo(SigningVerdict.REFUSED);
    }
  }

  @Test
  void shouldTreatAnEntryWithoutSigningRootAsSignedWithAnUnknownPayload() {
    try (FileSlashingProtector p = FileSlashingProtector.open(target)) {
      p.importInterchange(
          document(
              proposer,
              List.of(new SignedBlock("1407", null)),
              List.of(new SignedAttestation("3", "3", null))),
          NETWORK);

      assertThat(verdict(p, SigningDuty.checkpointProposal(proposer, S10), a))
          .isEqualTo(SigningVerdict.REFUSED);
      assertThat(verdict(p, SigningDuty.checkpointAttestation(proposer, SlotNumber.of(3)), a))
          .isEqualTo(SigningVerdict.REFUSED);
      assertThat(verdict(p, SigningDuty.blockProposal(proposer, S10, 0), a))
          .isEqualTo(SigningVerdict.ALLOWED_NEW);
    }
  }

  /**
   * What an Ethereum tool with a complete database concludes from our export (EIP-3076 conditions 3
   * and 5, with our attestation at slot x described as source = target = x) is exactly our rule:
   * refuse every slot up to the highest attested one.
   */
  @Test
  void shouldLetAnEthereumShapedToolConcludeOurAttestationRule() {
    List<Long> attested = List.of(4L, 5L, 9L, 15L);
    try (FileSlashingProtector p = FileSlashingProtector.open(source)) {
      attested.forEach(
          s -> p.approve(SigningDuty.checkpointAttestation(attester, SlotNumber.of(s)), a));
      List<SignedAttestation> exported =
          p.exportInterchange(NETWORK).data().get(0).signedAttestations();

      for (int i = 0; i < exported.size(); i++) {
        for (int j = 0; j < exported.size(); j++) {
          SignedAttestation x = exported.get(i);
          SignedAttestation y = exported.get(j);
          assertThat(i != j && slashable(x, y, "0", "0")).as("%s vs %s", x, y).isFalse();
        }
      }
      long minTarget =
          exported.stream().mapToLong(e -> Long.parseLong(e.targetEpoch())).min().orElseThrow();
      for (long slot = 0; slot <= 20; slot++) {
        String s = Long.toString(slot);
        boolean ethereumRefuses =
            slot <= minTarget || exported.stream().anyMatch(e -> slashable(e, null, s, s));
        assertThat(ethereumRefuses).as("slot %d", slot).isEqualTo(slot <= 15);
        assertThat(
                verdict(p, SigningDuty.checkpointAttestation(attester, SlotNumber.of(slot)), b)
                    == SigningVerdict.REFUSED)
            .isEqualTo(ethereumRefuses);
      }
    }
  }

  /** is_slashable_attestation_data of the consensus specs on (source, target) epochs. */
  private static boolean slashable(
      SignedAttestation e, SignedAttestation other, String source, String target) {
    long s1 = Long.parseLong(e.sourceEpoch());
    long t1 = Long.parseLong(e.targetEpoch());
    long s2 = Long.parseLong(other == null ? source : other.sourceEpoch());
    long t2 = Long.parseLong(other == null ? target : other.targetEpoch());
    boolean doubleVote = t1 == t2 && (other == null || !e.equals(other));
    boolean surround = (s1 < s2 && t2 < t1) || (s2 < s1 && t1 < t2);
    return doubleVote || surround;
  }

  @Test
  void shouldRefuseADocumentOfAnotherNetworkAndWriteNothing() throws IOException {
    InterchangeDocument exported = exportedHistory();
    try (FileSlashingProtector p = FileSlashingProtector.open(target)) {
      assertThatThrownBy(() -> p.importInterchange(exported, OTHER_NETWORK))
          .isInstanceOfSatisfying(
              InterchangeException.class,
              e -> assertThat(e.problem()).isEqualTo(Problem.WRONG_NETWORK))
          .hasMessageContaining(NETWORK.toHex())
          .hasMessageContaining(OTHER_NETWORK.toHex());
    }
    try (Stream<Path> files = Files.list(target)) {
      assertThat(files.filter(f -> f.toString().endsWith(".jsonl"))).isEmpty();
    }
  }

  @Test
  void shouldRefuseTheWholeDocumentWhenAnyEntryIsMalformed() {
    InterchangeDocument doc =
        new InterchangeDocument(
            new InterchangeDocument.Metadata("5", NETWORK.toHex()),
            List.of(
                new SignerData(
                    proposer.toHex(), List.of(new SignedBlock("1280", a.toHex())), List.of()),
                new SignerData(
                    attester.toHex(), List.of(new SignedBlock("1380", a.toHex())), List.of())));
    try (FileSlashingProtector p = FileSlashingProtector.open(target)) {
      assertThatThrownBy(() -> p.importInterchange(doc, NETWORK))
          .isInstanceOf(InterchangeException.class)
          .hasMessageContaining("data[1].signed_blocks[0].slot 1380 is slot 10 position 100");

      assertThat(verdict(p, SigningDuty.blockProposal(proposer, S10, 0), b))
          .as("the valid first entry was not imported either")
          .isEqualTo(SigningVerdict.ALLOWED_NEW);
    }
  }

  @Test
  void shouldNameWhatIsWrongWithAMalformedDocument() {
    String root = NETWORK.toHex();
    String signer = "\"pubkey\":\"" + proposer.toHex() + "\"";
    assertMalformed("{\"metadata\":", Problem.MALFORMED, "not JSON");
    assertMalformed("", Problem.MALFORMED, "empty");
    assertMalformed("[]", Problem.MALFORMED, "not an EIP-3076 interchange");
    assertMalformed("{\"data\":[]}", Problem.MALFORMED, "metadata is missing");
    assertMalformed(
        "{\"metadata\":{\"interchange_format_version\":\"4\",\"genesis_validators_root\":\""
            + root
            + "\"},\"data\":[]}",
        Problem.UNSUPPORTED_VERSION,
        "only \"5\"");
    assertMalformed(
        "{\"metadata\":{\"interchange_format_version\":\"5\",\"genesis_validators_root\":\"0x12\"},\"data\":[]}",
        Problem.MALFORMED,
        "metadata.genesis_validators_root \"0x12\" is not 0x and 64 hex digits");
    assertMalformed(metadata(root) + "}", Problem.MALFORMED, "data is missing");
    assertMalformed(metadata(root) + ",\"data\":[null]}", Problem.MALFORMED, "data[0] is null");
    assertMalformed(
        metadata(root)
            + ",\"data\":[{"
            + signer
            + ",\"signed_blocks\":[],\"signed_attestations\":[null]}]}",
        Problem.MALFORMED,
        "data[0].signed_attestations[0] is null");
    assertMalformed("{\"metadata\":\"5\",\"data\":[]}", Problem.MALFORMED, "at metadata");
    assertMalformed("null", Problem.MALFORMED, "JSON null");
    assertMalformed(
        metadata(root)
            + ",\"data\":[{\"pubkey\":\"0x"
            + "ab".repeat(48)
            + "\",\"signed_blocks\":[],\"signed_attestations\":[]}]}",
        Problem.MALFORMED,
        "data[0].pubkey",
        "20-byte secp256k1 address");
    assertMalformed(
        metadata(root) + ",\"data\":[{" + signer + ",\"signed_attestations\":[]}]}",
        Problem.MALFORMED,
        "data[0].signed_blocks is missing");
    assertMalformed(
        metadata(root)
            + ",\"data\":[{"
            + signer
            + ",\"signed_blocks\":[{\"slot\":\"-1\"}],\"signed_attestations\":[]}]}",
        Problem.MALFORMED,
        "data[0].signed_blocks[0].slot \"-1\" is not a decimal uint64 string");
    assertMalformed(
        metadata(root)
            + ",\"data\":[{"
            + signer
            + ",\"signed_blocks\":[{\"slot\":1280}],\"signed_attestations\":[]}]}",
        Problem.MALFORMED,
        "at data[0].signed_blocks[0].slot",
        "String");
    assertMalformed(
        metadata(root)
            + ",\"data\":[{"
            + signer
            + ",\"signed_blocks\":[{\"slot\":{}}],\"signed_attestations\":[]}]}",
        Problem.MALFORMED,
        "at data[0].signed_blocks[0].slot");
    assertMalformed(
        metadata(root)
            + ",\"data\":[{"
            + signer
            + ",\"signed_blocks\":[],\"signed_attestations\":[{\"source_epoch\":\"9\",\"target_epoch\":\"8\"}]}]}",
        Problem.MALFORMED,
        "data[0].signed_attestations[0]: source_epoch 9 is above target_epoch 8");
    assertMalformed(
        metadata(root)
            + ",\"data\":[{"
            + signer
            + ",\"signed_blocks\":[],\"signed_attestations\":[{\"source_epoch\":\"1\",\"target_epoch\":\"18446744073709551615\"}]}]}",
        Problem.MALFORMED,
        "target_epoch 18446744073709551615 is above the largest slot");
    assertMalformed(
        metadata(root)
            + ",\"data\":[{"
            + signer
            + ",\"signed_blocks\":[{\"slot\":\"1\",\"signing_root\":\"0xzz\"}],\"signed_attestations\":[]}]}",
        Problem.MALFORMED,
        "data[0].signed_blocks[0].signing_root");
  }

  @Test
  void shouldIgnoreUnknownMembersAsTheSchemaAllows() {
    String json =
        metadata(NETWORK.toHex()).replace("{\"metadata\":{", "{\"metadata\":{\"note\":\"x\",")
            + ",\"data\":[{\"pubkey\":\""
            + proposer.toHex()
            + "\",\"signed_blocks\":[{\"slot\":\"1407\",\"signing_root\":\""
            + a.toHex()
            + "\",\"extra\":1}],\"signed_attestations\":[]}]}";
    try (FileSlashingProtector p = FileSlashingProtector.open(target)) {
      p.importInterchange(
          InterchangeDocument.parse(json.getBytes(StandardCharsets.UTF_8)), NETWORK);
      assertThat(verdict(p, SigningDuty.checkpointProposal(proposer, S10), b))
          .isEqualTo(SigningVerdict.REFUSED);
    }
  }

  private void assertMalformed(String json, Problem problem, String... fragments) {
    assertThatThrownBy(
            () -> {
              try (FileSlashingProtector p = FileSlashingProtector.open(target)) {
                p.importInterchange(
                    InterchangeDocument.parse(json.getBytes(StandardCharsets.UTF_8)), NETWORK);
              }
            })
        .as(json)
        .isInstanceOfSatisfying(
            InterchangeException.class, e -> assertThat(e.problem()).isEqualTo(problem))
        .hasMessageContainingAll(fragments);
  }

  private static String metadata(String root) {
    return "{\"metadata\":{\"interchange_format_version\":\"5\",\"genesis_validators_root\":\""
        + root
        + "\"}";
  }

  private static SignedAttestation attestation(long source, long target, Bytes32 root) {
    return new SignedAttestation(Long.toString(source), Long.toString(target), root.toHex());
  }

  private static InterchangeDocument document(
      EthAddress signer, List<SignedBlock> blocks, List<SignedAttestation> attestations) {
    return new InterchangeDocument(
        new InterchangeDocument.Metadata("5", NETWORK.toHex()),
        List.of(new SignerData(signer.toHex(), blocks, attestations)));
  }
}
