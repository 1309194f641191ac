package dev.slotstream.core.slashing;

import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slashing protection kept in a directory: one append-only file per signer ({@code 0x<address>.jsonl},
 * one {@link SigningRecord} line per approved duty). A new approval is appended and forced to disk
 * ({@link FileChannel#force}) before {@link #approve} returns, so a crash right after a signature
 * leaves the record behind, and a restarted node refuses to sign a conflicting payload. The records
 * move to and from other nodes as an EIP-3076 interchange ({@link SlashingProtectionInterchange}).
 *
 * <p>Approvals for the same signer are serialized by a per-signer lock (two racing duties cannot
 * both see "nothing signed yet"); different signers proceed in parallel. A {@code .lock} file held
 * with an OS file lock keeps a second process (an HA twin pointed at the same directory) out.
 *
 * <p>On open, every signer file is read. A final line without its newline is a write torn by a crash
 * before the approval returned, so no signature can depend on it: it is logged and cut off. Any
 * other unreadable line means the store is damaged, and opening fails rather than forgetting a
 * signature.
 */
public final class FileSlashingProtector
    implements SlashingProtector, SlashingProtectionInterchange, Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(FileSlashingProtector.class);
  private static final String SUFFIX = ".jsonl";
  private static final Pattern FILE_NAME = Pattern.compile("0x[0-9a-f]{40}\\.jsonl");
  static final String LOCK_FILE = ".lock";

  private final Path directory;
  private final FileSync sync;
  private final FileChannel lockChannel;
  private final FileLock dirLock;
  private final Map<EthAddress, SignerStore> signers = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private FileSlashingProtector(
      Path directory, FileSync sync, FileChannel lockChannel, FileLock dirLock) {
    this.directory = directory;
    this.sync = sync;
    this.lockChannel = lockChannel;
    this.dirLock = dirLock;
  }

  /**
   * Opens (creating if needed) the store in {@code directory} and loads every signer's records.
   *
   * @throws SlashingProtectionException if the directory is locked by another process or instance,
   *     or a record file is corrupt
   */
  public static FileSlashingProtector open(Path directory) {
    return open(directory, FileSync.FORCE);
  }

  static FileSlashingProtector open(Path directory, FileSync sync) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(sync, "sync");
    FileChannel lockChannel = null;
    try {
      Files.createDirectories(directory);
      lockChannel =
          FileChannel.open(
              directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new SlashingProtectionException(
            "slashing-protection directory "
                + directory
                + " is in use by another process or instance; two signers must never share keys");
      }
      FileSlashingProtector protector =
          new FileSlashingProtector(directory, sync, lockChannel, lock);
      try {
        protector.loadAll();
      } catch (RuntimeException e) {
        protector.close();
        throw e;
      }
      return protector;
    } catch (IOException e) {
      closeQuietly(lockChannel);
      throw new SlashingProtectionException(
          "cannot open slashing-protection directory " + directory + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(lockChannel);
      throw e;
    }
  }

  private void loadAll() throws IOException {
    int records = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (!FILE_NAME.matcher(name).matches()) {
          throw new SlashingProtectionException(
              "unexpected file " + file + " in the slashing-protection directory");
        }
        EthAddress signer = EthAddress.fromHex(name.substring(0, name.length() - SUFFIX.length()));
        SignerStore store = SignerStore.load(file, sync);
        records += store.history.size();
        signers.put(signer, store);
      }
    }
    LOG.info(
        "slashing protection loaded directory={} signers={} records={}",
        directory,
        signers.size(),
        records);
  }

  @Override
  public SigningDecision approve(SigningDuty duty, Bytes32 payloadHash) {
    Objects.requireNonNull(duty, "duty");
    Objects.requireNonNull(payloadHash, "payloadHash");
    ensureOpen();
    SignerStore store = signers.computeIfAbsent(duty.signer(), this::createSigner);
    store.lock.lock();
    try {
      ensureUsable(duty.signer(), store);
      SigningDecision decision = store.history.decide(duty, payloadHash);
      if (decision.verdict() == SigningVerdict.ALLOWED_NEW) {
        SigningRecord record = SigningRecord.of(duty, payloadHash);
        store.append(List.of(record)); // durable before anyone may sign
        store.history.record(record);
      } else if (decision.verdict() == SigningVerdict.REFUSED) {
        LOG.warn("signing refused duty={} reason={}", duty, decision.reason());
      }
      return decision;
    } finally {
      store.lock.unlock();
    }
  }

  @Override
  public InterchangeDocument exportInterchange(Bytes32 network) {
    Objects.requireNonNull(network, "network");
    ensureOpen();
    Map<EthAddress, List<SigningRecord>> records = new TreeMap<>();
    signers.forEach(
        (signer, store) -> {
          store.lock.lock();
          try {
            records.put(signer, store.history.records());
          } finally {
            store.lock.unlock();
          }
        });
    return InterchangeMapping.toDocument(network, records);
  }

  @Override
  public ImportSummary importInterchange(InterchangeDocument document, Bytes32 network) {
    Objects.requireNonNull(network, "network");
    InterchangeMapping.Parsed parsed = InterchangeMapping.fromDocument(document, network);
    ensureOpen();
    int added = 0;
    int known = 0;
    List<SigningDuty> conflicts = new ArrayList<>(parsed.contradictions());
    for (Map.Entry<EthAddress, List<SigningRecord>> entry : parsed.records().entrySet()) {
      EthAddress signer = entry.getKey();
      if (entry.getValue().isEmpty()) {
        continue;
      }
      SignerStore store = signers.computeIfAbsent(signer, this::createSigner);
      store.lock.lock();
      try {
        ensureUsable(signer, store);
        List<SigningRecord> toWrite = new ArrayList<>();
        for (SigningRecord r : entry.getValue()) {
          switch (store.history.classify(r)) {
            case NEW -> toWrite.add(r);
            case KNOWN -> known++;
            case TIGHTEN -> toWrite.add(r);
            case CONFLICT -> {
              toWrite.add(SigningRecord.unknownPayload(r.kind(), r.slot(), r.index()));
              conflicts.add(r.duty(signer));
            }
          }
        }
        store.append(toWrite);
        for (SigningRecord r : toWrite) {
          store.history.record(r);
        }
        added += toWrite.size();
      } finally {
        store.lock.unlock();
      }
    }
    ImportSummary summary = new ImportSummary(parsed.records().size(), added, known, conflicts);
    if (!conflicts.isEmpty()) {
      LOG.warn(
          "interchange import found duties signed with two payloads; they now refuse every"
              + " payload duties={}",
          conflicts);
    }
    LOG.info(
        "interchange imported directory={} signers={} added={} alreadyKnown={} conflicts={}",
        directory,
        summary.signers(),
        summary.added(),
        summary.alreadyKnown(),
        conflicts.size());
    return summary;
  }

  private void ensureUsable(EthAddress signer, SignerStore store) {
    ensureOpen();
    if (store.failure != null) {
      throw new SlashingProtectionException(
          "slashing-protection store of "
              + signer
              + " failed earlier and needs a restart: "
              + store.failure);
    }
  }

  private SignerStore createSigner(EthAddress signer) {
    Path file = directory.resolve(signer.toHex() + SUFFIX);
    try {
      SignerStore store = SignerStore.create(file, sync);
      fsyncDirectory(directory, sync); // the new file's directory entry must survive a crash too
      return store;
    } catch (IOException e) {
      throw new SlashingProtectionException(
          "cannot create slashing-protection file " + file + ": " + e.getMessage(), e);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new SlashingProtectionException("slashing protector is closed");
    }
  }

  /** Closes every signer file and releases the directory lock. Later approvals throw. */
  @Override
  public void close() {
    closed = true;
    for (SignerStore store : signers.values()) {
      store.lock.lock();
      try {
        closeQuietly(store.channel);
      } finally {
        store.lock.unlock();
      }
    }
    try {
      if (dirLock.isValid()) {
        dirLock.release();
      }
    } catch (IOException e) {
      LOG.warn("cannot release slashing-protection lock directory={}", directory, e);
    }
    closeQuietly(lockChannel);
  }

  public Path directory() {
    return directory;
  }

  private static void fsyncDirectory(Path dir, FileSync sync) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      sync.force(dir, ch);
    } catch (IOException | UnsupportedOperationException e) {
      // Not every platform can open a directory for fsync; the file's own force still holds.
      LOG.debug("directory fsync not supported dir={}", dir);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      LOG.warn("cannot close slashing-protection file", e);
    }
  }

  /** One signer's file, its in-memory history, and the lock that serializes its approvals. */
  private static final class SignerStore {
    final ReentrantLock lock = new ReentrantLock();
    final SignerHistory history = new SignerHistory();
    final Path file;
    final FileChannel channel;
    final FileSync sync;
    String failure;

    private SignerStore(Path file, FileChannel channel, FileSync sync) {
      this.file = file;
      this.channel = channel;
      this.sync = sync;
    }

    static SignerStore create(Path file, FileSync sync) throws IOException {
      return new SignerStore(
          file,
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
          sync);
    }

    static SignerStore load(Path file, FileSync sync) throws IOException {
      FileChannel channel =
          FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      try {
        SignerStore store = new SignerStore(file, channel, sync);
        store.readAll();
        return store;
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    }

    private void readAll() throws IOException {
      long size = channel.size();
      if (size > Integer.MAX_VALUE - 16) {
        throw new SlashingProtectionException("slashing-protection file " + file + " is too large");
      }
      ByteBuffer buf = ByteBuffer.allocate((int) size);
      while (buf.hasRemaining() && channel.read(buf, buf.position()) >= 0) {
        // read until full
      }
      byte[] bytes = buf.array();
      int end = bytes.length;
      int lastNewline = -1;
      for (int i = end - 1; i >= 0; i--) {
        if (bytes[i] == '\n') {
          lastNewline = i;
          break;
        }
      }
      int complete = lastNewline + 1;
      if (complete < end) {
        LOG.warn(
            "slashing-protection file has a torn final record (crash during a write that was"
                + " never approved); truncating file={} keptBytes={} droppedBytes={}",
            file,
            complete,
            end - complete);
        channel.truncate(complete);
        sync.force(file, channel);
      }
      String text = new String(bytes, 0, complete, StandardCharsets.US_ASCII);
      int lineNo = 0;
      int start = 0;
      while (start < complete) {
        int nl = text.indexOf('\n', start);
        String line = text.substring(start, nl);
        lineNo++;
        SigningRecord record;
        try {
          record = SigningRecord.parse(line);
        } catch (RuntimeException e) {
          throw corrupt(lineNo, e.getMessage());
        }
        if (!history.record(record)) {
          throw corrupt(lineNo, "conflicts with an earlier record of the same duty");
        }
        start = nl + 1;
      }
      channel.position(complete);
    }

    private SlashingProtectionException corrupt(int lineNo, String why) {
      return new SlashingProtectionException(
          "slashing-protection file "
              + file
              + " is corrupt at line "
              + lineNo
              + " ("
              + why
              + "); refusing to start. Restore the file from a backup or repair it by hand:"
              + " deleting it would let this key sign conflicting payloads.");
    }

    /** Appends the lines and forces them to disk; on failure the file is as it was. */
    void append(List<SigningRecord> records) {
      if (records.isEmpty()) {
        return;
      }
      StringBuilder lines = new StringBuilder();
      for (SigningRecord r : records) {
        lines.append(r.toLine());
      }
      ByteBuffer buf = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.US_ASCII));
      long before;
      try {
        before = channel.size();
      } catch (IOException e) {
        throw new SlashingProtectionException("cannot write " + file + ": " + e.getMessage(), e);
      }
      try {
        long pos = before;
        while (buf.hasRemaining()) {
          pos += channel.write(buf, pos);
        }
        sync.force(file, channel);
      } catch (IOException e) {
        // Undo a partial line, or later appends would bury it mid-file and the store would no
        // longer open. If even that fails, stop approving for this signer until a restart.
        try {
          channel.truncate(before);
          sync.force(file, channel);
        } catch (IOException again) {
          failure = "write failed and could not be undone: " + again.getMessage();
        }
        throw new SlashingProtectionException(
            "cannot persist signing record to " + file + ": " + e.getMessage(), e);
      }
    }
  }
}
