package dev.slotstream.core.validator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.duty.UncaughtErrors.Source;
import dev.slotstream.core.exec.BlockBuildLimits;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.pool.TxPool;
import dev.slotstream.core.pool.TxPoolConfig;
import dev.slotstream.core.slashing.InMemorySlashingProtector;
import dev.slotstream.core.testing.MbpsHarness;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What the client does with an attestation broadcast that throws: report it, never lose it. */
class ValidatorClientErrorsTest {
  record Reported(Source source, Throwable error) {}

  private final MbpsHarness h = new MbpsHarness();
  private final List<Reported> reported = new CopyOnWriteArrayList<>();
  private final List<AttestationOutcome> outcomes = new CopyOnWriteArrayList<>();

  @Test
  void shouldReportABroadcasterThatThrowsAfterTheJobAttested() {
    h.proposeSlot(MbpsHarness.SLOT, 2, true);
    IllegalStateException brokerDown = new IllegalStateException("broker down");
    TxPool pool = new TxPool(TxPoolConfig.of(100));
    AttestationJobListener listener =
        new AttestationJobListener() {
          @Override
          public void onOutcome(AttestationOutcome outcome) {
            outcomes.add(outcome);
          }
        };
    ValidatorClient client =
        new ValidatorClient(
            new ValidatorDependencies(
                h.context,
                new ChainStore(h.genesis()),
                h.checkpointsBuilder(),
                new InMemorySlashingProtector(),
                pool::awaitTxs,
                h.scheduler,
                h.executor,
                listener,
                BlockBuildLimits.PROTOCOL,
                ExecutionMode.PIPELINED,
                (source, e) -> reported.add(new Reported(source, e))),
            List.of(h.network.keys().get(0)),
            attestations -> {
              throw brokerDown;
            });

    for (BlockProposal block : h.blocksOf(MbpsHarness.SLOT)) {
      assertThat(client.onBlockProposal(block).isValid()).isTrue();
    }
    assertThat(client.onCheckpointProposal(h.checkpointOf(MbpsHarness.SLOT)).isValid()).isTrue();

    assertThat(outcomes)
        .singleElement()
        .satisfies(o -> assertThat(o.status()).isEqualTo(AttestationStatus.ATTESTED));
    assertThat(reported).containsExactly(new Reported(Source.ATTESTATION_BROADCAST, brokerDown));
  }
}
