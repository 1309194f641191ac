package dev.slotstream.validator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** validator service: Re-executes proposed blocks and signs attestations, never twice for one sub-slot. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ValidatorApplication {

  public static void main(String[] args) {
    SpringApplication.run(ValidatorApplication.class, args);
  }
}
