package dev.slotstream.l1publisher.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.chain.ChainStore.CommitOutcome;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.testing.MbpsHarness;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.l1publisher.tx.L1Rehearsal;
import dev.slotstream.l1publisher.tx.L1Request;
import dev.slotstream.l1publisher.tx.L1TransactionManager;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/** What the publisher records for a certified checkpoint it can never send. */
class CheckpointPublisherTest {
  private static final String QUORUM_TOPIC = "quorum";

  private final SlotNumber slot = SlotNumber.of(40);
  private final MbpsHarness h = new MbpsHarness(slot);
  private final List<L1Request> sent = new ArrayList<>();
  private final PublicationStore store = new PublicationStore(10);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Web3j web3j = Web3j.build(new HttpService("http://127.0.0.1:9"));
  private final PublisherLeadership leadership = new PublisherLeadership(QUORUM_TOPIC, 1);
  private final CheckpointPublisher publisher =
      new CheckpointPublisher(
          h.context,
          leadership,
          new RollupGateway(web3j, h.context.rollupAddress().toHex()),
          new L1TransactionManager() {
            @Override
            public String senderAddress() {
              return "0x0";
            }

            @Override
            public dev.slotstream.l1publisher.tx.L1Outcome send(L1Request request) {
              sent.add(request);
              throw new AssertionError("nothing may be sent");
            }

            @Override
            public L1Rehearsal rehearse(L1Request request) {
              throw new AssertionError("not rehearsed here");
            }
          },
          store,
          registry,
          Clock.fixed(Instant.parse("2026-12-02T18:00:00Z"), ZoneOffset.UTC));

  @AfterEach
  void close() throws InterruptedException {
    publisher.close();
    web3j.shutdown();
  }

  private CheckpointQuorum quorum() {
    h.proposeSlot(slot, 2, true);
    CheckpointProposal checkpoint = h.checkpointOf(slot);
    List<CheckpointAttestation> attestations = new ArrayList<>();
    h.network.keys().forEach(k -> attestations.add(h.context.signer().attest(checkpoint, k)));
    return h.quorum(attestations);
  }

  private void lead() {
    leadership.onPartitionsAssigned(Map.of(new TopicPartition(QUORUM_TOPIC, 0), 0L), null);
  }

  @Test
  void aCertifiedCheckpointOffTheTipIsRecordedNotOnTipAndNeverSent() {
    lead();
    CheckpointQuorum quorum = quorum();

    publisher.onQuorum(quorum, CommitOutcome.NOT_ON_TIP);

    Publication p = store.get(slot).orElseThrow();
    assertThat(p.status()).isEqualTo(PublicationStatus.NOT_ON_TIP);
    assertThat(p.checkpointNumber()).isEmpty();
    assertThat(p.archive()).isEqualTo(quorum.payload().archive().toString());
    assertThat(p.detail())
        .contains(quorum.payload().header().lastArchiveRoot().toString())
        .contains("not sent");
    assertThat(p.finishedAt()).isPresent();
    assertThat(
            registry
                .get(CheckpointPublisher.PUBLICATIONS)
                .tag("outcome", "not_on_tip")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(sent).isEmpty();
  }

  @Test
  void onlyTheLeaderOfTheSlotRecordsIt() {
    publisher.onQuorum(quorum(), CommitOutcome.NOT_ON_TIP);

    assertThat(store.get(slot)).isEmpty();
  }

  @Test
  void otherOutcomesAndAnExistingPublicationAreLeftAlone() {
    lead();
    CheckpointQuorum quorum = quorum();
    publisher.onQuorum(quorum, CommitOutcome.ALREADY_COMMITTED);
    publisher.onQuorum(quorum, CommitOutcome.UNKNOWN_CHECKPOINT);
    assertThat(store.get(slot)).isEmpty();

    Publication pending = Publication.pending(slot, 7, "0xab", Instant.EPOCH);
    store.put(pending);
    publisher.onQuorum(quorum, CommitOutcome.NOT_ON_TIP);
    assertThat(store.get(slot)).contains(pending);
  }
}
