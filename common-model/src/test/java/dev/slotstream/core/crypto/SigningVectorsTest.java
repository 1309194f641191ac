package dev.slotstream.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.message.MessageKind;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Hex;
import dev.slotstream.core.types.Signature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The example vectors published in docs/fragments/signing.md. They were also re-derived with an
 * independent pure-Python Keccak-256 + secp256k1 (RFC 6979) implementation, byte for byte.
 */
class SigningVectorsTest {
  static final SigningKey ALICE = SigningKey.fromSeed("alice");
  static final SigningDomain DOMAIN =
      SigningDomain.of(31337, EthAddress.fromHex("0x5FbDB2315678afecb367f032d93F642f64180aa3"));
  static final Bytes32 PAYLOAD_HASH = Keccak.hash32(new byte[0]);

  @Test
  void aliceAndTheDomainMatchThePublishedVectors() {
    assertThat(Hex.encode(ALICE.privateKeyBytes()))
        .isEqualTo("0x9c0257114eb9399a2985f8e75dad7600c5d89fe3824ffa99ec1c3eb8bf3b0501");
    assertThat(ALICE.address())
        .isEqualTo(EthAddress.fromHex("0x328809bc894f92807417d2dad6b7c998c1afdac6"));
    assertThat(PAYLOAD_HASH)
        .isEqualTo(
            Bytes32.fromHex("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"));
    assertThat(DOMAIN.domainSeparator())
        .isEqualTo(
            Bytes32.fromHex("0xd981c7ecac9f96a2d5aaa0620bc23cbb8319b409ca6cbfa629f6e0ffd2b21153"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "TX, 0xc93b3fa141921f3035c408032e8ba3e2587b50318103283027b3ffc9269621f1,"
        + " 0xe188cd785337dab0ce22035ff502453a484fef38bbf6517cd7789c6fa7bce8c1,"
        + " 0x8d2613eb502be39e8b47142510d336aa5aeee0880ba007fa72996e8d7a36ee67,"
        + " 0x7aec754b5ee92208728e67f1afe01c2b5babf409c43b5e76ce7b34ac1d64bfe808004cfc176aba2f2e4efab703508c852eaf6f97b14184f202a56782ab3728d61b",
    "BLOCK_PROPOSAL, 0x8e6f6e61dd47d7512d699091c7b4cfa41979696c09f8081e31b9710c1e8db766,"
        + " 0xb2d62f76d57e3cbc09ef57a4245ca7aa3a6f5c1f29011db1bf19d5b3ca899993,"
        + " 0xb1bccfe6b30a7219c6f9e5843a694d89ad23d0079fef0cb07c22720babc8e935,"
        + " 0xb798c60ee5263f88bf81e6331391b3ed57ecd513d33c8b09982d75aaaa751aff1163610c76cc60c5d21748072622be243daa1eb9f33d4bd0e5b2d6ec41d4b94c1b",
    "CHECKPOINT_PROPOSAL, 0x1ebdf479d879cb0acf593262ccfece178e3b24bbac226ca96ada43d71f57bb9a,"
        + " 0xc306f22c33f700a555610c2cda7e6ca3e16e87cad365e47905f2f12f0db85011,"
        + " 0x15faeafd39ae3441882048909a414f4317fe8fda0dc988b7f757f7734d7e7fdf,"
        + " 0x66f8edcc62cec7b032f0b5ae99c4e29d9c8f919bcfaaa9dd3242d4d832b0d9147cfcdee6bc525dff488533aa95783a7aace30263e7f213a5055172fbbf4e645e1b",
    "CHECKPOINT_ATTESTATION, 0xd9e3e10ae6d981fcde0636096fc41211a1905dd49eef1ba08ff793f60b954f2f,"
        + " 0x394d6514e43e88cf3e855d1aa35a8cf171ebef3e5153debc198d49146203e704,"
        + " 0x3f18a1b5b9111b7a11fd128a482fc35a11052ba71458a9227e562367cefd5fea,"
        + " 0x1f4dc71a138a5374e503cd92a78507c671de69f2b079101ce48641d327c6e07e1c2a15d9fdc7c71419d4db141edce0183ab67cc5f77898fae3661042063a6f3f1b",
  })
  void eachKindMatchesThePublishedVector(
      MessageKind kind, String typeHash, String structHash, String digest, String signature) {
    assertThat(Eip712.typeHash(kind)).isEqualTo(Bytes32.fromHex(typeHash));
    assertThat(Eip712.structHash(kind, PAYLOAD_HASH)).isEqualTo(Bytes32.fromHex(structHash));
    Bytes32 d = Eip712.digest(DOMAIN, kind, PAYLOAD_HASH);
    assertThat(d).isEqualTo(Bytes32.fromHex(digest));
    Signature sig = ALICE.sign(d);
    assertThat(sig.toString()).isEqualTo(signature);
    assertThat(Signature.fromBytes(Hex.decode(signature))).isEqualTo(sig);
    assertThat(SignatureRecovery.web3j().recover(d, sig)).contains(ALICE.address());
    assertThat(SignatureRecovery.best().recover(d, sig)).contains(ALICE.address());
  }
}
