package dev.slotstream.core.exec;

import static dev.slotstream.core.exec.ExecFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.header.GasFees;
import dev.slotstream.core.message.StorageWrite;
import dev.slotstream.core.message.Transfer;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.message.TxPayload;
import dev.slotstream.core.state.WorldState;
import dev.slotstream.core.state.WorldStateFork;
import dev.slotstream.core.types.BlockNumber;
import dev.slotstream.core.types.Fr;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class TxValidatorTest {
  private final WorldState world = genesis(4);
  private final SigningKey alice = account(0);
  private final SigningKey bob = account(1);
  private final TxValidator validator = validator();

  @Test
  void shouldAcceptASignedTransferWithCorrectNonceAndFunds() {
    Tx tx = transfer(alice, 0, bob.address(), 100);
    assertThat(validator.validate(tx, world.latest(), GAS_FEES).isValid()).isTrue();
  }

  @Test
  void shouldRejectTxForAnotherChain() {
    TxPayload p = new TxPayload(CHAIN_ID + 1, alice.address(), 0, 20_000, List.of(), List.of());
    Tx tx = new Tx(p, SIGNER.sign(p, alice));
    assertThat(validator.validate(tx, world.latest(), GAS_FEES).reason())
        .isEqualTo(TxRejectionReason.WRONG_CHAIN);
  }

  @Test
  void shouldRejectTxSignedByAnotherKey() {
    TxPayload p = payload(alice, 0, 20_000, List.of(new Transfer(bob.address(), 1)), List.of());
    Tx forged = new Tx(p, SIGNER.sign(p, bob));
    TxValidationResult r = validator.validate(forged, world.latest(), GAS_FEES);
    assertThat(r.reason()).isEqualTo(TxRejectionReason.BAD_SIGNATURE);
    assertThat(r.detail()).contains(bob.address().toString());
  }

  @Test
  void shouldRejectTxWhosePayloadWasChangedAfterSigning() {
    Tx tx = transfer(alice, 0, bob.address(), 100);
    TxPayload changed =
        payload(alice, 0, 20_000, List.of(new Transfer(bob.address(), 100_000)), List.of());
    assertThat(
            validator.validate(new Tx(changed, tx.signature()), world.latest(), GAS_FEES).reason())
        .isEqualTo(TxRejectionReason.BAD_SIGNATURE);
  }

  @Test
  void shouldRejectUsedNonceAsTooLowAndFutureNonceAsTooHigh() throws Exception {
    WorldStateFork fork = world.forkLatest();
    TxExecutor.execute(fork, transfer(alice, 0, bob.address(), 1), FEE_RECIPIENT);
    assertThat(validator.validate(transfer(alice, 0, bob.address(), 1), fork, GAS_FEES).reason())
        .isEqualTo(TxRejectionReason.NONCE_TOO_LOW);
    assertThat(validator.validate(transfer(alice, 5, bob.address(), 1), fork, GAS_FEES).reason())
        .isEqualTo(TxRejectionReason.NONCE_TOO_HIGH);
    assertThat(validator.validate(transfer(alice, 1, bob.address(), 1), fork, GAS_FEES).isValid())
        .isTrue();
  }

  @Test
  void shouldRejectTxCostingMoreThanTheBalanceIncludingTheFee() {
    Tx tx = transfer(alice, 0, bob.address(), INITIAL_BALANCE - 19_999);
    TxValidationResult r = validator.validate(tx, world.latest(), GAS_FEES);
    assertThat(r.reason()).isEqualTo(TxRejectionReason.INSUFFICIENT_BALANCE);
    SigningKey pauper = account(10);
    assertThat(
            validator
                .validate(transfer(pauper, 0, bob.address(), 1), world.latest(), GAS_FEES)
                .reason())
        .isEqualTo(TxRejectionReason.INSUFFICIENT_BALANCE);
  }

  @Test
  void shouldRejectTxWhoseCostOverflowsAsInsufficientBalance() {
    TxPayload p =
        payload(
            alice,
            0,
            20_000,
            List.of(
                new Transfer(bob.address(), Long.MAX_VALUE),
                new Transfer(bob.address(), Long.MAX_VALUE)),
            List.of());
    assertThat(validator.validate(sign(p, alice), world.latest(), GAS_FEES).reason())
        .isEqualTo(TxRejectionReason.INSUFFICIENT_BALANCE);
  }

  @Test
  void shouldRejectFeeBelowManaTimesGasPrice() {
    TxPayload p = payload(alice, 0, 12_499, List.of(new Transfer(bob.address(), 1)), List.of());
    assertThat(TxExecutor.manaOf(p)).isEqualTo(12_500);
    assertThat(validator.validate(sign(p, alice), world.latest(), GAS_FEES).reason())
        .isEqualTo(TxRejectionReason.FEE_TOO_LOW);
    assertThat(validator.validate(sign(p, alice), world.latest(), GasFees.ZERO).isValid()).isTrue();
  }

  @Test
  void shouldApplyConfiguredMinimumFeeOnlyAsLocalPolicy() {
    TxValidator picky = new TxValidator(CHAIN_ID, SIGNER::recoverTxSender, 50_000, 64 * 1024);
    Tx tx = transfer(alice, 0, bob.address(), 1);
    assertThat(picky.validate(tx, world.latest(), GAS_FEES).reason())
        .isEqualTo(TxRejectionReason.FEE_TOO_LOW);
    assertThat(picky.withoutLocalPolicy().validate(tx, world.latest(), GAS_FEES).isValid())
        .isTrue();
  }

  @Test
  void shouldRejectTxLargerThanTheSizeLimit() {
    TxValidator small = new TxValidator(CHAIN_ID, SIGNER::recoverTxSender, 0, 200);
    List<StorageWrite> writes = Collections.nCopies(3, new StorageWrite(Fr.ONE, Fr.ONE));
    Tx big = sign(payload(alice, 0, 30_000, List.of(), writes), alice);
    assertThat(TxValidator.encodedSize(big)).isGreaterThan(200);
    assertThat(small.validate(big, world.latest(), GAS_FEES).reason())
        .isEqualTo(TxRejectionReason.TOO_LARGE);
  }

  @Test
  void encodedSizeMatchesTheCanonicalEncoding() {
    for (Tx tx : new ExecFixtures.TxGenerator(5, 4).next(20)) {
      assertThat(TxValidator.encodedSize(tx)).isEqualTo(tx.encode().length);
      assertThat(tx.payload().encodedSize() + 2).isEqualTo(tx.payload().encodePayload().length);
    }
  }

  @Test
  void shouldRejectDuplicateNullifierBeforeWritingAnything() {
    WorldStateFork fork = world.fork(BlockNumber.ZERO);
    fork.insertNullifier(TxExecutor.nullifierOf(alice.address(), 0));
    var before = fork.stateReference();
    assertThatThrownBy(
            () -> TxExecutor.execute(fork, transfer(alice, 0, bob.address(), 1), FEE_RECIPIENT))
        .isInstanceOfSatisfying(
            TxRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(TxRejectionReason.DUPLICATE_NULLIFIER));
    assertThat(fork.stateReference()).isEqualTo(before);
  }
}
