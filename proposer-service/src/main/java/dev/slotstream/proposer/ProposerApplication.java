package dev.slotstream.proposer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * proposer service: builds and signs the blocks of a slot as its sub-slots come due, broadcasts
 * each at once and the checkpoint with the last; takes txs over HTTP into its pool and the tx topic.
 */
@SpringBootApplication
public class ProposerApplication {

  public static void main(String[] args) {
    SpringApplication.run(ProposerApplication.class, args);
  }
}
