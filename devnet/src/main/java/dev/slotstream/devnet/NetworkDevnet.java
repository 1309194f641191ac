package dev.slotstream.devnet;

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
import dev.slotstream.core.time.SubSlot;
import dev.slotstream.core.time.Timetable;
import dev.slotstream.core.time.TimetableConfig;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Hex;
import dev.slotstream.core.types.SlotNumber;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slotstream.core.validator.ExecutionMode;
import dev.slotstream.localinfra.LocalKafka;
import dev.slotstream.localinfra.LocalRedis;
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

  private final int slots;
  private final int txsPerBlock;
  private final Options options;
  private final Path runDir;
  private final ServiceJars serviceJars;
  private final PrintStream out;
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<SigningKey> validatorKeys =
      IntStream.range(0, VALIDATORS).mapToObj(i -> SigningKey.fromSeed("validator-" + i)).toList();
  private final Map<SlotNumber, Slot> seen = new ConcurrentHashMap<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicInteger txsAccepted = new AtomicInteger();
  private final AtomicInteger txsRefused = new AtomicInteger();

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
      Map<String, String> timetableProperties) {
    public static Options devnet() {
      return new Options(ExecutionMode.PIPELINED, TimetableConfig::devnet, Map.of("slotstream.protocol.timetable.preset", "devnet"));
    }
  }

  /** What the topics and the validators showed of one slot. */
  public static final class Slot implements SlotTimings {
    final SortedMap<Integer, Integer> blockTxs = new ConcurrentSkipListMap<>();
    /** block index → when its proposal was broadcast (the record's timestamp). */
    public final SortedMap<Integer, Instant> broadcastAt = new ConcurrentSkipListMap<>();
    /** validator name → block index → when it executed the block. */
    public final Map<String, SortedMap<Integer, Instant>> executedAt = new ConcurrentHashMap<>();
    /** attester name → when its attestation was published. */
    public final Map<String, Instant> attestedAt = new ConcurrentHashMap<>();
    final List<String> attesters = new CopyOnWriteArrayList<>();
    public volatile Instant checkpointAt;
    volatile String archive;
    public volatile Instant quorumAt;
    volatile int quorumSize;

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
  public record Result(List<Long> slots, List<Long> finalSlots, int txsAccepted, Map<Long, Slot> details,
      Duration slotDuration) {
    public boolean allFinal() {
      return !slots.isEmpty() && slots.size() == finalSlots.size();
    }
  }

  public NetworkDevnet(int slots, int txsPerBlock, Path runDir, PrintStream out) {
    this(slots, txsPerBlock, Options.devnet(), runDir, ServiceJars.fromBuild(), out);
  }

  public NetworkDevnet(int slots, int txsPerBlock, Options options, Path runDir, PrintStream out) {
    this(slots, txsPerBlock, options, runDir, ServiceJars.fromBuild(), out);
  }

  public NetworkDevnet(
      int slots, int txsPerBlock, Options options, Path runDir, ServiceJars serviceJars, PrintStream out) {
    this.options = options;
    this.slots = slots;
    this.txsPerBlock = txsPerBlock;
    this.runDir = runDir;
    this.serviceJars = serviceJars;
    this.out = out;
  }

  public Result run() throws Exception {
    Files.createDirectories(runDir);
    String prefix = "devnet-" + runDir.getFileName();
    // Genesis in the recent past: the chain starts at whatever slot is current once all are up.
    Instant genesis = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    RollupContext context =
        RollupContext.of(
            new RollupParameters(CHAIN_ID, 1, EthAddress.fromHex(ROLLUP), options.timetable().apply(genesis),
                ValidatorSet.of(validatorKeys.stream().map(SigningKey::address).toList()), Bytes32.fromHex(BASE_SEED),
                CommitteeSelector.DEFAULT_TARGET_COMMITTEE_SIZE, 1024));
    Timetable timetable = context.timetable();
    ProtocolSigner signer = context.signer();

    List<ServiceProcess> services = new ArrayList<>();
    try (LocalKafka kafka = LocalKafka.start(); LocalRedis redis = LocalRedis.start()) {
      out.printf("devnet: kafka %s, redis %s:%d (%s), logs in %s%n", kafka.bootstrapServers(), redis.host(),
          redis.port(), redis.source(), runDir);
      Map<String, String> common = new LinkedHashMap<>();
      common.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
      common.put("slotstream.protocol.chain-id", Long.toString(CHAIN_ID));
      common.put("slotstream.protocol.version", "1");
      common.put("slotstream.protocol.rollup-address", ROLLUP);
      common.put("slotstream.protocol.genesis-time", Long.toString(genesis.getEpochSecond()));
      common.putAll(options.timetableProperties());
      common.put("slotstream.protocol.validator-seeds", "validator-0,validator-1,validator-2,validator-3");
      common.put("slotstream.protocol.base-seed", BASE_SEED);
      common.put("slotstream.gossip.network-prefix", prefix);
      common.put("slotstream.chain.genesis-account-seeds",
          String.join(",", IntStream.range(0, USERS).mapToObj(i -> "user-" + i).toList()));

      Map<String, String> proposer = new LinkedHashMap<>(common);
      proposer.put("slotstream.gossip.node-id", "proposer");
      proposer.put("slotstream.node.key-seeds", "validator-0,validator-1,validator-2,validator-3");
      proposer.put("slotstream.chain.signing-record-dir", runDir.resolve("proposer-record").toString());
      services.add(start("proposer", "proposer-service", proposer));
      for (int i = 0; i < VALIDATORS; i++) {
        Map<String, String> validator = new LinkedHashMap<>(common);
        validator.put("slotstream.gossip.node-id", "validator-" + i);
        validator.put("slotstream.node.key-seeds", "validator-" + i);
        validator.put("slotstream.chain.signing-record-dir", runDir.resolve("validator-" + i + "-record").toString());
        validator.put("slotstream.validator.execution-mode", options.executionMode().name());
        services.add(start("validator-" + i, "validator-service", validator));
      }
      Map<String, String> attestation = new LinkedHashMap<>(common);
      attestation.put("slotstream.gossip.node-id", "attestation");
      attestation.put("spring.data.redis.host", redis.host());
      attestation.put("spring.data.redis.port", Integer.toString(redis.port()));
      services.add(start("attestation", "attestation-service", attestation));

      Instant deadline = Instant.now().plusSeconds(180);
      for (ServiceProcess s : services) {
        s.awaitReady(http, deadline);
      }
      out.printf("devnet: %d services ready after %ds%n", services.size(),
          Duration.between(genesis, Instant.now()).toSeconds());

      Thread watcher = new Thread(() -> watch(kafka.bootstrapServers(), prefix, signer), "devnet-watch");
      watcher.setDaemon(true);
      watcher.start();

      // One slot of margin for the consumer groups to settle, then the measured slots.
      SlotNumber first = timetable.slotAt(Instant.now()).orElseThrow().next().next();
      List<Tx> load = presign(signer, slots * timetable.blocksPerSlot() * txsPerBlock + txsPerBlock);
      int next = 0;
      List<Long> measured = new ArrayList<>();
      Map<Long, Slot> details = new LinkedHashMap<>();
      List<Long> finals = new ArrayList<>();
      ServiceProcess proposerService = services.get(0);
      // Slots are reported from their own thread, so reporting one never delays the next's load.
      java.util.concurrent.ExecutorService reporter = java.util.concurrent.Executors.newSingleThreadExecutor();
      List<java.util.concurrent.Future<?>> reports = new ArrayList<>();
      for (long s = first.value(); s < first.value() + slots; s++) {
        SlotNumber slot = SlotNumber.of(s);
        for (SubSlot sub : timetable.subSlots(slot)) {
          // HTTP, admission and the tx topic's ack take a moment: post well before the build.
          sleepUntil(sub.start().minusMillis(500));
          int n = Math.min(txsPerBlock, load.size() - next);
          post(proposerService, load.subList(next, next + n));
          next += n;
        }
        long number = s;
        reports.add(reporter.submit(() -> {
          sleepUntil(timetable.slotEnd(slot).plusMillis(300));
          measured.add(number);
          details.put(number, slot(slot));
          if (printSlot(slot, timetable, services.subList(1, 1 + VALIDATORS))) {
            finals.add(number);
          }
        }));
      }
      for (java.util.concurrent.Future<?> report : reports) {
        report.get();
      }
      reporter.shutdown();
      stop.set(true);
      out.printf("devnet: %d of %d slots reached quorum; txs accepted %d, refused %d%n", finals.size(),
          measured.size(), txsAccepted.get(), txsRefused.get());
      return new Result(measured, finals, txsAccepted.get(), details, timetable.slotDuration());
    } finally {
      stop.set(true);
      services.forEach(ServiceProcess::close);
    }
  }

  private ServiceProcess start(String name, String module, Map<String, String> properties) throws Exception {
    Path jar = serviceJars.existingJar(module);
    return ServiceProcess.start(name, jar, LocalRedis.freePort(), properties, runDir);
  }

  private List<Tx> presign(ProtocolSigner signer, int n) {
    List<SigningKey> users = IntStream.range(0, USERS).mapToObj(i -> SigningKey.fromSeed("user-" + i)).toList();
    long[] nonces = new long[USERS];
    List<Tx> txs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int u = i % USERS;
      txs.add(signer.signTx(new TxPayload(CHAIN_ID, users.get(u).address(), nonces[u]++, 20_000,
          List.of(new Transfer(users.get((u + 3) % USERS).address(), 1 + i % 100)), List.of()), users.get(u)));
    }
    return txs;
  }

  @SuppressWarnings("FutureReturnValueIgnored") // whenComplete only counts the answer
  private void post(ServiceProcess proposer, List<Tx> txs) {
    for (Tx tx : txs) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(proposer.baseUrl() + "/api/v1/txs"))
              .timeout(Duration.ofSeconds(5))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"tx\":\"" + Hex.encode(tx.encode()) + "\"}"))
              .build();
      http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .whenComplete((r, e) -> (e == null && r.statusCode() / 100 == 2 ? txsAccepted : txsRefused).incrementAndGet());
    }
  }

  /** Reads the gossip topics as any node would, from their current end. */
  private void watch(String bootstrap, String prefix, ProtocolSigner signer) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "devnet-watch");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      String quorumTopic = prefix + ".checkpoint_quorum";
      consumer.subscribe(List.of(TopicType.BLOCK_PROPOSAL.qualified(prefix), TopicType.CHECKPOINT_PROPOSAL.qualified(prefix),
          TopicType.CHECKPOINT_ATTESTATION.qualified(prefix), quorumTopic));
      while (!stop.get()) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          try {
            record(r, prefix, quorumTopic, signer);
          } catch (RuntimeException e) {
            // a malformed record is the services' business (they dead-letter it); the watcher skips it
          }
        }
      }
    }
  }

  private void record(ConsumerRecord<byte[], byte[]> r, String prefix, String quorumTopic, ProtocolSigner signer) {
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
    } else if (r.topic().equals(TopicType.CHECKPOINT_ATTESTATION.qualified(prefix))) {
      CheckpointAttestation a = CheckpointAttestation.decode(r.value());
      signer.recoverAttester(a).ifPresent(addr -> {
        slot(a.slotNumber()).attesters.add(nameOf(addr));
        slot(a.slotNumber()).attestedAt.putIfAbsent(nameOf(addr), at);
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

  private boolean printSlot(SlotNumber slotNumber, Timetable timetable, List<ServiceProcess> validators) {
    Slot s = slot(slotNumber);
    Instant start = timetable.slotStart(slotNumber);
    StringBuilder line = new StringBuilder(String.format("slot %4d  blocks %d %s  executed", slotNumber.value(),
        s.blockTxs.size(), s.blockTxs.values()));
    for (int i = 0; i < validators.size(); i++) {
      line.append(String.format(" v%d %s", i, executedBy(i, validators.get(i), slotNumber)));
    }
    line.append(String.format("  attestations %d %s", s.attesters.size(), s.attesters));
    line.append(s.quorumAt == null
        ? "  quorum not reached"
        : String.format("  quorum %d at +%.2fs", s.quorumSize, Duration.between(start, s.quorumAt).toMillis() / 1000.0));
    line.append("  archive ").append(s.archive == null ? "-" : s.archive);
    out.println(line);
    return s.quorumAt != null;
  }

  /** Asks a validator what it executed in the slot, keeping its per-block times. */
  private String executedBy(int index, ServiceProcess validator, SlotNumber slot) {
    try {
      HttpResponse<String> r = http.send(
          HttpRequest.newBuilder(URI.create(validator.baseUrl() + "/api/v1/validator/slots/" + slot.value()))
              .timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return "-";
      }
      JsonNode body = JSON.readTree(r.body());
      SortedMap<Integer, Instant> times = slot(slot).executedAt.computeIfAbsent("v" + index, k -> new ConcurrentSkipListMap<>());
      body.path("executedAtMillis").fields()
          .forEachRemaining(e -> times.put(Integer.parseInt(e.getKey()), Instant.ofEpochMilli(e.getValue().asLong())));
      return body.path("executedIndices").size() + "(" + body.path("status").asText() + ")";
    } catch (Exception e) {
      return "?";
    }
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
