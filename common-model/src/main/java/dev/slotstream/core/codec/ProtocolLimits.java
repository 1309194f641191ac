package dev.slotstream.core.codec;

/** Hard limits of the wire format. Every decoded length is checked against one of these first. */
public final class ProtocolLimits {
  private ProtocolLimits() {}

  /** Largest encoded message of any kind (a proposal with its full txs). */
  public static final int MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

  /** Largest encoded attestation; real ones are far below this. */
  public static final int MAX_ATTESTATION_BYTES = 5 * 1024;

  /** Largest encoded tx. */
  public static final int MAX_TX_BYTES = 64 * 1024;

  /** Most txs (or tx hashes) one block may carry. */
  public static final int MAX_TXS_PER_BLOCK = 4096;

  /** Most blocks one checkpoint may hold; indexes are 0 .. MAX_BLOCKS_PER_CHECKPOINT - 1. */
  public static final int MAX_BLOCKS_PER_CHECKPOINT = 72;

  /** Most token transfers in one tx. */
  public static final int MAX_TRANSFERS_PER_TX = 64;

  /** Most public storage writes in one tx. */
  public static final int MAX_STORAGE_WRITES_PER_TX = 64;

  /** Most L1-to-L2 messages consumed by one checkpoint. */
  public static final int MAX_L1_TO_L2_MESSAGES = 256;

  /** Largest committee; the L1 contract's bitmap is sized for it. */
  public static final int MAX_COMMITTEE_SIZE = 256;
}
