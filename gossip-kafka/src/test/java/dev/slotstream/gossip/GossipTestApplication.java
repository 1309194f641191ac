package dev.slotstream.gossip;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** A minimal "service": Boot auto-configuration (including this module's) plus recording listeners. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(RecordingListeners.class)
public class GossipTestApplication {
  @Bean
  MeterRegistry meterRegistry() {
    return new SimpleMeterRegistry();
  }
}
