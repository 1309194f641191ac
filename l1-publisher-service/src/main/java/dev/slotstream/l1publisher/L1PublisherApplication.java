package dev.slotstream.l1publisher;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * L1 publisher service: Publishes certified block batches to the rollup contract on L1. The protocol
 * ({@code slotstream.protocol.*}: timetable, rollup address, validator set) comes from node-support,
 * bound exactly as in every other service.
 */
@SpringBootApplication
public class L1PublisherApplication {

  public static void main(String[] args) {
    SpringApplication.run(L1PublisherApplication.class, args);
  }
}
