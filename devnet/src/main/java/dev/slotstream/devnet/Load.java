package dev.slotstream.devnet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bin/load}: {@link LoadGenerator} from the command line. Exits 0 when the run completed
 * (whatever the network made of the load: the figures are the result).
 */
public final class Load {
  private Load() {}

  static final String USAGE =
      "usage: bin/load [--rates 100,200,400] [--seconds 15] [--submission json|binary|batch]"
          + " [--accounts 1000] [--batch-ms 20] [--connections 64] [--drain-seconds 20] [--jfr]"
          + " [--set slotstream.x.y=value]... [--data-dir DIR] [--verbose]";

  public static void main(String[] args) throws Exception {
    boolean verbose = List.of(args).contains("--verbose");
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
    if (!verbose) {
      System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
    }
    List<Integer> rates = List.of(100, 200, 400);
    int seconds = 15;
    LoadGenerator.Submission submission = LoadGenerator.Submission.BATCH;
    int accounts = 1000;
    int batchMs = 20;
    int connections = 64;
    int drainSeconds = 20;
    boolean jfr = false;
    Path dataDir = Path.of(".load");
    Map<String, String> extra = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rates" -> {
          List<Integer> r = new ArrayList<>();
          for (String s : value(args, ++i).split(",")) {
            r.add(positive(s, "--rates"));
          }
          rates = r;
        }
        case "--seconds" -> seconds = positive(value(args, ++i), "--seconds");
        case "--submission" ->
            submission =
                LoadGenerator.Submission.valueOf(value(args, ++i).toUpperCase(Locale.ROOT));
        case "--accounts" -> accounts = positive(value(args, ++i), "--accounts");
        case "--batch-ms" -> batchMs = positive(value(args, ++i), "--batch-ms");
        case "--connections" -> connections = positive(value(args, ++i), "--connections");
        case "--drain-seconds" -> drainSeconds = positive(value(args, ++i), "--drain-seconds");
        case "--jfr" -> jfr = true;
        case "--data-dir" -> dataDir = Path.of(value(args, ++i));
        case "--set" -> {
          String kv = value(args, ++i);
          int eq = kv.indexOf('=');
          if (eq < 1) {
            fail("--set needs key=value, got " + kv);
          }
          extra.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        case "--verbose" -> {}
        case "-h", "--help" -> {
          System.out.println(USAGE);
          return;
        }
        default -> fail("unknown argument " + args[i] + " (try --help)");
      }
    }
    List<LoadGenerator.Step> steps = new ArrayList<>();
    for (int rate : rates) {
      steps.add(new LoadGenerator.Step(rate, Duration.ofSeconds(seconds)));
    }
    new LoadGenerator(
            new LoadGenerator.Settings(
                steps,
                submission,
                accounts,
                Duration.ofMillis(batchMs),
                connections,
                Duration.ofSeconds(drainSeconds),
                jfr,
                extra),
            LocalSimulation.freshDataDir(dataDir),
            System.out)
        .run();
    System.exit(0);
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      fail(args[i - 1] + " needs a value");
    }
    return args[i];
  }

  private static int positive(String s, String flag) {
    try {
      int v = Integer.parseInt(s.trim());
      if (v < 1) {
        fail(flag + " must be positive");
      }
      return v;
    } catch (NumberFormatException e) {
      fail(flag + " must be a number, got " + s);
      return 0;
    }
  }

  private static void fail(String message) {
    System.err.println("load: " + message);
    System.exit(2);
  }
}
