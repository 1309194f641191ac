package dev.slotstream.devnet;

import dev.slotstream.core.attestation.AttestationAggregator;
import dev.slotstream.core.attestation.InMemoryAttestationPool;
import dev.slotstream.core.chain.ChainStore;
import dev.slotstream.core.chain.CheckpointFinalizer;
import dev.slotstream.core.committee.CommitteeSelector;
import dev.slotstream.core.committee.ValidatorSet;
import dev.slotstream.core.consensus.QuorumValidator;
import dev.slotstream.core.consensus.RollupContext;
import dev.slotstream.core.consensus.RollupParameters;
import dev.slotstream.core.crypto.ProtocolSigner;
import dev.slotstream.core.crypto.SignatureRecovery;
import dev.slotstream.core.crypto.SigningDomain;
import dev.slotstream.core.crypto.SigningKey;
import dev.slotstream.core.duty.DaemonThreads;
import dev.slotstream.core.duty.ExecutorDutyScheduler;
import dev.slotstream.core.duty.SerialExecutor;
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
import dev.slotstream.core.sequencer.BlockBroadcast;
import dev.slotstream.core.sequencer.ProposalBroadcaster;
import dev.slotstream.core.sequencer.ProposalJobListener;
import dev.slotstream.core.sequencer.ProposalOutcome;
import dev.slotstream.core.sequencer.ProposerConfig;
import dev.slotstream.core.sequencer.ProposerDependencies;
import dev.slotstream.core.sequencer.Sequencer;
import dev.slotstream.core.slashing.FileSlashingProtector;
import dev.slotstream.core.state.WorldState;
import dev.slotstream.core.time.SubSlot;
import dev.slotstream.core.time.TimetableConfig;
import dev.slotstream.core.types.Bytes32;
import dev.slotstream.core.types.EthAddress;
import dev.slotstream.core.types.SlotNumber;
import dev.slotstream.core.validator.AttestationJobListener;
import dev.slotstream.core.validator.AttestationOutcome;
import dev.slotstream.core.validator.BlockExecuted;
import dev.slotstream.core.validator.ExecutionMode;
import dev.slotstream.core.validator.TxSource;
import dev.slotstream.core.validator.ValidatorClient;
import dev.slotstream.core.validator.ValidatorDependencies;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The whole protocol in one process: one proposer node holding the four validator keys, four
 * validator nodes each with its own world state and signing record, an in-memory gossip and an
 * attestation aggregator. Time is the real clock; every deadline comes from the timetable.
 */
public final class LocalSimulation implements AutoCloseable {
  public static final long CHAIN_ID = 31337;
  public static final long VERSION = 1;
  public static final EthAddress ROLLUP =
      EthAddress.fromHex("0x5105000000000000000000000000000000000001");
  public static final Bytes32 SEED = Bytes32.fromHex("0x" + "5e".repeat(32));
  static final int VALIDATORS = 4;
  static final int USERS = 32;
  static final long USER_BALANCE = 1_000_000_000L;

  private final int slots;
  private final int txsPerBlock;
  private final PrintStream out;
  private final Clock clock = Clock.systemUTC();
  private final Instant genesis;
  private final RollupContext context;
  private final ExecutorDutyScheduler scheduler;
  private final ExecutorService workers;
  private final List<SigningKey> validatorKeys =
      IntStream.range(0, VALIDATORS).mapToObj(i -> SigningKey.fromSeed("validator-" + i)).toList();
  private final List<SigningKey> users =
      IntStream.range(0, USERS).mapToObj(i -> SigningKey.fromSeed("user-" + i)).toList();
  private final long[] nonces = new long[USERS];
  private int nextUser;
  private final java.util.Queue<Tx> load = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final Map<SlotNumber, SlotReport> reports = new ConcurrentHashMap<>();
  private final List<ValidatorNode> validators = new ArrayList<>();
  private final Sequencer sequencer;
  private final TxPool proposerPool;
  private final AttestationAggregator aggregator;
  private final CheckpointFinalizer proposerFinalizer;
  private final SlotNumber firstSlot;
  private final CountDownLatch done = new CountDownLatch(1);

  private record ValidatorNode(
      String name,
      ValidatorClient client,
      CheckpointFinalizer finalizer,
      TxPool pool,
      SerialExecutor inbox) {}

  /**
   * @param timetable the timetable for a given genesis time
   * @param mode how validators execute (pipelined, or the sequential baseline)
   */
  public record Settings(
      int slots,
      int txsPerBlock,
      java.util.function.Function<Instant, TimetableConfig> timetable,
      ExecutionMode mode) {
    public static Settings devnet(int slots, int txsPerBlock) {
      return new Settings(slots, txsPerBlock, TimetableConfig::devnet, ExecutionMode.PIPELINED);
    }
  }

  public LocalSimulation(int slots, int txsPerBlock, Path dataDir, PrintStream out)
      throws IOException {
    this(Settings.devnet(slots, txsPerBlock), dataDir, out);
  }

  public LocalSimulation(Settings settings, Path dataDir, PrintStream out) throws IOException {
    this.slots = settings.slots();
    this.txsPerBlock = settings.txsPerBlock();
    this.out = out;
    // Whole seconds (L1 timestamps are), and a moment ahead so every node is up before slot 0.
    ProtocolSigner signer =
        new ProtocolSigner(SigningDomain.of(CHAIN_ID, ROLLUP), SignatureRecovery.best());
    int blocks =
        settings
            .timetable()
            .apply(clock.instant().truncatedTo(ChronoUnit.SECONDS))
            .maxBlocksPerCheckpoint();
    // The whole load is signed before genesis, so signing never competes with the nodes.
    presignTxs(signer, settings.slots() * blocks * settings.txsPerBlock());
    this.genesis = clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(2);
    this.context =
        RollupContext.of(
            new RollupParameters(
                CHAIN_ID,
                VERSION,
                ROLLUP,
                settings.timetable().apply(genesis),
                ValidatorSet.of(validatorKeys.stream().map(SigningKey::address).toList()),
                SEED,
                CommitteeSelector.DEFAULT_TARGET_COMMITTEE_SIZE,
                1024));
    this.scheduler = new ExecutorDutyScheduler(clock, 2, "devnet-duty");
    this.workers = Executors.newFixedThreadPool(4, DaemonThreads.named("devnet-worker"));
    this.firstSlot = SlotNumber.ZERO;
    this.aggregator = new AttestationAggregator(context, new InMemoryAttestationPool(), 2);
    QuorumValidator quorumValidator = new QuorumValidator(context);

    for (int i = 0; i < VALIDATORS; i++) {
      String name = "v" + i;
      TxPool pool = new TxPool(TxPoolConfig.of(100_000));
      FileSlashingProtector record = FileSlashingProtector.open(dataDir.resolve("validator-" + i));
      closeables.add(record);
      ChainStore chain = new ChainStore(genesis());
      ValidatorClient client =
          new ValidatorClient(
              new ValidatorDependencies(
                  context,
                  chain,
                  checkpointsBuilder(),
                  record,
                  TxSource.of(pool),
                  scheduler,
                  workers,
                  validatorListener(name),
                  BlockBuildLimits.PROTOCOL,
                  settings.mode()),
              List.of(validatorKeys.get(i)),
              this::onAttestations);
      validators.add(
          new ValidatorNode(
              name,
              client,
              new CheckpointFinalizer(quorumValidator, chain, pool),
              pool,
              new SerialExecutor(workers)));
    }
    proposerPool = new TxPool(TxPoolConfig.of(100_000));
    FileSlashingProtector proposerRecord = FileSlashingProtector.open(dataDir.resolve("proposer"));
    closeables.add(proposerRecord);
    ChainStore proposerChain = new ChainStore(genesis());
    proposerFinalizer = new CheckpointFinalizer(quorumValidator, proposerChain, proposerPool);
    sequencer =
        new Sequencer(
            new ProposerDependencies(
                context,
                proposerChain,
                checkpointsBuilder(),
                proposerPool,
                proposerRecord,
                scheduler,
                workers,
                gossip(),
                proposerListener()),
            validatorKeys,
            key ->
                new ProposerConfig(
                    key.address(),
                    key.address(),
                    GasFees.ZERO,
                    new BlockBuildLimits(txsPerBlock, 100_000_000L),
                    true));
  }

  private WorldState genesis() {
    Map<EthAddress, Long> balances = new LinkedHashMap<>();
    users.forEach(u -> balances.put(u.address(), USER_BALANCE));
    return WorldState.genesis(CHAIN_ID, VERSION, balances);
  }

  private CheckpointsBuilder checkpointsBuilder() {
    return new CheckpointsBuilder(new TxValidator(CHAIN_ID, context.signer()::recoverTxSender));
  }

  /** Runs the configured slots and prints one line per block and per slot. */
  @SuppressWarnings("FutureReturnValueIgnored") // scheduled duties log their own failures
  public List<SlotReport> run() throws InterruptedException {
    out.printf(
        "devnet: 1 proposer, %d validators, %d slots of %d blocks (slot %ds), genesis %s, signature recovery %s%n",
        VALIDATORS,
        slots,
        context.timetable().blocksPerSlot(),
        context.timetable().slotDuration().toSeconds(),
        genesis,
        context.signer().recovery().name());
    SlotNumber last = SlotNumber.of(firstSlot.value() + slots - 1);

    for (long s = firstSlot.value(); s <= last.value(); s++) {
      SlotNumber slot = SlotNumber.of(s);
      reports.put(slot, new SlotReport(slot, context.timetable().slotStart(slot)));
      for (SubSlot subSlot : context.timetable().subSlots(slot)) {
        // Txs arrive shortly before each sub-slot's build, as a steady load would.
        scheduler.at(subSlot.start().minusMillis(100), () -> submitTxs(txsPerBlock));
      }
      scheduler.at(context.timetable().slotEnd(slot), () -> print(slot, slot.equals(last)));
    }
    sequencer.start();
    done.await(slots * context.timetable().slotDuration().toSeconds() + 30, TimeUnit.SECONDS);
    sequencer.stop();
    return reports.values().stream().sorted((a, b) -> a.slot.compareTo(b.slot)).toList();
  }

  private void presignTxs(ProtocolSigner signer, int n) {
    for (int i = 0; i < n; i++) {
      int u = nextUser++ % USERS;
      SigningKey from = users.get(u);
      load.add(
          signer.signTx(
              new TxPayload(
                  CHAIN_ID,
                  from.address(),
                  nonces[u]++,
                  20_000,
                  List.of(new Transfer(users.get((u + 7) % USERS).address(), 1 + i % 1000)),
                  List.of()),
              from));
    }
  }

  private void submitTxs(int n) {
    for (int i = 0; i < n; i++) {
      Tx tx = load.poll();
      if (tx == null) {
        return;
      }
      proposerPool.add(tx);
      validators.forEach(v -> v.pool().add(tx));
    }
  }

  private ProposalBroadcaster gossip() {
    return new ProposalBroadcaster() {
      @Override
      public void broadcastBlock(BlockProposal proposal) {
        validators.forEach(v -> v.inbox().execute(() -> v.client().onBlockProposal(proposal)));
      }

      @Override
      public void broadcastCheckpoint(CheckpointProposal proposal) {
        SlotReport r = reports.get(proposal.slotNumber());
        if (r != null) {
          r.checkpointAt = clock.instant();
          r.checkpoint = proposal;
          r.archive = proposal.payload().archive().toString();
          r.checkpointBlocks = proposal.lastBlockIndex() + 1;
          r.blocks.put(
              proposal.lastBlockIndex(),
              new SlotReport.Block(
                  proposal.lastBlockIndex(),
                  proposal.lastBlock().payload().txHashes().size(),
                  clock.instant()));
        }
        validators.forEach(v -> v.inbox().execute(() -> v.client().onCheckpointProposal(proposal)));
      }
    };
  }

  private ProposalJobListener proposerListener() {
    return new ProposalJobListener() {
      @Override
      public void onBlockBroadcast(BlockBroadcast broadcast) {
        BlockProposal proposal = broadcast.proposal();
        SlotReport r = reports.get(proposal.slotNumber());
        if (r != null) {
          r.blocks.put(
              proposal.index(),
              new SlotReport.Block(
                  proposal.index(), proposal.payload().txHashes().size(), broadcast.at()));
          r.proposals.put(proposal.index(), proposal);
        }
      }

      @Override
      public void onOutcome(ProposalOutcome outcome) {
        SlotReport r = reports.get(outcome.slot());
        if (r != null) {
          r.proposalStatus = outcome.status().name();
          r.checkpointTxs = outcome.txsIncluded();
        }
      }
    };
  }

  private AttestationJobListener validatorListener(String name) {
    return new AttestationJobListener() {
      @Override
      public void onBlockExecuted(BlockExecuted executed) {
        SlotReport r = reports.get(executed.slot());
        if (r != null) {
          r.executedBy(name).put(executed.index(), executed.executedAt());
        }
      }

      @Override
      public void onOutcome(AttestationOutcome outcome) {
        SlotReport r = reports.get(outcome.slot());
        if (r != null) {
          r.outcomes.put(name, outcome.status().name());
          if (!outcome.attestations().isEmpty()) {
            r.attesters.add(name);
            r.attestedAt.put(name, clock.instant());
          }
        }
      }
    };
  }

  private void onAttestations(List<CheckpointAttestation> attestations) {
    attestations.forEach(
        a ->
            workers.execute(
                () -> aggregator.add(a, clock.instant()).quorum().ifPresent(this::onQuorum)));
  }

  private void onQuorum(CheckpointQuorum quorum) {
    SlotReport r = reports.get(quorum.slotNumber());
    if (r != null) {
      r.quorumAt = clock.instant();
      r.quorumSize = quorum.attestations().size();
    }
    proposerFinalizer.onQuorum(quorum, clock.instant());
    validators.forEach(
        v -> v.inbox().execute(() -> v.finalizer().onQuorum(quorum, clock.instant())));
  }

  private void print(SlotNumber slot, boolean last) {
    SlotReport r = reports.get(slot);
    for (SlotReport.Block b : r.blocks.values()) {
      StringBuilder line =
          new StringBuilder(
              String.format(
                  "slot %3d  block %d/%d  txs %3d  broadcast %s  executed",
                  slot.value(),
                  b.index() + 1,
                  r.blocks.size(),
                  b.txs(),
                  r.offset(b.broadcastAt())));
      for (ValidatorNode v : validators) {
        line.append(' ')
            .append(v.name())
            .append(' ')
            .append(r.offset(r.executedBy(v.name()).get(b.index())));
      }
      out.println(line);
    }
    out.printf(
        "slot %3d  checkpoint %s  blocks %s  txs %s  proposed %s  attestations %d/%d %s  quorum %s  archive %s%n",
        slot.value(),
        r.proposalStatus == null ? "NONE" : r.proposalStatus,
        r.checkpointBlocks == null ? "-" : r.checkpointBlocks,
        r.checkpointTxs == null ? "-" : r.checkpointTxs,
        r.offset(r.checkpointAt),
        r.attesters.size(),
        VALIDATORS,
        r.outcomes.isEmpty() ? "" : r.outcomes,
        r.reachedQuorum() ? r.quorumSize + " at " + r.offset(r.quorumAt) : "not reached",
        r.archive == null ? "-" : r.archive);
    if (last) {
      done.countDown();
    }
  }

  public RollupContext context() {
    return context;
  }

  public Instant genesisTime() {
    return genesis;
  }

  @Override
  public void close() throws Exception {
    scheduler.close();
    workers.shutdownNow();
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  static Path freshDataDir(Path base) throws IOException {
    Files.createDirectories(base);
    return Files.createTempDirectory(base, "run-");
  }
}
