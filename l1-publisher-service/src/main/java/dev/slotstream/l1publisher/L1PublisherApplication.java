package dev.slotstream.l1publisher;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** L1 publisher service: Publishes certified block batches to the rollup contract on L1. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class L1PublisherApplication {

    public static void main(String[] args) {
        SpringApplication.run(L1PublisherApplication.class, args);
    }
}
