package dev.slotstream.attestation.pool;

import dev.slotstream.core.attestation.AddLimits;
import dev.slotstream.core.attestation.AddOutcome;
import dev.slotstream.core.attestation.AddStatus;
import dev.slotstream.core.attestation.AttestationPool;
import dev.slotstream.core.attestation.EquivocationEvidence;
import dev.slotstream.core.attestation.PoolStats;
import dev.slotstream.core.attestation.PooledAttestation;
import dev.slotstream.core.attestation.QuorumClaim;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The pool in Redis, shared by every instance of the attestation service. The add, the count and
 * the claim of the quorum emission run as one Lua script ({@code redis/add-attestation.lua}), so
 * two instances racing on one checkpoint emit one quorum.
 *
 * <p>Keys, for prefix {@code p} and slot {@code s} (the slot in braces is the Redis Cluster hash
 * tag): {@code p:{s}:signers}, {@code p:{s}:evidence}, {@code p:{s}:size}, {@code p:{s}:proposals},
 * and per proposal payload hash {@code h}: {@code p:{s}:h:counted}, {@code p:{s}:h:claim}, {@code
 * p:{s}:h:first}. {@code p:slots} (a sorted set of slots) drives pruning and stats. Every per-slot
 * key also expires after {@code retention}, so a pool nobody prunes still empties itself.
 *
 * <p>Each instance writes a slot to {@code p:slots} once, before its first add to the slot, and
 * remembers the slots it wrote. An add to a slot whose data is gone (pruned by any instance,
 * expired, or lost by Redis) is the first counted attestation of its checkpoint, and writes the
 * slot again after the script: a slot with data stays known to the pruner.
 */
public final class RedisAttestationPool implements AttestationPool {
  private static final HexFormat HEX = HexFormat.of();
  private static final RedisScript<List> ADD =
      RedisScript.of(new ClassPathResource("redis/add-attestation.lua"), List.class);
  private static final RedisScript<Long> RELEASE =
      RedisScript.of(new ClassPathResource("redis/release-claim.lua"), Long.class);
  // Attestations arrive for the last few slots; forgetting an older one costs one more write.
  private static final int REMEMBERED_SLOTS = 64;

  private final StringRedisTemplate redis;
  private final String prefix;
  private final Duration retention;
  private final ConcurrentSkipListSet<Long> registered = new ConcurrentSkipListSet<>();

  public RedisAttestationPool(StringRedisTemplate redis, String keyPrefix, Duration retention) {
    this.redis = redis;
    this.prefix = keyPrefix;
    this.retention = retention;
  }

  @Override
  @SuppressWarnings("unchecked")
  public AddOutcome add(
      PooledAttestation attestation, AddLimits limits, Instant now, String claimToken) {
    SlotNumber slot = attestation.slot();
    Bytes32 hash = attestation.proposalPayloadHash();
    // Outside the script: this key has no slot hash tag. Written first so that a slot with data is
    // always known to the pruner.
    boolean known = registered.contains(slot.value());
    if (!known) {
      register(slot);
    }
    List<Object> reply =
        redis.execute(
            ADD,
            List.of(
                slotKey(slot, "signers"),
                proposalKey(slot, hash, "counted"),
                slotKey(slot, "evidence"),
                slotKey(slot, "size"),
                proposalKey(slot, hash, "claim"),
                slotKey(slot, "proposals"),
                proposalKey(slot, hash, "first")),
            attestation.signer().toHex(),
            hash.toHex(),
            encode(attestation.attestation()),
            Integer.toString(limits.maxPerSlot()),
            Integer.toString(limits.quorum()),
            Long.toString(retention.toMillis()),
            Long.toString(now.toEpochMilli()),
            claimToken);
    if (reply == null || reply.size() < 4) {
      throw new IllegalStateException("unexpected reply from the add script: " + reply);
    }
    AddStatus status = AddStatus.valueOf(text(reply.get(0)));
    int count = Integer.parseInt(text(reply.get(1)));
    boolean claimed = "1".equals(text(reply.get(2)));
    String extra = text(reply.get(3));
    // A checkpoint's first counted attestation: the slot's data may be new again. Also true for a
    // slot's second proposal (rare): one more idempotent write.
    if (known && status == AddStatus.ADDED && count == 1) {
      registered.remove(slot.value());
      register(slot);
    }
    if (status == AddStatus.EQUIVOCATION) {
      return AddOutcome.equivocation(
          new EquivocationEvidence(
              slot, attestation.signer(), decode(extra), attestation.attestation()));
    }
    if (!claimed) {
      return AddOutcome.of(status, count);
    }
    List<PooledAttestation> counted = new ArrayList<>();
    for (int i = 4; i + 1 < reply.size(); i += 2) {
      counted.add(
          new PooledAttestation(
              EthAddress.fromHex(text(reply.get(i))), decode(text(reply.get(i + 1)))));
    }
    return AddOutcome.claimed(
        status,
        count,
        new QuorumClaim(counted, Instant.ofEpochMilli(Long.parseLong(extra)), claimToken));
  }

  @Override
  public void releaseClaim(SlotNumber slot, Bytes32 proposalPayloadHash, String token) {
    redis.execute(RELEASE, List.of(proposalKey(slot, proposalPayloadHash, "claim")), token);
  }

  @Override
  public List<PooledAttestation> attestations(SlotNumber slot) {
    Set<String> hashes = redis.opsForSet().members(slotKey(slot, "proposals"));
    if (hashes == null) {
      return List.of();
    }
    List<PooledAttestation> all = new ArrayList<>();
    for (String hash : hashes.stream().sorted().toList()) {
      all.addAll(attestations(slot, Bytes32.fromHex(hash)));
    }
    return all;
  }

  @Override
  public List<PooledAttestation> attestations(SlotNumber slot, Bytes32 proposalPayloadHash) {
    Map<Object, Object> counted =
        redis.opsForHash().entries(proposalKey(slot, proposalPayloadHash, "counted"));
    return counted.entrySet().stream()
        .map(
            e ->
                new PooledAttestation(
                    EthAddress.fromHex(text(e.getKey())), decode(text(e.getValue()))))
        .sorted((a, b) -> a.signer().toHex().compareTo(b.signer().toHex()))
        .toList();
  }

  @Override
  public List<EquivocationEvidence> evidence(SlotNumber slot) {
    Map<Object, Object> second = redis.opsForHash().entries(slotKey(slot, "evidence"));
    List<EquivocationEvidence> out = new ArrayList<>();
    for (Map.Entry<Object, Object> e : second.entrySet()) {
      Object first = redis.opsForHash().get(slotKey(slot, "signers"), e.getKey());
      if (first != null) {
        out.add(
            new EquivocationEvidence(
                slot,
                EthAddress.fromHex(text(e.getKey())),
                decode(afterBar(text(first))),
                decode(afterBar(text(e.getValue())))));
      }
    }
    return out;
  }

  @Override
  public PoolStats stats() {
    Set<String> slots = redis.opsForZSet().range(slotsKey(), 0, -1);
    if (slots == null || slots.isEmpty()) {
      return new PoolStats(0, null, null, 0, 0, 0);
    }
    long attestations = 0;
    long evidence = 0;
    long quorums = 0;
    for (String s : slots) {
      SlotNumber slot = SlotNumber.of(Long.parseLong(s));
      attestations += redis.opsForHash().size(slotKey(slot, "signers"));
      evidence += redis.opsForHash().size(slotKey(slot, "evidence"));
      Set<String> hashes = redis.opsForSet().members(slotKey(slot, "proposals"));
      if (hashes != null) {
        quorums +=
            redis.countExistingKeys(
                hashes.stream().map(h -> proposalKey(slot, Bytes32.fromHex(h), "claim")).toList());
      }
    }
    List<Long> numbers = slots.stream().map(Long::parseLong).sorted().toList();
    return new PoolStats(
        numbers.size(),
        numbers.get(0),
        numbers.get(numbers.size() - 1),
        attestations,
        evidence,
        quorums);
  }

  @Override
  public int pruneBefore(SlotNumber slot) {
    if (slot.value() == 0) {
      return 0;
    }
    Set<String> old = redis.opsForZSet().rangeByScore(slotsKey(), 0, slot.value() - 1);
    if (old == null || old.isEmpty()) {
      return 0;
    }
    for (String s : old) {
      SlotNumber oldSlot = SlotNumber.of(Long.parseLong(s));
      List<String> keys = new ArrayList<>();
      Set<String> hashes = redis.opsForSet().members(slotKey(oldSlot, "proposals"));
      if (hashes != null) {
        for (String h : hashes) {
          for (String part : List.of("counted", "claim", "first")) {
            keys.add(proposalKey(oldSlot, Bytes32.fromHex(h), part));
          }
        }
      }
      for (String part : List.of("signers", "evidence", "size", "proposals")) {
        keys.add(slotKey(oldSlot, part));
      }
      redis.delete(keys);
      redis.opsForZSet().remove(slotsKey(), s);
    }
    registered.headSet(slot.value()).clear();
    return old.size();
  }

  /** Remembers the slot only once written, so that after a failed write the next add writes it. */
  private void register(SlotNumber slot) {
    redis.opsForZSet().add(slotsKey(), Long.toString(slot.value()), slot.value());
    if (registered.add(slot.value()) && registered.size() > REMEMBERED_SLOTS) {
      registered.pollFirst();
    }
  }

  private String slotsKey() {
    return prefix + ":slots";
  }

  private String slotKey(SlotNumber slot, String part) {
    return prefix + ":{" + slot.value() + "}:" + part;
  }

  private String proposalKey(SlotNumber slot, Bytes32 hash, String part) {
    return prefix + ":{" + slot.value() + "}:" + hash.toHex() + ":" + part;
  }

  private static String encode(CheckpointAttestation attestation) {
    return HEX.formatHex(attestation.encode());
  }

  private static CheckpointAttestation decode(String hex) {
    return CheckpointAttestation.decode(HEX.parseHex(hex));
  }

  private static String afterBar(String value) {
    return value.substring(value.indexOf('|') + 1);
  }

  private static String text(Object value) {
    if (value instanceof byte[] bytes) {
      return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
    return String.valueOf(value);
  }
}
