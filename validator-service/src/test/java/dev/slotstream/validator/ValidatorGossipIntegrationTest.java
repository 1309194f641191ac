package dev.slotstream.validator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slotstream.core.consensus.CheckpointAttestationValidator;
import dev.slotstream.core.consensus.ValidationResult;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.BlockProposalPayload;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.pool.TxPool;
import dev.slotstream.core.testing.MbpsHarness;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.validator.AttestationOutcome;
import dev.slotstream.core.validator.AttestationStatus;
import dev.slotstream.gossip.GossipHeaders;
import dev.slotstream.gossip.GossipKeys;
import dev.slotstream.gossip.GossipRejections;
import dev.slotstream.gossip.GossipTopic;
import dev.slotstream.gossip.RejectReason;
import dev.slotstream.validator.node.ValidatorJobListener;
import dev.slotstream.validator.testing.GossipProbe;
import dev.slotstream.validator.testing.NodeUnderTest;
import dev.slotstream.validator.testing.SlotProposals;
import dev.slotstream.validator.testing.ValidatorContextTestBase;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The plan's test cases (see docs/TEST-CASES.md) and the failure paths, end to end: proposals built and signed by the
 * real proposer of common-model are published to the in-process broker, and the validator service
 * (one Spring context, manual clock) consumes, re-executes and attests — or refuses to. Each test
 * uses its own slot. The mid-slot start and the restart need contexts of their own: see
 * {@link ValidatorCatchUpAndRestartTest}.
 */
class ValidatorGossipIntegrationTest extends ValidatorContextTestBase {
  private static GossipProbe probe;

  @Autowired TestRestTemplate http;
  @Autowired GossipRejections rejections;
  @Autowired TxPool txPool;

  @BeforeAll
  static void openProbe() {
    probe = new GossipProbe(PREFIX);
  }

  @AfterAll
  static void closeProbe() {
    probe.close();
  }

  // ---- publishing, on the node's clock ----

  /** Publishes blocks in the given order, one per sub-slot: the clock is at the i-th broadcast time. */
  private void publishBlocks(SlotProposals s, BlockProposal... blocks) {
    for (int i = 0; i < blocks.length; i++) {
      Instant at = s.broadcastTime(Math.min(i, s.blocks().size() - 1));
      node.advanceTo(at);
      probe.publish(blocks[i], at);
    }
  }

  private void publishBlocks(SlotProposals s, int... indexes) {
    publishBlocks(s, IntStream.of(indexes).mapToObj(s::block).toArray(BlockProposal[]::new));
  }

  private void publishCheckpoint(SlotProposals s, CheckpointProposal checkpoint) {
    node.advanceTo(s.checkpointBroadcastTime());
    probe.publish(checkpoint, s.checkpointBroadcastTime());
  }

  private List<CheckpointAttestation> awaitAttestations(SlotNumber slot, int n) {
    return await()
        .atMost(NodeUnderTest.TIMEOUT)
        .until(() -> probe.attestations(slot), a -> a.size() >= n);
  }

  private Set<EthAddress> localAddresses(SlotProposals s) {
    return Set.of(
        s.harness().network.keys().get(0).address(), s.harness().network.keys().get(1).address());
  }

  /**
   * Asserts that the node never published an attestation for {@code refused}. The node publishes
   * asynchronously, so a read right after the outcome could miss a late publication: a later slot
   * is run to its own two attestations first (the node keeps working), and only then is the
   * refused slot's absence checked (see {@link GossipProbe#attestationsBefore}).
   */
  private void assertNoAttestationPublishedFor(SlotNumber refused) {
    SlotProposals later = SlotProposals.propose(freshSlot(), 1);
    publishBlocks(later, 0, 1, 2, 3);
    publishCheckpoint(later, later.checkpoint());
    assertThat(node.awaitOutcome(later.slot()).status()).isEqualTo(AttestationStatus.ATTESTED);
    assertThat(probe.attestationsBefore(refused, later.slot(), 2, NodeUnderTest.TIMEOUT)).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> slotView(SlotNumber slot) {
    ResponseEntity<Map> r = http.getForEntity("/api/v1/validator/slots/" + slot.value(), Map.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    return r.getBody();
  }

  // ---- the plan's cases ----

  @Test
  void shouldExecuteFiveBlocksAndPublishAValidAttestationPerLocalKey() {
    SlotProposals s = SlotProposals.propose(freshSlot(), 2);
    publishBlocks(s, 0, 1, 2, 3);
    publishCheckpoint(s, s.checkpoint());

    AttestationOutcome outcome = node.awaitOutcome(s.slot());
    assertThat(outcome.status()).isEqualTo(AttestationStatus.ATTESTED);
    assertThat(outcome.executedIndices()).containsExactly(0, 1, 2, 3, 4);

    List<CheckpointAttestation> published = awaitAttestations(s.slot(), 2);
    assertThat(published).hasSize(2);
    CheckpointAttestationValidator validator =
        new CheckpointAttestationValidator(s.harness().context);
    for (CheckpointAttestation a : published) {
      ValidationResult check = validator.validate(a, s.slotStart().plusSeconds(1));
      assertThat(check.isValid()).as(check.toString()).isTrue();
      assertThat(a.payload()).isEqualTo(s.checkpoint().payload());
    }
    assertThat(
            published.stream()
                .map(a -> validator.validate(a, s.slotStart()).signer().orElseThrow()))
        .containsExactlyInAnyOrderElementsOf(localAddresses(s));

    Map<String, Object> view = slotView(s.slot());
    assertThat(view)
        .containsEntry("status", "ATTESTED")
        .containsEntry("executedIndices", List.of(0, 1, 2, 3, 4));
    assertThat((List<?>) view.get("attestations")).hasSize(2);
    @SuppressWarnings("unchecked")
    Map<String, Number> executedAt = (Map<String, Number>) view.get("executedAtMillis");
    assertThat(executedAt).containsOnlyKeys("0", "1", "2", "3", "4");
    @SuppressWarnings("unchecked")
    Map<String, Number> receivedAt = (Map<String, Number>) view.get("receivedAtMillis");
    assertThat(receivedAt).containsOnlyKeys("0", "1", "2", "3", "4");
    for (String index : executedAt.keySet()) {
      assertThat(receivedAt.get(index).longValue())
          .isLessThanOrEqualTo(executedAt.get(index).longValue());
    }
    assertThat(((Number) view.get("finishedAtMillis")).longValue())
        .isGreaterThanOrEqualTo(executedAt.get("4").longValue());

    Timer sinceBroadcast =
        Search.in(node.registry)
            .name(ValidatorJobListener.BLOCK_EXECUTED)
            .tag("index", "4")
            .tag("since", "broadcast")
            .timer();
    assertThat(sinceBroadcast).isNotNull();
    assertThat(sinceBroadcast.count()).isPositive();
    String prometheus = http.getForObject("/actuator/prometheus", String.class);
    assertThat(prometheus)
        .contains("slotstream_validator_block_executed_seconds_count{")
        .contains("slotstream_validator_jobs_active")
        .containsPattern("slotstream_validator_outcome_total\\{.*status=\"ATTESTED\".*} [1-9]")
        .containsPattern(
            "slotstream_validator_attestations_published_total\\{.*result=\"ok\".*} [1-9]");
  }

  @Test
  void shouldPublishItsAttestationsInTheTraceTheCheckpointProposalArrivedIn() {
    SlotProposals s = SlotProposals.propose(freshSlot(), 2);
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    publishBlocks(s, 0, 1, 2, 3);
    node.advanceTo(s.checkpointBroadcastTime());
    probe.publish(
        s.checkpoint(),
        s.checkpointBroadcastTime(),
        Optional.of("00-" + traceId + "-00f067aa0ba902b7-00"));

    awaitAttestations(s.slot(), 2);
    await()
        .atMost(NodeUnderTest.TIMEOUT)
        .until(() -> probe.attestationRecords(s.slot()), r -> r.size() >= 2);
    assertThat(probe.attestationRecords(s.slot()))
        .allSatisfy(
            r ->
                assertThat(GossipProbe.header(r, "traceparent"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("00-" + traceId + "-")));
  }

  @Test
  void shouldQueueBlocksArrivingThreeOneTwoThenZeroAndStillAttest() {
    SlotProposals s = SlotProposals.propose(freshSlot(), 2);
    double before = node.proposals("block", "accepted");
    publishBlocks(s, 3, 1, 2);
    node.awaitProposals("block", "accepted", before, 3);
    assertThat(slotView(s.slot()))
        .containsEntry("status", "IN_PROGRESS")
        .containsEntry("executedIndices", List.of());

    publishBlocks(s, s.block(0));
    publishCheckpoint(s, s.checkpoint());
    AttestationOutcome outcome = node.awaitOutcome(s.slot());
    assertThat(outcome.status()).isEqualTo(AttestationStatus.ATTESTED);
    assertThat(outcome.executedIndices()).containsExactly(0, 1, 2, 3, 4);
    assertThat(awaitAttestations(s.slot(), 2)).hasSize(2);
  }

  @Test
  void shouldNotAttestWhenBlockTwoNeverArrives() {
    SlotProposals s = SlotProposals.propose(freshSlot(), 2);
    double blocksBefore = node.proposals("block", "accepted");
    double checkpointsBefore = node.proposals("checkpoint", "accepted");
    publishBlocks(s, 0, 1, 3);
    publishCheckpoint(s, s.checkpoint());
    node.awaitProposals("block", "accepted", blocksBefore, 3);
    node.awaitProposals("checkpoint", "accepted", checkpointsBefore, 1);
    assertThat(node.outcomes.get(s.slot())).isEmpty(); // waits for block 2 until the deadline

    node.advanceTo(s.harness().context.timetable().attestationDeadline(s.slot()));
    AttestationOutcome outcome = node.awaitOutcome(s.slot());
    assertThat(outcome.status()).isEqualTo(AttestationStatus.MISSING_BLOCKS);
    assertThat(outcome.detail()).contains("missing [2]");
    assertThat(outcome.executedIndices()).containsExactly(0, 1);
    assertThat(outcome.attestations()).isEmpty();
    assertThat(slotView(s.slot())).containsEntry("status", "MISSING_BLOCKS");
    assertNoAttestationPublishedFor(s.slot());
  }

  @Test
  void shouldCleanUpTheJobWhenTheSlotEndsBeforeTheCheckpoint() {
    SlotProposals s = SlotProposals.propose(freshSlot(), 2);
    double before = node.proposals("block", "accepted");
    publishBlocks(s, 0, 1, 2, 3);
    node.awaitProposals("block", "accepted", before, 4);
    assertThat(node.client.job(s.slot())).isPresent();
    assertThat(Search.in(node.registry).name("slotstream.validator.jobs.active").gauge().value())
        .isPositive();

    node.advanceTo(s.harness().context.timetable().slotEnd(s.slot()));
    AttestationOutcome outcome = node.awaitOutcome(s.slot());
    assertThat(outcome.status()).isEqualTo(AttestationStatus.NO_CHECKPOINT);
    assertThat(outcome.executedIndices()).containsExactly(0, 1, 2, 3);
    node.awaitJobGone(s.slot());
    assertNoAttestationPublishedFor(s.slot());
  }

  @Test
  void shouldNotAttestWhenABlockReExecutesToAnotherArchive() {
    SlotProposals s = SlotProposals.propose(freshSlot(), 2);
    BlockProposal honest = s.block(1);
    BlockProposalPayload p = honest.payload();
    BlockProposal lying =
        s.harness()
            .context
            .signer()
            .signBlock(
                new BlockProposalPayload(
                    p.blockHeader(),
                    p.indexWithinCheckpoint(),
                    p.inHash(),
                    Fr.of(42),
                    p.txHashes()),
                s.harness().network.proposerKey(s.slot()),
                honest.txs());
    publishBlocks(s, s.block(0), lying, s.block(2), s.block(3));
    publishCheckpoint(s, s.checkpoint());

    AttestationOutcome outcome = node.awaitOutcome(s.slot());
    assertThat(outcome.status()).isEqualTo(AttestationStatus.STATE_MISMATCH);
    assertThat(outcome.detail()).contains("block 1");
    assertThat(outcome.executedIndices()).containsExactly(0);
    assertNoAttestationPublishedFor(s.slot());
  }

  @Test
  void shouldDeadLetterABlockFromTheWrongProposerWithoutOpeningAJob() {
    SlotProposals s = SlotProposals.propose(freshSlot(), 2);
    SigningKey impostor = s.harness().network.nonProposerKey(s.slot());
    BlockProposal forged =
        s.harness().context.signer().signBlock(s.block(0).payload(), impostor, s.block(0).txs());
    String topic = probe.topics().name(GossipTopic.BLOCK_PROPOSAL);
    double rejectedBefore = rejections.rejectedCount(topic, RejectReason.WRONG_PROPOSER);

    publishBlocks(s, forged);

    ConsumerRecord<byte[], byte[]> dead =
        await()
            .atMost(NodeUnderTest.TIMEOUT)
            .until(
                () -> probe.deadLetters(GossipTopic.BLOCK_PROPOSAL, GossipKeys.slot(s.slot())),
                l -> !l.isEmpty())
            .get(0);
    assertThat(GossipProbe.header(dead, GossipHeaders.REJECT_REASON)).contains("WRONG_PROPOSER");
    assertThat(GossipProbe.header(dead, GossipHeaders.REJECT_DETAIL))
        .hasValueSatisfying(d -> assertThat(d).contains(impostor.address().toHex()));
    assertThat(BlockProposal.decode(dead.value()).id()).isEqualTo(forged.id());
    assertThat(rejections.rejectedCount(topic, RejectReason.WRONG_PROPOSER))
        .isEqualTo(rejectedBefore + 1);
    assertThat(node.client.job(s.slot())).isEmpty();
    assertThat(
            http.getForEntity("/api/v1/validator/slots/" + s.slot().value(), String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void shouldIgnoreDuplicateBlocksAndCheckpointsAndAttestOnce() {
    SlotProposals s = SlotProposals.propose(freshSlot(), 2);
    publishBlocks(s, 0, 1, 1, 2, 3, 2);
    double before = node.proposals("checkpoint", "accepted");
    publishCheckpoint(s, s.checkpoint());
    probe.publish(s.checkpoint(), s.checkpointBroadcastTime());
    node.awaitProposals("checkpoint", "accepted", before, 2);

    AttestationOutcome outcome = node.awaitOutcome(s.slot());
    assertThat(outcome.status()).isEqualTo(AttestationStatus.ATTESTED);
    assertThat(outcome.attestations()).hasSize(2);
    assertThat(awaitAttestations(s.slot(), 2)).hasSize(2);
    assertThat(probe.deadLetters(GossipTopic.BLOCK_PROPOSAL, GossipKeys.slot(s.slot()))).isEmpty();
  }

  // ---- beyond the eight ----

  @Test
  void shouldKeepEquivocationEvidenceAndNotAttestWhenTheProposerSignsTwoBlocksForOneIndex() {
    SlotProposals s = SlotProposals.propose(freshSlot(), 2);
    BlockProposal honest = s.block(1);
    BlockProposalPayload p = honest.payload();
    BlockProposal other =
        s.harness()
            .context
            .signer()
            .signBlock(
                new BlockProposalPayload(p.blockHeader(), 1, p.inHash(), Fr.of(7), p.txHashes()),
                s.harness().network.proposerKey(s.slot()),
                honest.txs());
    publishBlocks(s, s.block(0), honest, other, s.block(2), s.block(3));
    publishCheckpoint(s, s.checkpoint());

    AttestationOutcome outcome = node.awaitOutcome(s.slot());
    assertThat(outcome.status()).isEqualTo(AttestationStatus.EQUIVOCATION);

    List<Map<String, Object>> evidence =
        http.getForObject("/api/v1/validator/evidence?slot=" + s.slot().value(), List.class);
    assertThat(evidence).hasSize(1);
    Map<String, Object> e = evidence.get(0);
    assertThat(e)
        .containsEntry("kind", "BLOCK_PROPOSAL")
        .containsEntry("index", 1)
        .containsEntry("signer", s.harness().network.proposerKey(s.slot()).address().toHex())
        .containsEntry("firstId", honest.id().toHex())
        .containsEntry("secondId", other.id().toHex());
    // the evidence carries both signed messages whole, so anyone can check it
    assertThat(
            BlockProposal.decode(
                    dev.slotstream.core.types.Hex.decode((String) e.get("secondEncoding")))
                .id())
        .isEqualTo(other.id());
    assertThat(
            node.count(
                Search.in(node.registry)
                    .name(ValidatorJobListener.EQUIVOCATIONS)
                    .tag("kind", "BLOCK_PROPOSAL")))
        .isPositive();
    assertNoAttestationPublishedFor(s.slot());
  }

  @Test
  void shouldKeepEvidenceAndNotAttestWhenTheProposerSignsTwoCheckpointsForOneSlot() {
    SlotNumber slot = freshSlot();
    SlotProposals x = SlotProposals.propose(slot, 2);
    // The same proposer's second checkpoint for the slot: valid on its own (other txs, one per
    // block, built by a second run of the real proposer from the same genesis).
    SlotProposals y = SlotProposals.propose(slot, 1);
    assertThat(y.checkpoint().id()).isNotEqualTo(x.checkpoint().id());
    Search equivocations =
        Search.in(node.registry)
            .name(ValidatorJobListener.EQUIVOCATIONS)
            .tag("kind", "CHECKPOINT_PROPOSAL");
    double equivocationsBefore = node.count(equivocations);

    double blocksBefore = node.proposals("block", "accepted");
    double checkpointsBefore = node.proposals("checkpoint", "accepted");
    publishBlocks(x, 0, 1);
    publishCheckpoint(x, x.checkpoint());
    probe.publish(y.checkpoint(), x.checkpointBroadcastTime());
    node.awaitProposals("block", "accepted", blocksBefore, 2);
    // both checkpoints handed to the slot's job before X's last blocks: without the second one,
    // blocks 2 and 3 would complete X and the node would attest
    node.awaitProposals("checkpoint", "accepted", checkpointsBefore, 2);
    probe.publish(x.block(2), x.checkpointBroadcastTime());
    probe.publish(x.block(3), x.checkpointBroadcastTime());
    node.awaitProposals("block", "accepted", blocksBefore, 4);

    AttestationOutcome outcome = node.awaitOutcome(slot);
    assertThat(outcome.status()).isEqualTo(AttestationStatus.EQUIVOCATION);
    assertThat(outcome.attestations()).isEmpty();

    List<Map<String, Object>> evidence =
        http.getForObject("/api/v1/validator/evidence?slot=" + slot.value(), List.class);
    assertThat(evidence).hasSize(1);
    assertThat(evidence.get(0))
        .containsEntry("kind", "CHECKPOINT_PROPOSAL")
        .containsEntry("signer", x.harness().network.proposerKey(slot).address().toHex())
        .containsEntry("firstId", x.checkpoint().id().toHex())
        .containsEntry("secondId", y.checkpoint().id().toHex());
    assertThat(
            CheckpointProposal.decode(
                    dev.slotstream.core.types.Hex.decode(
                        (String) evidence.get(0).get("secondEncoding")))
                .id())
        .isEqualTo(y.checkpoint().id());
    assertThat(node.count(equivocations)).isEqualTo(equivocationsBefore + 1);
    assertNoAttestationPublishedFor(slot);
  }

  @Test
  void shouldDeadLetterMalformedRecordsOnEveryTopicAndKeepConsuming() {
    SlotProposals s = SlotProposals.propose(freshSlot(), 1);
    node.advanceTo(s.broadcastTime(0));
    Instant now = s.broadcastTime(0);
    byte[] garbage = "not a gossip message".getBytes(StandardCharsets.UTF_8);

    // block_proposal: garbage, then a valid block
    double blocksBefore = node.proposals("block", "accepted");
    probe.publishRaw(GossipTopic.BLOCK_PROPOSAL, key("block"), garbage, now);
    probe.publish(s.block(0), now);
    // checkpoint_proposal: garbage, then a valid checkpoint
    double checkpointsBefore = node.proposals("checkpoint", "accepted");
    probe.publishRaw(GossipTopic.CHECKPOINT_PROPOSAL, key("checkpoint"), garbage, now);
    probe.publish(s.checkpoint(), now);
    // tx: garbage, a tx signed by someone other than its sender, then a valid tx (a fresh sender's
    // first nonce); the listener takes a poll at a time, so the rejected tx must not cost the rest
    List<Tx> txs = new MbpsHarness(s.slot()).txs(3);
    Tx tx = txs.get(0);
    Tx forged = new Tx(txs.get(1).payload(), txs.get(2).signature());
    byte[] forgedKey = GossipKeys.sender(forged.payload().sender());
    double forgedBefore =
        rejections.rejectedCount(probe.topics().name(GossipTopic.TX), RejectReason.BAD_SIGNATURE);
    probe.publishRaw(GossipTopic.TX, key("tx"), garbage, now);
    probe.publishRaw(GossipTopic.TX, forgedKey, forged.encode(), now);
    probe.publishRaw(GossipTopic.TX, GossipKeys.sender(tx.payload().sender()), tx.encode(), now);
    // checkpoint_quorum: garbage, then a real quorum (valid in this slot) for a checkpoint of this
    // slot that this node never saw
    SlotProposals elsewhere = SlotProposals.propose(s.slot(), 2);
    CheckpointQuorum quorum =
        elsewhere
            .harness()
            .quorum(
                elsewhere.harness().network.keys().subList(0, 3).stream()
                    .map(
                        k -> elsewhere.harness().context.signer().attest(elsewhere.checkpoint(), k))
                    .toList());
    Search unknownQuorums =
        Search.in(node.registry)
            .name("slotstream.chain.quorum.events")
            .tag("outcome", "UNKNOWN_CHECKPOINT");
    double quorumsBefore = node.count(unknownQuorums);
    probe.publishRaw(GossipTopic.CHECKPOINT_QUORUM, key("quorum"), garbage, now);
    probe.publishRaw(
        GossipTopic.CHECKPOINT_QUORUM, GossipKeys.slot(quorum.slotNumber()), quorum.encode(), now);

    for (var entry :
        Map.of(
                GossipTopic.BLOCK_PROPOSAL,
                "block",
                GossipTopic.CHECKPOINT_PROPOSAL,
                "checkpoint",
                GossipTopic.TX,
                "tx",
                GossipTopic.CHECKPOINT_QUORUM,
                "quorum")
            .entrySet()) {
      ConsumerRecord<byte[], byte[]> dead =
          await()
              .atMost(NodeUnderTest.TIMEOUT)
              .until(
                  () -> probe.deadLetters(entry.getKey(), key(entry.getValue())), l -> !l.isEmpty())
              .get(0);
      assertThat(GossipProbe.header(dead, GossipHeaders.REJECT_REASON))
          .as(entry.getValue())
          .contains("DECODE");
      assertThat(dead.value()).isEqualTo(garbage);
      assertThat(rejections.rejectedCount(probe.topics().name(entry.getKey()), RejectReason.DECODE))
          .as(entry.getValue())
          .isPositive();
    }
    // ...and each consumer went on to the next, valid record
    node.awaitProposals("block", "accepted", blocksBefore, 1);
    node.awaitProposals("checkpoint", "accepted", checkpointsBefore, 1);
    await().atMost(NodeUnderTest.TIMEOUT).until(() -> txPool.contains(tx.hash()));
    ConsumerRecord<byte[], byte[]> forgedDead =
        await()
            .atMost(NodeUnderTest.TIMEOUT)
            .until(() -> probe.deadLetters(GossipTopic.TX, forgedKey), l -> !l.isEmpty())
            .get(0);
    assertThat(GossipProbe.header(forgedDead, GossipHeaders.REJECT_REASON))
        .contains("BAD_SIGNATURE");
    assertThat(forgedDead.value()).isEqualTo(forged.encode());
    assertThat(
            rejections.rejectedCount(
                probe.topics().name(GossipTopic.TX), RejectReason.BAD_SIGNATURE))
        .isEqualTo(forgedBefore + 1);
    assertThat(txPool.contains(forged.hash())).isFalse();
    await()
        .atMost(NodeUnderTest.TIMEOUT)
        .until(() -> node.count(unknownQuorums) >= quorumsBefore + 1);
    assertThat(node.client.job(s.slot())).isPresent();
  }

  @Test
  void shouldAnswerNotFoundForASlotThisNodeNeverSawAndBadRequestForANegativeOne() {
    assertThat(http.getForEntity("/api/v1/validator/slots/1", String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(
            http.getForEntity("/api/v1/validator/slots/-1", String.class)
                .getStatusCode()
                .is4xxClientError())
        .isTrue();
  }

  private static byte[] key(String name) {
    return ("garbage-" + name).getBytes(StandardCharsets.UTF_8);
  }
}
