package dev.slotstream.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.exec.TxExecutor;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Fr;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The known-answer vectors of docs/PROTOCOL.md §7.9, so a second implementation can check itself.
 *
 * <p>Every expected value here was computed <em>independently of this code base</em>: by
 * {@code common-model/src/test/kat/known-answers.mjs}, a Node.js script that implements the spec's
 * formulas (§2 {@code reduce}, {@code H}, {@code H_list}; §3.4 the header encodings; §7.1 the trees
 * and account keys; §7.2 genesis) directly with BigInt arithmetic and another Keccak-256
 * implementation ({@code @noble/hashes} 1.8.0, not web3j/Bouncy Castle as here). Run it as its header
 * says; its output, which equals §7.9, is pasted below value by value. Derivations:
 *
 * <ul>
 *   <li>{@code keccak256("")}: the well-known Ethereum empty hash (the script prints it too):
 *       guards against a NIST SHA3-256 slipping in;
 *   <li>{@code Z_1 = H(0, 0) = reduce(keccak(0[32] ‖ 0[32]))}; {@code Z_32} by 32 such steps;
 *   <li>{@code H_list() = reduce(keccak(u32(0)))};
 *   <li>balance / nonce key of x: {@code reduce(keccak("balance" ‖ x))}, {@code reduce(keccak("nonce"
 *       ‖ x))}; storage key: {@code reduce(keccak("storage" ‖ x ‖ 1[32]))};
 *   <li>{@code nullifier(x, 0) = reduce(keccak(x[20] ‖ u64(0)))};
 *   <li>genesis(31337, 1, {x: 1000}): the public data tree holds one leaf {@code H(balanceKey(x),
 *       1000)} at index 0, and a depth-32 root with only leaf 0 filled is {@code n_{h+1} = H(n_h,
 *       Z_h)}; the header is the 296-byte encoding of {@code ((Z_32,0), (Z_32,0), (Z_32,0),
 *       (publicDataRoot,1), (31337, 1, 0, 0, 0, 0x0…, 0x0…, (0,0)), H_list(), 0)} and its hash
 *       {@code reduce(keccak(encoding))}; the archive root is the depth-32 root with that hash as
 *       leaf 0.
 * </ul>
 */
class KnownAnswerTest {
  private static final EthAddress X = EthAddress.fromHex("0x" + "11".repeat(20));

  @Test
  void hashesAndKeysMatchThePublishedVectors() {
    assertThat(dev.slotstream.core.crypto.Keccak.hash32(new byte[0]))
        .isEqualTo(
            dev.slotstream.core.types.Bytes32.fromHex(
                "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"));
    assertThat(FieldHash.hashPair(Fr.ZERO, Fr.ZERO))
        .isEqualTo(
            Fr.fromHex("0x1c053d5dd362f3501993d420ba93e87eb29b2bb845ddeefe74b26929c7ba5fb2"));
    assertThat(MerkleTree.emptyRoot(32))
        .isEqualTo(
            Fr.fromHex("0x2c8130f771adf9001493f682dfa6d6d0a33e9d22fd9f2f5a7e350468510ee1b8"));
    assertThat(FieldHash.hashList(List.of()))
        .isEqualTo(
            Fr.fromHex("0x27563c5ad3a8f31273f535a145b9aa435698bd9b5a02906c54db63fb0bd32448"));
    assertThat(AccountKeys.balanceKey(X))
        .isEqualTo(
            Fr.fromHex("0x1a059b24e5304f73b74fb2c0caec4b8896d731084d608dc5ec86bbe355163a15"));
    assertThat(AccountKeys.nonceKey(X))
        .isEqualTo(
            Fr.fromHex("0x100863dc86b84ccd7c6407af8233e1f24656bc334722de03c1a66d64494f8d5e"));
    assertThat(AccountKeys.storageKey(X, Fr.ONE))
        .isEqualTo(
            Fr.fromHex("0x2f8b64d7e45b4d88ecd3c4efc624a585d321af055e098cc8dc972e9118dc402d"));
    assertThat(TxExecutor.nullifierOf(X, 0))
        .isEqualTo(
            Fr.fromHex("0x05fc4394fba562ff75be915fef3e9b23d5c92b285fccedf49e9d2995596344a0"));
  }

  @Test
  void genesisMatchesThePublishedVector() {
    WorldStateSnapshot g = WorldState.genesis(31337, 1, Map.of(X, 1000L)).latest();
    assertThat(g.stateReference().publicDataTree().root())
        .isEqualTo(
            Fr.fromHex("0x016c4bc63ecad1334a476288264b8880eefd2b4266ef43f2a7365e32f9a0dff7"));
    assertThat(g.header().hash())
        .isEqualTo(
            Fr.fromHex("0x16db72b021594f3c32763459073a473a1f0b3ac17c55ce4f373705bd970a0c9c"));
    assertThat(g.archiveRoot())
        .isEqualTo(
            Fr.fromHex("0x261ef332843d13e5a6082de09e9616e7f304c346c54aef17d32eb90ff6177907"));
  }
}
