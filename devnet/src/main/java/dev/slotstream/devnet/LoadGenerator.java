package dev.slotstream.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slotstream.core.committee.CommitteeSelector;
import dev.slotstream.core.committee.ValidatorSet;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.consensus.RollupParameters;
import dev.slotstream.core.crypto.ProtocolSigner;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.message.Transfer;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.message.TxPayload;
import dev.slotstream.core.time.TimetableConfig;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Hex;
import dev.slotstream.localinfra.LocalKafka;
import dev.slotstream.localinfra.LocalRedis;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * {@code bin/load}: an open-loop load on a local network over Kafka (the proposer, four validators
 * and the attestation service as their own JVMs; no L1). Each step offers a fixed rate for a fixed
 * time whatever the network does: txs are signed before the network starts, each is sent at its
 * scheduled instant, and latencies are measured from that instant (so a slow network cannot hide
 * its queueing by slowing the load down).
 *
 * <p>What happened to each tx comes from the network, not from the generator's guesses: the HTTP
 * answer (accepted, or refused with its reason), then the nodes' server-sent events ({@code GET
 * /api/v1/events}): the proposer's PROPOSED block (included), each validator's EXECUTED block
 * (executed by every validator once all four reported it), the proposer's checkpoint event (in a
 * checkpoint with quorum). Stage instants are the nodes' own (one machine, one clock).
 */
public final class LoadGenerator {
  /** How txs reach the proposer. */
  public enum Submission {
    JSON,
    BINARY,
    BATCH
  }

  /** One rate offered for a while. */
  public record Step(int rate, Duration duration) {}

  public record Settings(
      List<Step> steps,
      Submission submission,
      int accounts,
      Duration batchTick,
      int connections,
      Duration drain,
      boolean jfr,
      Map<String, String> extraProperties) {}

  static final int VALIDATORS = NetworkDevnet.VALIDATORS;
  static final long FEE = 20_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What became of one tx; instants in epoch microseconds, 0 until reached. */
  static final class Rec {
    final int step;
    final long scheduled;
    volatile long accepted;
    volatile long included;
    volatile long executedAll;
    volatile long checkpointed;
    volatile String refused;
    final AtomicInteger executedBy = new AtomicInteger();

    Rec(int step, long scheduled) {
      this.step = step;
      this.scheduled = scheduled;
    }

    boolean done() {
      return refused != null || checkpointed != 0;
    }
  }

  private final Settings settings;
  private final Path runDir;
  private final PrintStream out;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final Map<String, Rec> byHash = new ConcurrentHashMap<>();
  private final Map<Long, List<String>> blockTxs = new ConcurrentHashMap<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicLong offered = new AtomicLong();
  private final AtomicLong acceptedCount = new AtomicLong();
  private final AtomicLong refusedCount = new AtomicLong();
  private final AtomicLong includedCount = new AtomicLong();
  private final AtomicLong executedCount = new AtomicLong();
  private final AtomicLong checkpointedCount = new AtomicLong();
  private final Map<String, AtomicLong> refusedBy = new ConcurrentHashMap<>();
  private final List<String> sseErrors = new CopyOnWriteArrayList<>();
  private final BoundedHttpSender sender;

  public LoadGenerator(Settings settings, Path runDir, PrintStream out) {
    this.settings = settings;
    this.runDir = runDir;
    this.out = out;
    this.sender = new BoundedHttpSender(http, settings.connections());
  }

  /** Runs every step on one network; returns each step's summary. */
  public List<StepSummary> run() throws Exception {
    java.nio.file.Files.createDirectories(runDir);
    Instant genesis = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    TimetableConfig timetable = TimetableConfig.devnet(genesis);
    RollupContext context =
        RollupContext.of(
            new RollupParameters(
                NetworkDevnet.CHAIN_ID,
                1,
                EthAddress.fromHex(NetworkDevnet.ROLLUP),
                timetable,
                ValidatorSet.of(
                    IntStream.range(0, VALIDATORS)
                        .mapToObj(i -> SigningKey.fromSeed("validator-" + i).address())
                        .toList()),
                Bytes32.fromHex(NetworkDevnet.BASE_SEED),
                CommitteeSelector.DEFAULT_TARGET_COMMITTEE_SIZE,
                1024));
    long signStart = System.nanoTime();
    List<List<Tx>> load = presign(context.signer());
    int total = load.stream().mapToInt(List::size).sum();
    out.printf(
        "load: %d txs from %d accounts signed in %.1fs%n",
        total, settings.accounts(), (System.nanoTime() - signStart) / 1e9);

    List<ServiceProcess> services = new CopyOnWriteArrayList<>();
    // Ctrl-C or a timeout: the service JVMs must not outlive the generator.
    Thread cleanup = new Thread(() -> closeAll(services), "load-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try (LocalKafka kafka = LocalKafka.start();
        LocalRedis redis = LocalRedis.start()) {
      try {
        ServiceProcess proposer = startNetwork(kafka, redis, genesis, services);
        out.printf(
            "load: network ready (proposer %s, logs in %s); submission %s,"
                + " at most %d requests awaiting an answer%n",
            proposer.baseUrl(), runDir, settings.submission(), settings.connections());
        followEvents(proposer, "proposer");
        for (int i = 0; i < VALIDATORS; i++) {
          followEvents(services.get(i), "validator-" + i);
        }
        // A slot of margin: consumer groups settle and the first checkpoint is made.
        LockSupport.parkNanos(timetable.slotDuration().toNanos());
        Thread reporter = new Thread(this::reportEverySecond, "load-report");
        reporter.setDaemon(true);
        reporter.start();
        List<StepSummary> summaries = new ArrayList<>();
        for (int s = 0; s < settings.steps().size(); s++) {
          summaries.add(runStep(s, settings.steps().get(s), load.get(s), proposer, services));
        }
        stop.set(true);
        out.println();
        out.println("load: saturation (one run; latencies from each tx's scheduled send instant)");
        out.println(StepSummary.HEADER);
        summaries.forEach(x -> out.println(x.row()));
        if (!sseErrors.isEmpty()) {
          out.println("load: event streams: " + sseErrors);
        }
        return summaries;
      } finally {
        // Before the resources close: with the broker gone first, each service spent its shutdown
        // failing to reach it (a proposal unacknowledged, every later one of the slot not sent).
        stop.set(true);
        closeAll(services);
      }
    } finally {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    }
  }

  /** All at once: each may take its time to stop, and Kafka must outlive them. */
  private static void closeAll(List<ServiceProcess> services) {
    services.parallelStream().forEach(ServiceProcess::close);
    services.clear();
  }

  private List<List<Tx>> presign(ProtocolSigner signer) {
    int n = settings.accounts();
    List<SigningKey> keys =
        IntStream.range(0, n).parallel().mapToObj(i -> SigningKey.fromSeed("user-" + i)).toList();
    List<List<Tx>> steps = new ArrayList<>();
    int global = 0;
    for (Step step : settings.steps()) {
      int count = (int) (step.rate() * step.duration().toMillis() / 1000);
      int first = global;
      // Round robin over the accounts: account i % n at nonce i / n, so no sender gets ahead.
      steps.add(
          IntStream.range(first, first + count)
              .parallel()
              .mapToObj(
                  i -> {
                    int u = i % n;
                    SigningKey from = keys.get(u);
                    return signer.signTx(
                        new TxPayload(
                            NetworkDevnet.CHAIN_ID,
                            from.address(),
                            i / n,
                            FEE,
                            List.of(new Transfer(keys.get((u + 3) % n).address(), 1 + i % 100)),
                            List.of()),
                        from);
                  })
              .toList());
      global += count;
    }
    return steps;
  }

  private ServiceProcess startNetwork(
      LocalKafka kafka, LocalRedis redis, Instant genesis, List<ServiceProcess> services)
      throws Exception {
    String prefix = "load-" + runDir.getFileName();
    Map<String, String> common = new java.util.LinkedHashMap<>();
    common.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
    common.put("slotstream.protocol.chain-id", Long.toString(NetworkDevnet.CHAIN_ID));
    common.put("slotstream.protocol.version", "1");
    common.put("slotstream.protocol.rollup-address", NetworkDevnet.ROLLUP);
    common.put("slotstream.protocol.genesis-time", Long.toString(genesis.getEpochSecond()));
    common.put("slotstream.protocol.timetable.preset", "devnet");
    common.put(
        "slotstream.protocol.validator-seeds", "validator-0,validator-1,validator-2,validator-3");
    common.put("slotstream.protocol.base-seed", NetworkDevnet.BASE_SEED);
    common.put(
        "slotstream.protocol.committee-size",
        Integer.toString(CommitteeSelector.DEFAULT_TARGET_COMMITTEE_SIZE));
    common.put("slotstream.gossip.network-prefix", prefix);
    // user-0 .. user-(accounts-1), derived the same way by every node.
    common.put("slotstream.chain.genesis-account-count", Integer.toString(settings.accounts()));
    common.putAll(settings.extraProperties());

    List<Map<String, String>> validators = new ArrayList<>();
    for (int i = 0; i < VALIDATORS; i++) {
      Map<String, String> v = new java.util.LinkedHashMap<>(common);
      v.put("slotstream.gossip.node-id", "validator-" + i);
      v.put("slotstream.node.key-seeds", "validator-" + i);
      v.put(
          "slotstream.chain.signing-record-dir",
          runDir.resolve("validator-" + i + "-record").toString());
      validators.add(v);
    }
    Map<String, String> a = new java.util.LinkedHashMap<>(common);
    a.put("slotstream.gossip.node-id", "attestation");
    a.put("spring.data.redis.host", redis.host());
    a.put("spring.data.redis.port", Integer.toString(redis.port()));
    Map<String, String> p = new java.util.LinkedHashMap<>(common);
    p.put("slotstream.gossip.node-id", "proposer");
    p.put("slotstream.node.key-seeds", "validator-0,validator-1,validator-2,validator-3");
    p.put("slotstream.chain.signing-record-dir", runDir.resolve("proposer-record").toString());
    // Each jar's class data sharing archive, made once per build (ClassDataSharing).
    ServiceJars jars = ServiceJars.fromBuild();
    Map<Path, Map<String, String>> training = new java.util.LinkedHashMap<>();
    training.put(jars.existingJar("validator-service"), validators.get(0));
    training.put(jars.existingJar("attestation-service"), a);
    training.put(jars.existingJar("proposer-service"), p);
    Map<Path, ClassDataSharing.Launch> launches = ClassDataSharing.prepare(training, out);

    // Generous: six JVMs starting at once on a busy 2-core machine, each deriving every account.
    Instant deadline = Instant.now().plusSeconds(600);
    for (int i = 0; i < VALIDATORS; i++) {
      services.add(
          start(
              "validator-" + i,
              launches.get(jars.existingJar("validator-service")),
              validators.get(i),
              jfr("validator-" + i)));
    }
    services.add(
        start(
            "attestation",
            launches.get(jars.existingJar("attestation-service")),
            a,
            jfr("attestation")));
    ServiceProcess proposer =
        start("proposer", launches.get(jars.existingJar("proposer-service")), p, jfr("proposer"));
    services.add(proposer);
    for (ServiceProcess s : services) {
      s.awaitReady(http, deadline);
    }
    return proposer;
  }

  /** With --jfr, every service records a profile: {@code <run>/<service>.jfr}, written on exit. */
  private List<String> jfr(String service) {
    return settings.jfr()
        ? List.of(
            "-XX:StartFlightRecording=filename="
                + runDir.resolve(service + ".jfr")
                + ",settings=profile,dumponexit=true")
        : List.of();
  }

  private ServiceProcess start(
      String name, ClassDataSharing.Launch launch, Map<String, String> properties, List<String> jvm)
      throws Exception {
    return ServiceProcess.start(name, launch, LocalRedis.freePort(), properties, runDir, jvm);
  }

  // ---- observation: the nodes' event streams ----

  private void followEvents(ServiceProcess node, String name) {
    Thread t = new Thread(() -> readEvents(node, name), "load-events-" + name);
    t.setDaemon(true);
    t.start();
  }

  private void readEvents(ServiceProcess node, String name) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/v1/events"))
            .header("Accept", "text/event-stream")
            .GET()
            .build();
    try {
      HttpResponse<Stream<String>> response =
          http.send(request, HttpResponse.BodyHandlers.ofLines());
      String event = null;
      for (String line : (Iterable<String>) response.body()::iterator) {
        if (stop.get()) {
          return;
        }
        if (line.startsWith("event:")) {
          event = line.substring(6).trim();
        } else if (line.startsWith("data:") && event != null) {
          onEvent(name, event, JSON.readTree(line.substring(5)));
        } else if (line.isEmpty()) {
          event = null;
        }
      }
    } catch (Exception e) {
      if (!stop.get()) {
        sseErrors.add(name + ": " + e);
      }
    }
  }

  private void onEvent(String node, String event, JsonNode data) {
    long at = micros(Instant.parse(data.get("at").asText()));
    boolean proposer = node.equals("proposer");
    if (event.equals("block")) {
      String stage = data.get("stage").asText();
      List<String> hashes = new ArrayList<>();
      data.get("txHashes").forEach(h -> hashes.add(h.asText()));
      if (proposer && stage.equals("PROPOSED")) {
        blockTxs.put(data.get("block").asLong(), hashes);
        for (String h : hashes) {
          Rec r = byHash.get(h);
          if (r != null && r.included == 0) {
            r.included = at;
            includedCount.incrementAndGet();
          }
        }
      } else if (!proposer && stage.equals("EXECUTED")) {
        for (String h : hashes) {
          Rec r = byHash.get(h);
          if (r != null && r.executedBy.incrementAndGet() == VALIDATORS) {
            r.executedAll = at;
            executedCount.incrementAndGet();
          }
        }
      }
    } else if (event.equals("checkpoint") && proposer) {
      for (JsonNode b : data.get("blocks")) {
        List<String> hashes = blockTxs.remove(b.asLong());
        if (hashes == null) {
          continue;
        }
        for (String h : hashes) {
          Rec r = byHash.get(h);
          if (r != null && r.checkpointed == 0) {
            r.checkpointed = at;
            checkpointedCount.incrementAndGet();
          }
        }
      }
    }
  }

  // ---- the offered load ----

  private StepSummary runStep(
      int index, Step step, List<Tx> txs, ServiceProcess proposer, List<ServiceProcess> services) {
    out.printf(
        "load: step %d: %d tx/s for %ds (%d txs)%n",
        index + 1, step.rate(), step.duration().toSeconds(), txs.size());
    List<Rec> recs = new ArrayList<>(txs.size());
    List<String> hashes = new ArrayList<>(txs.size());
    for (Tx tx : txs) {
      hashes.add(tx.hash().toString());
    }
    long startNanos = System.nanoTime();
    long startMicros = micros(Instant.now());
    int sent = 0;
    long tickNanos =
        settings.submission() == Submission.BATCH
            ? settings.batchTick().toNanos()
            : Duration.ofMillis(2).toNanos();
    while (sent < txs.size()) {
      double elapsed = (System.nanoTime() - startNanos) / 1e9;
      int due = (int) Math.min(txs.size(), Math.floor(elapsed * step.rate()));
      if (due > sent) {
        List<Tx> batch = txs.subList(sent, due);
        List<Rec> batchRecs = new ArrayList<>(batch.size());
        for (int i = sent; i < due; i++) {
          Rec r = new Rec(index, startMicros + (long) (i * 1e6 / step.rate()));
          byHash.put(hashes.get(i), r);
          recs.add(r);
          batchRecs.add(r);
        }
        offered.addAndGet(batch.size());
        submit(proposer, batch, batchRecs);
        sent = due;
      }
      LockSupport.parkNanos(tickNanos);
    }
    long offeredFor = System.nanoTime() - startNanos;
    // Until every tx of the step is final or refused, or the drain time passed without that.
    long drainEnd = System.nanoTime() + settings.drain().toNanos();
    while (System.nanoTime() < drainEnd && !recs.stream().allMatch(Rec::done)) {
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
    StepSummary summary = StepSummary.of(step, offeredFor / 1e9, recs);
    out.println("load: step " + (index + 1) + " done: " + summary.row());
    // Not carried into the next step, which offers its own rate: neither accepted nor refused.
    int unsent = sender.dropWaiting();
    if (unsent > 0) {
      out.printf(
          "load: step %d: %d requests still queued in the generator at its end, not sent%n",
          index + 1, unsent);
    }
    String memory = ServiceProcess.describeMemory(services);
    out.println(
        "load: step "
            + (index + 1)
            + " resident memory: "
            + (memory.isEmpty() ? "not readable here (no /proc)" : memory));
    return summary;
  }

  /**
   * A request that got no answer, by what failed: sendAsync wraps it in a CompletionException,
   * whose name alone would put a timeout and a refused connection under one reason.
   */
  static String httpFailure(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return "HTTP " + cause.getClass().getSimpleName();
  }

  @SuppressWarnings("FutureReturnValueIgnored") // the callbacks record each answer
  private void submit(ServiceProcess proposer, List<Tx> txs, List<Rec> recs) {
    URI single = URI.create(proposer.baseUrl() + "/api/v1/txs");
    switch (settings.submission()) {
      case JSON, BINARY -> {
        for (int i = 0; i < txs.size(); i++) {
          Tx tx = txs.get(i);
          Rec r = recs.get(i);
          HttpRequest.Builder b = HttpRequest.newBuilder(single).timeout(Duration.ofSeconds(10));
          HttpRequest request =
              settings.submission() == Submission.JSON
                  ? b.header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"tx\":\"" + Hex.encode(tx.encode()) + "\"}"))
                      .build()
                  : b.header("Content-Type", "application/octet-stream")
                      .POST(HttpRequest.BodyPublishers.ofByteArray(tx.encode()))
                      .build();
          sender.send(
              request,
              (resp, e) -> {
                if (e != null) {
                  refuse(r, httpFailure(e));
                } else if (resp.statusCode() / 100 == 2) {
                  accept(r);
                } else {
                  refuse(r, resp.statusCode() + " " + reasonOf(resp.body()));
                }
              });
        }
      }
      case BATCH -> {
        sender.send(
            proposer.batchRequest(txs),
            (resp, e) -> {
              if (e != null) {
                recs.forEach(r -> refuse(r, httpFailure(e)));
                return;
              }
              List<String> refusals = batchRefusals(resp.statusCode(), resp.body(), recs.size());
              for (int i = 0; i < recs.size(); i++) {
                if (refusals.get(i) == null) {
                  accept(recs.get(i));
                } else {
                  refuse(recs.get(i), refusals.get(i));
                }
              }
            });
      }
    }
  }

  static final String UNREADABLE_BATCH_ANSWER = "unreadable batch answer";

  /**
   * What a batch answer says of each of its {@code count} txs: the refusal ("status reason"), or
   * null where the tx was accepted. An answer that is not a 200 with one result per tx refuses them
   * all, so no tx is counted both ways.
   */
  static List<String> batchRefusals(int status, String body, int count) {
    if (status != 200) {
      return Collections.nCopies(count, status + " " + reasonOf(body));
    }
    List<String> refusals = new ArrayList<>(count);
    try {
      JsonNode results = JSON.readTree(body).path("results");
      if (!results.isArray() || results.size() != count) {
        return Collections.nCopies(count, UNREADABLE_BATCH_ANSWER);
      }
      for (JsonNode item : results) {
        JsonNode p = item.get("problem");
        refusals.add(p == null || p.isNull() ? null : p.path("status").asInt() + " " + reasonOf(p));
      }
    } catch (Exception parse) {
      return Collections.nCopies(count, UNREADABLE_BATCH_ANSWER);
    }
    return refusals;
  }

  private void accept(Rec r) {
    r.accepted = micros(Instant.now());
    acceptedCount.incrementAndGet();
  }

  private void refuse(Rec r, String reason) {
    r.refused = reason;
    refusedCount.incrementAndGet();
    refusedBy.computeIfAbsent(reason, k -> new AtomicLong()).incrementAndGet();
  }

  private static String reasonOf(String body) {
    try {
      return reasonOf(JSON.readTree(body));
    } catch (Exception e) {
      return "?";
    }
  }

  private static String reasonOf(JsonNode problem) {
    if (problem.hasNonNull("reason")) {
      return problem.get("reason").asText();
    }
    return problem.path("title").asText("?");
  }

  private void reportEverySecond() {
    long[] last = new long[6];
    long t = 0;
    // queued: requests waiting for one of the client's connections at that instant.
    out.println(
        "load:   t  offered accepted refused included executed checkpointed (per second)  queued");
    while (!stop.get()) {
      LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
      long[] now = {
        offered.get(),
        acceptedCount.get(),
        refusedCount.get(),
        includedCount.get(),
        executedCount.get(),
        checkpointedCount.get()
      };
      t++;
      out.printf(
          "load: %3d %8d %8d %7d %8d %8d %12d %21d%n",
          t,
          now[0] - last[0],
          now[1] - last[1],
          now[2] - last[2],
          now[3] - last[3],
          now[4] - last[4],
          now[5] - last[5],
          sender.waiting());
      last = now;
    }
  }

  static long micros(Instant at) {
    return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
  }

  /** One step's totals and stage latencies (ms from each tx's scheduled send). */
  public record StepSummary(
      int rate,
      double seconds,
      int offered,
      int accepted,
      int refused,
      Map<String, Integer> refusedBy,
      int included,
      int executedAll,
      int checkpointed,
      double[] acceptedMs,
      double[] includedMs,
      double[] executedMs,
      double[] checkpointedMs) {
    static final String HEADER =
        String.format(
            "%6s %8s %8s %8s %8s %8s %8s %9s  %-13s %-13s %-13s %-13s %s",
            "rate",
            "offered",
            "accepted",
            "refused",
            "included",
            "executed",
            "final",
            "final/s",
            "accept p50/99",
            "incl p50/99",
            "exec p50/99",
            "final p50/99",
            "refused by reason");

    static StepSummary of(Step step, double seconds, List<Rec> recs) {
      Map<String, Integer> by = new TreeMap<>();
      for (Rec r : recs) {
        if (r.refused != null) {
          by.merge(r.refused, 1, Integer::sum);
        }
      }
      return new StepSummary(
          step.rate(),
          seconds,
          recs.size(),
          (int) recs.stream().filter(r -> r.accepted != 0).count(),
          (int) recs.stream().filter(r -> r.refused != null).count(),
          by,
          (int) recs.stream().filter(r -> r.included != 0).count(),
          (int) recs.stream().filter(r -> r.executedAll != 0).count(),
          (int) recs.stream().filter(r -> r.checkpointed != 0).count(),
          percentiles(recs, r -> r.accepted),
          percentiles(recs, r -> r.included),
          percentiles(recs, r -> r.executedAll),
          percentiles(recs, r -> r.checkpointed));
    }

    private static double[] percentiles(List<Rec> recs, java.util.function.ToLongFunction<Rec> f) {
      long[] d =
          recs.stream()
              .filter(r -> f.applyAsLong(r) != 0)
              .mapToLong(r -> Math.max(0, f.applyAsLong(r) - r.scheduled))
              .sorted()
              .toArray();
      if (d.length == 0) {
        return new double[] {Double.NaN, Double.NaN};
      }
      return new double[] {
        d[(int) Math.min(d.length - 1, Math.floor(0.5 * d.length))] / 1000.0,
        d[(int) Math.min(d.length - 1, Math.floor(0.99 * d.length))] / 1000.0
      };
    }

    public double finalizedPerSecond() {
      return checkpointed / seconds;
    }

    String row() {
      return String.format(
          "%6d %8d %8d %8d %8d %8d %8d %9.1f  %-13s %-13s %-13s %-13s %s",
          rate,
          offered,
          accepted,
          refused,
          included,
          executedAll,
          checkpointed,
          finalizedPerSecond(),
          ms(acceptedMs),
          ms(includedMs),
          ms(executedMs),
          ms(checkpointedMs),
          refusedBy.isEmpty() ? "-" : refusedBy.toString());
    }

    private static String ms(double[] p) {
      return Double.isNaN(p[0]) ? "-" : String.format("%.0f/%.0f", p[0], p[1]);
    }
  }
}
