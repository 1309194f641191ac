package dev.slotstream.core.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.crypto.ProtocolSigner;
import dev.slotstream.core.crypto.SigningDomain;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.exec.TxExecutor;
import dev.slotstream.core.exec.TxRejectionReason;
import dev.slotstream.core.exec.TxValidator;
import dev.slotstream.core.header.GasFees;
import dev.slotstream.core.message.Transfer;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.message.TxPayload;
import dev.slotstream.core.pool.TxAdmission.Admission;
import dev.slotstream.core.state.WorldState;
import dev.slotstream.core.state.WorldStateFork;
import dev.slotstream.core.testing.TestNetwork;
import dev.slotstream.core.types.EthAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TxAdmissionTest {
  private static final RollupContext CONTEXT = new TestNetwork(4).context();
  private static final SigningKey ALICE = SigningKey.fromSeed("alice");
  private static final EthAddress BOB = SigningKey.fromSeed("bob").address();

  /** One transfer: 12,500 mana. */
  private static final long MANA = TxExecutor.MANA_PER_TX + TxExecutor.MANA_PER_TRANSFER;

  private final WorldState world =
      WorldState.genesis(
          TestNetwork.CHAIN_ID, TestNetwork.VERSION, Map.of(ALICE.address(), 1_000_000_000L));
  private final WorldStateFork state = world.forkLatest();
  private final TxPool pool = new TxPool(TxPoolConfig.of(10));

  @AfterEach
  void close() {
    state.close();
  }

  private TxAdmission admission(long minFee, GasFees feeFloor) {
    TxValidator validator =
        new TxValidator(TestNetwork.CHAIN_ID, CONTEXT.signer()::recoverTxSender, minFee, 4096);
    return new TxAdmission(validator, feeFloor, pool, () -> state);
  }

  private static Tx transfer(long chainId, long nonce, long fee) {
    return new ProtocolSigner(SigningDomain.of(chainId, TestNetwork.ROLLUP))
        .signTx(
            new TxPayload(
                chainId, ALICE.address(), nonce, fee, List.of(new Transfer(BOB, 5)), List.of()),
            ALICE);
  }

  private static Admission.Refused refused(TxRejectionReason reason) {
    return new Admission.Refused(reason, "");
  }

  @Test
  void shouldPoolAValidTxAndAnswerItsDuplicateFromThePool() {
    TxAdmission admission = admission(0, GasFees.ZERO);
    Tx tx = transfer(TestNetwork.CHAIN_ID, 0, 1);

    assertThat(admission.admit(tx))
        .isInstanceOfSatisfying(
            Admission.Pooled.class,
            p -> assertThat(p.result().status()).isEqualTo(AddStatus.ADDED));
    assertThat(admission.admit(tx))
        .isInstanceOfSatisfying(
            Admission.Pooled.class,
            p -> assertThat(p.result().status()).isEqualTo(AddStatus.DUPLICATE));
    assertThat(pool.contains(tx.hash())).isTrue();
  }

  @Test
  void shouldRefuseAFeeBelowManaTimesTheFloorsGasPriceAndPoolOneAtIt() {
    TxAdmission admission = admission(0, new GasFees(0, 2));
    Tx cheap = transfer(TestNetwork.CHAIN_ID, 0, 2 * MANA - 1);
    Tx enough = transfer(TestNetwork.CHAIN_ID, 0, 2 * MANA);

    assertThat(admission.admit(cheap))
        .usingRecursiveComparison()
        .ignoringFields("detail")
        .isEqualTo(refused(TxRejectionReason.FEE_TOO_LOW));
    assertThat(pool.contains(cheap.hash())).isFalse();
    assertThat(admission.admit(enough)).isInstanceOf(Admission.Pooled.class);
    assertThat(pool.contains(enough.hash())).isTrue();
  }

  @Test
  void shouldRequireTheLocalMinimumFeeWhenItIsAboveTheGasPrice() {
    TxAdmission admission = admission(3 * MANA, new GasFees(0, 2));

    assertThat(admission.admit(transfer(TestNetwork.CHAIN_ID, 0, 3 * MANA - 1)))
        .usingRecursiveComparison()
        .ignoringFields("detail")
        .isEqualTo(refused(TxRejectionReason.FEE_TOO_LOW));
    assertThat(admission.admit(transfer(TestNetwork.CHAIN_ID, 0, 3 * MANA)))
        .isInstanceOf(Admission.Pooled.class);
  }

  @Test
  void shouldRefuseAnotherChainsTxAndAForgedSignature() {
    TxAdmission admission = admission(0, GasFees.ZERO);
    Tx honest = transfer(TestNetwork.CHAIN_ID, 0, 1);
    SigningKey mallory = SigningKey.fromSeed("mallory");
    Tx malloryOwn =
        CONTEXT
            .signer()
            .signTx(
                new TxPayload(
                    TestNetwork.CHAIN_ID,
                    mallory.address(),
                    0,
                    1,
                    List.of(new Transfer(BOB, 5)),
                    List.of()),
                mallory);
    Tx forged = new Tx(honest.payload(), malloryOwn.signature());

    assertThat(admission.admit(transfer(TestNetwork.CHAIN_ID + 1, 0, 1)))
        .usingRecursiveComparison()
        .ignoringFields("detail")
        .isEqualTo(refused(TxRejectionReason.WRONG_CHAIN));
    assertThat(admission.admit(forged))
        .usingRecursiveComparison()
        .ignoringFields("detail")
        .isEqualTo(refused(TxRejectionReason.BAD_SIGNATURE));
    assertThat(pool.size()).isZero();
  }

  @Test
  void shouldRefuseANonceTheFinalStateAlreadyUsed() throws Exception {
    TxAdmission admission = admission(0, GasFees.ZERO);
    TxExecutor.execute(state, transfer(TestNetwork.CHAIN_ID, 0, 1), BOB);

    assertThat(admission.admit(transfer(TestNetwork.CHAIN_ID, 0, 2)))
        .usingRecursiveComparison()
        .ignoringFields("detail")
        .isEqualTo(refused(TxRejectionReason.NONCE_TOO_LOW));
    assertThat(admission.admit(transfer(TestNetwork.CHAIN_ID, 1, 2)))
        .isInstanceOf(Admission.Pooled.class);
    assertThat(pool.size()).isOne();
  }
}
