package dev.slotstream.node;

import dev.slotstream.core.consensus.EpochCache;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.crypto.ProtocolSigner;
import dev.slotstream.core.duty.DutyScheduler;
import dev.slotstream.core.duty.ExecutorDutyScheduler;
import dev.slotstream.core.duty.UncaughtErrors;
import dev.slotstream.core.time.SlotClock;
import dev.slotstream.core.time.Timetable;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.env.Environment;

/**
 * The protocol core as beans, built from {@link ProtocolProperties} and {@link NodeKeysProperties}.
 * Every bean backs off when the application (or a test) defines its own, e.g. a fixed {@link Clock}.
 *
 * <p>An invalid timetable fails start-up with {@link
 * dev.slotstream.core.time.InvalidTimetableException}, which {@link InvalidTimetableFailureAnalyzer}
 * turns into a report naming the broken rule.
 */
@AutoConfiguration
@EnableConfigurationProperties({ProtocolProperties.class, NodeKeysProperties.class})
public class NodeAutoConfiguration {
  /** Env var of the Helm chart and docker-compose, bound by Spring to this property. */
  public static final String CHART_KEY_DIR_PROPERTY = "slotstream.validator.key-dir";

  private static final Logger LOG = LoggerFactory.getLogger(NodeAutoConfiguration.class);

  /** Genesis time as unix seconds as well as ISO-8601 (the chart passes seconds). */
  @Bean
  @ConfigurationPropertiesBinding
  static Converter<String, Instant> slotstreamInstantPropertyConverter() {
    return new InstantPropertyConverter();
  }

  @Bean
  @ConditionalOnMissingBean
  public Clock clock() {
    return Clock.systemUTC();
  }

  /** The protocol core, from the one place that builds it: {@link RollupContext#of}. */
  @Bean
  @ConditionalOnMissingBean
  public RollupContext rollupContext(ProtocolProperties protocol) {
    RollupContext context = RollupContext.of(protocol.rollupParameters());
    LOG.info("timetable preset={} {}", protocol.timetable().preset(), context.timetable());
    LOG.info(
        "protocol signer chainId={} rollup={} recovery={}",
        context.chainId(),
        context.rollupAddress(),
        context.signer().recovery().name());
    return context;
  }

  @Bean
  @ConditionalOnMissingBean
  public Timetable timetable(RollupContext context) {
    return context.timetable();
  }

  @Bean
  @ConditionalOnMissingBean
  public SlotClock slotClock(Clock clock, Timetable timetable) {
    return new SlotClock(clock, timetable);
  }

  @Bean
  @ConditionalOnMissingBean
  public EpochCache epochCache(RollupContext context) {
    return context.epochCache();
  }

  /** Recovers with libsecp256k1 when its native library loads here, else web3j. */
  @Bean
  @ConditionalOnMissingBean
  public ProtocolSigner protocolSigner(RollupContext context) {
    return context.signer();
  }

  /** Logged and counted as {@value CountedUncaughtErrors#METER}; logged only without a registry. */
  @Bean
  @ConditionalOnMissingBean
  public UncaughtErrors uncaughtErrors(ObjectProvider<MeterRegistry> registry) {
    MeterRegistry meters = registry.getIfAvailable();
    return meters == null ? UncaughtErrors.logging() : new CountedUncaughtErrors(meters);
  }

  /** Closed with the context, so no duty fires into a context that is shutting down. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(DutyScheduler.class)
  public ExecutorDutyScheduler dutyScheduler(Clock clock, UncaughtErrors errors) {
    return new ExecutorDutyScheduler(clock, 2, "slotstream-duty", errors);
  }

  @Bean
  @ConditionalOnMissingBean
  public NodeKeys nodeKeys(NodeKeysProperties properties, Environment environment) {
    String chartKeyDir = environment.getProperty(CHART_KEY_DIR_PROPERTY);
    return NodeKeys.load(
        properties,
        chartKeyDir == null || chartKeyDir.isBlank() ? null : Path.of(chartKeyDir),
        environment.getProperty("HOSTNAME"));
  }
}
