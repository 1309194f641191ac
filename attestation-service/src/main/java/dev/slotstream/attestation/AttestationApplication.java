package dev.slotstream.attestation;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** attestation service: Collects validator attestations and forms quorum certificates. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AttestationApplication {

  public static void main(String[] args) {
    SpringApplication.run(AttestationApplication.class, args);
  }
}
