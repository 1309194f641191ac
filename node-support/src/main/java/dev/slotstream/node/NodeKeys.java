package dev.slotstream.node;

import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.types.EthAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's local signing keys (validator keys), loaded once at start-up. Only addresses ever
 * reach a log line or an exception message: a key that fails to parse is reported by its source
 * (property index or file name), never by its content.
 */
public final class NodeKeys {
  private static final Logger LOG = LoggerFactory.getLogger(NodeKeys.class);
  private static final java.util.regex.Pattern KEY_FILE =
      java.util.regex.Pattern.compile("validator-(\\d+)\\.key");
  private static final java.util.regex.Pattern POD_ORDINAL =
      java.util.regex.Pattern.compile(".*-(\\d+)$");

  private final Map<EthAddress, SigningKey> keys;

  private NodeKeys(List<SigningKey> keys) {
    Map<EthAddress, SigningKey> byAddress = new LinkedHashMap<>();
    for (SigningKey key : keys) {
      if (byAddress.putIfAbsent(key.address(), key) != null) {
        LOG.warn("signing key configured twice, using it once address={}", key.address().toHex());
      }
    }
    this.keys = byAddress;
  }

  public static NodeKeys of(List<SigningKey> keys) {
    return new NodeKeys(keys);
  }

  public static NodeKeys none() {
    return new NodeKeys(List.of());
  }

  /**
   * Loads the keys the properties name: hex keys, then the key directory ({@code keyDir}, else
   * {@code fallbackKeyDir}), then devnet seeds.
   *
   * @param hostName this host's name ({@code HOSTNAME}); a StatefulSet pod's ends in its ordinal
   */
  public static NodeKeys load(NodeKeysProperties properties, Path fallbackKeyDir, String hostName) {
    List<SigningKey> loaded = new ArrayList<>();
    List<String> privateKeys = properties.privateKeys();
    for (int i = 0; i < privateKeys.size(); i++) {
      loaded.add(parse(privateKeys.get(i), "slotstream.node.private-keys[" + i + "]"));
    }
    Path dir = properties.keyDir() != null ? properties.keyDir() : fallbackKeyDir;
    if (dir != null) {
      loaded.addAll(fromDirectory(dir, properties.keyOrdinal(), hostName));
    }
    for (String seed : properties.keySeeds()) {
      loaded.add(SigningKey.fromSeed(seed));
    }
    NodeKeys keys = new NodeKeys(loaded);
    LOG.info("node keys loaded count={} addresses={}", keys.size(), keys.addresses());
    return keys;
  }

  /**
   * The {@code validator-<n>.key} files of {@code dir}: only {@code validator-<ordinal>.key} when an
   * ordinal is given or the host name ends in one that has a file, otherwise all, in order of n.
   */
  static List<SigningKey> fromDirectory(Path dir, Integer ordinal, String hostName) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(
          "key directory " + dir + " does not exist or is not a directory");
    }
    TreeMap<Integer, Path> files = new TreeMap<>();
    try (Stream<Path> entries = Files.list(dir)) {
      // Kubernetes mounts Secret entries as symlinks into a "..data" directory: follow them.
      entries
          .filter(Files::isRegularFile)
          .forEach(
              p -> {
                Matcher m = KEY_FILE.matcher(p.getFileName().toString());
                if (m.matches()) {
                  files.put(Integer.parseInt(m.group(1)), p);
                }
              });
    } catch (IOException e) {
      throw new IllegalStateException("cannot list key directory " + dir, e);
    }
    if (ordinal != null) {
      Path file = files.get(ordinal);
      if (file == null) {
        throw new IllegalStateException(
            "key directory "
                + dir
                + " has no validator-"
                + ordinal
                + ".key (slotstream.node.key-ordinal)");
      }
      return List.of(readKeyFile(file));
    }
    Optional<Integer> podOrdinal = podOrdinal(hostName);
    if (podOrdinal.isPresent() && files.containsKey(podOrdinal.get())) {
      LOG.info(
          "key file picked by pod ordinal host={} file=validator-{}.key",
          hostName,
          podOrdinal.get());
      return List.of(readKeyFile(files.get(podOrdinal.get())));
    }
    if (files.isEmpty()) {
      throw new IllegalStateException("key directory " + dir + " has no validator-<n>.key file");
    }
    return files.values().stream().map(NodeKeys::readKeyFile).toList();
  }

  static Optional<Integer> podOrdinal(String hostName) {
    if (hostName == null) {
      return Optional.empty();
    }
    Matcher m = POD_ORDINAL.matcher(hostName.trim());
    if (!m.matches() || m.group(1).length() > 6) {
      return Optional.empty();
    }
    return Optional.of(Integer.parseInt(m.group(1)));
  }

  private static SigningKey readKeyFile(Path file) {
    String content;
    try {
      content = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read key file " + file, e);
    }
    return parse(content.strip(), "key file " + file);
  }

  private static SigningKey parse(String hex, String source) {
    try {
      return SigningKey.fromHex(hex.strip());
    } catch (RuntimeException e) {
      // Deliberately without the cause: its message could quote part of the key.
      throw new IllegalStateException(source + " is not a 32-byte hex private key in 1..n-1");
    }
  }

  public List<SigningKey> keys() {
    return List.copyOf(keys.values());
  }

  public List<EthAddress> addresses() {
    return List.copyOf(keys.keySet());
  }

  public Optional<SigningKey> keyFor(EthAddress address) {
    return Optional.ofNullable(keys.get(address));
  }

  public boolean isEmpty() {
    return keys.isEmpty();
  }

  public int size() {
    return keys.size();
  }

  @Override
  public String toString() {
    return "NodeKeys" + addresses();
  }
}
