package dev.slotstream.validator.testing;

import dev.slotstream.core.testing.TestNetwork;
import dev.slotstream.core.time.Timetable;
import dev.slotstream.core.time.TimetableConfig;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.gossip.testing.ManualClockConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one Spring context shared by the validator service's in-context tests (a validator node on
 * the in-process broker, network prefix {@value #PREFIX}, with a manual clock). Each test takes a
 * fresh slot ahead of the node's clock, so tests are independent although time only moves forward.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
// Tests turn metrics export (/actuator/prometheus) and tracing off otherwise; the service has both.
@AutoConfigureObservability
@Import(ManualClockConfiguration.class)
public abstract class ValidatorContextTestBase {
  public static final String PREFIX = "vs-it";
  public static final String NODE_ID = "validator-it";
  public static final Timetable TIMETABLE =
      new Timetable(TimetableConfig.devnet(TestNetwork.GENESIS));

  /** A few slots ahead of the wall clock, so record timestamps stay close to the broker's time. */
  public static final SlotNumber BASE_SLOT =
      TIMETABLE.slotAt(Instant.now()).orElseThrow().next().next();

  private static final AtomicLong NEXT_SLOT = new AtomicLong(BASE_SLOT.value());
  private static final Path SIGNING_RECORD = tempDir();

  @DynamicPropertySource
  static void node(DynamicPropertyRegistry registry) {
    TestNodeProperties.of(
            PREFIX, NODE_ID, SIGNING_RECORD, TIMETABLE.slotStart(BASE_SLOT).minusSeconds(1))
        .forEach((k, v) -> registry.add(k, () -> v));
  }

  @Autowired protected ApplicationContext context;

  protected NodeUnderTest node;

  @BeforeEach
  void attachNode() {
    node = new NodeUnderTest(context).awaitListenersAssigned();
  }

  /** A slot no test used yet and that the node's clock has not reached. */
  protected SlotNumber freshSlot() {
    long current = TIMETABLE.slotAt(node.clock.instant()).map(SlotNumber::value).orElse(0L);
    return SlotNumber.of(NEXT_SLOT.updateAndGet(n -> Math.max(n, current + 1) + 1) - 1);
  }

  private static Path tempDir() {
    try {
      Path dir = Files.createTempDirectory("validator-it-signing-record");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
