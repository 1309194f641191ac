package dev.slotstream.l1;

import dev.slotstream.core.committee.Committee;
import dev.slotstream.core.committee.CommitteeSelector;
import dev.slotstream.core.committee.ValidatorSet;
import dev.slotstream.core.crypto.ProtocolSigner;
import dev.slotstream.core.crypto.SigningDomain;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.exec.Checkpoint;
import dev.slotstream.core.exec.CheckpointBuilder;
import dev.slotstream.core.exec.L2Block;
import dev.slotstream.core.exec.PublicDataWrite;
import dev.slotstream.core.exec.TxEffect;
import dev.slotstream.core.header.BlockHeader;
import dev.slotstream.core.header.CheckpointHeader;
import dev.slotstream.core.header.ContentCommitment;
import dev.slotstream.core.header.GasFees;
import dev.slotstream.core.message.CheckpointPayload;
import dev.slotstream.core.message.MessageKind;
import dev.slotstream.core.state.FieldHash;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EpochNumber;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.Signature;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.types.TxHash;
import dev.slotstream.l1.bench.ProposeGasBenchmark;
import dev.slotstream.l1.contracts.generated.Rollup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One deployed Rollup with its validator keys, and the core-side builders of what {@code propose}
 * takes: payloads, committees (from {@link CommitteeSelector}, never from the contract), signatures.
 */
final class RollupFixture {
  static final Bytes32 BASE_SEED =
      Bytes32.fromHex("0x5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed");
  static final long SLOT_DURATION = 12;
  static final long EPOCH_LENGTH = 4;
  static final EthAddress COINBASE =
      EthAddress.fromHex("0xc0ffee0000000000000000000000000000000001");
  static final EthAddress FEE_RECIPIENT =
      EthAddress.fromHex("0xfee0000000000000000000000000000000000001");

  final L1Client client;
  final List<SigningKey> keys;
  final Map<EthAddress, SigningKey> keyByAddress;
  final ValidatorSet validators;
  final CommitteeSelector selector;
  final RollupConfig config;
  final Rollup rollup;
  final EthAddress rollupAddress;
  final ProtocolSigner signer;

  private RollupFixture(
      L1Client client, List<SigningKey> keys, int target, Fr genesisArchive, long genesisTime)
      throws Exception {
    this.client = client;
    this.keys = List.copyOf(keys);
    this.keyByAddress =
        keys.stream().collect(Collectors.toMap(SigningKey::address, Function.identity()));
    this.validators = ValidatorSet.of(keys.stream().map(SigningKey::address).toList());
    this.selector = new CommitteeSelector(target);
    this.config =
        new RollupConfig(
            validators.members(),
            target,
            BASE_SEED,
            genesisTime,
            SLOT_DURATION,
            EPOCH_LENGTH,
            genesisArchive);
    this.rollup = client.deployRollup(config);
    this.rollupAddress = EthAddress.fromHex(rollup.getContractAddress());
    this.signer = new ProtocolSigner(SigningDomain.of(client.chainId(), rollupAddress));
  }

  /** Deploys a rollup whose genesis is well after the chain's latest block. */
  static RollupFixture deploy(L1Client client, int validatorCount, int target, Fr genesisArchive)
      throws Exception {
    List<SigningKey> keys =
        IntStream.range(0, validatorCount).mapToObj(RollupFixture::validatorKey).toList();
    long genesisTime = client.latestBlockTimestamp() + 1_000;
    return new RollupFixture(client, keys, target, genesisArchive, genesisTime);
  }

  static SigningKey validatorKey(int i) {
    return SigningKey.fromSeed("l1-validator-" + i);
  }

  Committee committee(long slot) {
    return selector.select(validators, BASE_SEED, EpochNumber.of(slot / EPOCH_LENGTH));
  }

  SigningKey proposerKey(long slot) {
    return keyByAddress.get(committee(slot).proposerFor(SlotNumber.of(slot)));
  }

  long slotStart(long slot) {
    return config.slotStart(slot);
  }

  /** The next block is mined {@code secondsIn} seconds into {@code slot}. */
  void enterSlot(long slot, long secondsIn) throws Exception {
    client.setNextBlockTimestamp(slotStart(slot) + secondsIn);
  }

  CheckpointPayload payload(long slot, Fr lastArchive, List<TxEffect> effects) {
    CheckpointHeader header =
        new CheckpointHeader(
            lastArchive,
            FieldHash.hashList(blockHeaders(slot).stream().map(BlockHeader::hash).toList()),
            new ContentCommitment(
                FieldHash.hashList(effects.stream().map(TxEffect::hash).toList()),
                FieldHash.hashList(List.of()),
                CheckpointBuilder.EMPTY_OUT_HASH),
            SlotNumber.of(slot),
            slotStart(slot),
            COINBASE,
            FEE_RECIPIENT,
            new GasFees(0, 1),
            effects.stream().mapToLong(TxEffect::manaUsed).sum());
    return new CheckpointPayload(header, Fr.reduce(keccakOf(slot)));
  }

  private static byte[] keccakOf(long slot) {
    return dev.slotstream.core.crypto.Keccak.hash(
        ("archive-" + slot).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  Signature attest(CheckpointPayload payload, SigningKey key) {
    return signer.sign(payload.as(MessageKind.CHECKPOINT_ATTESTATION), key);
  }

  Signature propose(CheckpointPayload payload, SigningKey key) {
    return signer.sign(payload.as(MessageKind.CHECKPOINT_PROPOSAL), key);
  }

  /** Attestations from the given committee positions, each signed by that position's member. */
  Map<Integer, Signature> attestations(
      CheckpointPayload payload, Committee committee, List<Integer> positions) {
    Map<Integer, Signature> out = new LinkedHashMap<>();
    for (int p : positions) {
      out.put(p, attest(payload, keyByAddress.get(committee.get(p))));
    }
    return out;
  }

  static List<Integer> firstPositions(int count) {
    return IntStream.range(0, count).boxed().toList();
  }

  /** The one synthetic block header that {@link #payload} commits to. */
  List<BlockHeader> blockHeaders(long slot) {
    return List.of(ProposeGasBenchmark.syntheticBlockHeader(slot, slotStart(slot)));
  }

  /** A call certified by the first quorum positions and signed by the slot's proposer. */
  ProposeCall certified(CheckpointPayload payload, List<TxEffect> effects) {
    return certified(payload, blockHeaders(payload.slotNumber().value()), effects);
  }

  ProposeCall certified(Checkpoint checkpoint) {
    return certified(
        checkpoint.payload(),
        checkpoint.blocks().stream().map(L2Block::header).toList(),
        checkpoint.txEffects());
  }

  ProposeCall certified(
      CheckpointPayload payload, List<BlockHeader> blockHeaders, List<TxEffect> effects) {
    long slot = payload.slotNumber().value();
    Committee committee = committee(slot);
    return ProposeCall.of(
        payload,
        blockHeaders,
        effects,
        committee,
        attestations(payload, committee, firstPositions(committee.quorum())),
        propose(payload, proposerKey(slot)));
  }

  /** Synthetic but well-formed tx effects (§7.4), {@code writes} public data writes each. */
  static List<TxEffect> effects(int count, int writes, long seed) {
    Random random = new Random(seed);
    List<TxEffect> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<PublicDataWrite> w = new ArrayList<>();
      for (int j = 0; j < writes; j++) {
        w.add(new PublicDataWrite(Fr.of(random.nextInt(1 << 30)), Fr.of(random.nextInt(1 << 30))));
      }
      byte[] hash = new byte[32];
      random.nextBytes(hash);
      out.add(
          new TxEffect(
              new TxHash(Bytes32.wrap(hash)),
              Fr.of(random.nextInt(1 << 30)),
              Fr.of(random.nextInt(1 << 30)),
              20_000,
              12_500,
              w));
    }
    return out;
  }
}
