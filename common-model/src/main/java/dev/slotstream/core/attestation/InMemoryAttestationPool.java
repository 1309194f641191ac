package dev.slotstream.core.attestation;

import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The pool in one JVM, same rules as {@link RedisAttestationPool}: for unit tests and single-node
 * runs. Every method holds the pool's lock, which makes add + count + claim atomic.
 */
public final class InMemoryAttestationPool implements AttestationPool {
  private final NavigableMap<Long, SlotEntry> slots = new TreeMap<>();

  private static final class SlotEntry {
    final Map<EthAddress, PooledAttestation> bySigner = new HashMap<>();
    final Map<EthAddress, PooledAttestation> evidence = new HashMap<>();
    final Map<Bytes32, Map<EthAddress, PooledAttestation>> byProposal = new LinkedHashMap<>();
    final Map<Bytes32, Instant> firstSeen = new HashMap<>();
    final Map<Bytes32, String> claims = new HashMap<>();

    int size() {
      return bySigner.size() + evidence.size();
    }
  }

  @Override
  public synchronized AddOutcome add(
      PooledAttestation attestation, AddLimits limits, Instant now, String claimToken) {
    SlotEntry slot = slots.computeIfAbsent(attestation.slot().value(), s -> new SlotEntry());
    EthAddress signer = attestation.signer();
    Bytes32 hash = attestation.proposalPayloadHash();
    PooledAttestation known = slot.bySigner.get(signer);
    if (known != null) {
      if (known.proposalPayloadHash().equals(hash)) {
        Map<EthAddress, PooledAttestation> counted = slot.byProposal.get(hash);
        return maybeClaim(slot, hash, counted, limits, claimToken, AddStatus.DUPLICATE);
      }
      PooledAttestation evidence = slot.evidence.get(signer);
      if (evidence != null) {
        return AddOutcome.of(
            evidence.proposalPayloadHash().equals(hash)
                ? AddStatus.DUPLICATE
                : AddStatus.SIGNER_CAP,
            0);
      }
      if (slot.size() >= limits.maxPerSlot()) {
        return AddOutcome.of(AddStatus.SLOT_FULL, 0);
      }
      slot.evidence.put(signer, attestation);
      return AddOutcome.equivocation(
          new EquivocationEvidence(
              attestation.slot(), signer, known.attestation(), attestation.attestation()));
    }
    if (slot.size() >= limits.maxPerSlot()) {
      return AddOutcome.of(AddStatus.SLOT_FULL, 0);
    }
    slot.bySigner.put(signer, attestation);
    Map<EthAddress, PooledAttestation> counted =
        slot.byProposal.computeIfAbsent(hash, h -> new LinkedHashMap<>());
    counted.put(signer, attestation);
    slot.firstSeen.putIfAbsent(hash, now);
    return maybeClaim(slot, hash, counted, limits, claimToken, AddStatus.ADDED);
  }

  private static AddOutcome maybeClaim(
      SlotEntry slot,
      Bytes32 hash,
      Map<EthAddress, PooledAttestation> counted,
      AddLimits limits,
      String token,
      AddStatus status) {
    int count = counted.size();
    String holder = slot.claims.get(hash);
    boolean claimed = count >= limits.quorum() && (holder == null || holder.equals(token));
    if (!claimed) {
      return AddOutcome.of(status, count);
    }
    slot.claims.put(hash, token);
    return AddOutcome.claimed(
        status,
        count,
        new QuorumClaim(new ArrayList<>(counted.values()), slot.firstSeen.get(hash), token));
  }

  @Override
  public synchronized void releaseClaim(
      SlotNumber slot, Bytes32 proposalPayloadHash, String token) {
    SlotEntry entry = slots.get(slot.value());
    if (entry != null && Objects.equals(entry.claims.get(proposalPayloadHash), token)) {
      entry.claims.remove(proposalPayloadHash);
    }
  }

  @Override
  public synchronized List<PooledAttestation> attestations(SlotNumber slot) {
    SlotEntry entry = slots.get(slot.value());
    if (entry == null) {
      return List.of();
    }
    return entry.byProposal.values().stream().flatMap(m -> m.values().stream()).toList();
  }

  @Override
  public synchronized List<PooledAttestation> attestations(SlotNumber slot, Bytes32 hash) {
    SlotEntry entry = slots.get(slot.value());
    if (entry == null || !entry.byProposal.containsKey(hash)) {
      return List.of();
    }
    return List.copyOf(entry.byProposal.get(hash).values());
  }

  @Override
  public synchronized List<EquivocationEvidence> evidence(SlotNumber slot) {
    SlotEntry entry = slots.get(slot.value());
    if (entry == null) {
      return List.of();
    }
    return entry.evidence.values().stream()
        .map(
            second ->
                new EquivocationEvidence(
                    slot,
                    second.signer(),
                    entry.bySigner.get(second.signer()).attestation(),
                    second.attestation()))
        .toList();
  }

  @Override
  public synchronized PoolStats stats() {
    long attestations = slots.values().stream().mapToLong(s -> s.bySigner.size()).sum();
    long evidence = slots.values().stream().mapToLong(s -> s.evidence.size()).sum();
    long quorums = slots.values().stream().mapToLong(s -> s.claims.size()).sum();
    return new PoolStats(
        slots.size(),
        slots.isEmpty() ? null : slots.firstKey(),
        slots.isEmpty() ? null : slots.lastKey(),
        attestations,
        evidence,
        quorums);
  }

  @Override
  public synchronized int pruneBefore(SlotNumber slot) {
    NavigableMap<Long, SlotEntry> old = slots.headMap(slot.value(), false);
    int pruned = old.size();
    old.clear();
    return pruned;
  }
}
