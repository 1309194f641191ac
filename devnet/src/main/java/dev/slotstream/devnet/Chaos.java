package dev.slotstream.devnet;

import dev.slotstream.core.message.TopicType;
import dev.slotstream.core.types.SlotNumber;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code bin/chaos}: runs bin/devnet's network (broker, Redis and the service JVMs) and injects one
 * fault after another, each in a phase of its own slots, then prints per fault what happened:
 * slots final and lost in its phase, double signatures (a validator attesting two checkpoints of
 * one slot, or two checkpoint proposals for one slot; must be 0) and the time from the end of the
 * fault to the next quorum.
 */
public final class Chaos {
  /** Junk records per topic per slot of the junk-flood phase. */
  static final int JUNK_PER_TOPIC_PER_SLOT = 1_000;

  /** One fault: what it does at the start of its phase's slots, and whether it repeats each slot. */
  enum Fault {
    BASELINE("no fault"),
    JUNK_FLOOD("1,000 junk records per slot into every topic, every slot of the phase"),
    OVERSIZED("one 8 MiB gzip record (compresses to ~8 KiB) into every topic at +1 s"),
    KILL_VALIDATOR("kill -9 validator-1 at +1 s, restarted at once"),
    KILL_PROPOSER("kill -9 the proposer at +1 s, restarted at once"),
    BROKER_RESTART("broker stopped at +1 s, restarted 3 s later"),
    REDIS_RESTART("Redis stopped at +2 s, restarted 10 s later (its append-only file kept)");

    final String description;

    Fault(String description) {
      this.description = description;
    }
  }

  /** What the hook recorded about one fault. */
  static final class Injection {
    volatile Instant start;
    volatile Instant end;

    /** The slot a process was killed in (kill faults only). */
    volatile Long killSlot;

    /** Kill to ready again (kill faults only). */
    volatile Duration readyAfter;

    final List<String> notes = new java.util.concurrent.CopyOnWriteArrayList<>();
  }

  private final List<Fault> faults;
  private final int slotsPerFault;
  private final PrintStream out;

  /** By phase: a fault may be given more than once (e.g. three kill-proposer phases). */
  private final Map<Integer, Injection> injections = new ConcurrentHashMap<>();

  private final Random random = new Random(8);
  private final boolean l1;
  private volatile KafkaProducer<byte[], byte[]> producer;

  Chaos(List<Fault> faults, int slotsPerFault, boolean l1, PrintStream out) {
    this.faults = faults;
    this.l1 = l1;
    this.slotsPerFault = slotsPerFault;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
    int slotsPerFault = 4;
    List<Fault> faults = new ArrayList<>(Arrays.asList(Fault.values()));
    Path dataDir = Path.of(".devnet");
    boolean l1 = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--slots-per-fault" -> slotsPerFault = Integer.parseInt(args[++i]);
        case "--faults" -> {
          faults = new ArrayList<>(List.of(Fault.BASELINE));
          for (String f : args[++i].split(",")) {
            Fault fault =
                Fault.valueOf(f.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            if (fault != Fault.BASELINE) {
              faults.add(fault);
            }
          }
        }
        case "--data-dir" -> dataDir = Path.of(args[++i]);
        case "--no-l1" -> l1 = false;
        case "-h", "--help" -> {
          System.out.println(
              "usage: bin/chaos [--slots-per-fault N] [--faults junk-flood,oversized,kill-validator,"
                  + "kill-proposer,broker-restart,redis-restart] [--data-dir DIR] [--no-l1]");
          return;
        }
        default -> {
          System.err.println("chaos: unknown argument " + args[i]);
          System.exit(2);
        }
      }
    }
    Chaos chaos = new Chaos(faults, slotsPerFault, l1, System.out);
    boolean ok = chaos.run(LocalSimulation.freshDataDir(dataDir));
    System.exit(ok ? 0 : 1);
  }

  boolean run(Path runDir) throws Exception {
    out.println("chaos: faults, one phase of " + slotsPerFault + " slots each:");
    for (Fault f : faults) {
      out.printf("chaos:   %-15s %s%n", f.name().toLowerCase(java.util.Locale.ROOT), f.description);
    }
    NetworkDevnet devnet =
        new NetworkDevnet(
                faults.size() * slotsPerFault,
                5,
                NetworkDevnet.Options.devnet().withL1(l1, 0),
                runDir,
                out)
            .withSlotHook(this::atSlotStart);
    NetworkDevnet.Result result;
    try {
      result = devnet.run();
    } finally {
      KafkaProducer<byte[], byte[]> p = producer;
      if (p != null) {
        p.close(Duration.ofSeconds(2));
      }
    }
    return report(result);
  }

  private void atSlotStart(SlotNumber slot, int index, NetworkDevnet.Network network) {
    Fault fault = faults.get(index / slotsPerFault);
    try {
      inject(fault, slot, index, network);
    } catch (Exception e) {
      // The run goes on: the table shows what the failed injection cost.
      Injection injection = injections.computeIfAbsent(index / slotsPerFault, f -> new Injection());
      injection.notes.add("injection failed: " + e);
      if (injection.end == null) {
        injection.end = Instant.now();
      }
    }
  }

  private void inject(Fault fault, SlotNumber slot, int index, NetworkDevnet.Network network)
      throws Exception {
    boolean firstOfPhase = index % slotsPerFault == 0;
    Injection injection = injections.computeIfAbsent(index / slotsPerFault, f -> new Injection());
    Instant slotStart = network.timetable().slotStart(slot);
    switch (fault) {
      case BASELINE -> {
        if (firstOfPhase) {
          injection.start = slotStart;
          injection.end = slotStart;
        }
      }
      case JUNK_FLOOD -> {
        // Every slot of the phase but the last, which shows the network once the flood stopped.
        if (index % slotsPerFault < slotsPerFault - 1) {
          if (firstOfPhase) {
            injection.start = Instant.now();
          }
          long sent = junk(network);
          injection.end = Instant.now();
          injection.notes.add(sent + " junk records at slot " + slot.value());
        }
      }
      case OVERSIZED -> {
        if (firstOfPhase) {
          sleepUntil(slotStart.plusSeconds(1));
          injection.start = Instant.now();
          oversized(network, injection);
          injection.end = Instant.now();
        }
      }
      case KILL_VALIDATOR, KILL_PROPOSER -> {
        if (firstOfPhase) {
          ServiceProcess victim =
              network.services().get(fault == Fault.KILL_VALIDATOR ? "validator-1" : "proposer");
          sleepUntil(slotStart.plusSeconds(1));
          injection.start = Instant.now();
          injection.killSlot = slot.value();
          victim.kill();
          victim.restart();
          victim.awaitReady(network.http(), Instant.now().plusSeconds(300));
          injection.end = Instant.now();
          injection.readyAfter = Duration.between(injection.start, injection.end);
          injection.notes.add(
              String.format(
                  "%s ready again %.1fs after the kill",
                  victim.name(),
                  Duration.between(injection.start, injection.end).toMillis() / 1000.0));
        }
      }
      case BROKER_RESTART -> {
        if (firstOfPhase) {
          sleepUntil(slotStart.plusSeconds(1));
          injection.start = Instant.now();
          network.kafka().stop();
          Instant stopped = Instant.now();
          sleepUntil(stopped.plusSeconds(3));
          network.kafka().restart();
          injection.end = Instant.now();
          injection.notes.add(
              String.format(
                  "broker down %.1fs (stop %.1fs, restart %.1fs)",
                  Duration.between(injection.start, injection.end).toMillis() / 1000.0,
                  Duration.between(injection.start, stopped).toMillis() / 1000.0,
                  Duration.between(stopped.plusSeconds(3), injection.end).toMillis() / 1000.0));
        }
      }
      case REDIS_RESTART -> {
        if (firstOfPhase) {
          sleepUntil(slotStart.plusSeconds(2));
          injection.start = Instant.now();
          network.redis().stop();
          sleepUntil(injection.start.plusSeconds(10));
          network.redis().restart();
          injection.end = Instant.now();
        }
      }
    }
  }

  private KafkaProducer<byte[], byte[]> producer(NetworkDevnet.Network network) {
    if (producer == null) {
      Properties props = new Properties();
      props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, network.kafka().bootstrapServers());
      props.put(ProducerConfig.ACKS_CONFIG, "1");
      props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
      props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
      props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
      props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
      props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
      producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
    return producer;
  }

  /** {@link #JUNK_PER_TOPIC_PER_SLOT} random 100-byte records into each gossip topic. */
  private long junk(NetworkDevnet.Network network) throws Exception {
    KafkaProducer<byte[], byte[]> p = producer(network);
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    for (TopicType topic : TopicType.values()) {
      String name = topic.qualified(network.prefix());
      for (int i = 0; i < JUNK_PER_TOPIC_PER_SLOT; i++) {
        byte[] key = new byte[8];
        byte[] value = new byte[100];
        random.nextBytes(key);
        random.nextBytes(value);
        sends.add(p.send(new ProducerRecord<>(name, key, value)));
      }
    }
    p.flush();
    long ok = 0;
    for (Future<RecordMetadata> f : sends) {
      try {
        f.get();
        ok++;
      } catch (java.util.concurrent.ExecutionException e) {
        // counted as not sent
      }
    }
    return ok;
  }

  /** Per topic one record of 8 MiB of zeros, gzip: small on the wire, huge once decompressed. */
  private void oversized(NetworkDevnet.Network network, Injection injection) {
    KafkaProducer<byte[], byte[]> p = producer(network);
    for (TopicType topic : TopicType.values()) {
      String name = topic.qualified(network.prefix());
      try {
        p.send(new ProducerRecord<>(name, new byte[8], new byte[8 * 1024 * 1024]))
            .get(10, java.util.concurrent.TimeUnit.SECONDS);
        injection.notes.add(topic.name().toLowerCase(java.util.Locale.ROOT) + ": broker accepted");
      } catch (Exception e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        injection.notes.add(
            topic.name().toLowerCase(java.util.Locale.ROOT)
                + ": broker refused ("
                + cause.getClass().getSimpleName()
                + ")");
      }
    }
  }

  private boolean report(NetworkDevnet.Result result) throws IOException {
    List<Long> slots = result.slots();
    out.println();
    out.println(
        "| fault | slots | final | lost | double signatures | fault end → next quorum | notes |");
    out.println("|---|---|---|---|---|---|---|");
    boolean ok = true;
    for (int phase = 0; phase < faults.size(); phase++) {
      Fault fault = faults.get(phase);
      List<Long> phaseSlots =
          slots.subList(
              Math.min(slots.size(), phase * slotsPerFault),
              Math.min(slots.size(), (phase + 1) * slotsPerFault));
      int finals = 0;
      int doubles = 0;
      for (long s : phaseSlots) {
        NetworkDevnet.Slot slot = result.details().get(s);
        if (slot.quorumAt != null) {
          finals++;
        }
        doubles += doubleSignatures(slot);
      }
      Injection injection = injections.get(phase);
      String recovery = "-";
      if (injection != null && injection.end != null) {
        Instant end = injection.end;
        recovery =
            slots.stream()
                .map(s -> result.details().get(s).quorumAt)
                .filter(q -> q != null && !q.isBefore(end))
                .min(Instant::compareTo)
                .map(q -> String.format("%.1fs", Duration.between(end, q).toMillis() / 1000.0))
                .orElse("never");
      }
      String notes = injection == null ? "" : summarize(injection.notes);
      if (injection != null && injection.killSlot != null) {
        // Up to the next phase of the same fault: a repeated kill is its own measurement.
        int next = phase + 1;
        while (next < faults.size() && faults.get(next) != fault) {
          next++;
        }
        List<Long> until = slots.subList(0, Math.min(slots.size(), next * slotsPerFault));
        notes += "; " + backAfter(fault, injection.killSlot, until, result);
      }
      out.printf(
          "| %s | %d | %d | %d | %d | %s | %s |%n",
          fault.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
          phaseSlots.size(),
          finals,
          phaseSlots.size() - finals,
          doubles,
          recovery,
          notes);
      ok &= doubles == 0;
    }
    for (Fault fault : List.of(Fault.KILL_VALIDATOR, Fault.KILL_PROPOSER)) {
      List<Double> ready = new ArrayList<>();
      for (int phase = 0; phase < faults.size(); phase++) {
        Injection injection = injections.get(phase);
        if (faults.get(phase) == fault && injection != null && injection.readyAfter != null) {
          ready.add(injection.readyAfter.toMillis() / 1000.0);
        }
      }
      if (ready.size() > 1) {
        List<Double> sorted = ready.stream().sorted().toList();
        out.printf(
            "chaos: %s: ready again after the kill, median %.1fs of %d (%s)%n",
            fault.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
            sorted.get(sorted.size() / 2),
            ready.size(),
            ready.stream()
                .map(d -> String.format("%.1fs", d))
                .collect(java.util.stream.Collectors.joining(", ")));
      }
    }
    out.printf(
        "chaos: %d of %d slots final over the whole run%n",
        result.finalSlots().size(), slots.size());
    return ok;
  }

  /**
   * The first slot after the kill in which the restarted process did its duty again: validator-1
   * (v1) attested, or the proposer's checkpoint proposal reached a quorum.
   */
  private static String backAfter(
      Fault fault, long killSlot, List<Long> slots, NetworkDevnet.Result result) {
    boolean validator = fault == Fault.KILL_VALIDATOR;
    for (long s : slots) {
      if (s <= killSlot) {
        continue;
      }
      NetworkDevnet.Slot slot = result.details().get(s);
      boolean back =
          validator
              ? slot.attestedAt.containsKey("v1")
              : slot.checkpointAt != null && slot.quorumAt != null;
      if (back) {
        return String.format(
            "%s back %d slot(s) after the kill slot %d",
            validator ? "v1 attesting" : "proposer final", s - killSlot, killSlot);
      }
    }
    return (validator ? "v1 never attested" : "no proposal final")
        + " again after slot "
        + killSlot;
  }

  private static String summarize(List<String> notes) {
    if (notes.size() > 3) {
      return notes.get(0) + " … (" + notes.size() + " slots)";
    }
    return String.join("; ", notes);
  }

  /** Validators that attested two different checkpoints in the slot, plus a second proposal. */
  static int doubleSignatures(NetworkDevnet.Slot slot) {
    int doubles = 0;
    for (java.util.Set<String> proposals : slot.attestedProposals.values()) {
      if (proposals.size() > 1) {
        doubles++;
      }
    }
    if (slot.proposedArchives.size() > 1) {
      doubles++;
    }
    return doubles;
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
