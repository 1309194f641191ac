package dev.slotstream.core.slashing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The step that makes written bytes durable. {@link FileSlashingProtector} calls it for every record
 * before an approval returns; it is a seam so tests can prove that, and see what happens when it
 * fails.
 */
@FunctionalInterface
interface FileSync {
  /** {@code FileChannel.force(true)}: data and metadata (the file's new length) reach the device. */
  FileSync FORCE = (file, channel) -> channel.force(true);

  void force(Path file, FileChannel channel) throws IOException;
}
