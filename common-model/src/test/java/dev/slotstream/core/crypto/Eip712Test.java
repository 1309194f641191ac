package dev.slotstream.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.message.MessageKind;
import dev.slotstream.core.message.SignedPayload;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Hex;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.web3j.crypto.StructuredDataEncoder;

class Eip712Test {

  static List<SigningDomain> domains() {
    Random r = new Random(712);
    byte[] a = new byte[20];
    r.nextBytes(a);
    return List.of(
        SigningDomain.of(31337, EthAddress.fromHex("0x5FbDB2315678afecb367f032d93F642f64180aa3")),
        SigningDomain.of(1, EthAddress.wrap(a)),
        SigningDomain.of(0, EthAddress.ZERO),
        new SigningDomain("Other rollup", "2", 11155111, EthAddress.wrap(a)),
        new SigningDomain("Slötstream ✓", "1.0.0-rc1", Long.MAX_VALUE, EthAddress.wrap(a)));
  }

  static Stream<Arguments> domainsAndKinds() {
    return domains().stream()
        .flatMap(d -> Stream.of(MessageKind.values()).map(k -> Arguments.of(d, k)));
  }

  /** The typed-data JSON a wallet (eth_signTypedData_v4) would be given for this message. */
  static String typedDataJson(SigningDomain d, MessageKind kind, Bytes32 payloadHash) {
    return """
        {
          "types": {
            "EIP712Domain": [
              {"name": "name", "type": "string"},
              {"name": "version", "type": "string"},
              {"name": "chainId", "type": "uint256"},
              {"name": "verifyingContract", "type": "address"}
            ],
            "%s": [ {"name": "payloadHash", "type": "bytes32"} ]
          },
          "primaryType": "%s",
          "domain": {
            "name": "%s",
            "version": "%s",
            "chainId": %d,
            "verifyingContract": "%s"
          },
          "message": { "payloadHash": "%s" }
        }
        """
        .formatted(
            kind.eip712TypeName(),
            kind.eip712TypeName(),
            d.name(),
            d.version(),
            d.chainId(),
            d.verifyingContract().toHex(),
            payloadHash.toHex());
  }

  @ParameterizedTest(name = "{1} in {0}")
  @MethodSource("domainsAndKinds")
  void digestMatchesWeb3jStructuredDataEncoderForEveryKindAndDomain(
      SigningDomain domain, MessageKind kind) throws Exception {
    Random r = new Random(domain.hashCode() * 31L + kind.ordinal());
    for (int i = 0; i < 5; i++) {
      byte[] body = new byte[1 + r.nextInt(200)];
      r.nextBytes(body);
      SignedPayload payload = TestPayloads.raw(kind, body);

      StructuredDataEncoder web3j =
          new StructuredDataEncoder(typedDataJson(domain, kind, payload.payloadHash()));

      assertThat(domain.domainSeparator().toArray()).isEqualTo(web3j.hashDomain());
      assertThat(Eip712.domainSeparator(domain)).isEqualTo(domain.domainSeparator());
      assertThat(Eip712.typeHash(kind).toArray()).isEqualTo(web3j.typeHash(kind.eip712TypeName()));
      assertThat(Eip712.digest(domain, payload).toArray()).isEqualTo(web3j.hashStructuredData());
    }
  }

  @Test
  void typeStringsAreOneBytes32FieldPerKind() {
    for (MessageKind kind : MessageKind.values()) {
      assertThat(kind.eip712TypeString())
          .isEqualTo(kind.eip712TypeName() + "(bytes32 payloadHash)");
    }
    assertThat(Stream.of(MessageKind.values()).map(MessageKind::eip712TypeString))
        .doesNotHaveDuplicates()
        .contains(
            "Tx(bytes32 payloadHash)",
            "BlockProposal(bytes32 payloadHash)",
            "CheckpointProposal(bytes32 payloadHash)",
            "CheckpointAttestation(bytes32 payloadHash)");
  }

  @Test
  void domainTypeHashIsTheStandardOne() {
    // keccak("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
    assertThat(SigningDomain.EIP712_DOMAIN_TYPEHASH)
        .isEqualTo(
            Bytes32.fromHex("8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f"));
  }

  @Test
  void digestOfAKnownHashEqualsDigestOfThePayload() {
    SigningDomain d = domains().get(0);
    SignedPayload p = TestPayloads.raw(MessageKind.BLOCK_PROPOSAL, Hex.decode("0x0102"));
    assertThat(Eip712.digest(d, MessageKind.BLOCK_PROPOSAL, p.payloadHash()))
        .isEqualTo(Eip712.digest(d, p))
        .isEqualTo(new ProtocolSigner(d).digest(p));
  }

  @Test
  void everyKindAndDomainGivesADifferentDigestForTheSamePayloadHash() {
    Bytes32 h = Keccak.hash32(new byte[] {42});
    List<Bytes32> digests =
        domains().stream()
            .flatMap(d -> Stream.of(MessageKind.values()).map(k -> Eip712.digest(d, k, h)))
            .toList();
    assertThat(digests).doesNotHaveDuplicates();
  }
}
