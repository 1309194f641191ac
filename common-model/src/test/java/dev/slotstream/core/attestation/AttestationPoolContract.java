package dev.slotstream.core.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.testing.AttestationFixtures;
import dev.slotstream.core.testing.AttestationFixtures.Checkpoint;
import dev.slotstream.core.types.SlotNumber;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The rules every {@link AttestationPool} follows; one subclass per implementation. */
public abstract class AttestationPoolContract {
  protected static final AddLimits LIMITS = new AddLimits(3, 8);
  protected static final Instant NOW = Instant.parse("2026-01-01T00:01:01Z");

  protected final AttestationFixtures fixtures = new AttestationFixtures(31);

  protected abstract AttestationPool pool();

  protected SigningKey key(int i) {
    return fixtures.keys().get(i);
  }

  protected AddOutcome add(PooledAttestation attestation) {
    return pool().add(attestation, LIMITS, NOW, UUID.randomUUID().toString());
  }

  @Test
  public void shouldClaimTheQuorumOnceWhenTheThirdOfFourAttestationsArrives() {
    Checkpoint cp = fixtures.checkpoint(SlotNumber.of(101));
    assertThat(add(fixtures.pooled(cp, key(0))).claim()).isEmpty();
    assertThat(add(fixtures.pooled(cp, key(1))).claim()).isEmpty();
    AddOutcome third = add(fixtures.pooled(cp, key(2)));
    assertThat(third.status()).isEqualTo(AddStatus.ADDED);
    assertThat(third.count()).isEqualTo(3);
    assertThat(third.claim()).isPresent();
    assertThat(third.claim().get().attestations())
        .extracting(PooledAttestation::signer)
        .containsExactlyInAnyOrder(key(0).address(), key(1).address(), key(2).address());
    assertThat(third.claim().get().firstSeen()).isEqualTo(NOW);

    AddOutcome fourth = add(fixtures.pooled(cp, key(3)));
    assertThat(fourth.count()).isEqualTo(4);
    assertThat(fourth.claim()).isEmpty();
    assertThat(
            pool()
                .attestations(
                    cp.slot(),
                    cp.payload()
                        .as(dev.slotstream.core.message.MessageKind.CHECKPOINT_PROPOSAL)
                        .payloadHash()))
        .hasSize(4);
  }

  @Test
  public void shouldIgnoreExactDuplicates() {
    Checkpoint cp = fixtures.checkpoint(SlotNumber.of(102));
    PooledAttestation a = fixtures.pooled(cp, key(0));
    assertThat(add(a).status()).isEqualTo(AddStatus.ADDED);
    AddOutcome again = add(a);
    assertThat(again.status()).isEqualTo(AddStatus.DUPLICATE);
    assertThat(again.count()).isEqualTo(1);
    assertThat(pool().attestations(cp.slot())).hasSize(1);
  }

  @Test
  public void shouldKeepASecondDifferentAttestationAsEvidenceOnceAndNotCountIt() {
    SlotNumber slot = SlotNumber.of(103);
    Checkpoint honest = fixtures.checkpoint(slot);
    Checkpoint other = fixtures.checkpoint(slot);
    PooledAttestation first = fixtures.pooled(honest, key(0));
    PooledAttestation second = fixtures.pooled(other, key(0));
    add(first);
    AddOutcome equivocation = add(second);
    assertThat(equivocation.status()).isEqualTo(AddStatus.EQUIVOCATION);
    assertThat(equivocation.evidence()).isPresent();
    assertThat(equivocation.evidence().get().first()).isEqualTo(first.attestation());
    assertThat(equivocation.evidence().get().second()).isEqualTo(second.attestation());

    assertThat(add(second).status()).as("the evidence again").isEqualTo(AddStatus.DUPLICATE);
    Checkpoint third = fixtures.checkpoint(slot);
    assertThat(add(fixtures.pooled(third, key(0))).status()).isEqualTo(AddStatus.SIGNER_CAP);

    assertThat(
            pool()
                .attestations(
                    slot,
                    other
                        .payload()
                        .as(dev.slotstream.core.message.MessageKind.CHECKPOINT_PROPOSAL)
                        .payloadHash()))
        .isEmpty();
    assertThat(pool().attestations(slot)).containsExactly(first);
    assertThat(pool().evidence(slot))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.signer()).isEqualTo(key(0).address());
              assertThat(e.second()).isEqualTo(second.attestation());
            });
    // Two more signers on the honest checkpoint: a quorum of 3 needs the equivocator's first vote
    // once, not twice.
    add(fixtures.pooled(honest, key(1)));
    assertThat(add(fixtures.pooled(honest, key(2))).count()).isEqualTo(3);
  }

  @Test
  public void shouldDropAttestationsBeyondTheSlotsCapacity() {
    SlotNumber slot = SlotNumber.of(104);
    AddLimits small = new AddLimits(1, 2);
    Checkpoint cp = fixtures.checkpoint(slot);
    assertThat(pool().add(fixtures.pooled(cp, key(0)), small, NOW, "t0").status())
        .isEqualTo(AddStatus.ADDED);
    assertThat(pool().add(fixtures.pooled(cp, key(1)), small, NOW, "t1").status())
        .isEqualTo(AddStatus.ADDED);
    assertThat(pool().add(fixtures.pooled(cp, key(2)), small, NOW, "t2").status())
        .isEqualTo(AddStatus.SLOT_FULL);
  }

  @Test
  public void shouldGiveTheClaimBackToARetryWithTheSameTokenAndToOthersOnlyAfterRelease() {
    Checkpoint cp = fixtures.checkpoint(SlotNumber.of(105));
    add(fixtures.pooled(cp, key(0)));
    add(fixtures.pooled(cp, key(1)));
    PooledAttestation third = fixtures.pooled(cp, key(2));
    assertThat(pool().add(third, LIMITS, NOW, "owner").claim()).isPresent();
    assertThat(pool().add(third, LIMITS, NOW, "owner").claim())
        .as("retry of the claiming call")
        .isPresent();
    assertThat(pool().add(third, LIMITS, NOW, "someone-else").claim()).isEmpty();

    var hash = third.proposalPayloadHash();
    pool().releaseClaim(cp.slot(), hash, "someone-else");
    assertThat(pool().add(third, LIMITS, NOW, "late").claim())
        .as("release by a non-owner is a no-op")
        .isEmpty();
    pool().releaseClaim(cp.slot(), hash, "owner");
    assertThat(pool().add(third, LIMITS, NOW, "late").claim()).isPresent();
  }

  @Test
  public void shouldPruneOldSlotsAndReportStats() {
    for (long s = 201; s <= 205; s++) {
      add(fixtures.pooled(fixtures.checkpoint(SlotNumber.of(s)), key(0)));
    }
    PoolStats before = pool().stats();
    assertThat(before.newestSlot()).isEqualTo(205L);
    assertThat(before.attestations()).isGreaterThanOrEqualTo(5);

    pool().pruneBefore(SlotNumber.of(204));
    assertThat(pool().attestations(SlotNumber.of(203))).isEmpty();
    assertThat(pool().attestations(SlotNumber.of(204))).hasSize(1);
    assertThat(pool().stats().oldestSlot()).isEqualTo(204L);
    assertThat(pool().stats().slots()).isEqualTo(2);
  }

  protected List<PooledAttestation> all(long slot) {
    return pool().attestations(SlotNumber.of(slot));
  }
}
