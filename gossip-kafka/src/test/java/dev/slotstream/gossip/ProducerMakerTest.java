package dev.slotstream.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;

class ProducerMakerTest {
  @Test
  void shouldMakeOnItsOwnThreadStartedAtTheConstructingThreadsPriority() throws Exception {
    Thread[] maker = new Thread[1];
    Thread constructing =
        new Thread(
            () -> {
              ProducerMaker made = new ProducerMaker();
              try {
                maker[0] = made.make(Thread::currentThread);
              } finally {
                made.destroy();
              }
            });
    constructing.setPriority(Thread.NORM_PRIORITY - 1);
    constructing.start();
    constructing.join();

    assertThat(maker[0].getName()).isEqualTo("slotstream-producer-maker");
    assertThat(maker[0].getPriority()).isEqualTo(Thread.NORM_PRIORITY - 1);
    assertThat(maker[0].isDaemon()).isTrue();
  }

  @Test
  void shouldThrowWhatTheMakingThrew() {
    ProducerMaker maker = new ProducerMaker();
    try {
      KafkaException refused = new KafkaException("broker address not resolvable");
      assertThatThrownBy(
              () ->
                  maker.make(
                      () -> {
                        throw refused;
                      }))
          .isSameAs(refused);
      assertThatThrownBy(
              () ->
                  maker.make(
                      () -> {
                        throw new IOException("disk");
                      }))
          .isInstanceOf(KafkaException.class)
          .hasCauseInstanceOf(IOException.class);
    } finally {
      maker.destroy();
    }
    assertThatThrownBy(() -> maker.make(() -> "late"))
        .isInstanceOf(RejectedExecutionException.class);
  }
}
