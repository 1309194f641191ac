package dev.slotstream.validator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.chain.ChainTip;
import dev.slotstream.core.committee.Committee;
import dev.slotstream.core.crypto.ProtocolSigner;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.message.MessageKind;
import dev.slotstream.core.types.Signature;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.validator.AttestationStatus;
import dev.slotstream.gossip.GossipHeaders;
import dev.slotstream.gossip.GossipRejections;
import dev.slotstream.gossip.GossipTopic;
import dev.slotstream.gossip.RejectReason;
import dev.slotstream.validator.testing.GossipProbe;
import dev.slotstream.validator.testing.NodeUnderTest;
import dev.slotstream.validator.testing.SlotProposals;
import dev.slotstream.validator.testing.TestNodeProperties;
import dev.slotstream.validator.testing.ValidatorContextTestBase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Forged quorums over the real broker: a validator node holding a re-executed checkpoint sees
 * quorum events for it that are not quorums (outsiders, a declared committee of one, too few
 * signers, signatures at the wrong positions, another proposer, too late). Each is dead-lettered
 * with its reason and leaves the chain as it was; the real quorum then makes the checkpoint final.
 * A node of its own (own topics), since a commit moves its tip for good.
 */
class ForgedQuorumIntegrationTest {
  private static final String PREFIX = "vs-quorum";

  private static ConfigurableApplicationContext startNode(Path signingRecord, Instant clockStart) {
    Map<String, Object> properties =
        new HashMap<>(TestNodeProperties.of(PREFIX, "validator-quorum", signingRecord, clockStart));
    properties.put("server.port", "0");
    return TestNodeProperties.startValidator(properties);
  }

  @Test
  void shouldDeadLetterEveryForgedQuorumAndCommitOnlyTheRealOne(@TempDir Path signingRecord) {
    SlotNumber slot =
        SlotNumber.of(
            ValidatorContextTestBase.TIMETABLE.slotAt(Instant.now()).orElseThrow().value() + 3);
    SlotProposals s = SlotProposals.propose(slot, 2);
    ProtocolSigner signer = s.harness().context.signer();
    Committee committee = s.harness().context.epochCache().committeeFor(slot);
    List<SigningKey> members =
        committee.members().stream()
            .map(
                a ->
                    s.harness().network.keys().stream()
                        .filter(k -> k.address().equals(a))
                        .findFirst()
                        .orElseThrow())
            .toList();

    try (GossipProbe probe = new GossipProbe(PREFIX).createTopics();
        ConfigurableApplicationContext context =
            startNode(signingRecord, s.slotStart().minusSeconds(1))) {
      NodeUnderTest node = new NodeUnderTest(context).awaitListenersAssigned();
      ChainStore chain = context.getBean(ChainStore.class);
      GossipRejections rejections = context.getBean(GossipRejections.class);
      for (int i = 0; i < s.blocks().size(); i++) {
        node.advanceTo(s.broadcastTime(i));
        probe.publish(s.block(i), s.broadcastTime(i));
      }
      node.advanceTo(s.checkpointBroadcastTime());
      probe.publish(s.checkpoint(), s.checkpointBroadcastTime());
      assertThat(node.awaitOutcome(slot).status()).isEqualTo(AttestationStatus.ATTESTED);
      ChainTip genesisTip = chain.tip();
      Instant now = s.checkpointBroadcastTime();

      Map<String, CheckpointQuorum> forged = new LinkedHashMap<>();
      Map<String, RejectReason> expected = new LinkedHashMap<>();
      List<CheckpointAttestation> outsiders =
          IntStream.range(0, 3)
              .mapToObj(i -> signer.attest(s.checkpoint(), SigningKey.fromSeed("outsider-" + i)))
              .toList();
      forged.put("outsiders", quorum(s, committee.size(), List.of(0, 1, 2), outsiders));
      expected.put("outsiders", RejectReason.NOT_IN_COMMITTEE);
      forged.put("committee-of-one", quorum(s, 1, List.of(0), outsiders.subList(0, 1)));
      expected.put("committee-of-one", RejectReason.INSUFFICIENT_QUORUM);
      forged.put(
          "too-few",
          quorum(
              s,
              committee.size(),
              List.of(0, 1),
              List.of(
                  signer.attest(s.checkpoint(), members.get(0)),
                  signer.attest(s.checkpoint(), members.get(1)))));
      expected.put("too-few", RejectReason.INSUFFICIENT_QUORUM);
      forged.put(
          "swapped-positions",
          quorum(
              s,
              committee.size(),
              List.of(0, 1, 2),
              List.of(
                  signer.attest(s.checkpoint(), members.get(1)),
                  signer.attest(s.checkpoint(), members.get(0)),
                  signer.attest(s.checkpoint(), members.get(2)))));
      expected.put("swapped-positions", RejectReason.BAD_SIGNATURE);
      Signature impostorSignature =
          signer.sign(
              s.checkpoint().payload().as(MessageKind.CHECKPOINT_PROPOSAL),
              s.harness().network.nonProposerKey(slot));
      forged.put(
          "other-proposer",
          quorum(
              s,
              committee.size(),
              List.of(0, 1, 2),
              IntStream.range(0, 3)
                  .mapToObj(
                      p ->
                          new CheckpointAttestation(
                              s.checkpoint().payload(),
                              signer.sign(
                                  s.checkpoint().payload().as(MessageKind.CHECKPOINT_ATTESTATION),
                                  members.get(p)),
                              impostorSignature))
                  .toList()));
      expected.put("other-proposer", RejectReason.WRONG_PROPOSER);

      String topic = probe.topics().name(GossipTopic.CHECKPOINT_QUORUM);
      forged.forEach(
          (name, q) -> probe.publishRaw(GossipTopic.CHECKPOINT_QUORUM, key(name), q.encode(), now));
      for (var e : expected.entrySet()) {
        ConsumerRecord<byte[], byte[]> dead =
            await()
                .atMost(NodeUnderTest.TIMEOUT)
                .until(
                    () -> probe.deadLetters(GossipTopic.CHECKPOINT_QUORUM, key(e.getKey())),
                    l -> !l.isEmpty())
                .get(0);
        assertThat(GossipProbe.header(dead, GossipHeaders.REJECT_REASON))
            .as(e.getKey())
            .contains(e.getValue().name());
        assertThat(dead.value()).isEqualTo(forged.get(e.getKey()).encode());
      }
      assertThat(rejections.rejectedCount(topic, RejectReason.INSUFFICIENT_QUORUM)).isEqualTo(2);
      assertThat(chain.tip()).isEqualTo(genesisTip);
      assertThat(chain.pendingCount()).isEqualTo(1);

      CheckpointQuorum real =
          quorum(
              s,
              committee.size(),
              List.of(0, 1, 3),
              List.of(
                  signer.attest(s.checkpoint(), members.get(0)),
                  signer.attest(s.checkpoint(), members.get(1)),
                  signer.attest(s.checkpoint(), members.get(3))));
      probe.publishRaw(GossipTopic.CHECKPOINT_QUORUM, key("real"), real.encode(), now);
      await().atMost(NodeUnderTest.TIMEOUT).until(() -> chain.tip().slot().isPresent());
      assertThat(chain.tip().archiveRoot()).isEqualTo(s.checkpoint().payload().archive());
      assertThat(probe.deadLetters(GossipTopic.CHECKPOINT_QUORUM, key("real"))).isEmpty();

      // the same real quorum, replayed two slots later, is refused: a quorum counts only in its
      // slot
      Instant later = s.harness().context.timetable().slotStart(slot.next().next());
      node.advanceTo(later);
      probe.publishRaw(GossipTopic.CHECKPOINT_QUORUM, key("late"), real.encode(), later);
      ConsumerRecord<byte[], byte[]> late =
          await()
              .atMost(NodeUnderTest.TIMEOUT)
              .until(
                  () -> probe.deadLetters(GossipTopic.CHECKPOINT_QUORUM, key("late")),
                  l -> !l.isEmpty())
              .get(0);
      assertThat(GossipProbe.header(late, GossipHeaders.REJECT_REASON))
          .contains(RejectReason.OUT_OF_WINDOW.name());
    }
  }

  private static CheckpointQuorum quorum(
      SlotProposals s,
      int committeeSize,
      List<Integer> positions,
      List<CheckpointAttestation> attestations) {
    return new CheckpointQuorum(s.checkpoint().payload(), committeeSize, positions, attestations);
  }

  private static byte[] key(String name) {
    return ("quorum-" + name).getBytes(StandardCharsets.UTF_8);
  }
}
