package dev.slotstream.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slotstream.core.codec.ProtocolLimits;
import dev.slotstream.core.committee.CommitteeSelector;
import dev.slotstream.core.committee.ValidatorSet;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.consensus.RollupParameters;
import dev.slotstream.core.crypto.ProtocolSigner;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.message.TopicType;
import dev.slotstream.core.message.Transfer;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.message.TxPayload;
import dev.slotstream.core.state.WorldState;
import dev.slotstream.core.time.SubSlot;
import dev.slotstream.core.time.Timetable;
import dev.slotstream.core.time.TimetableConfig;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.validator.ExecutionMode;
import dev.slotstream.l1.L1Client;
import dev.slotstream.l1.RollupConfig;
import dev.slotstream.l1.anvil.LocalAnvil;
import dev.slotstream.l1.contracts.generated.Rollup;
import dev.slotstream.localinfra.KafkaBrokerProcess;
import dev.slotstream.localinfra.LocalRedis;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The real pipeline on one machine: a Kafka KRaft broker and Redis, then the proposer, four
 * validator nodes and the attestation service, each its own JVM running its Boot jar, with a tx
 * load posted to the proposer's REST API. It watches the topics and prints one line per slot.
 */
public final class NetworkDevnet {
  static final String ROLLUP = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
  static final long CHAIN_ID = 31337;
  static final String BASE_SEED = "0x" + "ab".repeat(32);
  static final int VALIDATORS = 4;
  static final int USERS = 8;

  /**
   * A node pools at most 64 txs per sender (slotstream.chain.tx-pool-max-txs-per-sender); a refused
   * tx leaves a nonce gap that no later tx of that user gets past. So a slot's load is spread over
   * enough users for each to have at most this many txs in one slot: inclusion may then lag eight
   * slots before a sender reaches the limit. At 32 a lag of two slots while the JVMs warmed up was
   * enough: 71,547 of 100,000 txs refused SENDER_LIMIT in a 150 ms kafka-sweep, blocks of ~16 txs.
   */
  static final int MAX_TXS_PER_USER_PER_SLOT = 8;

  /**
   * Each node's pool holds this many slots of the offered load (at least node-chain's 10,000). A tx
   * stays pooled until its checkpoint is final, and the first loaded slots are built by cold JVMs:
   * at 1,000 txs per block the first two slots included 2,053 and 2,755 of their 5,000 txs, a
   * 10,000-tx pool was full in the third, and the refusals' nonce gaps left every later block
   * empty, although the warm network then built full 1,000-tx blocks.
   */
  static final int POOLED_SLOTS_OF_LOAD = 4;

  private static final int DEFAULT_TX_POOL = 10_000;

  /**
   * The most txs one checkpoint takes when it goes to L1: its tx effects are the calldata of one
   * {@code propose} (~12,500 gas per transfer, measured), which Anvil must simulate, mine and
   * confirm within the slot. A 2,180-tx checkpoint expired before it was sent (simulation 1.2 s)
   * and 5,000-tx ones were refused by the L1 node ("Invalid request"); each was pruned with the
   * checkpoint built on it. 1,000 txs are ~12.5 M gas.
   */
  static final int L1_MAX_TXS_PER_CHECKPOINT = 1000;

  /** Each user's genesis balance (node-chain's default, set explicitly so genesisArchive() matches). */
  static final long USER_BALANCE = 1_000_000_000L;

  /** Anvil's second dev key: the publisher's L1 key (the first deploys the contract). */
  static final String PUBLISHER_KEY =
      "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

  private final int slots;

  /** How many funded users sign the load (at least {@link #USERS}). */
  private final int users;

  private final int txsPerBlock;

  /** The txs offered per slot: {@code txsPerBlock} for each block the timetable allows. */
  private final int txsPerSlot;

  private final Options options;
  private final Path runDir;
  private final ServiceJars serviceJars;

  /** How each module's JVMs are started (class data sharing or the plain jar), by module. */
  private final Map<String, ClassDataSharing.Launch> launches = new ConcurrentHashMap<>();

  private final PrintStream out;
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<SigningKey> validatorKeys =
      IntStream.range(0, VALIDATORS).mapToObj(i -> SigningKey.fromSeed("validator-" + i)).toList();
  private final Map<SlotNumber, Slot> seen = new ConcurrentHashMap<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicInteger txsAccepted = new AtomicInteger();
  private final AtomicInteger txsRefused = new AtomicInteger();
  private final Map<String, AtomicInteger> refusedBy = new ConcurrentHashMap<>();

  /** The batch endpoint's limit (SubmitBatchRequest.MAX_TXS). */
  private static final int MAX_BATCH = 2_000;

  // Each service's /actuator/prometheus text at the end of the last run, by service name.
  private final Map<String, String> metricsScrapes = new ConcurrentHashMap<>();

  /**
   * How the network runs besides its size.
   *
   * @param executionMode the validators' (PIPELINED, or the ON_CHECKPOINT baseline)
   * @param timetable the timetable for a genesis; {@code timetableProperties} must say the same to
   *     the services
   */
  public record Options(
      ExecutionMode executionMode,
      java.util.function.Function<Instant, TimetableConfig> timetable,
      Map<String, String> timetableProperties,
      boolean l1,
      int l1Confirmations) {
    /** Without L1 (no Anvil, no publisher): the pipeline benchmarks' network. */
    public Options(
        ExecutionMode executionMode,
        java.util.function.Function<Instant, TimetableConfig> timetable,
        Map<String, String> timetableProperties) {
      this(executionMode, timetable, timetableProperties, false, 0);
    }

    /**
     * bin/devnet's: the devnet timetable, with Anvil and the L1 publisher. Confirmations 0: a
     * single Anvil node never reorgs, so a confirmation would only add one L1 block (1 s) to every
     * publication and the publisher's finishedAt would no longer be the moment it saw the receipt.
     */
    public static Options devnet() {
      return new Options(
          ExecutionMode.PIPELINED,
          TimetableConfig::devnet,
          Map.of("slotstream.protocol.timetable.preset", "devnet"),
          true,
          0);
    }

    public Options withL1(boolean on, int confirmations) {
      return new Options(executionMode, timetable, timetableProperties, on, confirmations);
    }
  }

  /** What the topics and the validators showed of one slot. */
  public static final class Slot implements SlotTimings {
    final SortedMap<Integer, Integer> blockTxs = new ConcurrentSkipListMap<>();

    /** block index → when its proposal was broadcast (the record's timestamp). */
    public final SortedMap<Integer, Instant> broadcastAt = new ConcurrentSkipListMap<>();

    /** validator name → block index → when it executed the block. */
    public final Map<String, SortedMap<Integer, Instant>> executedAt = new ConcurrentHashMap<>();

    /** validator name → block index → when it received the block from gossip. */
    public final Map<String, SortedMap<Integer, Instant>> receivedAt = new ConcurrentHashMap<>();

    /** attester name → when its attestation was published. */
    public final Map<String, Instant> attestedAt = new ConcurrentHashMap<>();

    final List<String> attesters = new CopyOnWriteArrayList<>();

    /** attester name → the proposal payload hashes it attested to in this slot (two: it signed twice). */
    public final Map<String, java.util.Set<String>> attestedProposals = new ConcurrentHashMap<>();

    /** The archives of the checkpoint proposals seen for this slot (two: the proposer signed twice). */
    public final java.util.Set<String> proposedArchives = ConcurrentHashMap.newKeySet();

    public volatile Instant checkpointAt;
    volatile String archive;
    public volatile Instant quorumAt;
    volatile int quorumSize;

    /** The L1 publisher's publication of the slot's checkpoint (null: none seen). */
    public volatile String l1Status;

    public volatile String l1Detail;
    public volatile String l1TxHash;
    public volatile Long l1Block;
    public volatile Long l1GasUsed;

    /** When the publisher made the checkpoint final, and when it saw the outcome (the receipt). */
    public volatile Instant l1CommittedAt;

    public volatile Instant l1FinishedAt;

    /** The L1 block's timestamp (whole seconds). */
    public volatile Instant l1BlockTime;

    public boolean landed() {
      return "LANDED".equals(l1Status);
    }

    @Override
    public int txs() {
      return blockTxs.values().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public SortedMap<Integer, Instant> broadcastTimes() {
      return broadcastAt;
    }

    @Override
    public Map<String, SortedMap<Integer, Instant>> executionTimes() {
      return executedAt;
    }

    @Override
    public Map<String, SortedMap<Integer, Instant>> receptionTimes() {
      return receivedAt;
    }

    @Override
    public Map<String, Instant> attestationTimes() {
      return attestedAt;
    }

    @Override
    public Instant checkpointTime() {
      return checkpointAt;
    }

    @Override
    public Instant quorumTime() {
      return quorumAt;
    }
  }

  /** What {@link #run} found, per measured slot. */
  public record Result(
      List<Long> slots,
      List<Long> finalSlots,
      int txsAccepted,
      Map<Long, Slot> details,
      Duration slotDuration,
      List<Long> landedSlots,
      java.util.Optional<L1Summary> l1) {
    public boolean allFinal() {
      return !slots.isEmpty() && slots.size() == finalSlots.size();
    }

    /** Every measured slot's checkpoint landed on L1 (false without L1). */
    public boolean allLanded() {
      return !slots.isEmpty() && slots.size() == landedSlots.size();
    }
  }

  /**
   * What L1 showed at the end of a run.
   *
   * @param readyToFirstLanded services ready → the publisher saw the first checkpoint's receipt
   * @param quorumToReceipt per landed measured slot: the quorum record's Kafka timestamp → the
   *     publisher's finishedAt (it saw the receipt; receipts polled every 100 ms)
   * @param quorumToBlock the same → the L1 block's timestamp (whole seconds, truncated by Anvil)
   */
  public record L1Summary(
      long tipCheckpoint,
      long tipSlot,
      String tipArchive,
      java.util.Optional<Duration> readyToFirstLanded,
      List<Duration> quorumToReceipt,
      List<Duration> quorumToBlock,
      List<Long> gasPerCheckpoint,
      List<Integer> txsPerCheckpoint) {}

  /**
   * What a fault run sees of the network: the broker and Redis processes and every service by name
   * (proposer, validator-0..3, attestation, l1-publisher).
   */
  public record Network(
      KafkaBrokerProcess kafka,
      LocalRedis redis,
      String prefix,
      Map<String, ServiceProcess> services,
      Timetable timetable,
      HttpClient http) {}

  /** Called at the start of every measured slot, each call on a thread of its own. */
  public interface SlotHook {
    void atSlotStart(SlotNumber slot, int index, Network network) throws Exception;
  }

  private volatile SlotHook slotHook;

  /** Runs {@code hook} at the start of every measured slot: how bin/chaos injects its faults. */
  public NetworkDevnet withSlotHook(SlotHook hook) {
    this.slotHook = hook;
    return this;
  }

  public NetworkDevnet(int slots, int txsPerBlock, Path runDir, PrintStream out) {
    this(slots, txsPerBlock, Options.devnet(), runDir, ServiceJars.fromBuild(), out);
  }

  public NetworkDevnet(int slots, int txsPerBlock, Options options, Path runDir, PrintStream out) {
    this(slots, txsPerBlock, options, runDir, ServiceJars.fromBuild(), out);
  }

  public NetworkDevnet(
      int slots,
      int txsPerBlock,
      Options options,
      Path runDir,
      ServiceJars serviceJars,
      PrintStream out) {
    this.options = options;
    this.slots = slots;
    this.txsPerBlock = txsPerBlock;
    this.runDir = runDir;
    this.serviceJars = serviceJars;
    this.out = out;
    this.txsPerSlot =
        txsPerBlock * options.timetable().apply(Instant.EPOCH).maxBlocksPerCheckpoint();
    this.users =
        Math.max(USERS, (txsPerSlot + MAX_TXS_PER_USER_PER_SLOT - 1) / MAX_TXS_PER_USER_PER_SLOT);
  }

  public Result run() throws Exception {
    Files.createDirectories(runDir);
    String prefix = "devnet-" + runDir.getFileName();
    // Genesis in the recent past: the chain starts at whatever slot is current once all are up.
    Instant genesis = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    TimetableConfig timetableConfig = options.timetable().apply(genesis);
    List<ServiceProcess> services = new ArrayList<>();
    try (LocalAnvil anvil = options.l1() ? startAnvil() : null;
        L1Client l1 =
            anvil == null
                ? null
                : L1Client.connect(anvil.rpcUrl(), CHAIN_ID, LocalAnvil.DEV_PRIVATE_KEY)) {
      String rollupAddress = ROLLUP;
      Rollup rollup = null;
      if (l1 != null) {
        // The contract first: every service signs for its address (the EIP-712 verifying contract).
        rollup =
            l1.deployRollup(
                new RollupConfig(
                    validatorKeys.stream().map(SigningKey::address).toList(),
                    CommitteeSelector.DEFAULT_TARGET_COMMITTEE_SIZE,
                    Bytes32.fromHex(BASE_SEED),
                    genesis.getEpochSecond(),
                    timetableConfig.slotDuration().toSeconds(),
                    timetableConfig.epochLength(),
                    genesisArchive()));
        rollupAddress = rollup.getContractAddress();
        out.printf(
            "devnet: anvil %s (chain %d, block time 1 s), Rollup %s deployed in L1 block %s, genesis archive %s%n",
            anvil.rpcUrl(),
            CHAIN_ID,
            rollupAddress,
            rollup.getTransactionReceipt().map(r -> r.getBlockNumber().toString()).orElse("?"),
            genesisArchive());
      } else {
        out.println("devnet: no L1 (no Anvil, nothing is published)");
      }
      RollupContext context =
          RollupContext.of(
              new RollupParameters(
                  CHAIN_ID,
                  1,
                  EthAddress.fromHex(rollupAddress),
                  timetableConfig,
                  ValidatorSet.of(validatorKeys.stream().map(SigningKey::address).toList()),
                  Bytes32.fromHex(BASE_SEED),
                  CommitteeSelector.DEFAULT_TARGET_COMMITTEE_SIZE,
                  1024));
      Timetable timetable = context.timetable();
      ProtocolSigner signer = context.signer();
      // Signed before any service starts: signing thousands of txs on two cores while the first
      // checkpoints are made delayed a quorum past its L1 slot.
      List<Tx> load =
          presign(signer, slots * timetable.blocksPerSlot() * txsPerBlock + txsPerBlock);
      return runNetwork(
          prefix, genesis, rollupAddress, anvil, l1, rollup, timetable, signer, load, services);
    } finally {
      stop.set(true);
      services.forEach(ServiceProcess::close);
    }
  }

  private Result runNetwork(
      String prefix,
      Instant genesis,
      String rollupAddress,
      LocalAnvil anvil,
      L1Client l1,
      Rollup rollup,
      Timetable timetable,
      ProtocolSigner signer,
      List<Tx> load,
      List<ServiceProcess> services)
      throws Exception {
    // The broker in a JVM of its own with its log under the run directory, so it can be stopped
    // and restarted like a real one.
    try (KafkaBrokerProcess kafka = KafkaBrokerProcess.start(runDir.resolve("kafka"));
        LocalRedis redis = LocalRedis.start(runDir.resolve("redis"))) {
      out.printf(
          "devnet: kafka %s, redis %s:%d (%s), logs in %s%n",
          kafka.bootstrapServers(), redis.host(), redis.port(), redis.source(), runDir);
      Map<String, String> common = new LinkedHashMap<>();
      common.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
      common.put("slotstream.protocol.chain-id", Long.toString(CHAIN_ID));
      common.put("slotstream.protocol.version", "1");
      common.put("slotstream.protocol.rollup-address", rollupAddress);
      common.put("slotstream.protocol.genesis-time", Long.toString(genesis.getEpochSecond()));
      common.putAll(options.timetableProperties());
      common.put(
          "slotstream.protocol.validator-seeds", "validator-0,validator-1,validator-2,validator-3");
      common.put("slotstream.protocol.base-seed", BASE_SEED);
      common.put(
          "slotstream.protocol.committee-size",
          Integer.toString(CommitteeSelector.DEFAULT_TARGET_COMMITTEE_SIZE));
      common.put("slotstream.gossip.network-prefix", prefix);
      // The genesis the L1 contract starts from (genesisArchive()) is computed from exactly these.
      common.put("slotstream.chain.genesis-account-seeds", String.join(",", userSeeds()));
      common.put("slotstream.chain.genesis-seed-balance", Long.toString(USER_BALANCE));
      common.put(
          "slotstream.chain.tx-pool-max-txs",
          Integer.toString(Math.max(DEFAULT_TX_POOL, POOLED_SLOTS_OF_LOAD * txsPerSlot)));
      if (anvil != null) {
        // Every executing node follows L1 (PROTOCOL.md §17): a checkpoint that missed its L1 slot
        // is pruned and the next one is built on the L1 tip, instead of L1 stopping for good.
        common.put("slotstream.l1.follow.enabled", "true");
        common.put("slotstream.l1.follow.rpc-url", anvil.rpcUrl());
        common.put(
            "slotstream.l1.follow.confirmations", Integer.toString(options.l1Confirmations()));
        common.put(
            "slotstream.l1.follow.from-block",
            rollup.getTransactionReceipt().map(r -> r.getBlockNumber().toString()).orElse("0"));
      }

      Map<String, String> proposer = new LinkedHashMap<>(common);
      proposer.put("slotstream.gossip.node-id", "proposer");
      // --txs-per-block N asks for blocks of N txs: the proposer's own cap (256 by default) must
      // not
      // cut them (the protocol's slotstream.protocol.max-txs-per-block still does, at 1,024).
      proposer.put(
          "slotstream.proposer.max-txs-per-block",
          Integer.toString(Math.min(ProtocolLimits.MAX_TXS_PER_BLOCK, Math.max(256, txsPerBlock))));
      if (options.l1()) {
        proposer.put(
            "slotstream.proposer.max-txs-per-checkpoint",
            Integer.toString(L1_MAX_TXS_PER_CHECKPOINT));
      }
      proposer.put("slotstream.node.key-seeds", "validator-0,validator-1,validator-2,validator-3");
      proposer.put(
          "slotstream.chain.signing-record-dir", runDir.resolve("proposer-record").toString());
      // Each executing node keeps its final chain on disk: a restarted one resumes from it.
      proposer.put("slotstream.chain.data-dir", runDir.resolve("proposer-chain").toString());
      List<Map<String, String>> validatorProperties = new ArrayList<>();
      for (int i = 0; i < VALIDATORS; i++) {
        Map<String, String> validator = new LinkedHashMap<>(common);
        validator.put("slotstream.gossip.node-id", "validator-" + i);
        validator.put("slotstream.node.key-seeds", "validator-" + i);
        validator.put(
            "slotstream.chain.signing-record-dir",
            runDir.resolve("validator-" + i + "-record").toString());
        validator.put(
            "slotstream.chain.data-dir", runDir.resolve("validator-" + i + "-chain").toString());
        validator.put("slotstream.validator.execution-mode", options.executionMode().name());
        validatorProperties.add(validator);
      }
      Map<String, String> attestation = new LinkedHashMap<>(common);
      attestation.put("slotstream.gossip.node-id", "attestation");
      attestation.put("spring.data.redis.host", redis.host());
      attestation.put("spring.data.redis.port", Integer.toString(redis.port()));
      Map<String, String> l1p = null;
      if (anvil != null) {
        l1p = new LinkedHashMap<>(common);
        l1p.put("slotstream.gossip.node-id", "l1-publisher-0");
        l1p.put(
            "slotstream.chain.signing-record-dir",
            runDir.resolve("l1-publisher-record").toString());
        l1p.put("slotstream.chain.data-dir", runDir.resolve("l1-publisher-chain").toString());
        l1p.put("slotstream.l1.rpc-url", anvil.rpcUrl());
        l1p.put("slotstream.l1.private-key", PUBLISHER_KEY);
        l1p.put("slotstream.l1.confirmations", Integer.toString(options.l1Confirmations()));
      }
      // Once the infrastructure answers (a node that follows L1 reads the contract while its
      // context refreshes): each jar's class data sharing archive, made once per build.
      Map<String, Map<String, String>> training = new LinkedHashMap<>();
      training.put("proposer-service", proposer);
      training.put("validator-service", validatorProperties.get(0));
      training.put("attestation-service", attestation);
      if (l1p != null) {
        training.put("l1-publisher-service", l1p);
      }
      prepareLaunches(training);

      List<ServiceProcess> validators = new ArrayList<>();
      for (int i = 0; i < VALIDATORS; i++) {
        validators.add(start("validator-" + i, "validator-service", validatorProperties.get(i)));
      }
      services.addAll(validators);
      services.add(start("attestation", "attestation-service", attestation));
      ServiceProcess publisher = null;
      // A busy shared machine has taken over 200 s to start the JVMs:
      // -Ddevnet.ready-timeout-seconds.
      Instant deadline =
          Instant.now().plusSeconds(Long.getLong("devnet.ready-timeout-seconds", 240));
      if (anvil != null) {
        publisher = start("l1-publisher", "l1-publisher-service", l1p);
        services.add(publisher);
        // L1 takes checkpoints only in order (each names the tip's archive as its parent): the
        // publisher must lead the quorum topic before the first checkpoint is made, so the proposer
        // starts once everyone else is up and the publisher holds its partition.
        for (ServiceProcess s : services) {
          s.awaitReady(http, deadline);
        }
        publisher.awaitLog(
            java.util.regex.Pattern.compile("publisher leadership partitions=\\[\\d"), deadline);
      }
      if (anvil != null) {
        // A proposer that joins mid-slot proposes a partial first slot to cold validators, and that
        // checkpoint's quorum can come too late for L1 (seen: +5.3 s, mined in the next slot:
        // SlotNotCurrent, and nothing after it could land). So it is launched to be ready shortly
        // before a slot starts, and its first slot is whole.
        sleepUntil(proposerLaunchTime(timetable, Instant.now(), proposerStartup()));
      }
      ServiceProcess proposerService = start("proposer", "proposer-service", proposer);
      services.add(0, proposerService);
      for (ServiceProcess s : services) {
        s.awaitReady(http, deadline);
      }
      Instant readyAt = Instant.now();
      out.printf(
          "devnet: %d services ready after %ds; load %d txs per block from %d users%n",
          services.size(), Duration.between(genesis, readyAt).toSeconds(), txsPerBlock, users);

      Thread watcher =
          new Thread(() -> watch(kafka.bootstrapServers(), prefix, signer), "devnet-watch");
      watcher.setDaemon(true);
      watcher.start();

      // One slot of margin for the consumer groups to settle, then the measured slots.
      SlotNumber first = timetable.slotAt(Instant.now()).orElseThrow().next().next();
      int next = 0;
      List<Long> measured = new ArrayList<>();
      Map<Long, Slot> details = new LinkedHashMap<>();
      List<Long> finals = new ArrayList<>();
      List<Long> landed = new ArrayList<>();
      ServiceProcess l1Publisher = publisher;
      // Slots are reported from their own thread, so reporting one never delays the next's load.
      java.util.concurrent.ExecutorService reporter =
          java.util.concurrent.Executors.newSingleThreadExecutor();
      List<java.util.concurrent.Future<?>> reports = new ArrayList<>();
      // A thread per slot: a hook still waiting (e.g. for a restarted JVM) never delays the next.
      java.util.concurrent.ExecutorService hooks =
          java.util.concurrent.Executors.newCachedThreadPool();
      List<java.util.concurrent.Future<?>> hookRuns = new ArrayList<>();
      SlotHook hook = slotHook;
      Network network = null;
      if (hook != null) {
        Map<String, ServiceProcess> byName = new LinkedHashMap<>();
        services.forEach(p -> byName.put(p.name(), p));
        network = new Network(kafka, redis, prefix, byName, timetable, http);
      }
      for (long s = first.value(); s < first.value() + slots; s++) {
        SlotNumber slot = SlotNumber.of(s);
        if (hook != null) {
          Network net = network;
          int index = (int) (s - first.value());
          hookRuns.add(
              hooks.submit(
                  () -> {
                    sleepUntil(timetable.slotStart(slot));
                    hook.atSlotStart(slot, index, net);
                    return null;
                  }));
        }
        for (SubSlot sub : timetable.subSlots(slot)) {
          // HTTP, admission and the tx topic's ack take a moment: post well before the build.
          sleepUntil(sub.start().minusMillis(500));
          int n = Math.min(txsPerBlock, load.size() - next);
          post(proposerService, load.subList(next, next + n));
          next += n;
        }
        long number = s;
        reports.add(
            reporter.submit(
                () -> {
                  sleepUntil(timetable.slotEnd(slot).plusMillis(300));
                  measured.add(number);
                  details.put(number, slot(slot));
                  if (l1Publisher != null) {
                    fetchPublication(l1Publisher, slot, timetable.slotEnd(slot).plusSeconds(5));
                  }
                  if (printSlot(slot, timetable, validators, l1Publisher != null)) {
                    finals.add(number);
                  }
                  if (slot(slot).landed()) {
                    landed.add(number);
                  }
                }));
      }
      for (java.util.concurrent.Future<?> report : reports) {
        report.get();
      }
      reporter.shutdown();
      hooks.shutdown();
      for (java.util.concurrent.Future<?> run : hookRuns) {
        run.get();
      }
      stop.set(true);
      out.printf(
          "devnet: %d of %d slots reached quorum; txs accepted %d, refused %d%s%n",
          finals.size(),
          measured.size(),
          txsAccepted.get(),
          txsRefused.get(),
          refusedBy.isEmpty() ? "" : " " + new java.util.TreeMap<>(refusedBy));
      L1Summary l1Summary = null;
      if (rollup != null) {
        l1Summary = summarizeL1(l1, rollup, l1Publisher, measured, landed, readyAt);
      }
      recordMemory(services);
      scrapeMetrics(services);
      return new Result(
          measured,
          finals,
          txsAccepted.get(),
          details,
          timetable.slotDuration(),
          landed,
          java.util.Optional.ofNullable(l1Summary));
    } finally {
      // The services first, while Kafka, Redis and Anvil still answer them.
      stop.set(true);
      services.forEach(ServiceProcess::close);
    }
  }

  private ServiceProcess start(String name, String module, Map<String, String> properties)
      throws Exception {
    ClassDataSharing.Launch launch =
        launches.getOrDefault(module, ClassDataSharing.Launch.jar(serviceJars.existingJar(module)));
    return ServiceProcess.start(
        name, launch, LocalRedis.freePort(), properties, runDir, java.util.List.of());
  }

  /** How each module's JVMs start: {@link ClassDataSharing#prepare}, with one start's properties. */
  private void prepareLaunches(Map<String, Map<String, String>> trainingProperties) {
    Map<Path, Map<String, String>> byJar = new LinkedHashMap<>();
    Map<Path, String> modules = new LinkedHashMap<>();
    trainingProperties.forEach(
        (module, properties) -> {
          Path jar = serviceJars.existingJar(module);
          byJar.put(jar, properties);
          modules.put(jar, module);
        });
    ClassDataSharing.prepare(byJar, out)
        .forEach((jar, launch) -> launches.put(modules.get(jar), launch));
  }

  /** How long the proposer's JVM takes to report ready while the other services idle (measured: ~6 s). */
  static final Duration PROPOSER_STARTUP = Duration.ofMillis(6_000);

  /** The same with its class data sharing archive (measured: 2.9 s to "Started", docs/FAULTS.md). */
  static final Duration PROPOSER_STARTUP_SHARED = Duration.ofMillis(3_000);

  private Duration proposerStartup() {
    ClassDataSharing.Launch launch = launches.get("proposer-service");
    return launch != null && launch.shared() ? PROPOSER_STARTUP_SHARED : PROPOSER_STARTUP;
  }

  /** How long before a slot start the proposer should be ready. */
  static final Duration PROPOSER_READY_LEAD = Duration.ofMillis(700);

  /** The first instant from {@code now} at which a launch makes the proposer ready just before a slot. */
  static Instant proposerLaunchTime(Timetable timetable, Instant now, Duration startup) {
    SlotNumber slot = timetable.slotAt(now).orElseThrow();
    while (true) {
      Instant launch = timetable.slotStart(slot).minus(PROPOSER_READY_LEAD).minus(startup);
      if (!launch.isBefore(now)) {
        return launch;
      }
      slot = slot.next();
    }
  }

  private List<String> userSeeds() {
    return IntStream.range(0, users).mapToObj(i -> "user-" + i).toList();
  }

  /**
   * The L2 genesis archive the services compute from the properties this launcher gives them
   * (node-chain's worldState: each genesis-account-seed's key gets genesis-seed-balance).
   */
  Fr genesisArchive() {
    Map<EthAddress, Long> balances = new LinkedHashMap<>();
    for (String seed : userSeeds()) {
      balances.merge(SigningKey.fromSeed(seed).address(), USER_BALANCE, Long::sum);
    }
    return WorldState.genesis(CHAIN_ID, 1, balances).latest().archiveRoot();
  }

  /** Anvil mining a block every second; its binary is under the l1-contracts module the build recorded. */
  private LocalAnvil startAnvil() {
    if (System.getProperty(LocalAnvil.BINARY_PROPERTY) == null
        && System.getProperty(LocalAnvil.MODULE_DIR_PROPERTY) == null) {
      serviceJars
          .anvilModuleDir()
          .ifPresent(d -> System.setProperty(LocalAnvil.MODULE_DIR_PROPERTY, d.toString()));
    }
    return LocalAnvil.start(
        new LocalAnvil.Options(
            CHAIN_ID,
            LocalAnvil.DEFAULT_HARDFORK,
            List.of("--block-time", "1"),
            Duration.ofSeconds(30)));
  }

  /**
   * Each service's {@code /actuator/prometheus} text at the end of the last successful run (the
   * services are stopped by then), by service name: for checks that the dashboard's and alerts'
   * metrics exist on running services.
   */
  public Map<String, String> metricsScrapes() {
    return Map.copyOf(metricsScrapes);
  }

  private void recordMemory(List<ServiceProcess> services) {
    String memory = ServiceProcess.describeMemory(services);
    if (!memory.isEmpty()) {
      out.println("devnet: resident memory at the end (peak during the run): " + memory);
    }
  }

  private void scrapeMetrics(List<ServiceProcess> services) {
    for (ServiceProcess service : services) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(service.baseUrl() + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          metricsScrapes.put(service.name(), r.body());
        }
      } catch (IOException e) {
        out.printf("devnet: no metrics from %s: %s%n", service.name(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Asks the publisher about the slot until it has an outcome (not PENDING) or {@code until}. */
  private void fetchPublication(ServiceProcess publisher, SlotNumber slotNumber, Instant until) {
    Slot s = slot(slotNumber);
    while (true) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(
                            publisher.baseUrl() + "/api/v1/publications/" + slotNumber.value()))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          JsonNode p = JSON.readTree(r.body());
          s.l1Status = p.path("status").asText();
          s.l1Detail = text(p, "detail");
          s.l1TxHash = text(p, "l1TxHash");
          s.l1Block = p.hasNonNull("l1Block") ? p.get("l1Block").asLong() : null;
          s.l1GasUsed = p.hasNonNull("gasUsed") ? p.get("gasUsed").asLong() : null;
          s.l1CommittedAt = instant(p.get("committedAt"));
          s.l1FinishedAt = instant(p.get("finishedAt"));
          if (!"PENDING".equals(s.l1Status)) {
            return;
          }
        }
      } catch (Exception e) {
        // not answering: try again until `until`
      }
      if (Instant.now().isAfter(until)) {
        return;
      }
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
  }

  private static String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asText() : null;
  }

  /** Jackson writes an Instant as ISO-8601 (Spring Boot's default) or as decimal epoch seconds. */
  static Instant instant(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isNumber()) {
      java.math.BigDecimal seconds = node.decimalValue();
      return Instant.ofEpochSecond(
          seconds.longValue(),
          seconds.remainder(java.math.BigDecimal.ONE).movePointRight(9).longValue());
    }
    return Instant.parse(node.asText());
  }

  private L1Summary summarizeL1(
      L1Client l1,
      Rollup rollup,
      ServiceProcess publisher,
      List<Long> measured,
      List<Long> landed,
      Instant readyAt)
      throws Exception {
    var tip = rollup.tip().send();
    long tipCheckpoint = tip.component1().longValueExact();
    long tipSlot = tip.component2().longValueExact();
    String tipArchive = org.web3j.utils.Numeric.toHexString(tip.component3());
    // The first checkpoint on L1 may be older than the measured slots: ask for every publication.
    java.util.Optional<Instant> firstLanded = java.util.Optional.empty();
    String firstSlot = "-";
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(publisher.baseUrl() + "/api/v1/publications?limit=1000"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      for (JsonNode p : JSON.readTree(r.body())) {
        Instant at = instant(p.get("finishedAt"));
        if ("LANDED".equals(p.path("status").asText())
            && at != null
            && (firstLanded.isEmpty() || at.isBefore(firstLanded.get()))) {
          firstLanded = java.util.Optional.of(at);
          JsonNode slotNode = p.get("slot");
          firstSlot = slotNode.isObject() ? slotNode.path("value").asText() : slotNode.asText();
        }
      }
    } catch (Exception e) {
      out.println("devnet: cannot list the publications: " + e);
    }
    List<Duration> toReceipt = new ArrayList<>();
    List<Duration> toBlock = new ArrayList<>();
    List<Long> gas = new ArrayList<>();
    List<Integer> txs = new ArrayList<>();
    for (long number : landed) {
      Slot s = slot(SlotNumber.of(number));
      if (s.l1Block != null) {
        var block =
            l1.web3j()
                .ethGetBlockByNumber(
                    org.web3j.protocol.core.DefaultBlockParameter.valueOf(
                        java.math.BigInteger.valueOf(s.l1Block)),
                    false)
                .send();
        if (block.getBlock() != null) {
          s.l1BlockTime = Instant.ofEpochSecond(block.getBlock().getTimestamp().longValueExact());
        }
      }
      if (s.quorumAt != null && s.l1FinishedAt != null) {
        toReceipt.add(Duration.between(s.quorumAt, s.l1FinishedAt));
      }
      if (s.quorumAt != null && s.l1BlockTime != null) {
        toBlock.add(Duration.between(s.quorumAt, s.l1BlockTime));
      }
      if (s.l1GasUsed != null) {
        gas.add(s.l1GasUsed);
      }
      txs.add(s.txs());
    }
    java.util.Optional<Duration> readyToFirst =
        firstLanded.map(at -> Duration.between(readyAt, at));
    out.printf(
        "devnet: L1 tip checkpoint %d, slot %d, archive %s%n", tipCheckpoint, tipSlot, tipArchive);
    out.printf(
        "devnet: %d of %d slots landed on L1; first checkpoint on L1 %s after the services were ready (slot %s)%n",
        landed.size(),
        measured.size(),
        readyToFirst.map(d -> String.format("%.1fs", d.toMillis() / 1000.0)).orElse("never"),
        firstSlot);
    if (landed.size() < measured.size()) {
      out.printf(
          "devnet: a checkpoint that misses its L1 slot is pruned by every node, and so is any"
              + " checkpoint built on it (L1 takes them only in order); the next ones build on the L1"
              + " tip (PROTOCOL.md §17.3). Why each missed: %s%n",
          publisher.log());
    }
    if (!toReceipt.isEmpty()) {
      out.printf(
          "devnet: quorum → L1 receipt (n=%d): median %s, p99 %s, max %s; quorum → L1 block timestamp: median %s, p99 %s%n",
          toReceipt.size(),
          seconds(percentile(toReceipt, 0.5)),
          seconds(percentile(toReceipt, 0.99)),
          seconds(percentile(toReceipt, 1.0)),
          seconds(percentile(toBlock, 0.5)),
          seconds(percentile(toBlock, 0.99)));
      out.printf(
          "devnet: gas per checkpoint median %d (min %d, max %d); txs per checkpoint median %d (min %d, max %d)%n",
          percentile(gas, 0.5),
          percentile(gas, 0.0),
          percentile(gas, 1.0),
          percentile(txs, 0.5),
          percentile(txs, 0.0),
          percentile(txs, 1.0));
    }
    return new L1Summary(
        tipCheckpoint, tipSlot, tipArchive, readyToFirst, toReceipt, toBlock, gas, txs);
  }

  /** Nearest rank: the smallest value with at least {@code p} of the values at or below it. */
  static <T extends Comparable<T>> T percentile(List<T> values, double p) {
    if (values.isEmpty()) {
      return null;
    }
    List<T> sorted = new ArrayList<>(values);
    java.util.Collections.sort(sorted);
    int rank = (int) Math.ceil(p * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  private static String seconds(Duration d) {
    return d == null ? "-" : String.format("%.2fs", d.toMillis() / 1000.0);
  }

  private List<Tx> presign(ProtocolSigner signer, int n) {
    List<SigningKey> keys = userSeeds().stream().map(SigningKey::fromSeed).toList();
    long[] nonces = new long[users];
    List<Tx> txs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int u = i % users;
      txs.add(
          signer.signTx(
              new TxPayload(
                  CHAIN_ID,
                  keys.get(u).address(),
                  nonces[u]++,
                  20_000,
                  List.of(new Transfer(keys.get((u + 3) % users).address(), 1 + i % 100)),
                  List.of()),
              keys.get(u)));
    }
    return txs;
  }

  /**
   * Posts one block's load as one {@code POST /api/v1/txs/batch} (how a client with many txs
   * submits them) and counts each tx's answer, refusals by reason.
   */
  @SuppressWarnings("FutureReturnValueIgnored") // whenComplete only counts the answer
  private void post(ServiceProcess proposer, List<Tx> txs) {
    for (int from = 0; from < txs.size(); from += MAX_BATCH) {
      List<Tx> batch = txs.subList(from, Math.min(txs.size(), from + MAX_BATCH));
      http.sendAsync(proposer.batchRequest(batch), HttpResponse.BodyHandlers.ofString())
          .whenComplete((r, e) -> countBatchAnswer(batch.size(), r, e));
    }
  }

  private void countBatchAnswer(int size, HttpResponse<String> answer, Throwable error) {
    if (error != null || answer.statusCode() / 100 != 2) {
      txsRefused.addAndGet(size);
      String why = error != null ? error.getClass().getSimpleName() : "HTTP " + answer.statusCode();
      refusedBy.computeIfAbsent(why, k -> new AtomicInteger()).addAndGet(size);
      return;
    }
    try {
      JsonNode results = JSON.readTree(answer.body()).path("results");
      for (JsonNode item : results) {
        JsonNode problem = item.path("problem");
        if (problem.isMissingNode() || problem.isNull()) {
          txsAccepted.incrementAndGet();
        } else {
          txsRefused.incrementAndGet();
          String why = problem.path("reason").asText(problem.path("title").asText("unknown"));
          refusedBy.computeIfAbsent(why, k -> new AtomicInteger()).incrementAndGet();
        }
      }
    } catch (java.io.IOException e) {
      txsRefused.addAndGet(size);
      refusedBy.computeIfAbsent("unreadable answer", k -> new AtomicInteger()).addAndGet(size);
    }
  }

  static final Duration WATCH_FETCH_WAIT = Duration.ofMillis(100);

  /** More than the gossip topics carry in {@link #WATCH_FETCH_WAIT}: the broker answers on time. */
  static final int WATCH_FETCH_MIN_BYTES = 16 * 1024 * 1024;

  /** Reads the gossip topics as any node would, from their current end. */
  private void watch(String bootstrap, String prefix, ProtocolSigner signer) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "devnet-watch");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    // Fetch in batches every WATCH_FETCH_WAIT, not the instant a proposal is appended: the
    // watcher's fetch and decode then do not compete with the validators for the cores while they
    // receive it (the figures use the records' timestamps, and slots are printed well after).
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) WATCH_FETCH_WAIT.toMillis());
    props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, WATCH_FETCH_MIN_BYTES);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      String quorumTopic = prefix + ".checkpoint_quorum";
      consumer.subscribe(
          List.of(
              TopicType.BLOCK_PROPOSAL.qualified(prefix),
              TopicType.CHECKPOINT_PROPOSAL.qualified(prefix),
              TopicType.CHECKPOINT_ATTESTATION.qualified(prefix),
              quorumTopic));
      while (!stop.get()) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          try {
            record(r, prefix, quorumTopic, signer);
          } catch (RuntimeException e) {
            // a malformed record is the services' business (they dead-letter it); the watcher skips
            // it
          }
        }
      }
    }
  }

  private void record(
      ConsumerRecord<byte[], byte[]> r, String prefix, String quorumTopic, ProtocolSigner signer) {
    Instant at = Instant.ofEpochMilli(r.timestamp());
    if (r.topic().equals(TopicType.BLOCK_PROPOSAL.qualified(prefix))) {
      BlockProposal p = BlockProposal.decode(r.value());
      slot(p.slotNumber()).blockTxs.put(p.index(), p.payload().txHashes().size());
      slot(p.slotNumber()).broadcastAt.putIfAbsent(p.index(), at);
    } else if (r.topic().equals(TopicType.CHECKPOINT_PROPOSAL.qualified(prefix))) {
      CheckpointProposal p = CheckpointProposal.decode(r.value());
      Slot s = slot(p.slotNumber());
      s.blockTxs.put(p.lastBlockIndex(), p.lastBlock().payload().txHashes().size());
      s.broadcastAt.putIfAbsent(p.lastBlockIndex(), at);
      s.checkpointAt = at;
      s.archive = p.payload().archive().toString();
      s.proposedArchives.add(p.payload().archive().toString());
    } else if (r.topic().equals(TopicType.CHECKPOINT_ATTESTATION.qualified(prefix))) {
      CheckpointAttestation a = CheckpointAttestation.decode(r.value());
      signer
          .recoverAttester(a)
          .ifPresent(
              addr -> {
                slot(a.slotNumber()).attesters.add(nameOf(addr));
                slot(a.slotNumber()).attestedAt.putIfAbsent(nameOf(addr), at);
                slot(a.slotNumber())
                    .attestedProposals
                    .computeIfAbsent(nameOf(addr), k -> ConcurrentHashMap.newKeySet())
                    .add(a.proposalPayloadHash().toString());
              });
    } else if (r.topic().equals(quorumTopic)) {
      CheckpointQuorum q = CheckpointQuorum.decode(r.value());
      Slot s = slot(q.slotNumber());
      s.quorumAt = at;
      s.quorumSize = q.attestations().size();
    }
  }

  private String nameOf(EthAddress address) {
    for (int i = 0; i < validatorKeys.size(); i++) {
      if (validatorKeys.get(i).address().equals(address)) {
        return "v" + i;
      }
    }
    return address.toHex();
  }

  private Slot slot(SlotNumber slot) {
    return seen.computeIfAbsent(slot, s -> new Slot());
  }

  private boolean printSlot(
      SlotNumber slotNumber, Timetable timetable, List<ServiceProcess> validators, boolean l1) {
    Slot s = slot(slotNumber);
    Instant start = timetable.slotStart(slotNumber);
    StringBuilder line =
        new StringBuilder(
            String.format(
                "slot %4d  blocks %d %s  executed",
                slotNumber.value(), s.blockTxs.size(), s.blockTxs.values()));
    for (int i = 0; i < validators.size(); i++) {
      line.append(String.format(" v%d %s", i, executedBy(i, validators.get(i), slotNumber)));
    }
    line.append(String.format("  attestations %d %s", s.attesters.size(), s.attesters));
    line.append(
        s.quorumAt == null
            ? "  quorum not reached"
            : String.format(
                "  quorum %d at +%.2fs",
                s.quorumSize, Duration.between(start, s.quorumAt).toMillis() / 1000.0));
    line.append("  archive ").append(s.archive == null ? "-" : s.archive);
    if (l1) {
      line.append("  L1 ").append(s.l1Status == null ? "-" : s.l1Status);
      if (s.l1Block != null) {
        line.append(" block ").append(s.l1Block);
      }
      if (s.l1GasUsed != null) {
        line.append(" gas ").append(s.l1GasUsed);
      }
      if (s.l1TxHash != null) {
        line.append(" tx ").append(s.l1TxHash);
      }
      if (!s.landed() && s.l1Detail != null && !s.l1Detail.isBlank()) {
        line.append(" (").append(s.l1Detail).append(')');
      }
    }
    out.println(line);
    return s.quorumAt != null;
  }

  /** Asks a validator what it executed in the slot, keeping its per-block times. */
  private String executedBy(int index, ServiceProcess validator, SlotNumber slot) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(validator.baseUrl() + "/api/v1/validator/slots/" + slot.value()))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return "-";
      }
      JsonNode body = JSON.readTree(r.body());
      SortedMap<Integer, Instant> times =
          slot(slot).executedAt.computeIfAbsent("v" + index, k -> new ConcurrentSkipListMap<>());
      putMillis(body.path("executedAtMillis"), times);
      putMillis(
          body.path("receivedAtMillis"),
          slot(slot).receivedAt.computeIfAbsent("v" + index, k -> new ConcurrentSkipListMap<>()));
      return body.path("executedIndices").size() + "(" + body.path("status").asText() + ")";
    } catch (Exception e) {
      return "?";
    }
  }

  /** {"0": millis, ...} → index → instant. */
  private static void putMillis(JsonNode byIndex, Map<Integer, Instant> into) {
    byIndex
        .fields()
        .forEachRemaining(
            e ->
                into.put(
                    Integer.parseInt(e.getKey()), Instant.ofEpochMilli(e.getValue().asLong())));
  }

  private static void sleepUntil(Instant at) {
    while (true) {
      Duration left = Duration.between(Instant.now(), at);
      if (left.isNegative() || left.isZero()) {
        return;
      }
      LockSupport.parkNanos(left.toNanos());
    }
  }
}
