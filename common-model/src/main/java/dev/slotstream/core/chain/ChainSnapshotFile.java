package dev.slotstream.core.chain;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.DecodingException;
import dev.slotstream.core.state.WorldStateCodec;
import dev.slotstream.core.state.WorldStateSnapshot;
import dev.slotstream.core.types.BlockNumber;
import dev.slotstream.core.types.CheckpointNumber;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.SlotNumber;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * {@code <data-dir>/chain.snapshot}: one {@link ChainSnapshot}, written whole to a temporary file,
 * fsync'd, renamed over the old one and the directory fsync'd, so a crash leaves the old snapshot
 * or the new one, never a mix (docs/PROTOCOL.md §11.5 gives the layout).
 */
public final class ChainSnapshotFile {
  public static final String FILE_NAME = "chain.snapshot";
  static final String TEMP_NAME = FILE_NAME + ".tmp";
  static final String CORRUPT_NAME = FILE_NAME + ".corrupt";

  /** "SSNP". */
  private static final int MAGIC = 0x53534e50;

  /** 2: the note hash tree as its frontier (§11.5); version 1 files are still read. */
  private static final int VERSION = WorldStateCodec.VERSION;

  private static final int BUFFER = 1 << 16;

  /** A snapshot file that is there but cannot be used (torn, corrupt, another version). */
  public static final class UnreadableSnapshotException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnreadableSnapshotException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private ChainSnapshotFile() {}

  /** Writes {@code snapshot} as {@code dir}'s snapshot; returns the file's size. */
  public static long write(Path dir, ChainSnapshot snapshot) {
    Path tmp = dir.resolve(TEMP_NAME);
    Path file = dir.resolve(FILE_NAME);
    try {
      Files.createDirectories(dir);
      long size;
      try (FileChannel ch =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        CRC32C crc = new CRC32C();
        OutputStream raw = Channels.newOutputStream(ch);
        DataOutputStream out =
            new DataOutputStream(
                new CheckedOutputStream(new BufferedOutputStream(raw, BUFFER), crc));
        writeBody(snapshot, out);
        out.flush();
        int sum = (int) crc.getValue();
        out.writeInt(sum);
        out.flush();
        size = ch.size();
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDir(dir);
      return size;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the chain snapshot " + file, e);
    }
  }

  private static void writeBody(ChainSnapshot s, DataOutputStream out) throws IOException {
    ChainTip tip = s.tip();
    out.writeInt(MAGIC);
    out.writeByte(VERSION);
    out.writeLong(tip.checkpointNumber().value());
    out.writeLong(tip.blockNumber().value());
    out.write(tip.archiveRoot().toBytes());
    out.writeBoolean(tip.slot().isPresent());
    out.writeLong(tip.slot().map(SlotNumber::value).orElse(0L));
    out.writeInt(s.archives().size());
    for (Fr a : s.archives()) {
      out.write(a.toBytes());
    }
    WorldStateCodec.write(s.state(), out);
  }

  /**
   * The snapshot in {@code dir}, or empty if there is none. A temporary file left by a write that
   * never finished is deleted.
   *
   * @throws UnreadableSnapshotException if the file is there but torn, corrupt or not a snapshot
   */
  public static Optional<ChainSnapshot> read(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    try {
      Files.deleteIfExists(dir.resolve(TEMP_NAME));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir.resolve(TEMP_NAME), e);
    }
    CRC32C crc = new CRC32C();
    try (InputStream raw = Files.newInputStream(file)) {
      DataInputStream in =
          new DataInputStream(new CheckedInputStream(new BufferedInputStream(raw, BUFFER), crc));
      ChainSnapshot snapshot = readBody(in);
      int expected = (int) crc.getValue();
      int sum = in.readInt();
      if (sum != expected) {
        throw new UnreadableSnapshotException(file + ": checksum does not match", null);
      }
      if (in.read() >= 0) {
        throw new UnreadableSnapshotException(file + ": bytes after the checksum", null);
      }
      return Optional.of(snapshot);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (EOFException e) {
      throw new UnreadableSnapshotException(file + ": torn (ends too early)", e);
    } catch (DecodingException | IllegalArgumentException | IllegalStateException e) {
      throw new UnreadableSnapshotException(file + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UnreadableSnapshotException(file + ": " + e, e);
    }
  }

  private static ChainSnapshot readBody(DataInputStream in) throws IOException {
    int magic = in.readInt();
    if (magic != MAGIC) {
      throw new DecodingException("snapshot.magic", Integer.toHexString(magic));
    }
    int version = in.readUnsignedByte();
    if (version != 1 && version != VERSION) {
      throw new DecodingException("snapshot.version", "unknown version " + version);
    }
    CheckpointNumber checkpoint = CheckpointNumber.of(in.readLong());
    BlockNumber block = BlockNumber.of(in.readLong());
    Fr archive = readFr(in);
    boolean hasSlot = in.readBoolean();
    long slot = in.readLong();
    int count = in.readInt();
    if (count < 1 || count != checkpoint.value() + 1) {
      throw new DecodingException(
          "snapshot.archives", count + " archives for checkpoint " + checkpoint.value());
    }
    List<Fr> archives = new ArrayList<>(Math.min(count, 1 << 16));
    for (int i = 0; i < count; i++) {
      archives.add(readFr(in));
    }
    WorldStateSnapshot state = WorldStateCodec.read(in, version);
    ChainTip tip =
        new ChainTip(
            block,
            archive,
            checkpoint,
            hasSlot ? Optional.of(SlotNumber.of(slot)) : Optional.empty());
    return new ChainSnapshot(tip, archives, state);
  }

  private static Fr readFr(DataInputStream in) throws IOException {
    byte[] bytes = new byte[Fr.SIZE];
    in.readFully(bytes);
    return Fr.read(new ByteReader(bytes), "snapshot.archive");
  }

  /** Keeps an unreadable snapshot for a look, out of the way of the next one. */
  public static void setAside(Path dir) {
    try {
      Files.move(
          dir.resolve(FILE_NAME), dir.resolve(CORRUPT_NAME), StandardCopyOption.REPLACE_EXISTING);
      syncDir(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move the chain snapshot aside in " + dir, e);
    }
  }

  /** Makes a rename durable; not every platform can open a directory, which is fine there. */
  static void syncDir(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // the rename still happened; only its durability across a power loss is weaker
    }
  }
}
