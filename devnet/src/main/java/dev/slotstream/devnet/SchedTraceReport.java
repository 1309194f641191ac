package dev.slotstream.devnet;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who used the CPUs around each proposal the proposer sent, from a Linux scheduler trace of a
 * running devnet that {@code bin/sched-trace} recorded: for each send, the CPU time each kind of
 * thread ran in the window after it, and each validator's proposal consumer: when it first ran, how
 * much CPU it took and when its last run ended (the listener has the proposal in between). It
 * answers why a block reaches one validator in 2 ms and another in 15 ms on the same machine: the
 * consumer thread either waited for a core, or was woken late because the broker's threads did.
 *
 * <p>Input, in the directory given: {@code threads.tsv} (a line per JVM thread: tid, pid, the
 * process's label, the thread's name) and {@code timehist.txt} ({@code perf sched timehist}: a line
 * per time a thread ran, ending at the line's time, with how long it waited for a core after being
 * woken). A send is a run of the proposer's {@value #BROADCAST_THREAD} thread after at least {@link
 * #IDLE_BEFORE_SEND_MS} ms without running; its start is about when the record got its timestamp,
 * where broadcast → received is measured from.
 */
public final class SchedTraceReport {
  static final String BROADCAST_THREAD = "slotstream-broadcast";
  static final double IDLE_BEFORE_SEND_MS = 100;

  /** How far after a send a validator's consumer run still belongs to it. */
  static final double CONSUMER_HORIZON_MS = 50;

  /** A run that overlaps a send's window started at most this long before it (slices are ms). */
  static final double LOOK_BACK_MS = 1_000;

  static final String NOT_THE_DEVNET = "outside the devnet's JVMs";

  /** One thread of one of the devnet's JVMs. */
  record JvmThread(long tid, long pid, String process, String name) {
    String category() {
      String role = isValidator() ? "validators" : process;
      String kind;
      if (isProposalConsumer()) {
        kind = "proposal consumers";
      } else if (name.startsWith("slotstream-job")) {
        kind = "execution";
      } else if (name.contains("CompilerThread")) {
        kind = "JIT compilers";
      } else if (name.startsWith("GC Thread") || name.equals("VM Thread")) {
        kind = "GC and safepoints";
      } else {
        kind = "other threads";
      }
      return role + ": " + kind;
    }

    boolean isValidator() {
      return process.matches("validator-\\d+");
    }

    /** A Kafka listener container thread of block_proposal or checkpoint_proposal. */
    boolean isProposalConsumer() {
      return name.contains("-proposal-") && name.contains("-C-");
    }
  }

  /** A time a thread ran on a CPU: start and end in ms, and how long it waited for a core. */
  record Run(
      double start, double end, int cpu, long tid, double waitedSinceLastMs, double delayMs) {}

  /**
   * A validator's proposal consumer after one send, within {@link #CONSUMER_HORIZON_MS}: its first
   * run, the end of its last, and the CPU ms it took in between.
   */
  record ConsumerActivity(Run first, double lastEnd, double cpuMs) {
    ConsumerActivity then(Run next) {
      return new ConsumerActivity(first, next.end(), cpuMs + next.end() - next.start());
    }
  }

  /** For one send: CPU ms per category in the window, and each validator's consumer activity. */
  record Send(
      double at, Map<String, Double> cpuByCategory, Map<String, ConsumerActivity> consumers) {}

  private static final Pattern RUN =
      Pattern.compile(
          "^\\s*(\\d+\\.\\d+)\\s+\\[(\\d+)\\]\\s+(.*?)\\[(\\d+)(?:/(\\d+))?\\]"
              + "\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)\\s*$");

  private SchedTraceReport() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 2) {
      System.err.println(
          "usage: SchedTraceReport DIR [WINDOW_MS]   (DIR as bin/sched-trace wrote it)");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    double window = args.length == 2 ? Double.parseDouble(args[1]) : 10;
    Map<Long, JvmThread> threads = threads(Files.readAllLines(dir.resolve("threads.tsv")));
    List<Run> runs = runs(Files.readAllLines(dir.resolve("timehist.txt")));
    print(sends(threads, runs, window), window, cores(runs), System.out);
  }

  /** threads.tsv: tid, pid, process, name, tab-separated. */
  static Map<Long, JvmThread> threads(List<String> lines) {
    Map<Long, JvmThread> threads = new HashMap<>();
    for (String line : lines) {
      String[] f = line.split("\t", 4);
      if (f.length == 4) {
        long tid = Long.parseLong(f[0].strip());
        threads.put(tid, new JvmThread(tid, Long.parseLong(f[1].strip()), f[2], f[3]));
      }
    }
    return threads;
  }

  /** The runs of {@code perf sched timehist} output (idle and header lines skipped), by start. */
  static List<Run> runs(List<String> lines) {
    List<Run> runs = new ArrayList<>();
    for (String line : lines) {
      Matcher m = RUN.matcher(line);
      if (m.matches()) {
        double end = Double.parseDouble(m.group(1)) * 1000;
        double ran = Double.parseDouble(m.group(8));
        runs.add(
            new Run(
                end - ran,
                end,
                Integer.parseInt(m.group(2)),
                Long.parseLong(m.group(4)),
                Double.parseDouble(m.group(6)),
                Double.parseDouble(m.group(7))));
      }
    }
    runs.sort(Comparator.comparingDouble(Run::start));
    return runs;
  }

  static List<Send> sends(Map<Long, JvmThread> threads, List<Run> runs, double windowMs) {
    List<Send> sends = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      Run r = runs.get(i);
      JvmThread t = threads.get(r.tid());
      if (t == null
          || !t.process().equals("proposer")
          || !t.name().equals(BROADCAST_THREAD)
          || r.waitedSinceLastMs() < IDLE_BEFORE_SEND_MS) {
        continue;
      }
      double at = r.start();
      Map<String, Double> cpu = new TreeMap<>();
      Map<String, ConsumerActivity> consumers = new TreeMap<>();
      for (int j = firstStartingAfter(runs, at - LOOK_BACK_MS); j < runs.size(); j++) {
        Run o = runs.get(j);
        if (o.start() > at + Math.max(windowMs, CONSUMER_HORIZON_MS)) {
          break;
        }
        JvmThread ot = threads.get(o.tid());
        double overlap = Math.min(o.end(), at + windowMs) - Math.max(o.start(), at);
        if (overlap > 0) {
          cpu.merge(ot == null ? NOT_THE_DEVNET : ot.category(), overlap, Double::sum);
        }
        if (ot != null && ot.isValidator() && ot.isProposalConsumer() && o.start() >= at) {
          consumers.merge(
              ot.process(),
              new ConsumerActivity(o, o.end(), o.end() - o.start()),
              (a, b) -> a.then(o));
        }
      }
      sends.add(new Send(at, cpu, consumers));
    }
    return sends;
  }

  /** The index of the first run (they are sorted by start) starting at or after {@code t}. */
  private static int firstStartingAfter(List<Run> runs, double t) {
    int lo = 0;
    int hi = runs.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (runs.get(mid).start() < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The CPUs the trace saw a thread run on. */
  static int cores(List<Run> runs) {
    return runs.stream().mapToInt(Run::cpu).max().orElse(-1) + 1;
  }

  static void print(List<Send> sends, double windowMs, int cores, PrintStream out) {
    if (sends.isEmpty()) {
      out.printf(
          "sched-trace: no proposal sent in the trace (no proposer JVM, or it sent nothing while"
              + " the trace ran)%n");
      return;
    }
    out.printf(
        "sched-trace: %d sends by the proposer; CPU ms each kind of thread ran in the %.0f ms after"
            + " each (%d cores: %.0f ms), median / max:%n",
        sends.size(), windowMs, cores, cores * windowMs);
    Map<String, List<Double>> byCategory = new LinkedHashMap<>();
    sends.stream()
        .flatMap(s -> s.cpuByCategory().keySet().stream())
        .distinct()
        .forEach(c -> byCategory.put(c, new ArrayList<>()));
    List<Double> totals = new ArrayList<>();
    for (Send s : sends) {
      byCategory.forEach((c, xs) -> xs.add(s.cpuByCategory().getOrDefault(c, 0.0)));
      totals.add(s.cpuByCategory().values().stream().mapToDouble(Double::doubleValue).sum());
    }
    byCategory.entrySet().stream()
        .sorted(
            Comparator.comparing(
                    (Map.Entry<String, List<Double>> e) ->
                        NetworkDevnet.percentile(e.getValue(), 0.5))
                .reversed())
        .forEach(e -> out.printf("  %-40s %s%n", e.getKey(), medianMax(e.getValue())));
    out.printf("  %-40s %s%n", "all", medianMax(totals));
    int validators = sends.stream().mapToInt(s -> s.consumers().size()).max().orElse(0);
    out.printf(
        "first run of a validator's proposal consumer after the send, ms: median / p90 / max"
            + " (of which waiting for a core after its wake-up)%n");
    for (int k = 0; k < validators; k++) {
      List<Double> at = new ArrayList<>();
      List<Double> waited = new ArrayList<>();
      for (Send s : sends) {
        kth(s, k)
            .ifPresent(
                c -> {
                  at.add(c.first().start() - s.at());
                  waited.add(c.first().delayMs());
                });
      }
      out.printf(
          "  %d%s to run: %s (%s) n=%d%n",
          k + 1, ordinal(k + 1), spread(at), spread(waited), at.size());
    }
    List<Double> cpu = new ArrayList<>();
    List<Double> lastEnd = new ArrayList<>();
    for (Send s : sends) {
      for (ConsumerActivity c : s.consumers().values()) {
        cpu.add(c.cpuMs());
        lastEnd.add(c.lastEnd() - s.at());
      }
    }
    out.printf(
        "a validator's proposal consumer per send (within %.0f ms), median / p90 / max: CPU %s ms;"
            + " its last run ended %s ms after the send%n",
        CONSUMER_HORIZON_MS, spread(cpu), spread(lastEnd));
  }

  /** The k-th (from 0) validator whose consumer ran after the send, in the order they first ran. */
  static Optional<ConsumerActivity> kth(Send send, int k) {
    List<ConsumerActivity> ordered =
        send.consumers().values().stream()
            .sorted(Comparator.comparingDouble(c -> c.first().start()))
            .toList();
    return k < ordered.size() ? Optional.of(ordered.get(k)) : Optional.empty();
  }

  private static String medianMax(List<Double> xs) {
    return String.format(
        "%5.2f / %5.2f", NetworkDevnet.percentile(xs, 0.5), NetworkDevnet.percentile(xs, 1.0));
  }

  private static String spread(List<Double> xs) {
    if (xs.isEmpty()) {
      return "-";
    }
    return String.format(
        "%.1f / %.1f / %.1f",
        NetworkDevnet.percentile(xs, 0.5),
        NetworkDevnet.percentile(xs, 0.9),
        NetworkDevnet.percentile(xs, 1.0));
  }

  private static String ordinal(int n) {
    return switch (n) {
      case 1 -> "st";
      case 2 -> "nd";
      case 3 -> "rd";
      default -> "th";
    };
  }
}
