package dev.slotstream.node.chain;

import dev.slotstream.core.lifecycle.TxLifecycle;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The tx lifecycle API ({@link TxLifecycleController}) on every executing node that serves HTTP. */
@AutoConfiguration(after = ChainAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(SseEmitter.class)
public class TxLifecycleApiAutoConfiguration {
  /** Sse connections end after this; a client reconnects. */
  static final Duration EVENT_STREAM_TIMEOUT = Duration.ofHours(1);

  static final int MAX_TX_SUBSCRIPTIONS = 10_000;
  static final int EVENT_QUEUE = 100_000;

  @Bean(destroyMethod = "close")
  @ConditionalOnBean(TxLifecycle.class)
  @ConditionalOnMissingBean
  LifecycleEventStream lifecycleEventStream(TxLifecycle lifecycle, MeterRegistry registry) {
    return new LifecycleEventStream(
        lifecycle, EVENT_STREAM_TIMEOUT, MAX_TX_SUBSCRIPTIONS, EVENT_QUEUE, registry);
  }

  @Bean
  @ConditionalOnBean(TxLifecycle.class)
  @ConditionalOnMissingBean
  TxLifecycleController txLifecycleController(TxLifecycle lifecycle, LifecycleEventStream events) {
    return new TxLifecycleController(lifecycle, events);
  }
}
