package dev.slotstream.node;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code slotstream.node.*}: where this node's signing keys come from. Sources add up; a node with
 * no source has no keys (fine for services that only verify, such as the attestation service).
 *
 * @param privateKeys hex private keys (32 bytes each); for tests, prefer a key directory in production
 * @param keyDir a directory of key files, one hex key per file named {@code validator-<n>.key} (the
 *     Helm chart's Secret mount). When unset, {@code slotstream.validator.key-dir} (the chart's
 *     {@code SLOTSTREAM_VALIDATOR_KEY_DIR}) is used
 * @param keyOrdinal load only {@code validator-<keyOrdinal>.key} from the directory. When unset and
 *     the host name ends in {@code -<n>} (a StatefulSet pod) with a matching file, that one file is
 *     loaded; otherwise every {@code validator-<n>.key} file is, in order of n
 * @param keySeeds devnet seeds: {@code SigningKey.fromSeed(seed)} for each; never for real value
 */
@ConfigurationProperties("slotstream.node")
public record NodeKeysProperties(
    @DefaultValue List<String> privateKeys,
    Path keyDir,
    Integer keyOrdinal,
    @DefaultValue List<String> keySeeds) {

  @Override
  public String toString() {
    // Never print the keys themselves.
    return "NodeKeysProperties[privateKeys="
        + privateKeys.size()
        + " redacted, keyDir="
        + keyDir
        + ", keyOrdinal="
        + keyOrdinal
        + ", keySeeds="
        + keySeeds.size()
        + "]";
  }
}
