package dev.slotstream.core.exec;

import dev.slotstream.core.codec.ProtocolLimits;
import dev.slotstream.core.exec.BlockExecutionException.Failure;
import dev.slotstream.core.header.BlockHeader;
import dev.slotstream.core.header.CheckpointHeader;
import dev.slotstream.core.header.ContentCommitment;
import dev.slotstream.core.header.GasFees;
import dev.slotstream.core.header.TreeSnapshot;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.state.FieldHash;
import dev.slotstream.core.state.WorldStateFork;
import dev.slotstream.core.state.WorldStateSnapshot;
import dev.slotstream.core.types.BlockNumber;
import dev.slotstream.core.types.CheckpointNumber;
import dev.slotstream.core.types.Fr;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Builds (proposer) or re-executes (validator) the blocks of one checkpoint on a world-state fork,
 * then completes the checkpoint header. One builder belongs to one job and one thread.
 *
 * <p>Two modes over the same execution: {@link #buildBlock} skips invalid txs and reports them;
 * {@link #executeBlock} is strict, any failure fails the block (and leaves this builder unusable,
 * since the fork may hold part of the block).
 *
 * <p>A non-first block with no tx is refused in both modes: it would change nothing but the archive,
 * yet cost a header, a proposal and a proof (the reference system shipped such a block that its
 * prover could not prove). The proposer simply ends the checkpoint instead. A first block may be
 * empty, so a slot without txs still yields a checkpoint and the chain advances.
 */
public final class CheckpointBuilder {
  /** Below this many txs, signatures are checked on the calling thread. */
  private static final int PARALLEL_THRESHOLD = 32;

  /** outHash of a checkpoint without L2→L1 messages (all of ours, for now). */
  public static final Fr EMPTY_OUT_HASH = FieldHash.hashList(List.of());

  private final CheckpointNumber number;
  private final CheckpointGlobals globals;
  private final Fr inHash;
  private final WorldStateFork fork;
  private final TxValidator proposerValidator;
  private final TxValidator strictValidator;
  private final Fr lastArchiveRoot;
  private final List<L2Block> blocks = new ArrayList<>();
  private final List<Fr> effectHashes = new ArrayList<>();
  private long totalManaUsed;
  private boolean poisoned;
  private boolean completed;

  private CheckpointBuilder(
      CheckpointNumber number,
      CheckpointGlobals globals,
      List<Fr> l1ToL2Messages,
      WorldStateFork fork,
      TxValidator validator) {
    this.number = Objects.requireNonNull(number, "number");
    this.globals = Objects.requireNonNull(globals, "globals");
    this.fork = Objects.requireNonNull(fork, "fork");
    this.proposerValidator = Objects.requireNonNull(validator, "validator");
    this.strictValidator = validator.withoutLocalPolicy();
    if (validator.chainId() != globals.chainId()) {
      throw new IllegalArgumentException(
          "validator is for chain "
              + validator.chainId()
              + " but globals say "
              + globals.chainId());
    }
    List<Fr> messages = List.copyOf(l1ToL2Messages);
    if (messages.size() > ProtocolLimits.MAX_L1_TO_L2_MESSAGES) {
      throw new IllegalArgumentException(
          "too many L1→L2 messages: "
              + messages.size()
              + " > "
              + ProtocolLimits.MAX_L1_TO_L2_MESSAGES);
    }
    this.inHash = FieldHash.hashList(messages);
    this.lastArchiveRoot = fork.archive().root();
  }

  /**
   * Starts a checkpoint on {@code fork} (normally a fresh fork at the parent block; the builder
   * owns it from now on).
   */
  public static CheckpointBuilder start(
      CheckpointNumber number,
      CheckpointGlobals globals,
      List<Fr> l1ToL2Messages,
      WorldStateFork fork,
      TxValidator validator) {
    return new CheckpointBuilder(number, globals, l1ToL2Messages, fork, validator);
  }

  public CheckpointNumber number() {
    return number;
  }

  public CheckpointGlobals globals() {
    return globals;
  }

  /** reduce(keccak(u32 n ‖ messages)): shared by every block proposal of the checkpoint. */
  public Fr inHash() {
    return inHash;
  }

  public WorldStateFork fork() {
    return fork;
  }

  public List<L2Block> blocks() {
    return List.copyOf(blocks);
  }

  /** The number the next block must carry. */
  public BlockNumber nextBlockNumber() {
    return fork.latestBlockNumber().next();
  }

  /** Index within the checkpoint of the next block. */
  public int nextIndex() {
    return blocks.size();
  }

  /**
   * Proposer mode: includes, in order, each tx that is valid on the state so far and fits the
   * limits; invalid ones are reported in {@code failedTxs}, ones that do not fit in {@code
   * deferredTxs}. A non-first block with nothing includable produces no block (see class doc).
   */
  public BlockBuildResult buildBlock(
      List<Tx> txs, BlockNumber blockNumber, BlockBuildLimits limits) {
    return buildBlock(txs, blockNumber, limits, BuildCutoff.none());
  }

  /**
   * As {@link #buildBlock(List, BlockNumber, BlockBuildLimits)}, and stops taking txs once {@code
   * cutoff} is reached: the rest are deferred, and a first block may be sealed empty.
   */
  public BlockBuildResult buildBlock(
      List<Tx> txs, BlockNumber blockNumber, BlockBuildLimits limits, BuildCutoff cutoff) {
    ensureUsable();
    if (!blockNumber.equals(nextBlockNumber())) {
      throw new IllegalArgumentException(
          "block number " + blockNumber + " but the next block is " + nextBlockNumber());
    }
    if (blocks.size() >= ProtocolLimits.MAX_BLOCKS_PER_CHECKPOINT) {
      throw new IllegalStateException("checkpoint already has the maximum number of blocks");
    }
    TxValidationResult[] stateless = checkWithoutState(txs, proposerValidator);
    List<Tx> included = new ArrayList<>();
    List<TxEffect> effects = new ArrayList<>();
    List<FailedTx> failed = new ArrayList<>();
    List<Tx> deferred = new ArrayList<>();
    long mana = 0;
    boolean cutOff = false;
    for (int i = 0; i < txs.size(); i++) {
      Tx tx = txs.get(i);
      cutOff = cutoff.reached();
      if (included.size() >= limits.maxTxs() || cutOff) {
        deferred.addAll(txs.subList(i, txs.size()));
        break;
      }
      if (!stateless[i].isValid()) {
        failed.add(new FailedTx(tx, stateless[i].reason(), stateless[i].detail()));
        continue;
      }
      long txMana = TxExecutor.manaOf(tx.payload());
      if (mana + txMana > limits.maxMana()) {
        deferred.add(tx);
        continue;
      }
      try {
        effects.add(TxExecutor.execute(fork, tx, globals.feeRecipient()));
        included.add(tx);
        mana += txMana;
      } catch (TxRejectedException e) {
        failed.add(new FailedTx(tx, e.reason(), e.detail()));
      }
    }
    if (included.isEmpty() && !blocks.isEmpty()) {
      return new BlockBuildResult(Optional.empty(), included, effects, failed, deferred, cutOff);
    }
    L2Block block = seal(blockNumber, included, effects, mana);
    return new BlockBuildResult(Optional.of(block), included, effects, failed, deferred, cutOff);
  }

  /**
   * Validator mode: executes exactly {@code txs} as the next block and fails on the first problem.
   * Only protocol rules apply (no local minimum fee). After a failure this builder is unusable.
   */
  public L2Block executeBlock(List<Tx> txs, BlockNumber blockNumber, BlockBuildLimits limits)
      throws BlockExecutionException {
    ensureUsable();
    poisoned = true; // cleared on success
    if (!blockNumber.equals(nextBlockNumber())) {
      throw new BlockExecutionException(
          Failure.WRONG_BLOCK_NUMBER, blockNumber, -1, null, "expected " + nextBlockNumber());
    }
    if (blocks.size() >= ProtocolLimits.MAX_BLOCKS_PER_CHECKPOINT) {
      throw new BlockExecutionException(
          Failure.TOO_MANY_BLOCKS, blockNumber, -1, null, "index " + blocks.size());
    }
    if (txs.size() > limits.maxTxs()) {
      throw new BlockExecutionException(
          Failure.TOO_MANY_TXS, blockNumber, -1, null, txs.size() + " > " + limits.maxTxs());
    }
    if (txs.isEmpty() && !blocks.isEmpty()) {
      throw new BlockExecutionException(
          Failure.EMPTY_NON_FIRST_BLOCK, blockNumber, -1, null, "index " + blocks.size());
    }
    TxValidationResult[] stateless = checkWithoutState(txs, strictValidator);
    List<TxEffect> effects = new ArrayList<>(txs.size());
    long mana = 0;
    for (int i = 0; i < txs.size(); i++) {
      if (!stateless[i].isValid()) {
        throw new BlockExecutionException(
            Failure.TX_REJECTED, blockNumber, i, stateless[i].reason(), stateless[i].detail());
      }
      mana += TxExecutor.manaOf(txs.get(i).payload());
      if (mana > limits.maxMana()) {
        throw new BlockExecutionException(
            Failure.MANA_LIMIT_EXCEEDED, blockNumber, i, null, mana + " > " + limits.maxMana());
      }
      try {
        effects.add(TxExecutor.execute(fork, txs.get(i), globals.feeRecipient()));
      } catch (TxRejectedException e) {
        throw new BlockExecutionException(
            Failure.TX_REJECTED, blockNumber, i, e.reason(), e.detail());
      }
    }
    L2Block block = seal(blockNumber, txs, effects, mana);
    poisoned = false;
    return block;
  }

  /**
   * Completes the checkpoint over the blocks built so far; no block can be added afterwards.
   *
   * <p>blockHeadersHash = H_list(header hashes), blobsHash = H_list(effect hashes of every tx in
   * block order), inHash = H_list(L1→L2 messages), outHash = H_list(L2→L1 messages) = {@link
   * #EMPTY_OUT_HASH}, where H_list(xs) = reduce(keccak(u32 n ‖ x_1 ‖ … ‖ x_n)).
   */
  public Checkpoint complete() {
    ensureUsable();
    if (blocks.isEmpty()) {
      throw new IllegalStateException("a checkpoint needs at least one block");
    }
    completed = true;
    Fr blockHeadersHash = FieldHash.hashList(blocks.stream().map(b -> b.header().hash()).toList());
    ContentCommitment content =
        new ContentCommitment(FieldHash.hashList(effectHashes), inHash, EMPTY_OUT_HASH);
    CheckpointHeader header =
        new CheckpointHeader(
            lastArchiveRoot,
            blockHeadersHash,
            content,
            globals.slotNumber(),
            globals.timestamp(),
            globals.coinbase(),
            globals.feeRecipient(),
            globals.gasFees(),
            totalManaUsed);
    TreeSnapshot archive = fork.archive();
    return new Checkpoint(number, header, archive, blocks);
  }

  private L2Block seal(BlockNumber blockNumber, List<Tx> txs, List<TxEffect> effects, long mana) {
    List<Fr> hashes = effects.stream().map(TxEffect::hash).toList();
    BlockHeader header =
        new BlockHeader(
            fork.archive(),
            fork.stateReference(),
            globals.toGlobalVariables(blockNumber),
            FieldHash.hashList(hashes),
            mana);
    WorldStateSnapshot after = fork.sealBlock(header);
    L2Block block = new L2Block(header, after.archiveRoot(), blocks.size(), txs, effects);
    blocks.add(block);
    effectHashes.addAll(hashes);
    totalManaUsed = Math.addExact(totalManaUsed, mana);
    return block;
  }

  private TxValidationResult[] checkWithoutState(List<Tx> txs, TxValidator validator) {
    GasFees gasFees = globals.gasFees();
    TxValidationResult[] out = new TxValidationResult[txs.size()];
    IntStream range = IntStream.range(0, txs.size());
    if (txs.size() >= PARALLEL_THRESHOLD) {
      range = range.parallel();
    }
    // signature recovery dominates; each index writes only its own slot, so order is unaffected
    range.forEach(i -> out[i] = validator.validateWithoutState(txs.get(i), gasFees));
    return out;
  }

  private void ensureUsable() {
    if (completed) {
      throw new IllegalStateException("checkpoint already completed");
    }
    if (poisoned) {
      throw new IllegalStateException("a block failed strict execution; this builder is unusable");
    }
  }
}
