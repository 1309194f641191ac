package dev.slotstream.devnet;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code bin/devnet}: runs a local network and prints one line per block and per slot. Exits 0
 * when every slot's checkpoint reached quorum and (with L1, the default over Kafka) landed on L1.
 */
public final class Devnet {
  private Devnet() {}

  public static void main(String[] args) throws Exception {
    boolean verbose = false;
    for (String a : args) {
      verbose |= a.equals("--verbose");
    }
    // Before the first logger exists: the per-slot lines are the output, logs only when asked.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    if (!verbose) {
      // The in-process broker warns about its own start and stop; nothing an operator acts on.
      System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
    }
    int slots = 5;
    int txsPerBlock = 20;
    Path dataDir = Path.of(".devnet");
    boolean inProcess = false;
    boolean l1 = true;
    int confirmations = 0;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--slots" -> slots = positive(args, ++i, "--slots");
        case "--txs-per-block" -> txsPerBlock = positive(args, ++i, "--txs-per-block");
        case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir"));
        case "--verbose" -> {}
        case "--in-process" -> inProcess = true;
        case "--no-l1" -> l1 = false;
        case "--l1-confirmations" -> confirmations = nonNegative(args, ++i, "--l1-confirmations");
        case "-h", "--help" -> {
          System.out.println(
              "usage: bin/devnet [--slots N] [--txs-per-block N] [--data-dir DIR] [--no-l1] [--l1-confirmations N] [--in-process] [--verbose]");
          return;
        }
        default -> fail("unknown argument " + args[i] + " (try --help)");
      }
    }
    if (!inProcess) {
      NetworkDevnet.Options options = NetworkDevnet.Options.devnet().withL1(l1, confirmations);
      NetworkDevnet.Result result =
          new NetworkDevnet(
                  slots, txsPerBlock, options, LocalSimulation.freshDataDir(dataDir), System.out)
              .run();
      System.exit(result.allFinal() && (!l1 || result.allLanded()) ? 0 : 1);
    }
    System.out.println(
        "devnet: --in-process has no L1: no Anvil, no publisher, nothing is published");
    List<SlotReport> reports;
    try (LocalSimulation sim =
        new LocalSimulation(
            slots, txsPerBlock, LocalSimulation.freshDataDir(dataDir), System.out)) {
      reports = sim.run();
    }
    long final_ = reports.stream().filter(SlotReport::reachedQuorum).count();
    System.out.printf("devnet: %d of %d slots reached quorum%n", final_, reports.size());
    System.exit(final_ == reports.size() ? 0 : 1);
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      fail(flag + " needs a value");
    }
    return args[i];
  }

  private static int positive(String[] args, int i, String flag) {
    try {
      int v = Integer.parseInt(value(args, i, flag));
      if (v < 1) {
        fail(flag + " must be positive");
      }
      return v;
    } catch (NumberFormatException e) {
      fail(flag + " must be a number, got " + args[i]);
      return 0;
    }
  }

  private static int nonNegative(String[] args, int i, String flag) {
    try {
      int v = Integer.parseInt(value(args, i, flag));
      if (v < 0) {
        fail(flag + " must not be negative");
      }
      return v;
    } catch (NumberFormatException e) {
      fail(flag + " must be a number, got " + args[i]);
      return 0;
    }
  }

  private static void fail(String message) {
    System.err.println("devnet: " + message);
    System.exit(2);
  }
}
