package dev.slotstream.core.l1;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;
import dev.slotstream.core.codec.DecodingException;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.CheckpointNumber;
import dev.slotstream.core.types.Fr;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * {@link L1PositionStore} as one small file in the node's data dir, replaced whole on each save
 * (written to a temporary file, fsync'd, renamed over the old one, directory fsync'd): a crash
 * leaves the old record or the new one, never a mix. A record written for another rollup or
 * deployment block ({@code scope}) is not used.
 *
 * <p>Layout: {@code u32 magic ‖ u8 version ‖ varBytes scope ‖ list(entry) ‖ u32 crc32c(all
 * before)}, entry = {@code u64 number ‖ fr archive ‖ u64 l1Number ‖ bytes32 l1Hash ‖ u64
 * l1Timestamp ‖ bytes32 l1TxHash}. Version 1 (without {@code l1TxHash}) is not read: the follower
 * then scans from deployment once and writes version 2.
 */
public final class L1PositionFile implements L1PositionStore {
  public static final String FILE_NAME = "l1-follow.position";

  private static final int MAGIC = 0x534c3150; // "SL1P"
  private static final int VERSION = 2;
  private static final int ENTRY_BYTES = 8 + 32 + 8 + 32 + 8 + 32;

  private final Path dir;
  private final Path file;
  private final String scope;

  /**
   * @param scope what the record belongs to (e.g. the rollup address and deployment block): a
   *     record of another scope is ignored
   */
  public L1PositionFile(Path dir, String scope) {
    this.dir = dir;
    this.file = dir.resolve(FILE_NAME);
    this.scope = scope;
  }

  public Path file() {
    return file;
  }

  @Override
  public Optional<List<FollowedCheckpoint>> load() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    if (bytes.length < 4) {
      throw new DecodingException("l1Position", "truncated: " + bytes.length + " bytes");
    }
    int bodyLength = bytes.length - 4;
    int stored = ByteBuffer.wrap(bytes, bodyLength, 4).getInt();
    if (crc(bytes, bodyLength) != stored) {
      throw new DecodingException("l1Position", "checksum mismatch (truncated or corrupt)");
    }
    ByteReader r = new ByteReader(java.util.Arrays.copyOf(bytes, bodyLength));
    if (r.u32("l1Position.magic") != MAGIC) {
      throw new DecodingException("l1Position.magic", "not an L1 position file");
    }
    int version = r.u8("l1Position.version");
    if (version != VERSION) {
      throw new DecodingException("l1Position.version", "unknown version " + version);
    }
    String written = new String(r.varBytes("l1Position.scope", 1024), StandardCharsets.UTF_8);
    if (!written.equals(scope)) {
      throw new DecodingException(
          "l1Position.scope", "written for " + written + ", this node follows " + scope);
    }
    List<FollowedCheckpoint> followed =
        r.list(
            "l1Position.followed",
            L1Follower.REMEMBERED,
            ENTRY_BYTES,
            rr ->
                new FollowedCheckpoint(
                    CheckpointNumber.read(rr, "l1Position.number"),
                    Fr.read(rr, "l1Position.archive"),
                    new L1BlockRef(
                        rr.u64("l1Position.l1Number"),
                        Bytes32.read(rr, "l1Position.l1Hash"),
                        rr.u64("l1Position.l1Timestamp")),
                    Bytes32.read(rr, "l1Position.l1TxHash")));
    r.requireEnd("l1Position");
    return Optional.of(followed);
  }

  @Override
  public void save(List<FollowedCheckpoint> followed) {
    ByteWriter w = new ByteWriter(64 + followed.size() * ENTRY_BYTES);
    w.u32(MAGIC).u8(VERSION).varBytes(scope.getBytes(StandardCharsets.UTF_8));
    w.list(
        followed,
        (ww, f) -> {
          f.number().write(ww);
          f.archive().write(ww);
          ww.u64(f.l1Block().number());
          f.l1Block().hash().write(ww);
          ww.u64(f.l1Block().timestamp());
          f.l1TxHash().write(ww);
        });
    byte[] body = w.toByteArray();
    ByteBuffer out = ByteBuffer.allocate(body.length + 4);
    out.put(body).putInt(crc(body, body.length)).flip();
    Path tmp = dir.resolve(FILE_NAME + ".tmp");
    try {
      Files.createDirectories(dir);
      try (FileChannel ch =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        while (out.hasRemaining()) {
          ch.write(out);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDir();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Makes the rename durable; not every platform can open a directory, which is fine there. */
  private void syncDir() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // the rename still happened; only its durability across a power loss is weaker
    }
  }

  private static int crc(byte[] bytes, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, length);
    return (int) crc.getValue();
  }
}
