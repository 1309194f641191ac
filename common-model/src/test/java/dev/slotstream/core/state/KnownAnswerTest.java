package dev.slotstream.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.exec.TxExecutor;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Fr;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pins the values listed in docs/fragments/execution.md so a second implementation can check itself. */
class KnownAnswerTest {
  private static final EthAddress X = EthAddress.fromHex("0x" + "11".repeat(20));

  @Test
  void hashesAndKeysMatchThePublishedVectors() {
    assertThat(FieldHash.hashPair(Fr.ZERO, Fr.ZERO))
        .isEqualTo(Fr.fromHex("0x1c053d5dd362f3501993d420ba93e87eb29b2bb845ddeefe74b26929c7ba5fb2"));
    assertThat(MerkleTree.emptyRoot(32))
        .isEqualTo(Fr.fromHex("0x2c8130f771adf9001493f682dfa6d6d0a33e9d22fd9f2f5a7e350468510ee1b8"));
    assertThat(FieldHash.hashList(List.of()))
        .isEqualTo(Fr.fromHex("0x27563c5ad3a8f31273f535a145b9aa435698bd9b5a02906c54db63fb0bd32448"));
    assertThat(AccountKeys.balanceKey(X))
        .isEqualTo(Fr.fromHex("0x1a059b24e5304f73b74fb2c0caec4b8896d731084d608dc5ec86bbe355163a15"));
    assertThat(AccountKeys.nonceKey(X))
        .isEqualTo(Fr.fromHex("0x100863dc86b84ccd7c6407af8233e1f24656bc334722de03c1a66d64494f8d5e"));
    assertThat(AccountKeys.storageKey(X, Fr.ONE))
        .isEqualTo(Fr.fromHex("0x2f8b64d7e45b4d88ecd3c4efc624a585d321af055e098cc8dc972e9118dc402d"));
    assertThat(TxExecutor.nullifierOf(X, 0))
        .isEqualTo(Fr.fromHex("0x05fc4394fba562ff75be915fef3e9b23d5c92b285fccedf49e9d2995596344a0"));
  }

  @Test
  void genesisMatchesThePublishedVector() {
    WorldStateSnapshot g = WorldState.genesis(31337, 1, Map.of(X, 1000L)).latest();
    assertThat(g.stateReference().publicDataTree().root())
        .isEqualTo(Fr.fromHex("0x016c4bc63ecad1334a476288264b8880eefd2b4266ef43f2a7365e32f9a0dff7"));
    assertThat(g.header().hash())
        .isEqualTo(Fr.fromHex("0x16db72b021594f3c32763459073a473a1f0b3ac17c55ce4f373705bd970a0c9c"));
    assertThat(g.archiveRoot())
        .isEqualTo(Fr.fromHex("0x261ef332843d13e5a6082de09e9616e7f304c346c54aef17d32eb90ff6177907"));
  }
}
