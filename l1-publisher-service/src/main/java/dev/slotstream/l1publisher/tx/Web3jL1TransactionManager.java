package dev.slotstream.l1publisher.tx;

import dev.slotstream.l1publisher.tx.L1Outcome.Status;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthMaxPriorityFeePerGas;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * {@link L1TransactionManager} over web3j, for one key. Per request: precheck, {@code eth_call} then
 * {@code eth_estimateGas} (a revert stops it unsent), EIP-1559 fees from the latest base fee, the
 * next nonce of this key, and then polling: receipts of every transaction sent for that nonce, the
 * head (stall detection and confirmations), the mined nonce (someone else used ours), and whether the
 * node still knows the newest transaction (re-broadcast when dropped). Every RPC call goes through
 * {@link L1Rpc}; while L1 is unavailable the request pauses until its deadline instead of failing.
 */
public final class Web3jL1TransactionManager implements L1TransactionManager, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Web3jL1TransactionManager.class);
  private static final BigInteger TRANSFER_GAS = BigInteger.valueOf(21_000);

  /** Fresh starts of one request (nonce taken behind our back, fees below a risen base fee). */
  private static final int MAX_RESTARTS = 3;

  /** JSON-RPC error code of a reverted execution (geth, Anvil). */
  private static final int EXECUTION_REVERTED = 3;

  private final Web3j web3j;
  private final boolean ownsWeb3j;
  private final Credentials credentials;
  private final String sender;
  private final L1TxProperties props;
  private final Clock clock;
  private final FeePolicy feePolicy;
  private final NonceManager nonces;
  private final L1TxMetrics metrics;
  private final L1Rpc rpc;
  private final ReentrantLock oneAtATime = new ReentrantLock();
  private volatile boolean chainVerified;

  public Web3jL1TransactionManager(
      Web3j web3j,
      Credentials credentials,
      L1TxProperties props,
      MeterRegistry registry,
      Clock clock) {
    this(web3j, false, credentials, props, registry, clock);
  }

  private Web3jL1TransactionManager(
      Web3j web3j,
      boolean ownsWeb3j,
      Credentials credentials,
      L1TxProperties props,
      MeterRegistry registry,
      Clock clock) {
    this.web3j = Objects.requireNonNull(web3j, "web3j");
    this.ownsWeb3j = ownsWeb3j;
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.sender = credentials.getAddress();
    this.props = Objects.requireNonNull(props, "props");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.feePolicy =
        new FeePolicy(
            props.feeCapWei(),
            props.priorityFeeWei(),
            props.baseFeeMultiplier(),
            props.feeBumpPercent());
    this.nonces = new NonceManager(sender);
    this.metrics = new L1TxMetrics(registry);
    this.rpc = new L1Rpc("l1-" + sender.substring(0, 10), props.rpc(), metrics::rpcError);
  }

  /** Connects to {@code slotstream.l1.rpc-url} with {@code slotstream.l1.private-key}. */
  public static Web3jL1TransactionManager connect(
      L1TxProperties props, MeterRegistry registry, Clock clock) {
    Objects.requireNonNull(props.rpcUrl(), "slotstream.l1.rpc-url");
    Objects.requireNonNull(props.privateKey(), "slotstream.l1.private-key");
    return new Web3jL1TransactionManager(
        Web3j.build(new HttpService(props.rpcUrl())),
        true,
        Credentials.create(props.privateKey()),
        props,
        registry,
        clock);
  }

  @Override
  public String senderAddress() {
    return sender;
  }

  NonceManager nonceManager() {
    return nonces;
  }

  CircuitBreaker.State breakerState() {
    return rpc.breakerState();
  }

  @Override
  public L1Outcome send(L1Request request) {
    oneAtATime.lock();
    try {
      L1Outcome outcome = new Attempt(request).run();
      metrics.outcome(outcome);
      log.info(
          "l1 request finished label={} status={} txHash={} nonce={} block={} gasUsed={} feePaidWei={}"
              + " replacements={} submissions={} reason={} elapsedMs={} detail=\"{}\"",
          outcome.label(),
          outcome.status(),
          outcome.txHash().orElse("none"),
          outcome.nonce().isPresent() ? outcome.nonce().getAsLong() : "none",
          outcome.blockNumber().isPresent() ? outcome.blockNumber().getAsLong() : "none",
          outcome.gasUsed(),
          outcome.feePaidWei(),
          outcome.replacements(),
          outcome.submissions(),
          outcome.revert().map(L1Revert::reason).orElse("none"),
          outcome.elapsed().toMillis(),
          outcome.detail().orElse(""));
      return outcome;
    } finally {
      oneAtATime.unlock();
    }
  }

  @Override
  public L1Rehearsal rehearse(L1Request request) {
    oneAtATime.lock();
    try {
      L1Rehearsal rehearsal = new Attempt(request).rehearse();
      log.info(
          "l1 path rehearsed label={} signed={} simulation={} elapsedMs={} detail=\"{}\"",
          request.label(),
          rehearsal.signed(),
          rehearsal.revert().map(L1Revert::reason).orElse("ok"),
          rehearsal.elapsed().toMillis(),
          rehearsal.detail());
      return rehearsal;
    } finally {
      oneAtATime.unlock();
    }
  }

  @Override
  public void close() {
    rpc.close();
    if (ownsWeb3j) {
      web3j.shutdown();
    }
  }

  /** An RPC wait ran past its horizon (the deadline, or the cancellation's) while L1 was down. */
  private static final class HorizonPassed extends Exception {
    HorizonPassed() {
      super(null, null, false, false);
    }
  }

  private enum Kind {
    ORIGINAL,
    REPLACEMENT,
    CANCELLATION
  }

  private enum Acceptance {
    ACCEPTED,
    NONCE_TOO_LOW,
    /** Another transaction with this nonce is pooled and ours does not outbid it by enough. */
    UNDERPRICED,
    /** The max fee is below the pending block's base fee. */
    BELOW_BASE_FEE,
    REJECTED
  }

  private record Submitted(Kind kind, String hash, String raw, Fees fees) {}

  private record Mined(Submitted tx, TransactionReceipt receipt) {}

  /** The state of one request: the nonce it holds and every transaction signed for that nonce. */
  private final class Attempt {
    private final L1Request request;
    private final Instant startedAt;
    private final List<Submitted> sent = new ArrayList<>();
    private OptionalLong nonce = OptionalLong.empty();
    private BigInteger gasLimit;
    private int replacements;
    private int submissions;
    private boolean pausedSincePrecheck;
    private String rejection = "";

    Attempt(L1Request request) {
      this.request = request;
      this.startedAt = clock.instant();
    }

    L1Outcome run() {
      try {
        return attempt();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        if (!sent.isEmpty()) {
          nonces.reset("interrupted with a transaction pending");
        }
        return finish(Status.RPC_ERROR, Optional.empty(), Optional.empty(), "interrupted");
      }
    }

    /** {@link #attempt}'s steps up to the signature; nothing is submitted, no nonce kept. */
    L1Rehearsal rehearse() {
      Instant deadline = request.deadline();
      try {
        Optional<L1Outcome> refused = verifyChain(deadline);
        if (refused.isPresent()) {
          return rehearsal(false, refused.get().revert(), refused.get().detail().orElse(""));
        }
        alreadyDone(deadline);
        Optional<L1Revert> revert = simulate(deadline).flatMap(L1Outcome::revert);
        Fees fees = currentFees(deadline);
        nonce = OptionalLong.of(minedOrPendingNonce(true, deadline));
        if (gasLimit == null) {
          gasLimit = TRANSFER_GAS;
        }
        sign(Kind.ORIGINAL, fees);
        nonce = OptionalLong.empty();
        return rehearsal(true, revert, "chain id, precheck, simulation, fees, nonce, signature");
      } catch (HorizonPassed e) {
        return rehearsal(false, Optional.empty(), "L1 unavailable until the rehearsal's deadline");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return rehearsal(false, Optional.empty(), "interrupted");
      }
    }

    private L1Rehearsal rehearsal(boolean signed, Optional<L1Revert> revert, String detail) {
      return new L1Rehearsal(
          signed, revert, detail, java.time.Duration.between(startedAt, clock.instant()));
    }

    private L1Outcome attempt() throws InterruptedException {
      Instant deadline = request.deadline();
      int restarts = 0;
      while (true) {
        try {
          Optional<L1Outcome> refused = verifyChain(deadline);
          if (refused.isPresent()) {
            return refused.get();
          }
          if (alreadyDone(deadline)) {
            return finish(Status.ALREADY_DONE, Optional.empty(), Optional.empty(), "precheck");
          }
          Optional<L1Outcome> stopped = simulate(deadline);
          if (stopped.isPresent()) {
            return stopped.get();
          }
          Fees fees = currentFees(deadline);
          OptionalLong local = nonces.next();
          long n =
              local.isPresent()
                  ? local.getAsLong()
                  : nonces.load(minedOrPendingNonce(true, deadline));
          if (pausedSincePrecheck && alreadyDone(deadline)) {
            return finish(
                Status.ALREADY_DONE,
                Optional.empty(),
                Optional.empty(),
                "precheck after an L1 outage");
          }
          if (!clock.instant().isBefore(deadline)) {
            return finish(
                Status.EXPIRED,
                Optional.empty(),
                Optional.empty(),
                "deadline passed before sending");
          }
          nonce = OptionalLong.of(n);
          Submitted original = sign(Kind.ORIGINAL, fees);
          Acceptance acceptance = submit(original, deadline);
          if (acceptance != Acceptance.ACCEPTED && knownToNode(original, deadline)) {
            // an earlier attempt of this very call got through (its answer was lost): track it
            sent.add(original);
            acceptance = Acceptance.ACCEPTED;
          }
          if (acceptance == Acceptance.NONCE_TOO_LOW
              || acceptance == Acceptance.UNDERPRICED
              || acceptance == Acceptance.BELOW_BASE_FEE) {
            // another transaction holds (or held) this nonce, or the base fee rose past our
            // estimate
            if (acceptance == Acceptance.BELOW_BASE_FEE) {
              nonce = OptionalLong.empty();
            } else {
              forgetNonce("send refused: " + rejection);
            }
            if (++restarts > MAX_RESTARTS) {
              return finish(Status.RPC_ERROR, Optional.empty(), Optional.empty(), rejection);
            }
            continue;
          }
          if (acceptance == Acceptance.REJECTED) {
            nonce = OptionalLong.empty();
            return finish(Status.RPC_ERROR, Optional.empty(), Optional.empty(), rejection);
          }
        } catch (HorizonPassed e) {
          if (sent.isEmpty()) {
            return finish(
                Status.EXPIRED,
                Optional.empty(),
                Optional.empty(),
                "deadline passed while L1 was unavailable");
          }
          // the original may have reached the node before L1 went away: track it, which cancels it
        }
        Optional<L1Outcome> outcome = track();
        if (outcome.isPresent()) {
          return outcome.get();
        }
        forgetNonce("nonce " + nonce.getAsLong() + " was mined by a transaction we did not send");
        if (++restarts > MAX_RESTARTS) {
          return finish(
              Status.RPC_ERROR, Optional.empty(), Optional.empty(), "nonce taken repeatedly");
        }
      }
    }

    private void forgetNonce(String reason) {
      nonces.reset(reason);
      nonce = OptionalLong.empty();
      sent.clear();
    }

    /**
     * Polls until a transaction of this nonce is mined and confirmed. Empty when another transaction
     * took the nonce, so the request must start over with a fresh one.
     */
    private Optional<L1Outcome> track() throws InterruptedException {
      Instant deadline = request.deadline();
      Instant cancelHorizon = deadline.plus(props.cancelTimeout());
      boolean cancelling = false;
      long submittedAtBlock = -1;
      Instant submittedAt = clock.instant();
      long checkedAtBlock = -1;
      while (true) {
        Instant horizon = cancelling ? cancelHorizon : deadline;
        try {
          Optional<Mined> mined = findReceipt(horizon);
          if (mined.isPresent()) {
            Optional<L1Outcome> confirmed = confirm(mined.get(), horizon);
            if (confirmed.isPresent()) {
              return confirmed;
            }
            pause(props.receiptPollInterval());
            continue;
          }
          Instant now = clock.instant();
          if (!cancelling && !now.isBefore(deadline)) {
            cancelling = true;
            cancel(cancelHorizon);
            continue;
          }
          if (cancelling && !now.isBefore(cancelHorizon)) {
            return Optional.of(unresolved());
          }
          long head = blockNumber(horizon);
          if (submittedAtBlock < 0) {
            submittedAtBlock = head;
          }
          if (head != checkedAtBlock) {
            checkedAtBlock = head;
            if (minedOrPendingNonce(false, horizon) > nonce.getAsLong()
                && findReceipt(horizon).isEmpty()) {
              if (cancelling) {
                nonces.reset("nonce taken while cancelling");
                return Optional.of(
                    finish(
                        Status.EXPIRED,
                        Optional.empty(),
                        Optional.empty(),
                        "deadline passed; the nonce was used by a transaction we did not send"));
              }
              return Optional.empty();
            }
          }
          Submitted newest = sent.get(sent.size() - 1);
          boolean stalled =
              head - submittedAtBlock >= props.stallBlocks()
                  || !now.isBefore(submittedAt.plus(props.stallTimeout()));
          if (!knownToNode(newest, horizon)) {
            log.warn(
                "l1 tx dropped, re-broadcasting label={} nonce={} hash={}",
                request.label(),
                nonce.getAsLong(),
                newest.hash());
            Acceptance again = broadcast(newest, horizon);
            // evicted as underpriced (e.g. a base-fee rise above its max fee): only new fees help
            stalled = again != Acceptance.ACCEPTED && again != Acceptance.NONCE_TOO_LOW;
          }
          if (stalled && !cancelling && replacements < props.maxReplacements()) {
            replace(head - submittedAtBlock, horizon);
            submittedAtBlock = head;
            submittedAt = clock.instant();
          }
          pause(props.receiptPollInterval());
        } catch (HorizonPassed e) {
          if (cancelling) {
            return Optional.of(unresolved());
          }
          cancelling = true;
          try {
            cancel(cancelHorizon);
          } catch (HorizonPassed stillDown) {
            return Optional.of(unresolved());
          }
        }
      }
    }

    private Optional<Mined> findReceipt(Instant horizon)
        throws HorizonPassed, InterruptedException {
      for (int i = sent.size() - 1; i >= 0; i--) {
        Submitted tx = sent.get(i);
        Optional<TransactionReceipt> receipt =
            call(web3j.ethGetTransactionReceipt(tx.hash()), horizon).getTransactionReceipt();
        if (receipt.isPresent()) {
          return Optional.of(new Mined(tx, receipt.get()));
        }
      }
      return Optional.empty();
    }

    private Optional<L1Outcome> confirm(Mined mined, Instant horizon)
        throws HorizonPassed, InterruptedException {
      long block = mined.receipt().getBlockNumber().longValueExact();
      if (props.confirmations() > 0) {
        if (blockNumber(horizon) < block + props.confirmations()) {
          return Optional.empty();
        }
        // a reorg may have dropped or moved it while we waited
        Optional<TransactionReceipt> again =
            call(web3j.ethGetTransactionReceipt(mined.tx().hash()), horizon)
                .getTransactionReceipt();
        if (again.isEmpty() || !again.get().getBlockHash().equals(mined.receipt().getBlockHash())) {
          return Optional.empty();
        }
      }
      nonces.consumed(nonce.getAsLong());
      if (mined.tx().kind() == Kind.CANCELLATION) {
        return Optional.of(
            finish(
                Status.CANCELLED,
                Optional.of(mined),
                Optional.empty(),
                "deadline passed while pending"));
      }
      if (mined.receipt().isStatusOK()) {
        return Optional.of(finish(Status.LANDED, Optional.of(mined), Optional.empty(), ""));
      }
      return Optional.of(
          finish(Status.REVERTED, Optional.of(mined), revertAt(block), "mined with status 0"));
    }

    private L1Outcome unresolved() {
      nonces.reset("cancellation unresolved");
      return finish(
          Status.EXPIRED,
          Optional.empty(),
          Optional.empty(),
          "deadline passed; no receipt before the cancellation timeout, nonce "
              + nonce.getAsLong()
              + " may still be pending");
    }

    /** The request's revert reason: the call replayed on the state after the block it failed in. */
    private Optional<L1Revert> revertAt(long block) throws InterruptedException {
      try {
        EthCall replay =
            call(
                web3j.ethCall(
                    Transaction.createEthCallTransaction(sender, request.to(), request.dataHex()),
                    DefaultBlockParameter.valueOf(BigInteger.valueOf(block))),
                clock.instant(),
                false);
        return replay.hasError() ? revertOf(replay.getError()) : Optional.empty();
      } catch (HorizonPassed e) {
        return Optional.empty();
      }
    }

    private Optional<L1Outcome> verifyChain(Instant horizon)
        throws HorizonPassed, InterruptedException {
      if (chainVerified) {
        return Optional.empty();
      }
      long chainId = call(web3j.ethChainId(), horizon).getChainId().longValueExact();
      if (chainId != props.chainId()) {
        log.error(
            "l1 chain id mismatch configured={} node={} rpcUrl={}",
            props.chainId(),
            chainId,
            props.rpcUrl());
        return Optional.of(
            finish(
                Status.RPC_ERROR,
                Optional.empty(),
                Optional.empty(),
                "L1 chain id " + chainId + " is not the configured " + props.chainId()));
      }
      chainVerified = true;
      return Optional.empty();
    }

    private boolean alreadyDone(Instant horizon) throws HorizonPassed, InterruptedException {
      boolean paused = false;
      while (true) {
        try {
          boolean done = request.precheck().alreadyDone();
          pausedSincePrecheck = false;
          return done;
        } catch (InterruptedException e) {
          throw e;
        } catch (Exception e) {
          if (!paused) {
            log.warn(
                "l1 precheck failed, pausing label={} error=\"{}\"", request.label(), e.toString());
            paused = true;
          }
          if (!clock.instant().isBefore(horizon)) {
            throw new HorizonPassed();
          }
          pause(props.outagePause());
        }
      }
    }

    private Optional<L1Outcome> simulate(Instant horizon)
        throws HorizonPassed, InterruptedException {
      Transaction call =
          Transaction.createEthCallTransaction(sender, request.to(), request.dataHex());
      EthCall result = call(web3j.ethCall(call, DefaultBlockParameterName.LATEST), horizon, false);
      if (result.hasError()) {
        return Optional.of(simulationFailed("eth_call", result.getError()));
      }
      EthEstimateGas estimate = call(web3j.ethEstimateGas(call), horizon, false);
      if (estimate.hasError()) {
        return Optional.of(simulationFailed("eth_estimateGas", estimate.getError()));
      }
      gasLimit =
          estimate
              .getAmountUsed()
              .multiply(BigInteger.valueOf(100L + props.gasBufferPercent()))
              .divide(BigInteger.valueOf(100));
      return Optional.empty();
    }

    private L1Outcome simulationFailed(String method, Response.Error error) {
      Optional<L1Revert> revert = revertOf(error);
      if (revert.isPresent()) {
        return finish(
            Status.REVERTED_IN_SIMULATION, Optional.empty(), revert, method + " reverted");
      }
      return finish(
          Status.RPC_ERROR, Optional.empty(), Optional.empty(), method + ": " + error.getMessage());
    }

    private Fees currentFees(Instant horizon) throws HorizonPassed, InterruptedException {
      EthBlock.Block latest =
          call(web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false), horizon)
              .getBlock();
      BigInteger baseFee =
          latest.getBaseFeePerGasRaw() == null ? BigInteger.ZERO : latest.getBaseFeePerGas();
      EthMaxPriorityFeePerGas tip = call(web3j.ethMaxPriorityFeePerGas(), horizon, false);
      return feePolicy.estimate(
          baseFee,
          tip.hasError() ? Optional.empty() : Optional.ofNullable(tip.getMaxPriorityFeePerGas()));
    }

    private long blockNumber(Instant horizon) throws HorizonPassed, InterruptedException {
      return call(web3j.ethBlockNumber(), horizon).getBlockNumber().longValueExact();
    }

    private long minedOrPendingNonce(boolean pending, Instant horizon)
        throws HorizonPassed, InterruptedException {
      DefaultBlockParameterName at =
          pending ? DefaultBlockParameterName.PENDING : DefaultBlockParameterName.LATEST;
      return call(web3j.ethGetTransactionCount(sender, at), horizon)
          .getTransactionCount()
          .longValueExact();
    }

    private boolean knownToNode(Submitted tx, Instant horizon)
        throws HorizonPassed, InterruptedException {
      return call(web3j.ethGetTransactionByHash(tx.hash()), horizon).getTransaction().isPresent();
    }

    private void replace(long blocksWaited, Instant horizon)
        throws HorizonPassed, InterruptedException {
      Submitted last = sent.get(sent.size() - 1);
      Optional<Fees> bumped = feePolicy.bump(last.fees(), currentFees(horizon));
      if (bumped.isEmpty()) {
        log.warn(
            "l1 tx stalled at the fee cap label={} nonce={} hash={} maxFeePerGas={} capWei={}",
            request.label(),
            nonce.getAsLong(),
            last.hash(),
            last.fees().maxFeePerGas(),
            feePolicy.capWei());
        return;
      }
      Submitted replacement = sign(Kind.REPLACEMENT, bumped.get());
      if (submit(replacement, horizon) == Acceptance.ACCEPTED) {
        replacements++;
        metrics.replaced();
        log.info(
            "l1 tx replaced label={} nonce={} replaced={} hash={} blocksWaited={} maxFeePerGas={}"
                + " maxPriorityFeePerGas={}",
            request.label(),
            nonce.getAsLong(),
            last.hash(),
            replacement.hash(),
            blocksWaited,
            bumped.get().maxFeePerGas(),
            bumped.get().maxPriorityFeePerGas());
      }
    }

    /** A same-nonce 0-value self-transfer, priced to replace whatever of ours is pending. */
    private void cancel(Instant horizon) throws HorizonPassed, InterruptedException {
      Submitted last = sent.get(sent.size() - 1);
      Fees fees =
          feePolicy
              .bump(last.fees(), currentFees(horizon))
              .orElseGet(
                  () ->
                      new Fees(
                          feePolicy.capWei(),
                          feePolicy
                              .capWei()
                              .min(
                                  FeePolicy.raise(
                                      last.fees().maxPriorityFeePerGas(),
                                      props.feeBumpPercent()))));
      Submitted cancellation = sign(Kind.CANCELLATION, fees);
      Acceptance acceptance = submit(cancellation, horizon);
      log.info(
          "l1 tx cancelling label={} nonce={} hash={} accepted={} maxFeePerGas={} deadline={}",
          request.label(),
          nonce.getAsLong(),
          cancellation.hash(),
          acceptance,
          fees.maxFeePerGas(),
          request.deadline());
    }

    private Submitted sign(Kind kind, Fees fees) {
      BigInteger n = BigInteger.valueOf(nonce.getAsLong());
      RawTransaction raw =
          kind == Kind.CANCELLATION
              ? RawTransaction.createTransaction(
                  props.chainId(),
                  n,
                  TRANSFER_GAS,
                  sender,
                  BigInteger.ZERO,
                  "",
                  fees.maxPriorityFeePerGas(),
                  fees.maxFeePerGas())
              : RawTransaction.createTransaction(
                  props.chainId(),
                  n,
                  gasLimit,
                  request.to(),
                  BigInteger.ZERO,
                  request.dataHex(),
                  fees.maxPriorityFeePerGas(),
                  fees.maxFeePerGas());
      byte[] signed = TransactionEncoder.signMessage(raw, credentials);
      return new Submitted(
          kind, Numeric.toHexString(Hash.sha3(signed)), Numeric.toHexString(signed), fees);
    }

    /**
     * Hands a new signed transaction to the node. It is tracked before the call: if L1 goes away
     * mid-call the node may have it. A refused one is forgotten: it never entered the pool.
     */
    private Acceptance submit(Submitted tx, Instant horizon)
        throws HorizonPassed, InterruptedException {
      sent.add(tx);
      Acceptance acceptance = broadcast(tx, horizon);
      if (acceptance != Acceptance.ACCEPTED) {
        sent.remove(tx);
      }
      return acceptance;
    }

    /** Sends signed bytes; sending the same bytes again is harmless (same hash, "already known"). */
    private Acceptance broadcast(Submitted tx, Instant horizon)
        throws HorizonPassed, InterruptedException {
      submissions++;
      EthSendTransaction response = call(web3j.ethSendRawTransaction(tx.raw()), horizon, false);
      Acceptance acceptance = acceptance(response);
      if (acceptance == Acceptance.ACCEPTED) {
        log.info(
            "l1 tx submitted label={} kind={} nonce={} hash={} gasLimit={} maxFeePerGas={}"
                + " maxPriorityFeePerGas={}",
            request.label(),
            tx.kind(),
            nonce.getAsLong(),
            tx.hash(),
            tx.kind() == Kind.CANCELLATION ? TRANSFER_GAS : gasLimit,
            tx.fees().maxFeePerGas(),
            tx.fees().maxPriorityFeePerGas());
        return acceptance;
      }
      rejection = response.getError().getMessage();
      log.warn(
          "l1 tx refused label={} kind={} nonce={} hash={} acceptance={} error=\"{}\"",
          request.label(),
          tx.kind(),
          nonce.getAsLong(),
          tx.hash(),
          acceptance,
          rejection);
      return acceptance;
    }

    private Acceptance acceptance(EthSendTransaction response) {
      if (!response.hasError()) {
        return Acceptance.ACCEPTED;
      }
      String message =
          Objects.requireNonNullElse(response.getError().getMessage(), "").toLowerCase(Locale.ROOT);
      if (message.contains("already known")
          || message.contains("already imported")
          || message.contains("known transaction")) {
        return Acceptance.ACCEPTED;
      }
      if (message.contains("nonce too low") || message.contains("nonce has already been used")) {
        return Acceptance.NONCE_TOO_LOW;
      }
      if (message.contains("underpriced")) {
        return Acceptance.UNDERPRICED;
      }
      if (message.contains("base fee") || message.contains("fee cap less than")) {
        return Acceptance.BELOW_BASE_FEE;
      }
      return Acceptance.REJECTED;
    }

    /** A call that must succeed: JSON-RPC error answers are waited out like an outage. */
    private <T extends Response<?>> T call(Request<?, T> l1Call, Instant horizon)
        throws HorizonPassed, InterruptedException {
      return call(l1Call, horizon, true);
    }

    /**
     * Calls L1, pausing while it is unavailable until {@code horizon}. With {@code retryErrors}, an
     * error answer counts as unavailable too (a read that must succeed); otherwise it is returned.
     */
    private <T extends Response<?>> T call(
        Request<?, T> l1Call, Instant horizon, boolean retryErrors)
        throws HorizonPassed, InterruptedException {
      boolean paused = false;
      while (true) {
        String failure;
        try {
          T response = rpc.call(l1Call);
          if (!retryErrors || !response.hasError()) {
            if (paused) {
              log.info(
                  "l1 reachable again label={} method={}", request.label(), l1Call.getMethod());
            }
            return response;
          }
          failure = response.getError().getMessage();
        } catch (L1UnavailableException e) {
          failure = String.valueOf(e.getCause());
        }
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException();
        }
        if (!paused) {
          log.warn(
              "l1 unavailable, pausing label={} method={} error=\"{}\"",
              request.label(),
              l1Call.getMethod(),
              failure);
          paused = true;
          pausedSincePrecheck = true;
        }
        if (!clock.instant().isBefore(horizon)) {
          throw new HorizonPassed();
        }
        pause(props.outagePause());
      }
    }

    private Optional<L1Revert> revertOf(Response.Error error) {
      String message = Objects.requireNonNullElse(error.getMessage(), "").toLowerCase(Locale.ROOT);
      if (error.getCode() != EXECUTION_REVERTED && !message.contains("revert")) {
        return Optional.empty();
      }
      // web3j keeps the error's "data" member as raw JSON text: a quoted hex string
      String data = error.getData() == null ? "0x" : error.getData().replace("\"", "").trim();
      return Optional.of(L1Revert.of(data.startsWith("0x") ? data : "0x"));
    }

    private L1Outcome finish(
        Status status, Optional<Mined> mined, Optional<L1Revert> revert, String detail) {
      Optional<TransactionReceipt> receipt = mined.map(Mined::receipt);
      Optional<String> newest =
          sent.isEmpty() ? Optional.empty() : Optional.of(sent.get(sent.size() - 1).hash());
      Optional<String> hash = mined.map(m -> m.tx().hash()).or(() -> newest);
      return new L1Outcome(
          status,
          request.label(),
          hash,
          nonce,
          receipt
              .map(r -> OptionalLong.of(r.getBlockNumber().longValueExact()))
              .orElse(OptionalLong.empty()),
          receipt.map(TransactionReceipt::getGasUsed).orElse(BigInteger.ZERO),
          receipt
              .map(TransactionReceipt::getEffectiveGasPrice)
              .map(Numeric::decodeQuantity)
              .orElse(BigInteger.ZERO),
          replacements,
          submissions,
          revert,
          detail.isEmpty() ? Optional.empty() : Optional.of(detail),
          startedAt,
          clock.instant());
    }
  }

  private static void pause(java.time.Duration duration) throws InterruptedException {
    Thread.sleep(Math.max(1, duration.toMillis()));
  }
}
