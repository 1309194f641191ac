package dev.slotstream.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.message.MessageKind;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.message.WireFormat;
import dev.slotstream.core.testing.RandomData;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Feeds random and mutated encodings to every decoder. A decoder may accept bytes (then they must be
 * the canonical encoding of what it returns) or throw {@link DecodingException}; nothing else.
 */
class DecoderFuzzTest {
  private static final int CASES_PER_TYPE = 100_000;

  record Target(
      MessageKind kind,
      Function<byte[], Object> decode,
      Function<Object, byte[]> encode,
      Function<RandomData, byte[]> validSample) {}

  static Stream<Arguments> targets() {
    return Stream.of(
        target(MessageKind.TX, Tx::decode, o -> ((Tx) o).encode(), d -> d.tx().encode()),
        target(
            MessageKind.BLOCK_PROPOSAL,
            BlockProposal::decode,
            o -> ((BlockProposal) o).encode(),
            d -> d.blockProposal(d.random().nextInt(4), d.random().nextBoolean()).encode()),
        target(
            MessageKind.CHECKPOINT_PROPOSAL,
            CheckpointProposal::decode,
            o -> ((CheckpointProposal) o).encode(),
            d -> d.checkpointProposal(d.random().nextInt(3), d.random().nextBoolean()).encode()),
        target(
            MessageKind.CHECKPOINT_ATTESTATION,
            CheckpointAttestation::decode,
            o -> ((CheckpointAttestation) o).encode(),
            d -> d.attestation().encode()),
        target(
            MessageKind.CHECKPOINT_QUORUM,
            CheckpointQuorum::decode,
            o -> ((CheckpointQuorum) o).encode(),
            d -> d.quorum(4 + d.random().nextInt(8), 1 + d.random().nextInt(4)).encode()));
  }

  private static Arguments target(
      MessageKind kind,
      Function<byte[], Object> decode,
      Function<Object, byte[]> encode,
      Function<RandomData, byte[]> sample) {
    return Arguments.of(kind, new Target(kind, decode, encode, sample));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targets")
  void shouldOnlyEverThrowDecodingExceptionOnHostileBytes(MessageKind kind, Target target) {
    RandomData data = new RandomData(kind.tag() * 7919L);
    Random random = data.random();
    List<byte[]> corpus =
        Stream.generate((Supplier<byte[]>) () -> target.validSample().apply(data))
            .limit(64)
            .toList();
    int accepted = 0;
    int rejected = 0;
    for (int i = 0; i < CASES_PER_TYPE; i++) {
      byte[] input = mutate(random, corpus.get(random.nextInt(corpus.size())), kind);
      try {
        Object decoded = target.decode().apply(input);
        assertThat(target.encode().apply(decoded))
            .as("accepted bytes must be the canonical encoding of what they decode to")
            .isEqualTo(input);
        accepted++;
      } catch (DecodingException expected) {
        assertThat(expected.getMessage()).isNotBlank();
        rejected++;
      } catch (Throwable other) {
        fail(
            "decoder of %s threw %s on case %d (%d bytes): %s",
            kind, other.getClass().getName(), i, input.length, other.getMessage());
      }
    }
    assertThat(accepted + rejected).isEqualTo(CASES_PER_TYPE);
    // Both paths must be exercised, or the mutations are not reaching the decoder's depth.
    assertThat(accepted).isPositive();
    assertThat(rejected).isGreaterThan(CASES_PER_TYPE / 2);
  }

  private static byte[] mutate(Random random, byte[] valid, MessageKind kind) {
    byte[] b = valid.clone();
    switch (random.nextInt(9)) {
      case 0 -> {
        return b; // the valid sample itself
      }
      case 1 -> { // pure noise behind a valid envelope
        byte[] noise = new byte[random.nextInt(Math.max(2, valid.length * 2))];
        random.nextBytes(noise);
        if (noise.length >= 2) {
          noise[0] = (byte) kind.tag();
          noise[1] = (byte) WireFormat.VERSION;
        }
        return noise;
      }
      case 2 -> { // flip a few bits
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
          int at = random.nextInt(b.length);
          b[at] ^= (byte) (1 << random.nextInt(8));
        }
        return b;
      }
      case 3 -> { // truncate
        return Arrays.copyOf(b, random.nextInt(b.length));
      }
      case 4 -> { // extend
        byte[] longer = Arrays.copyOf(b, b.length + 1 + random.nextInt(64));
        for (int i = b.length; i < longer.length; i++) {
          longer[i] = (byte) random.nextInt(256);
        }
        return longer;
      }
      case 5 -> { // overwrite a 4-byte window with an interesting length
        int[] lengths = {0, 1, 2, 255, 256, 65535, 0x7fffffff, 0xffffffff, 0x80000000, 4096, 4097};
        int v = lengths[random.nextInt(lengths.length)];
        int at = random.nextInt(Math.max(1, b.length - 3));
        for (int i = 0; i < 4 && at + i < b.length; i++) {
          b[at + i] = (byte) (v >>> (24 - 8 * i));
        }
        return b;
      }
      case 6 -> { // delete a span
        int from = random.nextInt(b.length);
        int to = Math.min(b.length, from + 1 + random.nextInt(40));
        byte[] out = new byte[b.length - (to - from)];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(b, to, out, from, b.length - to);
        return out;
      }
      case 7 -> { // set a byte to an edge value
        b[random.nextInt(b.length)] = (byte) (random.nextBoolean() ? 0xff : 0x00);
        return b;
      }
      default -> { // duplicate a span in place
        int from = random.nextInt(b.length);
        int len = Math.min(b.length - from, 1 + random.nextInt(80));
        byte[] out = new byte[b.length + len];
        System.arraycopy(b, 0, out, 0, from + len);
        System.arraycopy(b, from, out, from + len, b.length - from);
        return out;
      }
    }
  }
}
