package dev.slotstream.core.testing;

import dev.slotstream.core.committee.Committee;
import dev.slotstream.core.committee.CommitteeSelector;
import dev.slotstream.core.committee.ValidatorSet;
import dev.slotstream.core.consensus.QuorumAssembler;
import dev.slotstream.core.consensus.QuorumValidation;
import dev.slotstream.core.consensus.QuorumValidator;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.consensus.RollupParameters;
import dev.slotstream.core.consensus.VerifiedQuorum;
import dev.slotstream.core.crypto.ProtocolSigner;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointPayload;
import dev.slotstream.core.message.MessageKind;
import dev.slotstream.core.time.TimetableConfig;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Signature;
import dev.slotstream.core.types.SlotNumber;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** A small deterministic network for tests: n validator keys, a devnet timetable, a context. */
public final class TestNetwork {
  public static final long CHAIN_ID = 31337;
  public static final long VERSION = 1;

  /** Where Anvil puts the first contract its first dev key deploys: tests deploy the Rollup there. */
  public static final EthAddress ROLLUP =
      EthAddress.fromHex("0x5FbDB2315678afecb367f032d93F642f64180aa3");

  public static final Instant GENESIS = Instant.parse("2026-01-01T00:00:00Z");
  public static final Bytes32 SEED = Bytes32.fromHex("0x" + "ab".repeat(32));

  private final List<SigningKey> keys;
  private final RollupContext context;

  public TestNetwork(int validators) {
    this(validators, TimetableConfig.devnet(GENESIS));
  }

  public TestNetwork(int validators, TimetableConfig timetableConfig) {
    keys =
        IntStream.range(0, validators)
            .mapToObj(i -> SigningKey.fromSeed("validator-" + i))
            .toList();
    context =
        RollupContext.of(
            new RollupParameters(
                CHAIN_ID,
                VERSION,
                ROLLUP,
                timetableConfig,
                ValidatorSet.of(keys.stream().map(SigningKey::address).toList()),
                SEED,
                CommitteeSelector.DEFAULT_TARGET_COMMITTEE_SIZE,
                1024));
  }

  /**
   * The {@code slotstream.protocol.*} properties that put a service on this network (devnet
   * timetable, validators "validator-0..3", committee size 48).
   */
  public static Map<String, String> protocolProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("slotstream.protocol.chain-id", Long.toString(CHAIN_ID));
    p.put("slotstream.protocol.version", Long.toString(VERSION));
    p.put("slotstream.protocol.rollup-address", ROLLUP.toHex());
    p.put("slotstream.protocol.genesis-time", GENESIS.toString());
    p.put("slotstream.protocol.timetable.preset", "devnet");
    p.put("slotstream.protocol.validator-seeds", "validator-0,validator-1,validator-2,validator-3");
    p.put("slotstream.protocol.base-seed", SEED.toHex());
    p.put("slotstream.protocol.committee-size", "48");
    p.put("slotstream.protocol.max-txs-per-block", "1024");
    return p;
  }

  public RollupContext context() {
    return context;
  }

  public List<SigningKey> keys() {
    return keys;
  }

  public SigningKey proposerKey(SlotNumber slot) {
    EthAddress proposer = context.epochCache().proposerFor(slot);
    return keys.stream().filter(k -> k.address().equals(proposer)).findFirst().orElseThrow();
  }

  /** Some validator key that is not the slot's proposer. */
  public SigningKey nonProposerKey(SlotNumber slot) {
    EthAddress proposer = context.epochCache().proposerFor(slot);
    return keys.stream().filter(k -> !k.address().equals(proposer)).findFirst().orElseThrow();
  }

  public Instant slotStart(SlotNumber slot) {
    return context.timetable().slotStart(slot);
  }

  /**
   * A real quorum for {@code payload}: signed by its slot's proposer, attested by every committee
   * member, and certified by {@link QuorumValidator} as if it arrived a second into the slot.
   */
  public VerifiedQuorum certify(CheckpointPayload payload) {
    SlotNumber slot = payload.slotNumber();
    ProtocolSigner signer = context.signer();
    Signature proposerSignature =
        signer.sign(payload.as(MessageKind.CHECKPOINT_PROPOSAL), proposerKey(slot));
    Map<EthAddress, CheckpointAttestation> bySigner = new LinkedHashMap<>();
    Committee committee = context.epochCache().committeeFor(slot);
    for (SigningKey key : keys) {
      if (committee.contains(key.address())) {
        bySigner.put(
            key.address(),
            new CheckpointAttestation(
                payload,
                signer.sign(payload.as(MessageKind.CHECKPOINT_ATTESTATION), key),
                proposerSignature));
      }
    }
    QuorumValidation validation =
        new QuorumValidator(context)
            .validate(
                QuorumAssembler.inCommitteeOrder(committee, bySigner),
                slotStart(slot).plusSeconds(1));
    return validation
        .verified()
        .orElseThrow(() -> new IllegalStateException(validation.toString()));
  }
}
