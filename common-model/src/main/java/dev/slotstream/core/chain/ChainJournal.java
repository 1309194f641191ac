package dev.slotstream.core.chain;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;
import dev.slotstream.core.codec.DecodingException;
import dev.slotstream.core.codec.ProtocolLimits;
import dev.slotstream.core.exec.TxEffect;
import dev.slotstream.core.header.BlockHeader;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.types.CheckpointNumber;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's final chain on disk: an append-only log of what became final (each committed
 * checkpoint's quorum, block headers and tx effects: what L1 carries too) and of rollbacks, each
 * entry fsync'd before the chain goes on. Replaying it from genesis ({@link ChainRestore}) gives
 * back the same world state and tip without re-executing a tx.
 *
 * <p>Entry: {@code u32 length ‖ u32 crc32c(body) ‖ body}, body = {@code u8 kind ‖ fields}. A
 * crash mid-append leaves a torn last entry (short, or a checksum that does not match): {@link
 * #open} drops it and truncates the file there, so the next append starts clean.
 */
public final class ChainJournal implements ChainStore.Journal, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChainJournal.class);

  public static final String FILE_NAME = "chain.journal";

  private static final int COMMIT = 1;
  private static final int ROLLBACK = 2;
  private static final int HEADER_BYTES = 8;
  private static final int MAX_ENTRY_BYTES = 64 * 1024 * 1024;

  /** What one entry says. */
  public sealed interface Entry permits Commit, Rollback {
    /** Where the entry starts in the file: replay truncates here if it cannot apply it. */
    long offset();
  }

  /** A checkpoint made final, with everything needed to rebuild it without its txs. */
  public record Commit(
      CheckpointNumber number,
      CheckpointQuorum quorum,
      List<BlockHeader> blockHeaders,
      List<TxEffect> txEffects,
      long offset)
      implements Entry {
    public Commit {
      blockHeaders = List.copyOf(blockHeaders);
      txEffects = List.copyOf(txEffects);
    }
  }

  /** Every checkpoint after {@code to} was undone. */
  public record Rollback(CheckpointNumber to, long offset) implements Entry {}

  static final String COMPACT_NAME = FILE_NAME + ".compact";
  static final String ORPHANED_NAME = FILE_NAME + ".orphaned";

  private final Path dir;
  private final Path file;
  private FileChannel channel;
  private final List<Entry> entries;
  private long end;

  /**
   * Where the newest COMMIT entry of each checkpoint of the chain ends: a compaction after a
   * snapshot at checkpoint {@code n} keeps the entries from there on.
   */
  private final NavigableMap<Long, Long> commitEnds;

  private final Object compaction = new Object();

  private ChainJournal(
      Path dir,
      FileChannel channel,
      List<Entry> entries,
      long end,
      NavigableMap<Long, Long> commitEnds) {
    this.dir = dir;
    this.file = dir.resolve(FILE_NAME);
    this.channel = channel;
    this.entries = entries;
    this.end = end;
    this.commitEnds = commitEnds;
  }

  /** Opens (or creates) the journal in {@code dir}, reading every intact entry. */
  public static ChainJournal open(Path dir) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(FILE_NAME);
      // A compaction that never reached its rename: the journal itself is whole.
      Files.deleteIfExists(dir.resolve(COMPACT_NAME));
      FileChannel channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      List<Entry> entries = new ArrayList<>();
      NavigableMap<Long, Long> commitEnds = new TreeMap<>();
      long good = readAll(channel, entries, commitEnds);
      if (good < channel.size()) {
        LOG.warn(
            "chain journal {}: dropping a torn or corrupt tail of {} bytes at offset {}",
            file,
            channel.size() - good,
            good);
        channel.truncate(good);
        channel.force(true);
      }
      channel.position(good);
      return new ChainJournal(dir, channel, entries, good, commitEnds);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the chain journal in " + dir, e);
    }
  }

  /**
   * The entries read at {@link #open}, oldest first, handed over once: the journal keeps none of
   * them afterwards. They hold every checkpoint's tx effects since the chain began, so keeping them
   * for the node's lifetime after the replay cost as much heap as the whole history.
   */
  public synchronized List<Entry> takeEntries() {
    List<Entry> read = List.copyOf(entries);
    entries.clear();
    return read;
  }

  public Path file() {
    return file;
  }

  /** Forgets every entry from {@code offset} on (replay could not apply the one there). */
  public synchronized void truncateAt(long offset) {
    try {
      channel.truncate(offset);
      channel.force(true);
      channel.position(offset);
      end = offset;
      entries.removeIf(e -> e.offset() >= offset);
      commitEnds.values().removeIf(e -> e > offset);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot truncate the chain journal " + file, e);
    }
  }

  @Override
  public void committed(CommittedCheckpoint c) {
    ByteWriter w = new ByteWriter(4096);
    w.u8(COMMIT);
    c.checkpoint().number().write(w);
    c.quorum().quorum().write(w);
    w.list(c.checkpoint().blocks(), (ww, b) -> b.header().write(ww));
    w.list(c.checkpoint().txEffects(), (ww, e) -> ww.fixed(e.encode()));
    long number = c.checkpoint().number().value();
    synchronized (this) {
      append(w.toByteArray());
      commitEnds.put(number, end);
    }
  }

  @Override
  public void rolledBack(CheckpointNumber to) {
    ByteWriter w = new ByteWriter(9);
    w.u8(ROLLBACK);
    to.write(w);
    synchronized (this) {
      append(w.toByteArray());
      commitEnds.tailMap(to.value(), false).clear();
    }
  }

  private synchronized void append(byte[] body) {
    ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + body.length);
    buf.putInt(body.length).putInt(crc(body)).put(body).flip();
    try {
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      channel.force(false);
      end += HEADER_BYTES + body.length;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the chain journal " + file, e);
    }
  }

  /** The size of the intact entries: what a reopen keeps. */
  public synchronized long size() {
    return end;
  }

  @Override
  public synchronized void close() {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.warn("closing the chain journal {}", file, e);
    }
  }

  /**
   * Drops every entry up to the newest COMMIT of {@code checkpoint} (a snapshot of the chain at that
   * checkpoint is on disk): the entries after it are copied to a temporary file, those appended
   * meanwhile too (under the lock, so none is lost or reordered), which is fsync'd and renamed over
   * the journal. A crash before the rename leaves the whole old journal, whose entries up to that
   * COMMIT a restore from the snapshot skips. Returns the bytes dropped, 0 if the journal holds no
   * such COMMIT (already compacted, or its write had failed).
   */
  public long compactAfter(CheckpointNumber checkpoint) {
    return compactAfter(checkpoint, () -> {});
  }

  /** With {@code betweenCopies} run after the bulk copy, before the lock (tests: appends then). */
  long compactAfter(CheckpointNumber checkpoint, Runnable betweenCopies) {
    synchronized (compaction) {
      return compact(checkpoint, betweenCopies);
    }
  }

  private long compact(CheckpointNumber checkpoint, Runnable betweenCopies) {
    long from;
    long copied;
    FileChannel source;
    synchronized (this) {
      Long at = commitEnds.get(checkpoint.value());
      if (at == null || at == 0) {
        return 0;
      }
      from = at;
      copied = end;
      source = channel;
    }
    Path tmp = dir.resolve(COMPACT_NAME);
    try {
      // Once renamed, this channel is the journal: appends go on through it, with no reopen that
      // could fail after the rename and leave them writing to the unlinked old file.
      FileChannel out =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING);
      boolean adopted = false;
      try {
        // The bulk without the lock: appends go on meanwhile.
        copy(source, from, copied, out);
        betweenCopies.run();
        synchronized (this) {
          copy(channel, copied, end, out);
          out.force(true);
          try {
            Files.move(
                tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
          }
          FileChannel old = channel;
          channel = out;
          adopted = true;
          end -= from;
          channel.position(end);
          commitEnds.headMap(checkpoint.value(), false).clear();
          commitEnds.replaceAll((n, e) -> e - from);
          closeQuietly(old);
          ChainSnapshotFile.syncDir(dir);
          return from;
        }
      } finally {
        if (!adopted) {
          closeQuietly(out);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot compact the chain journal " + file, e);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.warn("closing a chain journal file", e);
    }
  }

  private static void copy(FileChannel in, long from, long to, FileChannel out) throws IOException {
    long pos = from;
    while (pos < to) {
      long n = in.transferTo(pos, to - pos, out);
      if (n <= 0) {
        throw new IOException("chain journal shorter than " + to + " bytes");
      }
      pos += n;
    }
  }

  /**
   * Keeps the journal's bytes aside ({@code chain.journal.orphaned}) and starts it empty: its
   * entries follow a snapshot that could not be read, so there is nothing they can apply to.
   */
  public synchronized void setAside() {
    try {
      Files.copy(file, dir.resolve(ORPHANED_NAME), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the chain journal aside " + file, e);
    }
    truncateAt(0);
    commitEnds.clear();
  }

  private static long readAll(
      FileChannel channel, List<Entry> into, NavigableMap<Long, Long> commitEnds)
      throws IOException {
    long size = channel.size();
    long pos = 0;
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
    while (pos + HEADER_BYTES <= size) {
      header.clear();
      channel.read(header, pos);
      header.flip();
      int length = header.getInt();
      int crc = header.getInt();
      if (length <= 0 || length > MAX_ENTRY_BYTES || pos + HEADER_BYTES + length > size) {
        return pos;
      }
      ByteBuffer body = ByteBuffer.allocate(length);
      while (body.hasRemaining()) {
        if (channel.read(body, pos + HEADER_BYTES + body.position()) < 0) {
          return pos;
        }
      }
      byte[] bytes = body.array();
      if (crc(bytes) != crc) {
        return pos;
      }
      Entry entry;
      try {
        entry = decode(bytes, pos);
      } catch (DecodingException | IllegalArgumentException e) {
        LOG.warn("chain journal entry at offset {} does not decode: {}", pos, e.getMessage());
        return pos;
      }
      into.add(entry);
      pos += HEADER_BYTES + length;
      if (entry instanceof Commit c) {
        commitEnds.put(c.number().value(), pos);
      } else if (entry instanceof Rollback r) {
        commitEnds.tailMap(r.to().value(), false).clear();
      }
    }
    return pos;
  }

  private static Entry decode(byte[] bytes, long offset) {
    ByteReader r = new ByteReader(bytes);
    int kind = r.u8("journal.kind");
    Entry entry =
        switch (kind) {
          case COMMIT -> {
            CheckpointNumber number = CheckpointNumber.read(r, "journal.number");
            CheckpointQuorum quorum = CheckpointQuorum.read(r);
            List<BlockHeader> headers =
                r.list(
                    "journal.blockHeaders",
                    ProtocolLimits.MAX_BLOCKS_PER_CHECKPOINT,
                    1,
                    BlockHeader::read);
            List<TxEffect> effects =
                r.list(
                    "journal.txEffects",
                    ProtocolLimits.MAX_BLOCKS_PER_CHECKPOINT * ProtocolLimits.MAX_TXS_PER_BLOCK,
                    TxEffect.MIN_ENCODED_SIZE,
                    TxEffect::read);
            yield new Commit(number, quorum, headers, effects, offset);
          }
          case ROLLBACK -> new Rollback(CheckpointNumber.read(r, "journal.rollbackTo"), offset);
          default -> throw new DecodingException("journal.kind", "unknown kind " + kind);
        };
    r.requireEnd("journal entry");
    return entry;
  }

  private static int crc(byte[] body) {
    CRC32C crc = new CRC32C();
    crc.update(body);
    return (int) crc.getValue();
  }
}
