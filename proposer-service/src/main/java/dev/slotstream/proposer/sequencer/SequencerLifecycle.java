package dev.slotstream.proposer.sequencer;

import dev.slotstream.core.sequencer.Sequencer;
import dev.slotstream.core.types.EthAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;

/**
 * Starts the {@link Sequencer} once the application is ready (Kafka producer, listeners and the
 * signing record are all up) and stops it as the context closes, before the scheduler, executor
 * and signing record are torn down.
 */
public class SequencerLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(SequencerLifecycle.class);

  /** Where the sequencer is in its life; reported by the health indicator. */
  public enum State {
    NOT_STARTED,
    RUNNING,
    DISABLED,
    STOPPED
  }

  private final Sequencer sequencer;
  private final boolean enabled;
  private final List<EthAddress> keys;
  private volatile State state = State.NOT_STARTED;

  public SequencerLifecycle(Sequencer sequencer, boolean enabled, List<EthAddress> keys) {
    this.sequencer = sequencer;
    this.enabled = enabled;
    this.keys = List.copyOf(keys);
  }

  @EventListener(ApplicationReadyEvent.class)
  public synchronized void start() {
    if (state != State.NOT_STARTED) {
      return;
    }
    if (!enabled) {
      state = State.DISABLED;
      LOG.info("sequencer disabled (slotstream.proposer.enabled=false)");
      return;
    }
    if (keys.isEmpty()) {
      LOG.warn("sequencer started without keys: this node never proposes (set slotstream.node.*)");
    }
    sequencer.start();
    state = State.RUNNING;
    LOG.info("sequencer started keys={}", keys.size());
  }

  @EventListener(ContextClosedEvent.class)
  public synchronized void stop() {
    if (state == State.RUNNING) {
      sequencer.stop();
      LOG.info("sequencer stopped");
    }
    if (state != State.DISABLED) {
      state = State.STOPPED;
    }
  }

  public State state() {
    return state;
  }

  public List<EthAddress> keys() {
    return keys;
  }
}
