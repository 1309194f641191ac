package dev.slotstream.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.types.EthAddress;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingTxSenderRecoveryTest {
  private static final SigningKey ALICE = SigningKey.fromSeed("alice");
  private static final EthAddress TO = SigningKey.fromSeed("carol").address();

  private final AtomicInteger recoveries = new AtomicInteger();
  private final TxSenderRecovery counting =
      tx -> {
        recoveries.incrementAndGet();
        return ExecFixtures.SIGNER.recoverTxSender(tx);
      };

  @Test
  void recoversATxOnce() {
    CachingTxSenderRecovery cache = new CachingTxSenderRecovery(counting, 10);
    Tx tx = ExecFixtures.transfer(ALICE, 0, TO, 5);

    assertThat(cache.recoverSender(tx)).contains(ALICE.address());
    assertThat(cache.recoverSender(tx)).contains(ALICE.address());
    assertThat(recoveries).hasValue(1);
  }

  @Test
  void recoversAnotherSignatureOverTheSamePayloadAfresh() {
    CachingTxSenderRecovery cache = new CachingTxSenderRecovery(counting, 10);
    Tx signed = ExecFixtures.transfer(ALICE, 0, TO, 5);
    // A real signature, but over another payload: it must not borrow the cached sender.
    Tx forged = new Tx(signed.payload(), ExecFixtures.transfer(ALICE, 1, TO, 5).signature());
    assertThat(forged.hash()).isEqualTo(signed.hash());

    cache.recoverSender(signed);
    Optional<EthAddress> other = cache.recoverSender(forged);

    assertThat(other).isNotEqualTo(Optional.of(ALICE.address()));
    assertThat(recoveries).hasValue(2);
  }

  @Test
  void anotherInstanceOfATxIsRecoveredOnceWhileTheCacheHoldsIt() {
    CachingTxSenderRecovery cache = new CachingTxSenderRecovery(counting, 10);
    Tx tx = ExecFixtures.transfer(ALICE, 0, TO, 5);

    cache.recoverSender(tx);
    assertThat(cache.recoverSender(copyOf(tx))).contains(ALICE.address());
    assertThat(recoveries).hasValue(1);
  }

  @Test
  void forgetsTheLeastRecentlyUsedBeyondCapacityButNotWhatAnInstanceRemembers() {
    CachingTxSenderRecovery cache = new CachingTxSenderRecovery(counting, 1);
    Tx first = ExecFixtures.transfer(ALICE, 0, TO, 5);
    Tx second = ExecFixtures.transfer(ALICE, 1, TO, 5);
    cache.recoverSender(first);
    cache.recoverSender(second);

    assertThat(cache.recoverSender(first)).contains(ALICE.address());
    assertThat(recoveries).hasValue(2);
    assertThat(cache.recoverSender(copyOf(first))).contains(ALICE.address());
    assertThat(recoveries).hasValue(3);
  }

  @Test
  void aSenderRememberedByAnotherRecoveryIsNotTrusted() {
    Tx tx = ExecFixtures.transfer(ALICE, 0, TO, 5);
    new CachingTxSenderRecovery(t -> Optional.of(TO), 10).recoverSender(tx);
    tx.rememberSender(new Object(), TO);

    CachingTxSenderRecovery cache = new CachingTxSenderRecovery(counting, 10);

    assertThat(cache.recoverSender(tx)).contains(ALICE.address());
    assertThat(recoveries).hasValue(1);
  }

  private static Tx copyOf(Tx tx) {
    return Tx.decode(tx.encode());
  }
}
