package dev.slotstream.proposer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** proposer service: Builds and signs the blocks of a slot as its sub-slots come due. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ProposerApplication {

    public static void main(String[] args) {
        SpringApplication.run(ProposerApplication.class, args);
    }
}
