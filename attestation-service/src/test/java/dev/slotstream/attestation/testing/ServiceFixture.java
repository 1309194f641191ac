package dev.slotstream.attestation.testing;

import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.testing.AttestationFixtures;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.gossip.GossipKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;

/** What the attestation service's integration tests share: network settings, topic and meters. */
public final class ServiceFixture {
  private ServiceFixture() {}

  /** The fixture network's {@code slotstream.protocol.*} settings. */
  public static void registerNetwork(DynamicPropertyRegistry registry) {
    for (String p : AttestationFixtures.NETWORK_PROPERTIES) {
      int eq = p.indexOf('=');
      registry.add(p.substring(0, eq), () -> p.substring(eq + 1));
    }
  }

  /** The quorums read so far from the quorum topic for {@code slot}. */
  public static List<CheckpointQuorum> quorumsOf(TopicReader quorums, SlotNumber slot) {
    return quorums.poll().stream()
        .filter(r -> GossipKeys.slotOf(r.key()).equals(slot))
        .map(r -> CheckpointQuorum.decode(r.value()))
        .toList();
  }

  /** The count of {@code slotstream.attestation.<name>}, 0 before its first increment. */
  public static double counter(MeterRegistry meters, String name) {
    Counter c = meters.find("slotstream.attestation." + name).counter();
    return c == null ? 0 : c.count();
  }
}
