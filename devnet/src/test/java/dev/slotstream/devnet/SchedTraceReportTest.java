package dev.slotstream.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.slotstream.devnet.SchedTraceReport.Send;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedTraceReportTest {
  private static final Map<Long, SchedTraceReport.JvmThread> THREADS =
      SchedTraceReport.threads(
          List.of(
              "10\t1\tproposer\tslotstream-broadcast",
              "11\t1\tproposer\tkafka-producer-network-thread | proposer-gossip-1",
              "20\t2\tbroker\tdata-plane-kafka-request-handler-0",
              "30\t3\tvalidator-0\tslotstream-validator-block-proposal-0-C-1",
              "31\t3\tvalidator-0\tslotstream-job-1",
              "40\t4\tvalidator-1\tslotstream-validator-block-proposal-0-C-1",
              "41\t4\tvalidator-1\tC1 CompilerThread0",
              "not a line of the file"));

  // perf sched timehist: the time a run ended (s), cpu, task[tid/pid], then (ms) the wait since it
  // last ran, the wait for a core after its wake-up, and how long it ran.
  private static final List<String> TIMEHIST =
      List.of(
          "           time    cpu  task name                       wait time  sch delay   run time",
          "                        [tid/pid]                          (msec)     (msec)     (msec)",
          "--------------- ------  ------------------------------  ---------  ---------  ---------",
          "     100.000500 [0000]  slotstream-broa[10/1]              80.000      0.010      0.500",
          "     100.000000 [0001]  <idle>                              0.000      0.000      2.000",
          "     101.000500 [0000]  slotstream-broa[10/1]             999.500      0.010      0.500",
          "     101.001000 [0001]  kafka-producer-[11/1]             800.000      0.020      0.400",
          "     101.002000 [0000]  data-plane-kafk[20/2]             500.000      0.100      1.000",
          "     101.003500 [0001]  slotstream-vali[30/3]             500.000      0.300      1.500",
          "     101.008000 [0001]  slotstream-job-[31/3]               0.000      0.000      4.500",
          "     101.009000 [0001]  slotstream-vali[30/3]               5.000      0.200      0.500",
          "     101.010500 [0000]  C1 CompilerThre[41/4]               3.000      1.000      8.500",
          "     101.013000 [0000]  slotstream-vali[40/4]             500.000      9.000      1.000",
          "     101.030000 [0001]  redis-server-6.[77]                 5.000      0.000      1.000");

  @Test
  void aSendIsTheBroadcastThreadRunningAfterIdling() {
    List<Send> sends = SchedTraceReport.sends(THREADS, SchedTraceReport.runs(TIMEHIST), 10);

    // The run at 100.0 s followed only 80 ms without running: not a new send.
    assertThat(sends)
        .singleElement()
        .satisfies(s -> assertThat(s.at()).isEqualTo(101_000.0, within(1e-6)));
  }

  @Test
  void cpuInTheWindowIsSplitByKindAndClippedToIt() {
    Send send = SchedTraceReport.sends(THREADS, SchedTraceReport.runs(TIMEHIST), 10).get(0);

    assertThat(send.cpuByCategory())
        .hasEntrySatisfying(
            "proposer: other threads", ms -> assertThat(ms).isCloseTo(0.9, within(1e-6)))
        .hasEntrySatisfying(
            "broker: other threads", ms -> assertThat(ms).isCloseTo(1.0, within(1e-6)))
        .hasEntrySatisfying(
            "validators: proposal consumers", ms -> assertThat(ms).isCloseTo(2.0, within(1e-6)))
        .hasEntrySatisfying(
            "validators: execution", ms -> assertThat(ms).isCloseTo(4.5, within(1e-6)))
        // 101.002–101.0105 ran, the window ends at 101.010.
        .hasEntrySatisfying(
            "validators: JIT compilers", ms -> assertThat(ms).isCloseTo(8.0, within(1e-6)))
        // validator-1's consumer ran 101.012–101.013, and redis 101.029–101.030: after the window.
        .doesNotContainKey(SchedTraceReport.NOT_THE_DEVNET);
  }

  @Test
  void eachValidatorsConsumerInTheOrderTheyFirstRan() {
    Send send = SchedTraceReport.sends(THREADS, SchedTraceReport.runs(TIMEHIST), 10).get(0);

    assertThat(send.consumers()).containsOnlyKeys("validator-0", "validator-1");
    SchedTraceReport.ConsumerActivity first = SchedTraceReport.kth(send, 0).orElseThrow();
    assertThat(first.first().start() - send.at()).isCloseTo(2.0, within(1e-6));
    // Two runs: 101.002–101.0035 and 101.0085–101.009.
    assertThat(first.cpuMs()).isCloseTo(2.0, within(1e-6));
    assertThat(first.lastEnd() - send.at()).isCloseTo(9.0, within(1e-6));
    SchedTraceReport.ConsumerActivity last = SchedTraceReport.kth(send, 1).orElseThrow();
    assertThat(last.first().start() - send.at()).isCloseTo(12.0, within(1e-6));
    assertThat(last.first().delayMs()).isEqualTo(9.0);
    assertThat(SchedTraceReport.kth(send, 2)).isEmpty();
  }

  @Test
  void reportNamesTheKindsAndTheOrderOfTheConsumers() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<SchedTraceReport.Run> runs = SchedTraceReport.runs(TIMEHIST);
    SchedTraceReport.print(
        SchedTraceReport.sends(THREADS, runs, 10),
        10,
        SchedTraceReport.cores(runs),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String report = bytes.toString(StandardCharsets.UTF_8);

    assertThat(report)
        .contains("1 sends by the proposer")
        .contains("(2 cores: 20 ms)")
        .contains("validators: JIT compilers                 8.00 /  8.00")
        .contains("all                                      16.40 / 16.40")
        .contains("1st to run: 2.0 / 2.0 / 2.0 (0.3 / 0.3 / 0.3) n=1")
        .contains("2nd to run: 12.0 / 12.0 / 12.0 (9.0 / 9.0 / 9.0) n=1")
        .contains("CPU 1.0 / 2.0 / 2.0 ms; its last run ended 9.0 / 13.0 / 13.0 ms after the send");
    // Largest first.
    assertThat(report.indexOf("JIT compilers")).isLessThan(report.indexOf("execution"));
  }

  @Test
  void reportSaysSoWhenTheTraceHoldsNoSend() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SchedTraceReport.print(List.of(), 10, 2, new PrintStream(bytes, true, StandardCharsets.UTF_8));

    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .startsWith("sched-trace: no proposal sent in the trace")
        .doesNotContain("null", "nu /");
  }
}
