package dev.slotstream.core.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.committee.Committee;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.testing.RandomData;
import dev.slotstream.core.testing.TestNetwork;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuorumAssemblerTest {
  private static final SlotNumber SLOT = SlotNumber.of(1488);

  private final TestNetwork network = new TestNetwork(4);
  private final Committee committee = network.context().epochCache().committeeFor(SLOT);
  private final CheckpointAttestation template = new RandomData(3).attestation();

  @Test
  void shouldOrderAttestationsByTheSignersCommitteePositions() {
    Map<EthAddress, CheckpointAttestation> bySigner = new LinkedHashMap<>();
    // inserted in reverse committee order
    for (int position : new int[] {3, 0, 2}) {
      bySigner.put(committee.get(position), template);
    }
    CheckpointQuorum quorum = QuorumAssembler.inCommitteeOrder(committee, bySigner);
    assertThat(quorum.committeePositions()).containsExactly(0, 2, 3);
    assertThat(quorum.committeeSize()).isEqualTo(committee.size());
    assertThat(quorum.payload()).isEqualTo(template.payload());
  }

  @Test
  void shouldRefuseASignerOutsideTheCommittee() {
    EthAddress outsider = SigningKey.fromSeed("outsider").address();
    assertThatThrownBy(
            () -> QuorumAssembler.inCommitteeOrder(committee, Map.of(outsider, template)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not in the committee");
  }

  @Test
  void shouldRefuseAnEmptyQuorum() {
    assertThatThrownBy(() -> QuorumAssembler.inCommitteeOrder(committee, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one attestation");
  }
}
