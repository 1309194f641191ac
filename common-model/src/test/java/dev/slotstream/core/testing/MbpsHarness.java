package dev.slotstream.core.testing;

import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.duty.ManualDutyScheduler;
import dev.slotstream.core.exec.BlockBuildLimits;
import dev.slotstream.core.exec.CheckpointsBuilder;
import dev.slotstream.core.exec.TxValidator;
import dev.slotstream.core.header.GasFees;
import dev.slotstream.core.message.BlockProposal;
import dev.slotstream.core.message.CheckpointAttestation;
import dev.slotstream.core.message.CheckpointProposal;
import dev.slotstream.core.message.CheckpointQuorum;
import dev.slotstream.core.message.Transfer;
import dev.slotstream.core.message.Tx;
import dev.slotstream.core.message.TxPayload;
import dev.slotstream.core.pool.TxPool;
import dev.slotstream.core.pool.TxPoolConfig;
import dev.slotstream.core.sequencer.CheckpointProposalJob;
import dev.slotstream.core.sequencer.ProposalBroadcaster;
import dev.slotstream.core.sequencer.ProposalJobListener;
import dev.slotstream.core.sequencer.ProposalOutcome;
import dev.slotstream.core.sequencer.ProposerConfig;
import dev.slotstream.core.sequencer.ProposerDependencies;
import dev.slotstream.core.slashing.InMemorySlashingProtector;
import dev.slotstream.core.slashing.SlashingProtector;
import dev.slotstream.core.state.WorldState;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.validator.AttestationJobListener;
import dev.slotstream.core.validator.AttestationOutcome;
import dev.slotstream.core.validator.BlockExecuted;
import dev.slotstream.core.validator.EquivocationEvidence;
import dev.slotstream.core.validator.TxSource;
import dev.slotstream.core.validator.ValidatorClient;
import dev.slotstream.core.validator.ValidatorDependencies;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.stream.IntStream;

/**
 * An in-memory MBPS network for job-level tests: one proposer and validator nodes sharing a manual
 * clock and a direct executor, so a test decides exactly which message arrives when.
 */
public final class MbpsHarness {
  public static final SlotNumber SLOT = SlotNumber.of(10);
  public static final long INITIAL_BALANCE = 1_000_000_000L;
  private static final int USERS = 16;

  public final TestNetwork network = new TestNetwork(4);
  public final RollupContext context = network.context();
  public final ManualDutyScheduler scheduler;
  public final Executor executor = Runnable::run;
  public final List<SigningKey> users =
      IntStream.range(0, USERS).mapToObj(i -> SigningKey.fromSeed("user-" + i)).toList();
  private final long[] nonces = new long[users.size()];
  private int nextUser;

  public final ChainStore proposerChain = new ChainStore(genesis());
  public final TxPool proposerPool = new TxPool(TxPoolConfig.of(10_000));
  public final dev.slotstream.core.chain.CheckpointFinalizer proposerFinalizer =
      new dev.slotstream.core.chain.CheckpointFinalizer(
          new dev.slotstream.core.consensus.QuorumValidator(context), proposerChain, proposerPool);
  public final List<BlockProposal> blocks = new CopyOnWriteArrayList<>();
  public final List<CheckpointProposal> checkpoints = new CopyOnWriteArrayList<>();
  public final List<Instant> blockBroadcastTimes = new CopyOnWriteArrayList<>();

  public MbpsHarness() {
    this(SLOT);
  }

  public MbpsHarness(SlotNumber firstSlot) {
    scheduler = new ManualDutyScheduler(context.timetable().slotStart(firstSlot).minusSeconds(1));
  }

  /**
   * The {@code slotstream.chain.*} genesis of {@link #genesis()} (the harness's users, funded), so a
   * service re-executes the harness's blocks from the same state.
   */
  public static Map<String, String> genesisProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(
        "slotstream.chain.genesis-account-seeds",
        IntStream.range(0, USERS)
            .mapToObj(i -> "user-" + i)
            .collect(java.util.stream.Collectors.joining(",")));
    p.put("slotstream.chain.genesis-seed-balance", Long.toString(INITIAL_BALANCE));
    return p;
  }

  public WorldState genesis() {
    Map<EthAddress, Long> balances = new LinkedHashMap<>();
    users.forEach(u -> balances.put(u.address(), INITIAL_BALANCE));
    return WorldState.genesis(TestNetwork.CHAIN_ID, TestNetwork.VERSION, balances);
  }

  public CheckpointsBuilder checkpointsBuilder() {
    return new CheckpointsBuilder(
        new TxValidator(TestNetwork.CHAIN_ID, context.signer()::recoverTxSender));
  }

  /** n valid transfers from round-robin users, with consecutive nonces per user. */
  public List<Tx> txs(int n) {
    List<Tx> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int u = nextUser++ % users.size();
      SigningKey from = users.get(u);
      EthAddress to = users.get((u + 1) % users.size()).address();
      out.add(
          context
              .signer()
              .signTx(
                  new TxPayload(
                      TestNetwork.CHAIN_ID,
                      from.address(),
                      nonces[u]++,
                      10_000 + i,
                      List.of(new Transfer(to, 1 + i)),
                      List.of()),
                  from));
    }
    return out;
  }

  public ProposalBroadcaster capturingBroadcaster() {
    return new ProposalBroadcaster() {
      @Override
      public void broadcastBlock(BlockProposal proposal) {
        blocks.add(proposal);
        blockBroadcastTimes.add(scheduler.instant());
      }

      @Override
      public void broadcastCheckpoint(CheckpointProposal proposal) {
        checkpoints.add(proposal);
      }
    };
  }

  public ProposerConfig proposerConfig(SigningKey key, int maxTxsPerBlock, boolean includeTxs) {
    return new ProposerConfig(
        key.address(),
        key.address(),
        GasFees.ZERO,
        new BlockBuildLimits(maxTxsPerBlock, 100_000_000L),
        includeTxs);
  }

  public CheckpointProposalJob proposerJob(
      SlotNumber slot, SlashingProtector protector, int maxTxsPerBlock, boolean includeTxs) {
    return proposerJob(slot, protector, maxTxsPerBlock, includeTxs, ProposalJobListener.NONE);
  }

  public CheckpointProposalJob proposerJob(
      SlotNumber slot,
      SlashingProtector protector,
      int maxTxsPerBlock,
      boolean includeTxs,
      ProposalJobListener listener) {
    SigningKey key = network.proposerKey(slot);
    return new CheckpointProposalJob(
        new ProposerDependencies(
            context,
            proposerChain,
            checkpointsBuilder(),
            proposerPool,
            protector,
            scheduler,
            executor,
            capturingBroadcaster(),
            listener),
        slot,
        key,
        proposerConfig(key, maxTxsPerBlock, includeTxs));
  }

  /**
   * Runs the proposer through {@code slot} with {@code txsPerBlock × 5} txs in its pool, capturing
   * every proposal without delivering it. Returns the job's outcome.
   */
  public ProposalOutcome proposeSlot(SlotNumber slot, int txsPerBlock, boolean includeTxs) {
    txs(txsPerBlock * context.timetable().blocksPerSlot()).forEach(proposerPool::add);
    CheckpointProposalJob job =
        proposerJob(slot, new InMemorySlashingProtector(), txsPerBlock, includeTxs);
    job.start();
    scheduler.advanceTo(context.timetable().checkpointProposalDeadline(slot));
    return job.outcome().join();
  }

  public List<BlockProposal> blocksOf(SlotNumber slot) {
    return blocks.stream()
        .filter(b -> b.slotNumber().equals(slot))
        .sorted(Comparator.comparingInt(BlockProposal::index))
        .toList();
  }

  public CheckpointProposal checkpointOf(SlotNumber slot) {
    return checkpoints.stream().filter(c -> c.slotNumber().equals(slot)).findFirst().orElseThrow();
  }

  public ValidatorNode validator(int keyIndex) {
    return new ValidatorNode(
        List.of(network.keys().get(keyIndex)), new InMemorySlashingProtector());
  }

  /** The harness's clock: a quorum handed to a finalizer "arrives" now. */
  public Instant now() {
    return scheduler.clock().instant();
  }

  /** Builds the quorum event from attestations, in committee order. */
  public CheckpointQuorum quorum(List<CheckpointAttestation> attestations) {
    Map<EthAddress, CheckpointAttestation> bySigner = new LinkedHashMap<>();
    attestations.forEach(a -> bySigner.put(context.signer().recoverAttester(a).orElseThrow(), a));
    return dev.slotstream.core.consensus.QuorumAssembler.inCommitteeOrder(
        context.epochCache().committeeFor(attestations.get(0).slotNumber()), bySigner);
  }

  /** A validator node: its own chain, pool and signing record, recording what it does. */
  public final class ValidatorNode implements AttestationJobListener {
    public final ChainStore chain = new ChainStore(genesis());
    public final TxPool pool = new TxPool(TxPoolConfig.of(10_000));
    public final dev.slotstream.core.chain.CheckpointFinalizer finalizer =
        new dev.slotstream.core.chain.CheckpointFinalizer(
            new dev.slotstream.core.consensus.QuorumValidator(context), chain, pool);
    public final List<CheckpointAttestation> published = new CopyOnWriteArrayList<>();
    public final List<AttestationOutcome> outcomes = new CopyOnWriteArrayList<>();
    public final List<EquivocationEvidence> evidence = new CopyOnWriteArrayList<>();
    public final Map<Integer, Instant> executedAt = new HashMap<>();
    public final List<BlockExecuted> executions = new CopyOnWriteArrayList<>();
    public final ValidatorClient client;

    public ValidatorNode(List<SigningKey> keys, SlashingProtector protector) {
      this(keys, protector, dev.slotstream.core.validator.ExecutionMode.PIPELINED);
    }

    public ValidatorNode(
        List<SigningKey> keys,
        SlashingProtector protector,
        dev.slotstream.core.validator.ExecutionMode mode) {
      this(keys, protector, mode, dev.slotstream.core.duty.SyncGate.OPEN);
    }

    public ValidatorNode(
        List<SigningKey> keys,
        SlashingProtector protector,
        dev.slotstream.core.validator.ExecutionMode mode,
        dev.slotstream.core.duty.SyncGate syncGate) {
      client =
          new ValidatorClient(
              new ValidatorDependencies(
                  context,
                  chain,
                  checkpointsBuilder(),
                  protector,
                  TxSource.of(pool),
                  scheduler,
                  executor,
                  this,
                  BlockBuildLimits.PROTOCOL,
                  mode,
                  dev.slotstream.core.duty.UncaughtErrors.logging(),
                  syncGate),
              keys,
              published::addAll);
    }

    @Override
    public void onBlockExecuted(BlockExecuted executed) {
      this.executedAt.put(executed.index(), executed.executedAt());
      executions.add(executed);
    }

    @Override
    public void onEquivocation(EquivocationEvidence e) {
      evidence.add(e);
    }

    @Override
    public void onOutcome(AttestationOutcome outcome) {
      outcomes.add(outcome);
    }

    public AttestationOutcome outcome(SlotNumber slot) {
      return outcomes.stream().filter(o -> o.slot().equals(slot)).findFirst().orElseThrow();
    }
  }
}
