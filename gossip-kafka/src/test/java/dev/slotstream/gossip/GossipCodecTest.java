package dev.slotstream.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slotstream.core.codec.DecodingException;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.TopicType;
import dev.slotstream.core.testing.RandomData;
import dev.slotstream.core.types.SlotNumber;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.serializer.DeserializationException;

class GossipCodecTest {
  private final RandomData random = new RandomData(1488);

  @Test
  void shouldRoundTripEveryMessageTypeThroughItsSerializerAndDeserializer() {
    List<Object> messages =
        List.of(
            random.tx(),
            random.blockProposal(3, true),
            random.checkpointProposal(2, false),
            random.attestation());
    for (Object message : messages) {
      GossipCodec<Object> codec = GossipCodec.forMessage(message).orElseThrow();
      byte[] bytes = codec.serializer().serialize("t", message);
      assertThat(codec.deserializer().deserialize("t", bytes)).isEqualTo(message);
      assertThat(GossipCodec.anyMessageSerializer().serialize("t", message)).isEqualTo(bytes);
      assertThat(GossipCodec.of(codec.topicType())).isSameAs(codec);
    }
  }

  @Test
  void shouldMapEveryTopicTypeToACodec() {
    for (TopicType type : TopicType.values()) {
      assertThat(GossipCodec.of(type).topicType()).isEqualTo(type);
      assertThat(GossipTopic.of(type).topicName()).isEqualTo(type.topicName());
    }
  }

  @Test
  void shouldRejectGarbageTruncationWrongKindAndNullWithDecodingException() {
    byte[] block = random.blockProposal(1, true).encode();
    List<byte[]> malformed =
        Arrays.asList(
            random.bytes(40), Arrays.copyOf(block, block.length - 1), random.tx().encode(), null);
    for (byte[] bytes : malformed) {
      assertThatThrownBy(() -> GossipCodec.BLOCK_PROPOSAL.deserializer().deserialize("t", bytes))
          .isInstanceOfSatisfying(DecodingException.class, e -> assertThat(e.field()).isNotBlank());
    }
  }

  @Test
  void shouldEncodeSlotKeysAsEightBytesBigEndian() {
    assertThat(GossipKeys.slot(SlotNumber.of(0x0102030405060708L)))
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    SlotNumber slot = SlotNumber.of(random.u63());
    assertThat(GossipKeys.slotOf(GossipKeys.slot(slot))).isEqualTo(slot);
    assertThatThrownBy(() -> GossipKeys.slotOf(new byte[7])).isInstanceOf(DecodingException.class);
    BlockProposal proposal = random.blockProposal(0, false);
    assertThat(GossipKeys.keyFor(proposal)).isEqualTo(GossipKeys.slot(proposal.slotNumber()));
  }

  @Test
  void shouldClassifyRejections() {
    DecodingException decoding = new DecodingException("tx.nonce", "truncated");
    assertThat(GossipRejections.classify(new DeserializationException("x", null, false, decoding)))
        .isEqualTo(RejectReason.DECODE);
    assertThat(GossipRejections.detail(new RuntimeException(decoding)))
        .isEqualTo("tx.nonce: truncated");
    InvalidGossipException invalid =
        new InvalidGossipException(RejectReason.EQUIVOCATION, "two blocks");
    assertThat(GossipRejections.classify(new RuntimeException(invalid)))
        .isEqualTo(RejectReason.EQUIVOCATION);
    assertThat(GossipRejections.detail(invalid)).isEqualTo("two blocks");
    assertThat(GossipRejections.classify(new IllegalStateException("bug")))
        .isEqualTo(RejectReason.LISTENER_ERROR);
  }
}
