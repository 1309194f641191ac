package dev.slotstream.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.types.EthAddress;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class NodeKeysTest {
  // Throwaway test keys: small scalars padded to 32 bytes.
  static final String KEY_0 = hexKey(1001);
  static final String KEY_1 = hexKey(1002);
  static final String KEY_2 = hexKey(1003);

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(NodeAutoConfiguration.class))
          .withPropertyValues(NodeAutoConfigurationTest.DEVNET);

  @TempDir Path dir;

  static String hexKey(long scalar) {
    return String.format("0x%064x", BigInteger.valueOf(scalar));
  }

  static EthAddress address(String hexKey) {
    return SigningKey.fromHex(hexKey).address();
  }

  private void writeKeys() throws IOException {
    Files.writeString(dir.resolve("validator-0.key"), KEY_0 + "\n");
    Files.writeString(dir.resolve("validator-1.key"), KEY_1.substring(2)); // without 0x
    Files.writeString(dir.resolve("validator-10.key"), "  " + KEY_2 + "  \n");
    Files.writeString(dir.resolve("README"), "not a key");
  }

  @Test
  void shouldLoadHexKeysAndDevnetSeedsFromProperties(CapturedOutput output) {
    runner
        .withPropertyValues(
            "slotstream.node.private-keys=" + KEY_0 + "," + KEY_1,
            "slotstream.node.key-seeds=validator-3")
        .run(
            context -> {
              NodeKeys keys = context.getBean(NodeKeys.class);
              assertThat(keys.addresses())
                  .containsExactly(
                      address(KEY_0), address(KEY_1), SigningKey.fromSeed("validator-3").address());
              assertThat(keys.keyFor(address(KEY_1))).isPresent();
              assertThat(keys.toString())
                  .doesNotContain(KEY_0.substring(2))
                  .contains(address(KEY_0).toHex());
              assertThat(context.getBean(NodeKeysProperties.class).toString())
                  .doesNotContain(KEY_0.substring(2));
            });
    assertThat(output.getAll())
        .contains("node keys loaded count=3")
        .doesNotContain(KEY_0.substring(2));
  }

  @Test
  void shouldLoadEveryKeyFileOfTheDirectoryInOrdinalOrder() throws IOException {
    writeKeys();
    runner
        .withPropertyValues("slotstream.node.key-dir=" + dir)
        .run(
            context ->
                assertThat(context.getBean(NodeKeys.class).addresses())
                    .containsExactly(address(KEY_0), address(KEY_1), address(KEY_2)));
  }

  @Test
  void shouldLoadOnlyTheConfiguredOrdinalsKey() throws IOException {
    writeKeys();
    runner
        .withPropertyValues("slotstream.node.key-dir=" + dir, "slotstream.node.key-ordinal=10")
        .run(
            context ->
                assertThat(context.getBean(NodeKeys.class).addresses())
                    .containsExactly(address(KEY_2)));
  }

  @Test
  void shouldPickTheStatefulSetPodsKeyByItsHostNameOrdinal() throws IOException {
    writeKeys();
    List<SigningKey> keys = NodeKeys.fromDirectory(dir, null, "slotstream-validator-1");
    assertThat(keys).extracting(SigningKey::address).containsExactly(address(KEY_1));
    // A host name without a matching file loads them all (docker-compose, a laptop).
    assertThat(NodeKeys.fromDirectory(dir, null, "slotstream-validator-7")).hasSize(3);
    assertThat(NodeKeys.fromDirectory(dir, null, "3f2a9b1c0d4e")).hasSize(3);
  }

  @Test
  void shouldFollowTheChartsKeyDirVariableWhenNoNodeKeyDirIsSet() throws IOException {
    writeKeys();
    runner
        .withPropertyValues(NodeAutoConfiguration.CHART_KEY_DIR_PROPERTY + "=" + dir)
        .run(context -> assertThat(context.getBean(NodeKeys.class).size()).isEqualTo(3));
  }

  @Test
  void shouldFollowSymlinkedSecretEntriesAsKubernetesMountsThem() throws IOException {
    Path data = Files.createDirectory(dir.resolve("..data"));
    Files.writeString(data.resolve("validator-0.key"), KEY_0);
    Files.createSymbolicLink(dir.resolve("validator-0.key"), data.resolve("validator-0.key"));
    assertThat(NodeKeys.fromDirectory(dir, null, null))
        .extracting(SigningKey::address)
        .containsExactly(address(KEY_0));
  }

  @Test
  void shouldNameTheBadKeyFileButNeverQuoteItsContent(CapturedOutput output) throws IOException {
    String secretish = "0x" + "f".repeat(64); // above the curve order: not a valid key
    Files.writeString(dir.resolve("validator-0.key"), secretish);
    runner
        .withPropertyValues("slotstream.node.key-dir=" + dir)
        .run(
            context -> {
              assertThat(context).hasFailed();
              StringBuilder messages = new StringBuilder();
              for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
              }
              assertThat(messages.toString())
                  .contains("validator-0.key is not a 32-byte hex private key")
                  .doesNotContain("f".repeat(64));
            });
    assertThat(output.getAll()).doesNotContain("f".repeat(64));
  }

  @Test
  void shouldFailWhenTheKeyDirectoryIsMissing() {
    runner
        .withPropertyValues("slotstream.node.key-dir=" + dir.resolve("missing"))
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("does not exist");
            });
  }
}
