package dev.slotstream.validator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.duty.SyncGate;
import dev.slotstream.core.sequencer.ProposalStatus;
import dev.slotstream.core.testing.CertifiedSlots;
import dev.slotstream.core.testing.MbpsHarness;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.validator.AttestationStatus;
import dev.slotstream.gossip.GossipKeys;
import dev.slotstream.gossip.GossipTopic;
import dev.slotstream.node.chain.CountedSyncGate;
import dev.slotstream.node.chain.GossipCatchUpRunner;
import dev.slotstream.validator.testing.GossipProbe;
import dev.slotstream.validator.testing.NodeUnderTest;
import dev.slotstream.validator.testing.TestNodeProperties;
import dev.slotstream.validator.testing.ValidatorContextTestBase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * PROTOCOL §13.6 on the in-process KRaft broker, without L1: a validator whose chain is three
 * checkpoints behind the network (it starts at genesis while the network certified three slots)
 * re-executes them from the quorum and proposal topics at start-up, reaches the network's archive
 * and state, and only then may attest: it attests to the next slot, built on that archive. Without
 * the catch-up it would stay at genesis and wait for a parent it never sees (UNKNOWN_PARENT).
 */
class ValidatorCatchesUpFromGossipTest {
  private static final String PREFIX = "vs-gossip-catchup";

  @TempDir Path signingRecord;

  private ConfigurableApplicationContext startNode(
      String prefix, String nodeId, Instant clockStart) {
    return startNode(prefix, nodeId, clockStart, Map.of());
  }

  private ConfigurableApplicationContext startNode(
      String prefix, String nodeId, Instant clockStart, Map<String, String> more) {
    Map<String, Object> properties =
        new HashMap<>(TestNodeProperties.of(prefix, nodeId, signingRecord, clockStart));
    properties.put("server.port", "0");
    properties.put("slotstream.gossip.auto-offset-reset", "latest");
    properties.putAll(more);
    return TestNodeProperties.startValidator(properties);
  }

  private static void publish(GossipProbe probe, CertifiedSlots.Slot s) {
    for (int i = 0; i < s.blocks().size(); i++) {
      probe.publish(s.blocks().get(i), s.blockTimes().get(i));
    }
    probe.publish(s.checkpoint(), s.checkpointAt());
    probe.publishRaw(
        GossipTopic.CHECKPOINT_QUORUM,
        GossipKeys.slot(s.slot()),
        s.quorum().encode(),
        s.quorumAt());
  }

  /**
   * For proposals without txs: the tx listener reads what was published while the node was down
   * (earliest, as a restarted node's group does from its committed offset), and the catch-up waits
   * and retries briefly.
   */
  private static final Map<String, String> TXS_FROM_THE_TOPIC =
      Map.of(
          "slotstream.gossip.auto-offset-reset", "earliest",
          "slotstream.chain.catch-up.tx-wait", "300ms",
          "slotstream.chain.catch-up.retry-interval", "200ms");

  /** A slot far enough ahead that the test builds its slots before any of them starts. */
  private static SlotNumber firstSlotAhead() {
    return SlotNumber.of(
        ValidatorContextTestBase.TIMETABLE.slotAt(Instant.now()).orElseThrow().value() + 3);
  }

  /** Waits until the node's chain is at the network's tip, with the network's state. */
  private static void awaitNetworkTip(ChainStore chain, MbpsHarness h) {
    await().atMost(NodeUnderTest.TIMEOUT).until(() -> chain.tip().equals(h.proposerChain.tip()));
    assertThat(chain.worldState().latest().stateReference())
        .isEqualTo(h.proposerChain.worldState().latest().stateReference());
  }

  /** The node attests to {@code next} once its proposals arrive (its two keys: two attestations). */
  private static void assertAttests(
      NodeUnderTest node, GossipProbe probe, MbpsHarness h, SlotNumber next) {
    probe.publishSlot(node, h, next);
    assertThat(node.awaitOutcome(next).status()).isEqualTo(AttestationStatus.ATTESTED);
    await().atMost(NodeUnderTest.TIMEOUT).until(() -> probe.attestations(next), a -> a.size() == 2);
  }

  private static double runs(NodeUnderTest node, String outcome) {
    return node.registry.get(GossipCatchUpRunner.RUNS).tag("outcome", outcome).counter().count();
  }

  @Test
  void aValidatorThreeCheckpointsBehindCatchesUpFromTheTopicsAndOnlyThenAttests() {
    SlotNumber first = firstSlotAhead();
    MbpsHarness h = new MbpsHarness(first);
    List<CertifiedSlots.Slot> missed = CertifiedSlots.build(h, first, 3, 1);
    SlotNumber next = SlotNumber.of(first.value() + 3);
    try (GossipProbe probe = new GossipProbe(PREFIX).createTopics()) {
      missed.forEach(s -> publish(probe, s));

      try (ConfigurableApplicationContext ctx =
          startNode(
              PREFIX, "validator-catchup", h.context.timetable().slotStart(next).plusMillis(50))) {
        // Start-up waits for the first run: the node is at the network's tip when it is up.
        ChainStore chain = ctx.getBean(ChainStore.class);
        assertThat(chain.tip()).isEqualTo(h.proposerChain.tip());
        assertThat(chain.worldState().latest().stateReference())
            .isEqualTo(h.proposerChain.worldState().latest().stateReference());
        assertThat(ctx.getBean(SyncGate.class).holdBack(SyncGate.Duty.ATTEST, next)).isEmpty();
        NodeUnderTest node = new NodeUnderTest(ctx).awaitListenersAssigned();
        assertThat(node.registry.get(GossipCatchUpRunner.CHECKPOINTS).counter().count())
            .isEqualTo(3.0);
        assertThat(
                node.registry
                    .get(CountedSyncGate.METER)
                    .tag("reason", CountedSyncGate.GOSSIP_SYNCING)
                    .tag("duty", "attest")
                    .counter()
                    .count())
            .isZero();

        assertThat(h.proposeSlot(next, 1, true).status()).isEqualTo(ProposalStatus.PROPOSED);
        assertAttests(node, probe, h, next);
      }
    }
  }

  /**
   * A proposer with {@code include-txs=false}: its proposals name their txs by hash only, and the
   * txs travel on the tx topic. The node's pool has them only once its tx listener has read them,
   * and that listener starts after the start-up run; the node must still reach the network's tip
   * from the log and then attest.
   */
  @Test
  void aValidatorBehindProposalsWithoutTxsCatchesUpWithTheTxsOfTheTxTopicAndThenAttests() {
    SlotNumber first = firstSlotAhead();
    MbpsHarness h = new MbpsHarness(first);
    List<CertifiedSlots.Slot> missed = CertifiedSlots.build(h, first, 2, 1, false);
    assertThat(missed.get(0).blocks()).allMatch(b -> b.txs().isEmpty());
    SlotNumber next = SlotNumber.of(first.value() + 2);
    String prefix = PREFIX + "-notxs";
    try (GossipProbe probe = new GossipProbe(prefix).createTopics()) {
      for (CertifiedSlots.Slot s : missed) {
        s.txs().forEach(tx -> probe.publish(tx, s.blockTimes().get(0)));
        publish(probe, s);
      }

      try (ConfigurableApplicationContext ctx =
          startNode(
              prefix,
              "validator-notxs",
              h.context.timetable().slotStart(next).plusMillis(50),
              TXS_FROM_THE_TOPIC)) {
        NodeUnderTest node = new NodeUnderTest(ctx).awaitListenersAssigned();
        ChainStore chain = ctx.getBean(ChainStore.class);
        awaitNetworkTip(chain, h);
        await()
            .atMost(NodeUnderTest.TIMEOUT)
            .until(
                () -> ctx.getBean(SyncGate.class).holdBack(SyncGate.Duty.ATTEST, next).isEmpty());
        assertThat(node.registry.get(GossipCatchUpRunner.CHECKPOINTS).counter().count())
            .isEqualTo(2.0);

        assertThat(h.proposeSlot(next, 1, false).status()).isEqualTo(ProposalStatus.PROPOSED);
        CertifiedSlots.txsOf(h, next)
            .forEach(tx -> probe.publish(tx, h.context.timetable().slotStart(next)));
        assertAttests(node, probe, h, next);
      }
    }
  }

  /**
   * One checkpoint behind, proposals without txs: the start-up run cannot find the txs (the tx
   * listener has not started yet), and no quorum the node hears shows it is behind (the missed
   * slot's quorum builds on its tip). It must still catch up once its pool has the txs.
   */
  @Test
  void aValidatorOneCheckpointBehindProposalsWithoutTxsCatchesUpOnceItsPoolHasTheTxs() {
    SlotNumber first = firstSlotAhead();
    MbpsHarness h = new MbpsHarness(first);
    CertifiedSlots.Slot missed = CertifiedSlots.build(h, first, 1, 1, false).get(0);
    String prefix = PREFIX + "-notxs-one";
    try (GossipProbe probe = new GossipProbe(prefix).createTopics()) {
      missed.txs().forEach(tx -> probe.publish(tx, missed.blockTimes().get(0)));
      publish(probe, missed);

      try (ConfigurableApplicationContext ctx =
          startNode(
              prefix,
              "validator-notxs-one",
              h.context.timetable().slotStart(first.next()).plusMillis(50),
              TXS_FROM_THE_TOPIC)) {
        NodeUnderTest node = new NodeUnderTest(ctx).awaitListenersAssigned();
        awaitNetworkTip(ctx.getBean(ChainStore.class), h);
        await()
            .atMost(NodeUnderTest.TIMEOUT)
            .until(
                () ->
                    ctx.getBean(SyncGate.class)
                        .holdBack(SyncGate.Duty.ATTEST, first.next())
                        .isEmpty());
        assertThat(runs(node, "RECORDS_MISSING"))
            .isGreaterThanOrEqualTo(1.0); // the start-up run, before the pool had the txs
      }
    }
  }

  @Test
  void aValidatorWhoseMissedProposalsAreGoneStaysBehindWithItsDutiesHeldBack() {
    SlotNumber first = firstSlotAhead();
    MbpsHarness h = new MbpsHarness(first);
    List<CertifiedSlots.Slot> missed = CertifiedSlots.build(h, first, 2, 1);
    try (GossipProbe probe = new GossipProbe(PREFIX + "-gone").createTopics()) {
      missed.forEach(s -> publish(probe, s));
      // Retention took the first slot's block proposals.
      probe.deleteRecordsBefore(GossipTopic.BLOCK_PROPOSAL, missed.get(0).blocks().size());

      try (ConfigurableApplicationContext ctx =
          startNode(
              PREFIX + "-gone",
              "validator-gone",
              h.context.timetable().slotStart(first.next().next()).plusMillis(50))) {
        ChainStore chain = ctx.getBean(ChainStore.class);
        assertThat(chain.tip().checkpointNumber().value()).isZero();
        assertThat(ctx.getBean(SyncGate.class).holdBack(SyncGate.Duty.ATTEST, first))
            .hasValueSatisfying(r -> assertThat(r).contains("RECORDS_MISSING"));
        NodeUnderTest node = new NodeUnderTest(ctx).awaitListenersAssigned();
        assertThat(runs(node, "RECORDS_MISSING")).isGreaterThanOrEqualTo(1.0);
      }
    }
  }

  @Test
  void aRunningValidatorThatMissedSlotsCatchesUpWhenAQuorumShowsItIsBehind() {
    SlotNumber first = firstSlotAhead();
    MbpsHarness h = new MbpsHarness(first);
    List<CertifiedSlots.Slot> missed = CertifiedSlots.build(h, first, 2, 1);
    try (GossipProbe probe = new GossipProbe(PREFIX + "-running").createTopics();
        ConfigurableApplicationContext ctx =
            startNode(
                PREFIX + "-running",
                "validator-running",
                h.context.timetable().slotStart(first).minusSeconds(1))) {
      NodeUnderTest node = new NodeUnderTest(ctx).awaitListenersAssigned();
      ChainStore chain = ctx.getBean(ChainStore.class);
      assertThat(chain.tip().checkpointNumber().value()).isZero();
      // The node's clock stays before the slots: it refuses their proposals (too early), so the
      // quorums find nothing re-executed here; the second one builds on an archive it lacks.
      missed.forEach(s -> publish(probe, s));

      awaitNetworkTip(chain, h);
      await()
          .atMost(NodeUnderTest.TIMEOUT)
          .until(() -> ctx.getBean(SyncGate.class).holdBack(SyncGate.Duty.ATTEST, first).isEmpty());
      assertThat(runs(node, "SYNCED"))
          .isGreaterThanOrEqualTo(2.0); // the start-up run, then the one the quorum started
    }
  }
}
