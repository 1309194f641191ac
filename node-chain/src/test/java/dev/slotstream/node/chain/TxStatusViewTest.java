package dev.slotstream.node.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slotstream.core.lifecycle.L1Landing;
import dev.slotstream.core.lifecycle.TxInclusion;
import dev.slotstream.core.lifecycle.TxStage;
import dev.slotstream.core.lifecycle.TxStatus;
import dev.slotstream.core.types.BlockNumber;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.CheckpointNumber;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.types.TxHash;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TxStatusViewTest {
  private static final TxHash TX = TxHash.fromHex("0x" + "a1".repeat(32));
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void aTxOnL1ShowsWhereItsCheckpointLanded() throws Exception {
    Bytes32 block = Bytes32.fromHex("0x" + "b2".repeat(32));
    Bytes32 l1Tx = Bytes32.fromHex("0x" + "c3".repeat(32));
    TxStatus s =
        new TxStatus(
            TX,
            TxStage.ON_L1,
            Optional.of(new TxInclusion(SlotNumber.of(9), BlockNumber.of(41), 2, 0)),
            Optional.of(CheckpointNumber.of(7)),
            Optional.empty(),
            Optional.of(new L1Landing(CheckpointNumber.of(7), 123, block, l1Tx)),
            Map.of(TxStage.CHECKPOINTED, T0, TxStage.ON_L1, T0.plusSeconds(12)));

    JsonNode json = new ObjectMapper().valueToTree(TxStatusView.of(s));

    assertThat(json.get("status").asText()).isEqualTo("ON_L1");
    assertThat(json.get("checkpoint").asLong()).isEqualTo(7);
    assertThat(json.get("l1Block").asLong()).isEqualTo(123);
    assertThat(json.get("l1BlockHash").asText()).isEqualTo(block.toString());
    assertThat(json.get("l1TxHash").asText()).isEqualTo(l1Tx.toString());
    assertThat(json.get("reachedAt").get("ON_L1").asText()).isEqualTo("2026-01-01T00:00:12Z");
  }

  @Test
  void aTxNotOnL1HasNoL1Fields() {
    TxStatus s =
        new TxStatus(
            TX,
            TxStage.PENDING,
            Optional.empty(),
            Optional.empty(),
            Optional.of("PRUNED: checkpoint 7 of slot 9 never reached L1 in its slot"),
            Optional.empty(),
            Map.of(TxStage.PENDING, T0));

    JsonNode json = new ObjectMapper().valueToTree(TxStatusView.of(s));

    assertThat(json.has("l1Block")).isFalse();
    assertThat(json.has("l1TxHash")).isFalse();
    assertThat(json.get("reason").asText()).startsWith("PRUNED");
  }
}
