package dev.slotstream.core.chain;

import dev.slotstream.core.codec.ByteReader;
import dev.slotstream.core.codec.ByteWriter;
import dev.slotstream.core.codec.DecodingException;
import dev.slotstream.core.codec.ProtocolLimits;
import dev.slotstream.core.exec.PublicDataWrite;
import dev.slotstream.core.exec.TxEffect;
import dev.slotstream.core.header.BlockHeader;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.types.CheckpointNumber;
import dev.slotstream.core.types.Fr;
import dev.slotstream.core.types.TxHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
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

  private final Path file;
  private final FileChannel channel;
  private final List<Entry> entries;
  private long end;

  private ChainJournal(Path file, FileChannel channel, List<Entry> entries, long end) {
    this.file = file;
    this.channel = channel;
    this.entries = entries;
    this.end = end;
  }

  /** Opens (or creates) the journal in {@code dir}, reading every intact entry. */
  public static ChainJournal open(Path dir) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(FILE_NAME);
      FileChannel channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      List<Entry> entries = new ArrayList<>();
      long good = readAll(channel, entries);
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
      return new ChainJournal(file, channel, entries, good);
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
    append(w.toByteArray());
  }

  @Override
  public void rolledBack(CheckpointNumber to) {
    ByteWriter w = new ByteWriter(9);
    w.u8(ROLLBACK);
    to.write(w);
    append(w.toByteArray());
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

  private static long readAll(FileChannel channel, List<Entry> into) throws IOException {
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
      try {
        into.add(decode(bytes, pos));
      } catch (DecodingException | IllegalArgumentException e) {
        LOG.warn("chain journal entry at offset {} does not decode: {}", pos, e.getMessage());
        return pos;
      }
      pos += HEADER_BYTES + length;
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
                    116,
                    ChainJournal::readEffect);
            yield new Commit(number, quorum, headers, effects, offset);
          }
          case ROLLBACK -> new Rollback(CheckpointNumber.read(r, "journal.rollbackTo"), offset);
          default -> throw new DecodingException("journal.kind", "unknown kind " + kind);
        };
    r.requireEnd("journal entry");
    return entry;
  }

  /** The inverse of {@link TxEffect#encode()}. */
  private static TxEffect readEffect(ByteReader r) {
    TxHash txHash = TxHash.read(r, "effect.txHash");
    Fr nullifier = Fr.read(r, "effect.nullifier");
    Fr noteHash = Fr.read(r, "effect.noteHash");
    long fee = r.u64("effect.fee");
    long mana = r.u64("effect.manaUsed");
    List<PublicDataWrite> writes =
        r.list(
            "effect.publicDataWrites",
            Integer.MAX_VALUE,
            64,
            rr -> new PublicDataWrite(Fr.read(rr, "write.key"), Fr.read(rr, "write.value")));
    return new TxEffect(txHash, nullifier, noteHash, fee, mana, writes);
  }

  private static int crc(byte[] body) {
    CRC32C crc = new CRC32C();
    crc.update(body);
    return (int) crc.getValue();
  }
}
