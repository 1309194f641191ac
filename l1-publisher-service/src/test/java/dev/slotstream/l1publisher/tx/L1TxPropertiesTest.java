package dev.slotstream.l1publisher.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class L1TxPropertiesTest {
  private static L1TxProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bind("slotstream.l1", L1TxProperties.class)
        .get();
  }

  @Test
  void bindsSlotstreamL1AndFillsTheDefaults() {
    L1TxProperties p =
        bind(
            Map.of(
                "slotstream.l1.rpc-url", "http://l1:8545",
                "slotstream.l1.chain-id", "31337",
                "slotstream.l1.fee-cap-gwei", "50.5",
                "slotstream.l1.receipt-poll-interval", "250ms",
                "slotstream.l1.rpc.max-attempts", "5"));

    assertThat(p.rpcUrl()).isEqualTo("http://l1:8545");
    assertThat(p.feeCapWei()).isEqualTo(BigInteger.valueOf(50_500_000_000L));
    assertThat(p.receiptPollInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(p.rpc().maxAttempts()).isEqualTo(5);
    assertThat(p.rpc().timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(p.feeBumpPercent()).isEqualByComparingTo(new BigDecimal("12.5"));
    assertThat(p.confirmations()).isEqualTo(1);
    assertThat(p.maxReplacements()).isEqualTo(3);
  }

  @Test
  void refusesAFeeBumpGethWouldRefuse() {
    assertThatThrownBy(
            () ->
                bind(Map.of("slotstream.l1.chain-id", "1", "slotstream.l1.fee-bump-percent", "5")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("fee-bump-percent");
  }

  @Test
  void neverPrintsThePrivateKey() {
    String key = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    assertThat(L1TxProperties.builder("http://l1", 1).privateKey(key).build().toString())
        .doesNotContain(key.substring(2));
  }
}
