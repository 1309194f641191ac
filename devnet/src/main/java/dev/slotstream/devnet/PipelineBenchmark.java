package dev.slotstream.devnet;

import dev.slotstream.core.time.TimetableConfig;
import dev.slotstream.core.validator.ExecutionMode;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Measures the MBPS pipeline on the in-process network (4 validators, 5 blocks per slot): latency
 * from a block's broadcast to its execution at each validator, from the checkpoint proposal to each
 * attestation and to quorum, the same with the sequential baseline, the shortest block interval
 * the validators keep up with, and sustained tx/s. Prints medians and p99 from one run.
 */
public final class PipelineBenchmark {
  private PipelineBenchmark() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    String what = args.length > 0 ? args[0] : "all";
    int slots = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int txsPerBlock = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    Path dir = LocalSimulation.freshDataDir(Path.of(".devnet", "bench"));
    if (what.equals("all") || what.equals("latency")) {
      latency(slots, txsPerBlock, dir);
    }
    if (what.equals("all") || what.equals("sweep")) {
      sweep(args.length > 1 ? slots : 50, txsPerBlock, dir);
    }
    if (what.equals("kafka")) {
      kafka(slots, txsPerBlock, dir);
    }
    if (what.equals("kafka-sweep")) {
      kafkaSweep(slots, txsPerBlock, dir);
    }
    System.exit(0);
  }

  static void latency(int slots, int txsPerBlock, Path dir) throws Exception {
    System.out.printf("== latency: 4 validators, 5 blocks/slot, devnet timetable (6 s slot, 800 ms blocks), %d slots, %d txs/block%n",
        slots, txsPerBlock);
    Stats pipelined = run(slots, txsPerBlock, TimetableConfig::devnet, ExecutionMode.PIPELINED, dir);
    Stats sequential = run(slots, txsPerBlock, TimetableConfig::devnet, ExecutionMode.ON_CHECKPOINT, dir);
    pipelined.print("pipelined");
    sequential.print("sequential");
    System.out.printf("headline: checkpoint proposal → quorum, pipelined / sequential = %.2f (medians %s / %s)%n",
        ratio(pipelined.proposalToQuorum, sequential.proposalToQuorum),
        fmt(median(pipelined.proposalToQuorum)), fmt(median(sequential.proposalToQuorum)));
    System.out.printf("          checkpoint proposal → attestation, pipelined / sequential = %.2f%n",
        ratio(pipelined.proposalToAttestation, sequential.proposalToAttestation));
  }

  static void sweep(int slots, int txsPerBlock, Path dir) throws Exception {
    System.out.printf("== block interval sweep: %d slots each, %d txs/block, 2 s slots%n", slots, txsPerBlock);
    for (int intervalMs : new int[] {300, 200, 100, 50, 25}) {
      Stats s = run(slots, txsPerBlock, genesis -> fastTimetable(genesis, intervalMs), ExecutionMode.PIPELINED, dir);
      System.out.printf("interval %3d ms: slots final %d/%d, all validators attested %d/%d, blocks executed before the next broadcast %d/%d, "
              + "broadcast→executed median %s p99 %s, sustained %.0f tx/s%n",
          intervalMs, s.finalSlots, slots, s.fullyAttestedSlots, slots, s.keptUp, s.keptUpChecks,
          fmt(median(s.broadcastToExecuted)), fmt(p99(s.broadcastToExecuted)), s.txPerSecond);
    }
  }

  /**
   * The same measurements over the real pipeline: KRaft broker, Redis, the proposer, four validator
   * JVMs and the attestation service (bin/devnet's network). Broadcast and attestation times are the
   * Kafka records' timestamps; execution times come from each validator's slot API.
   */
  static void kafka(int slots, int txsPerBlock, Path dir) throws Exception {
    System.out.printf("== over Kafka: proposer + 4 validator JVMs + attestation service, devnet timetable, %d slots, %d txs/block%n",
        slots, txsPerBlock);
    Path root = Path.of("").toAbsolutePath();
    Stats pipelined = fromNetwork(new NetworkDevnet(slots, txsPerBlock,
        new NetworkDevnet.Options(ExecutionMode.PIPELINED, TimetableConfig::devnet,
            Map.of("slotstream.protocol.timetable.preset", "devnet")),
        LocalSimulation.freshDataDir(dir), root, quiet()).run());
    Stats sequential = fromNetwork(new NetworkDevnet(slots, txsPerBlock,
        new NetworkDevnet.Options(ExecutionMode.ON_CHECKPOINT, TimetableConfig::devnet,
            Map.of("slotstream.protocol.timetable.preset", "devnet")),
        LocalSimulation.freshDataDir(dir), root, quiet()).run());
    pipelined.print("pipelined");
    sequential.print("sequential");
    System.out.printf("headline: checkpoint proposal → quorum, pipelined / sequential = %.2f (medians %s / %s)%n",
        ratio(pipelined.proposalToQuorum, sequential.proposalToQuorum),
        fmt(median(pipelined.proposalToQuorum)), fmt(median(sequential.proposalToQuorum)));
    System.out.printf("          checkpoint proposal → attestation, pipelined / sequential = %.2f%n",
        ratio(pipelined.proposalToAttestation, sequential.proposalToAttestation));
  }

  static void kafkaSweep(int slots, int txsPerBlock, Path dir) throws Exception {
    System.out.printf("== over Kafka, block interval sweep: %d slots each, %d txs/block, 2 s slots%n", slots, txsPerBlock);
    Path root = Path.of("").toAbsolutePath();
    for (int intervalMs : new int[] {300, 200, 100, 50}) {
      Map<String, String> props = new java.util.LinkedHashMap<>();
      TimetableConfig c = fastTimetable(Instant.EPOCH, intervalMs);
      props.put("slotstream.protocol.timetable.preset", "devnet");
      props.put("slotstream.protocol.timetable.slot-duration", c.slotDuration().toMillis() + "ms");
      props.put("slotstream.protocol.timetable.epoch-length", Integer.toString(c.epochLength()));
      props.put("slotstream.protocol.timetable.block-duration", c.blockDuration().toMillis() + "ms");
      props.put("slotstream.protocol.timetable.max-blocks-per-checkpoint", Integer.toString(c.maxBlocksPerCheckpoint()));
      props.put("slotstream.protocol.timetable.min-block-duration", c.minBlockDuration().toMillis() + "ms");
      props.put("slotstream.protocol.timetable.block-build-offset", c.blockBuildOffset().toMillis() + "ms");
      props.put("slotstream.protocol.timetable.checkpoint-proposal-offset", c.checkpointProposalOffset().toMillis() + "ms");
      props.put("slotstream.protocol.timetable.proposal-propagation", c.proposalPropagation().toMillis() + "ms");
      props.put("slotstream.protocol.timetable.attestation-deadline-offset", c.attestationDeadlineOffset().toMillis() + "ms");
      props.put("slotstream.protocol.timetable.l1-publish-offset", c.l1PublishOffset().toMillis() + "ms");
      props.put("slotstream.protocol.timetable.clock-tolerance", c.clockTolerance().toMillis() + "ms");
      Stats s = fromNetwork(new NetworkDevnet(slots, txsPerBlock,
          new NetworkDevnet.Options(ExecutionMode.PIPELINED, g -> fastTimetable(g, intervalMs), props),
          LocalSimulation.freshDataDir(dir), root, quiet()).run());
      System.out.printf("interval %3d ms: slots final %d/%d, all validators attested %d/%d, blocks executed before the next broadcast %d/%d, "
              + "broadcast→executed median %s p99 %s, sustained %.0f tx/s%n",
          intervalMs, s.finalSlots, slots, s.fullyAttestedSlots, slots, s.keptUp, s.keptUpChecks,
          fmt(median(s.broadcastToExecuted)), fmt(p99(s.broadcastToExecuted)), s.txPerSecond);
    }
  }

  private static PrintStream quiet() {
    return new PrintStream(OutputStream.nullOutputStream());
  }

  static Stats fromNetwork(NetworkDevnet.Result result) {
    List<Duration> b2e = new ArrayList<>();
    List<Duration> p2a = new ArrayList<>();
    List<Duration> p2q = new ArrayList<>();
    int fully = 0;
    int keptUp = 0;
    int checks = 0;
    long txs = 0;
    for (NetworkDevnet.Slot s : result.details().values()) {
      for (var byValidator : s.executedAt.values()) {
        for (Map.Entry<Integer, Instant> x : byValidator.entrySet()) {
          Instant broadcast = s.broadcastAt.get(x.getKey());
          if (broadcast != null) {
            b2e.add(Duration.between(broadcast, x.getValue()));
          }
          Instant next = s.broadcastAt.get(x.getKey() + 1);
          if (next != null && x.getKey() + 1 < s.broadcastAt.size() - 1) {
            checks++;
            if (x.getValue().isBefore(next)) {
              keptUp++;
            }
          }
        }
      }
      if (s.checkpointAt != null) {
        s.attestedAt.values().forEach(a -> p2a.add(Duration.between(s.checkpointAt, a)));
        if (s.quorumAt != null) {
          p2q.add(Duration.between(s.checkpointAt, s.quorumAt));
          txs += s.txCount();
        }
      }
      if (s.attestedAt.size() == LocalSimulation.VALIDATORS) {
        fully++;
      }
    }
    double seconds = result.slots().size() * result.slotDuration().toMillis() / 1000.0;
    return new Stats(b2e, p2a, p2q, result.finalSlots().size(), fully, keptUp, checks, txs / seconds);
  }

  /** Five blocks of {@code intervalMs} from 100 ms into a 2 s slot; attestations until 1.9 s. */
  static TimetableConfig fastTimetable(Instant genesis, int intervalMs) {
    Duration block = Duration.ofMillis(intervalMs);
    Duration blocksEnd = Duration.ofMillis(100).plus(block.multipliedBy(5));
    return new TimetableConfig(genesis, Duration.ofSeconds(2), 8, block, 5, Duration.ofMillis(Math.min(20, intervalMs / 2)),
        Duration.ofMillis(100), blocksEnd, Duration.ofMillis(50), Duration.ofMillis(1900), Duration.ofMillis(1950),
        Duration.ofMillis(200));
  }

  record Stats(
      List<Duration> broadcastToExecuted,
      List<Duration> proposalToAttestation,
      List<Duration> proposalToQuorum,
      int finalSlots,
      int fullyAttestedSlots,
      int keptUp,
      int keptUpChecks,
      double txPerSecond) {
    void print(String label) {
      System.out.printf("%-10s broadcast→executed median %s p99 %s (n=%d) | proposal→attestation median %s p99 %s (n=%d) | proposal→quorum median %s p99 %s (n=%d) | final slots %d | %.0f tx/s%n",
          label, fmt(median(broadcastToExecuted)), fmt(p99(broadcastToExecuted)), broadcastToExecuted.size(),
          fmt(median(proposalToAttestation)), fmt(p99(proposalToAttestation)), proposalToAttestation.size(),
          fmt(median(proposalToQuorum)), fmt(p99(proposalToQuorum)), proposalToQuorum.size(), finalSlots, txPerSecond);
    }
  }

  static Stats run(int slots, int txsPerBlock, Function<Instant, TimetableConfig> timetable, ExecutionMode mode, Path dir)
      throws Exception {
    List<SlotReport> reports;
    Duration slotDuration;
    try (LocalSimulation sim =
        new LocalSimulation(new LocalSimulation.Settings(slots, txsPerBlock, timetable, mode),
            LocalSimulation.freshDataDir(dir), new PrintStream(OutputStream.nullOutputStream()))) {
      reports = sim.run();
      slotDuration = sim.context().timetable().slotDuration();
    }
    List<Duration> b2e = new ArrayList<>();
    List<Duration> p2a = new ArrayList<>();
    List<Duration> p2q = new ArrayList<>();
    int finalSlots = 0;
    int fully = 0;
    int keptUp = 0;
    int checks = 0;
    long txs = 0;
    for (SlotReport r : reports) {
      for (var e : r.executed.entrySet()) {
        for (Map.Entry<Integer, Instant> x : e.getValue().entrySet()) {
          SlotReport.Block block = r.blocks.get(x.getKey());
          if (block != null) {
            b2e.add(Duration.between(block.broadcastAt(), x.getValue()));
          }
          SlotReport.Block next = r.blocks.get(x.getKey() + 1);
          if (next != null && x.getKey() + 1 < r.blocks.size() - 1) {
            checks++;
            if (x.getValue().isBefore(next.broadcastAt())) {
              keptUp++;
            }
          }
        }
      }
      if (r.checkpointAt != null) {
        r.attestedAt.values().forEach(a -> p2a.add(Duration.between(r.checkpointAt, a)));
        if (r.quorumAt != null) {
          p2q.add(Duration.between(r.checkpointAt, r.quorumAt));
        }
      }
      if (r.reachedQuorum()) {
        finalSlots++;
        txs += r.checkpointTxs == null ? 0 : r.checkpointTxs;
      }
      if (r.attesters.size() == LocalSimulation.VALIDATORS) {
        fully++;
      }
    }
    double seconds = slots * slotDuration.toMillis() / 1000.0;
    return new Stats(b2e, p2a, p2q, finalSlots, fully, keptUp, checks, txs / seconds);
  }

  static Duration median(List<Duration> xs) {
    return percentile(xs, 50);
  }

  static Duration p99(List<Duration> xs) {
    return percentile(xs, 99);
  }

  static Duration percentile(List<Duration> xs, int p) {
    if (xs.isEmpty()) {
      return null;
    }
    List<Duration> sorted = new ArrayList<>(xs);
    Collections.sort(sorted);
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  static double ratio(List<Duration> a, List<Duration> b) {
    Duration ma = median(a);
    Duration mb = median(b);
    return ma == null || mb == null || mb.isZero() ? Double.NaN : (double) ma.toNanos() / mb.toNanos();
  }

  static String fmt(Duration d) {
    return d == null ? "-" : String.format("%.1f ms", d.toNanos() / 1e6);
  }
}
