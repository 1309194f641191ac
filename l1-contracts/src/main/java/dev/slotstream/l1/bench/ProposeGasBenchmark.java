package dev.slotstream.l1.bench;

import dev.slotstream.core.committee.Committee;
import dev.slotstream.core.committee.CommitteeSelector;
import dev.slotstream.core.committee.ValidatorSet;
import dev.slotstream.core.crypto.Keccak;
import dev.slotstream.core.crypto.ProtocolSigner;
import dev.slotstream.core.crypto.SigningDomain;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.exec.CheckpointBuilder;
import dev.slotstream.core.exec.PublicDataWrite;
import dev.slotstream.core.exec.TxEffect;
import dev.slotstream.core.header.BlockHeader;
import dev.slotstream.core.header.CheckpointHeader;
import dev.slotstream.core.header.ContentCommitment;
import dev.slotstream.core.header.GasFees;
import dev.slotstream.core.header.GlobalVariables;
import dev.slotstream.core.header.StateReference;
import dev.slotstream.core.header.TreeSnapshot;
import dev.slotstream.core.message.CheckpointPayload;
import dev.slotstream.core.message.MessageKind;
import dev.slotstream.core.state.FieldHash;
import dev.slotstream.core.types.BlockNumber;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EpochNumber;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.Signature;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.types.TxHash;
import dev.slotstream.l1.L1Client;
import dev.slotstream.l1.ProposeCall;
import dev.slotstream.l1.RollupConfig;
import dev.slotstream.l1.anvil.LocalAnvil;
import dev.slotstream.l1.contracts.generated.Rollup;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Gas of {@code Rollup.propose} from real receipts on a local Anvil: for each committee size (the
 * validator set is as large as the committee) it proposes checkpoints certified by exactly
 * ⌊2n/3⌋+1 attestations, with 0, 10 and 100 tx effects of five public-data writes each (one
 * transfer: fee, amount, nonce), and 1 or 5 block headers in calldata (one block per slot, or the
 * devnet timetable's five). The epoch's committee commitment is stored first (setupEpoch) and one
 * checkpoint warms the tip's storage, so the figures are those of a steady chain.
 *
 * <p>{@code bin/bench-l1 [sizes] [txCounts] [blockCounts]}, e.g. {@code bin/bench-l1 4,16,48,128
 * 0,10,100 1,5}.
 */
public final class ProposeGasBenchmark {
  static final long GOAL = 300_000;
  private static final int WRITES_PER_TX = 5;
  private static final long SLOT_DURATION = 12;

  private ProposeGasBenchmark() {}

  record Row(
      int committee,
      int signatures,
      int txs,
      int blocks,
      int calldataBytes,
      long tokens,
      long gasUsed) {
    /** EIP-2028: 4 gas per zero byte, 16 per non-zero byte (4 per token). */
    long calldataGas() {
      return 4 * tokens;
    }

    /** EIP-7623 (Prague): a tx pays at least 21,000 + 10 gas per token. */
    long floorGas() {
      return 21_000 + 10 * tokens;
    }

    boolean floorBinds() {
      return gasUsed == floorGas();
    }

    /** The contract's execution: exact unless the floor binds, then an upper bound. */
    String executionGas() {
      long left = gasUsed - 21_000 - calldataGas();
      return floorBinds() ? String.format("≤ %,d", left) : String.format("%,d", left);
    }
  }

  /** Calldata tokens: one per zero byte, four per non-zero byte. */
  static long tokens(byte[] data) {
    long tokens = 0;
    for (byte b : data) {
      tokens += b == 0 ? 1 : 4;
    }
    return tokens;
  }

  public static void main(String[] args) throws Exception {
    int[] sizes = args.length > 0 ? parse(args[0]) : new int[] {4, 16, 48, 128};
    int[] txCounts = args.length > 1 ? parse(args[1]) : new int[] {0, 10, 100};
    int[] blockCounts = args.length > 2 ? parse(args[2]) : new int[] {1, 5};
    List<Row> rows = new ArrayList<>();
    Map<Integer, Long> setupGas = new HashMap<>();
    Map<Integer, Long> firstProposeGas = new HashMap<>();
    try (LocalAnvil anvil = LocalAnvil.start();
        L1Client client =
            L1Client.connect(anvil.rpcUrl(), anvil.chainId(), LocalAnvil.DEV_PRIVATE_KEY)) {
      for (int size : sizes) {
        run(client, size, txCounts, blockCounts, rows, setupGas, firstProposeGas);
      }
    }
    System.out.printf(
        "%nRollup.propose gas (Anvil %s, hardfork %s; receipts' gasUsed, so including the 21,000 base and calldata)%n%n",
        "1.7.1", LocalAnvil.DEFAULT_HARDFORK);
    System.out.println(
        "| committee | signatures | txs | blocks | calldata bytes | calldata gas | EIP-7623 floor | execution gas | gas used | vs 300,000 goal |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    for (Row r : rows) {
      String verdict =
          r.committee() == 48 && r.txs() == 0 && r.blocks() == 1
              ? (r.gasUsed() <= GOAL ? "**goal case: within**" : "**goal case: OVER**")
              : (r.gasUsed() <= GOAL ? "within" : "over");
      System.out.printf(
          "| %d | %d | %d | %d | %,d | %,d | %,d%s | %s | %,d | %s |%n",
          r.committee(),
          r.signatures(),
          r.txs(),
          r.blocks(),
          r.calldataBytes(),
          r.calldataGas(),
          r.floorGas(),
          r.floorBinds() ? " (binds)" : "",
          r.executionGas(),
          r.gasUsed(),
          verdict);
    }
    System.out.println();
    System.out.println(
        "| committee | setupEpoch (once per epoch) | first propose of a fresh deployment (0 txs) |");
    System.out.println("|---:|---:|---:|");
    for (int size : sizes) {
      System.out.printf(
          "| %d | %,d | %,d |%n", size, setupGas.get(size), firstProposeGas.get(size));
    }
  }

  private static void run(
      L1Client client,
      int size,
      int[] txCounts,
      int[] blockCounts,
      List<Row> rows,
      Map<Integer, Long> setupGas,
      Map<Integer, Long> firstProposeGas)
      throws Exception {
    List<SigningKey> keys =
        IntStream.range(0, size)
            .mapToObj(i -> SigningKey.fromSeed("bench-validator-" + i))
            .toList();
    Map<EthAddress, SigningKey> byAddress = new HashMap<>();
    keys.forEach(k -> byAddress.put(k.address(), k));
    ValidatorSet validators = ValidatorSet.of(keys.stream().map(SigningKey::address).toList());
    Bytes32 baseSeed = Bytes32.wrap(Keccak.hash("bench".getBytes(StandardCharsets.UTF_8)));
    long genesis = client.latestBlockTimestamp() + 100;
    RollupConfig config =
        new RollupConfig(
            validators.members(), size, baseSeed, genesis, SLOT_DURATION, 1_000_000, Fr.of(1));
    Rollup rollup = client.deployRollup(config);
    ProtocolSigner signer =
        new ProtocolSigner(
            SigningDomain.of(client.chainId(), EthAddress.fromHex(rollup.getContractAddress())));
    Committee committee =
        new CommitteeSelector(size).select(validators, baseSeed, EpochNumber.of(0));

    client.setNextBlockTimestamp(config.slotStart(1));
    setupGas.put(size, rollup.setupEpoch(BigInteger.ZERO).send().getGasUsed().longValueExact());

    Fr archive = Fr.of(1);
    long slot = 1;
    // {txs, blocks} per checkpoint; the first is the warm-up, which writes the tip's slots from 0.
    List<int[]> plan = new ArrayList<>();
    plan.add(new int[] {0, 1});
    for (int b : blockCounts) {
      for (int t : txCounts) {
        plan.add(new int[] {t, b});
      }
    }
    for (int i = 0; i < plan.size(); i++) {
      int txs = plan.get(i)[0];
      int blocks = plan.get(i)[1];
      List<TxEffect> effects = effects(txs, slot);
      long timestamp = config.slotStart(slot);
      long checkpointSlot = slot;
      List<BlockHeader> blockHeaders =
          IntStream.range(0, blocks)
              .mapToObj(b -> syntheticBlockHeader(checkpointSlot, b, timestamp))
              .toList();
      CheckpointPayload payload = payload(config, slot, archive, blockHeaders, effects);
      Map<Integer, Signature> attestations = new TreeMap<>();
      for (int p = 0; p < committee.quorum(); p++) {
        attestations.put(
            p,
            signer.sign(
                payload.as(MessageKind.CHECKPOINT_ATTESTATION), byAddress.get(committee.get(p))));
      }
      SigningKey proposer = byAddress.get(committee.proposerFor(SlotNumber.of(slot)));
      ProposeCall call =
          ProposeCall.of(
              payload,
              blockHeaders,
              effects,
              committee,
              attestations,
              signer.sign(payload.as(MessageKind.CHECKPOINT_PROPOSAL), proposer));
      client.setNextBlockTimestamp(config.slotStart(slot) + 1);
      TransactionReceipt receipt = client.propose(rollup, call);
      if (!receipt.isStatusOK()) {
        throw new IllegalStateException(
            "propose failed for committee "
                + size
                + ", "
                + txs
                + " txs, "
                + blocks
                + " blocks: "
                + client.rollupError(receipt));
      }
      long gas = receipt.getGasUsed().longValueExact();
      if (i == 0) {
        firstProposeGas.put(size, gas);
      } else {
        String input =
            client
                .web3j()
                .ethGetTransactionByHash(receipt.getTransactionHash())
                .send()
                .getTransaction()
                .orElseThrow()
                .getInput();
        byte[] data = org.web3j.utils.Numeric.hexStringToByteArray(input);
        rows.add(new Row(size, committee.quorum(), txs, blocks, data.length, tokens(data), gas));
        System.out.printf("committee %d, %d txs, %d blocks: %,d gas%n", size, txs, blocks, gas);
      }
      archive = payload.archive();
      slot++;
    }
  }

  private static CheckpointPayload payload(
      RollupConfig config,
      long slot,
      Fr lastArchive,
      List<BlockHeader> blockHeaders,
      List<TxEffect> effects) {
    CheckpointHeader header =
        new CheckpointHeader(
            lastArchive,
            FieldHash.hashList(blockHeaders.stream().map(BlockHeader::hash).toList()),
            new ContentCommitment(
                FieldHash.hashList(effects.stream().map(TxEffect::hash).toList()),
                FieldHash.hashList(List.of()),
                CheckpointBuilder.EMPTY_OUT_HASH),
            SlotNumber.of(slot),
            config.slotStart(slot),
            EthAddress.fromHex("0xc0ffee0000000000000000000000000000000001"),
            EthAddress.fromHex("0xfee0000000000000000000000000000000000001"),
            new GasFees(0, 1),
            effects.stream().mapToLong(TxEffect::manaUsed).sum());
    return new CheckpointPayload(
        header, Fr.reduce(Keccak.hash(("archive-" + slot).getBytes(StandardCharsets.UTF_8))));
  }

  /**
   * A well-formed block header whose fields are derived from the slot only: the contract checks
   * the headers against {@code blockHeadersHash}, not their content.
   */
  public static BlockHeader syntheticBlockHeader(long slot, long timestamp) {
    return syntheticBlockHeader(slot, 0, timestamp);
  }

  /** The slot's block at {@code index} within its checkpoint (distinct headers per index). */
  public static BlockHeader syntheticBlockHeader(long slot, int index, long timestamp) {
    long number = slot + 1_000_000L * index; // index 0: the one-block header tests rely on
    TreeSnapshot tree = new TreeSnapshot(Fr.of(number), number);
    return new BlockHeader(
        tree,
        new StateReference(tree, tree, tree),
        new GlobalVariables(
            1,
            1,
            BlockNumber.of(number),
            SlotNumber.of(slot),
            timestamp,
            EthAddress.ZERO,
            EthAddress.ZERO,
            GasFees.ZERO),
        FieldHash.hashList(List.of()),
        0);
  }

  /** Effects shaped like a one-transfer tx: random hashes and keys, five writes. */
  private static List<TxEffect> effects(int count, long seed) {
    Random random = new Random(seed);
    List<TxEffect> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      List<PublicDataWrite> writes = new ArrayList<>(WRITES_PER_TX);
      for (int w = 0; w < WRITES_PER_TX; w++) {
        writes.add(new PublicDataWrite(randomFr(random), Fr.of(random.nextInt(1_000_000))));
      }
      byte[] hash = new byte[32];
      random.nextBytes(hash);
      out.add(
          new TxEffect(
              new TxHash(Bytes32.wrap(hash)),
              randomFr(random),
              randomFr(random),
              20_000,
              12_500,
              writes));
    }
    return out;
  }

  private static Fr randomFr(Random random) {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Fr.reduce(b);
  }

  private static int[] parse(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
  }
}
