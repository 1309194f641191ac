package dev.slotstream.core.exec;

import static dev.slotstream.core.exec.ExecFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.message.StorageWrite;
import dev.slotstream.core.message.Transfer;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.state.AccountKeys;
import dev.slotstream.core.state.WorldState;
import dev.slotstream.core.state.WorldStateFork;
import dev.slotstream.core.types.Fr;
import java.util.List;
import org.junit.jupiter.api.Test;

class TxExecutorTest {
  private final WorldState world = genesis(8);
  private final SigningKey alice = account(0);
  private final SigningKey bob = account(1);

  @Test
  void shouldMoveFeeAndTransfersAndBumpTheNonce() throws Exception {
    WorldStateFork fork = world.forkLatest();
    Tx tx =
        sign(
            payload(
                alice,
                0,
                25_000,
                List.of(new Transfer(bob.address(), 300), new Transfer(account(2).address(), 7)),
                List.of()),
            alice);
    TxEffect effect = TxExecutor.execute(fork, tx, FEE_RECIPIENT);

    assertThat(fork.balance(alice.address())).isEqualTo(INITIAL_BALANCE - 25_000 - 307);
    assertThat(fork.balance(bob.address())).isEqualTo(INITIAL_BALANCE + 300);
    assertThat(fork.balance(account(2).address())).isEqualTo(INITIAL_BALANCE + 7);
    assertThat(fork.balance(FEE_RECIPIENT)).isEqualTo(25_000);
    assertThat(fork.nonce(alice.address())).isEqualTo(1);
    assertThat(effect.fee()).isEqualTo(25_000);
    assertThat(effect.manaUsed()).isEqualTo(10_000 + 2 * 2_500);
    assertThat(effect.txHash()).isEqualTo(tx.hash());
    assertThat(effect.nullifier()).isEqualTo(TxExecutor.nullifierOf(alice.address(), 0));
    assertThat(fork.hasNullifier(effect.nullifier())).isTrue();
    // fee debit + credit, two transfers (debit + credit each), nonce
    assertThat(effect.publicDataWrites()).hasSize(2 + 4 + 1);
    assertThat(effect.publicDataWrites().get(effect.publicDataWrites().size() - 1))
        .isEqualTo(new PublicDataWrite(AccountKeys.nonceKey(alice.address()), Fr.ONE));
    // the note hash and nullifier trees each grew by one
    assertThat(fork.stateReference().noteHashTree().size()).isEqualTo(1);
    assertThat(fork.stateReference().nullifierTree().size()).isEqualTo(1);
  }

  @Test
  void shouldNamespaceStorageBySender() throws Exception {
    WorldStateFork fork = world.forkLatest();
    Fr slot = Fr.of(3);
    TxExecutor.execute(
        fork,
        sign(
            payload(alice, 0, 30_000, List.of(), List.of(new StorageWrite(slot, Fr.of(11)))),
            alice),
        FEE_RECIPIENT);
    TxExecutor.execute(
        fork,
        sign(payload(bob, 0, 30_000, List.of(), List.of(new StorageWrite(slot, Fr.of(22)))), bob),
        FEE_RECIPIENT);
    assertThat(fork.storage(alice.address(), slot)).isEqualTo(Fr.of(11));
    assertThat(fork.storage(bob.address(), slot)).isEqualTo(Fr.of(22));
    assertThat(fork.storage(account(2).address(), slot)).isEqualTo(Fr.ZERO);
  }

  @Test
  void selfTransferOnlyCostsTheFee() throws Exception {
    WorldStateFork fork = world.forkLatest();
    TxExecutor.execute(fork, transfer(alice, 0, alice.address(), 500), FEE_RECIPIENT);
    assertThat(fork.balance(alice.address())).isEqualTo(INITIAL_BALANCE - 20_000);
  }

  @Test
  void balancesAreConservedAcrossManyRandomTxs() throws Exception {
    WorldStateFork fork = world.forkLatest();
    List<Tx> txs = new ExecFixtures.TxGenerator(99, 8).next(300);
    for (Tx tx : txs) {
      TxExecutor.execute(fork, tx, FEE_RECIPIENT);
    }
    long total = fork.balance(FEE_RECIPIENT);
    for (SigningKey k : accounts(8)) {
      total += fork.balance(k.address());
    }
    assertThat(total).isEqualTo(8 * INITIAL_BALANCE);
    assertThat(world.latest().balance(FEE_RECIPIENT)).isZero();
  }
}
