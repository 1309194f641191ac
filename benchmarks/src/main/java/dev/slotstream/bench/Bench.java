package dev.slotstream.bench;

import java.lang.management.ManagementFactory;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the JMH suite with settings sized for a small shared machine and prints a compact table:
 * median ops/s over the measurement iterations, their range, a derived rate where one op is a batch
 * (tx/s, leaves/s), the encoded size for codec rows, and native/web3j ratios.
 *
 * <pre>
 * bin/bench [quick|default|full] [--forks N] [--list] [regex ...]
 * </pre>
 */
public final class Bench {

  /** Iteration settings of one mode. */
  record Mode(
      String name, int forks, int warmups, TimeValue warmupTime, int iterations, TimeValue time) {
    String describe() {
      return String.format(
          Locale.ROOT,
          "%s: %d fork(s), warmup %d×%s, measurement %d×%s",
          name,
          forks,
          warmups,
          warmupTime,
          iterations,
          time);
    }
  }

  static final Mode QUICK =
      new Mode("quick", 1, 1, TimeValue.milliseconds(500), 2, TimeValue.milliseconds(500));
  static final Mode DEFAULT =
      new Mode("default", 1, 2, TimeValue.seconds(1), 3, TimeValue.seconds(1));
  static final Mode FULL = new Mode("full", 1, 3, TimeValue.seconds(2), 5, TimeValue.seconds(2));

  static final String PACKAGE = "dev.slotstream.bench.";
  private static final List<String> CLASS_ORDER =
      List.of(
          "CodecBenchmark",
          "SignatureRecoveryBenchmark",
          "MerkleTreeBenchmark",
          "ExecutionBenchmark",
          "TxAdmissionBenchmark");
  private static final List<String> METHOD_ORDER =
      List.of(
          "encode",
          "decode",
          "recover",
          "recoverTxSender",
          "sign",
          "appendRoot",
          "append1000Root",
          "updateRoot",
          "forkWriteRoot",
          "buildBlock",
          "executeBlock",
          "gossip",
          "echo");
  private static final List<String> PARAM_ORDER =
      List.of(
          "tx",
          "block100Hashes",
          "block100Txs",
          "checkpointProposal",
          "attestation",
          "quorum",
          "libsecp256k1",
          "web3j",
          "cached");
  static final String NATIVE = "libsecp256k1";
  static final String WEB3J = "web3j";

  private Bench() {}

  public static void main(String[] args) throws RunnerException {
    Mode mode = DEFAULT;
    boolean list = false;
    List<String> filters = new ArrayList<>();
    int forks = 0;
    for (int a = 0; a < args.length; a++) {
      String arg = args[a];
      switch (arg) {
        case "--forks", "-f" -> {
          if (a + 1 == args.length) {
            System.err.println(arg + " needs a number");
            System.exit(2);
          }
          forks = Integer.parseInt(args[++a]);
        }
        case "quick" -> mode = QUICK;
        case "default" -> mode = DEFAULT;
        case "full" -> mode = FULL;
        case "--list", "-l" -> list = true;
        case "--help", "-h" -> {
          usage();
          return;
        }
        default -> {
          if (arg.startsWith("-")) {
            System.err.println("unknown option " + arg);
            usage();
            System.exit(2);
          }
          filters.add(arg);
        }
      }
    }

    if (forks > 0) {
      mode =
          new Mode(
              mode.name(),
              forks,
              mode.warmups(),
              mode.warmupTime(),
              mode.iterations(),
              mode.time());
    }
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .forks(mode.forks())
            .warmupIterations(mode.warmups())
            .warmupTime(mode.warmupTime())
            .measurementIterations(mode.iterations())
            .measurementTime(mode.time())
            .threads(1)
            .jvmArgsAppend("-Xms1g", "-Xmx1g")
            .shouldFailOnError(false)
            .verbosity(VerboseMode.NORMAL);
    if (filters.isEmpty()) {
      options.include(PACKAGE.replace(".", "\\.") + ".*Benchmark\\..*");
    } else {
      filters.forEach(options::include);
    }
    Runner runner = new Runner(options.build());
    if (list) {
      runner.list();
      return;
    }
    double loadBefore = loadAverage();
    long start = System.nanoTime();
    Collection<RunResult> results = runner.run();
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    double loadAfter = loadAverage();

    System.out.println();
    System.out.println("## Slotstream benchmarks");
    System.out.println();
    System.out.println(
        "date: "
            + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            + ", cores: "
            + Runtime.getRuntime().availableProcessors()
            + ", java: "
            + System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version")
            + ", os: "
            + System.getProperty("os.name")
            + "/"
            + System.getProperty("os.arch"));
    System.out.println(
        "mode "
            + mode.describe()
            + (filters.isEmpty() ? "" : ", filter " + filters)
            + ", wall time "
            + seconds
            + " s"
            + String.format(
                Locale.ROOT,
                ", 1-min load average %.2f before, %.2f after",
                loadBefore,
                loadAfter));
    System.out.println();
    System.out.print(table(results));
  }

  /** The 1-minute system load average (other work on the machine skews every figure). */
  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static void usage() {
    System.out.println(
        """
        usage: bin/bench [quick|default|full] [--forks N] [--list] [regex ...]
          quick    ~1.5 min:   warmup 1×0.5 s, measurement 2×0.5 s, 1 fork
          default  ~3.5 min:   warmup 2×1 s,   measurement 3×1 s,   1 fork
          full     ~9 min:     warmup 3×2 s,   measurement 5×2 s,   1 fork
          regex    only benchmarks whose name matches (JMH include), e.g. Codec or 'Execution.*build'
          --forks N  N forked JVMs instead of 1 (medians over all their iterations)
          --list   list the matching benchmarks and exit
        Prints the median ops/s of the measurement iterations and the native/web3j ratio of each pair.""");
  }

  /** One benchmark × parameter combination. */
  record Row(
      String className,
      String method,
      String paramValue,
      String params,
      double[] scores,
      double[] cpuMicrosPerTx) {
    double median() {
      return Bench.median(scores);
    }

    String key() {
      return className + "." + method;
    }
  }

  static String table(Collection<RunResult> results) {
    List<Row> rows = new ArrayList<>();
    for (RunResult r : results) {
      rows.add(toRow(r));
    }
    rows.sort(
        Comparator.comparingInt((Row r) -> indexOf(CLASS_ORDER, r.className()))
            .thenComparingInt(
                r ->
                    r.className().equals("CodecBenchmark")
                        ? indexOf(PARAM_ORDER, r.paramValue())
                        : 0)
            .thenComparingInt(r -> indexOf(METHOD_ORDER, r.method()))
            .thenComparingInt(r -> indexOf(PARAM_ORDER, r.paramValue()))
            .thenComparing(Row::params));

    Map<String, Integer> sizes = Map.of();
    if (rows.stream().anyMatch(r -> r.className().equals("CodecBenchmark"))) {
      sizes = CodecBenchmark.encodedSizes();
    }

    List<String[]> cells = new ArrayList<>();
    cells.add(
        new String[] {
          "benchmark", "params", "ops/s (median)", "min … max", "derived", "native/web3j"
        });
    for (Row row : rows) {
      String derived = "";
      if (row.className().equals("ExecutionBenchmark")) {
        derived = rate(row.median() * ExecutionBenchmark.TXS) + " tx/s";
      } else if (row.className().equals("TxAdmissionBenchmark")) {
        derived =
            rate(1e6 / (row.median() * TxAdmissionBenchmark.TXS))
                + " µs/tx wall, "
                + rate(median(row.cpuMicrosPerTx()))
                + " µs/tx CPU";
      } else if (row.method().equals("append1000Root")) {
        derived = rate(row.median() * MerkleTreeBenchmark.BATCH) + " leaves/s";
      } else if (row.className().equals("CodecBenchmark") && sizes.containsKey(row.paramValue())) {
        derived = String.format(Locale.ROOT, "%,d B", sizes.get(row.paramValue()));
      }
      String ratio = "";
      if (row.className().equals("TxAdmissionBenchmark")) {
        ratio = ""; // no web3j rows: admission runs with the node's recovery
      } else if (NATIVE.equals(row.paramValue())) {
        ratio =
            rows.stream()
                .filter(o -> o.key().equals(row.key()) && WEB3J.equals(o.paramValue()))
                .findFirst()
                .map(o -> String.format(Locale.ROOT, "%.2f×", row.median() / o.median()))
                .orElse("n/a (no web3j row)");
      } else if (WEB3J.equals(row.paramValue())
          && rows.stream()
              .noneMatch(o -> o.key().equals(row.key()) && NATIVE.equals(o.paramValue()))) {
        ratio = "n/a (no libsecp256k1 row)";
      }
      cells.add(
          new String[] {
            row.key(),
            row.params(),
            rate(row.median()),
            rate(min(row.scores())) + " … " + rate(max(row.scores())),
            derived,
            ratio
          });
    }
    return markdown(cells);
  }

  private static Row toRow(RunResult r) {
    BenchmarkParams p = r.getParams();
    String full = p.getBenchmark();
    String shortName = full.startsWith(PACKAGE) ? full.substring(PACKAGE.length()) : full;
    int dot = shortName.lastIndexOf('.');
    String className = shortName.substring(0, dot);
    String method = shortName.substring(dot + 1);
    List<String> keys = new ArrayList<>(p.getParamsKeys());
    StringBuilder params = new StringBuilder();
    String value = "";
    for (String k : keys) {
      if (params.length() > 0) {
        params.append(", ");
      }
      params.append(k).append('=').append(p.getParam(k));
      value = p.getParam(k);
    }
    List<Double> scores = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    for (BenchmarkResult br : r.getBenchmarkResults()) {
      for (IterationResult ir : br.getIterationResults()) {
        scores.add(ir.getPrimaryResult().getScore());
        // TxAdmissionBenchmark.CpuTime's counters, per iteration
        Result<?> nanos = ir.getSecondaryResults().get("cpuNanos");
        Result<?> txs = ir.getSecondaryResults().get("txs");
        if (nanos != null && txs != null && txs.getScore() > 0) {
          cpu.add(nanos.getScore() / txs.getScore() / 1_000);
        }
      }
    }
    double[] s = scores.stream().mapToDouble(Double::doubleValue).toArray();
    double[] c = cpu.stream().mapToDouble(Double::doubleValue).toArray();
    return new Row(className, method, keys.size() == 1 ? value : "", params.toString(), s, c);
  }

  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static double min(double[] values) {
    return Arrays.stream(values).min().orElse(Double.NaN);
  }

  private static double max(double[] values) {
    return Arrays.stream(values).max().orElse(Double.NaN);
  }

  /** Three significant digits at least, grouped: 1,234,567 / 12,345 / 123 / 12.3 / 1.23. */
  static String rate(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    if (v >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (v >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static int indexOf(List<String> order, String value) {
    int i = order.indexOf(value);
    return i < 0 ? order.size() : i;
  }

  /** A Markdown table, padded so it also reads as plain text; numeric columns right-aligned. */
  static String markdown(List<String[]> cells) {
    int columns = cells.get(0).length;
    int[] width = new int[columns];
    for (String[] row : cells) {
      for (int c = 0; c < columns; c++) {
        width[c] = Math.max(width[c], Objects.toString(row[c], "").length());
      }
    }
    boolean[] right = {false, false, true, true, true, true};
    StringBuilder out = new StringBuilder();
    for (int r = 0; r < cells.size(); r++) {
      out.append('|');
      for (int c = 0; c < columns; c++) {
        String cell = cells.get(r)[c];
        String pad = " ".repeat(width[c] - cell.length());
        out.append(' ').append(right[c] ? pad + cell : cell + pad).append(" |");
      }
      out.append('\n');
      if (r == 0) {
        out.append('|');
        for (int c = 0; c < columns; c++) {
          out.append(right[c] ? " " + "-".repeat(width[c] - 1) + ":" : " " + "-".repeat(width[c]))
              .append(" |");
        }
        out.append('\n');
      }
    }
    return out.toString();
  }
}
