package dev.slotstream.l1publisher.tx;

import dev.slotstream.core.duty.DaemonThreads;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;

/**
 * Every L1 JSON-RPC call, through a retry with exponential back-off, around one circuit breaker for
 * the endpoint, around a time limiter. Only transport failures (I/O, timeouts) count: a JSON-RPC
 * error answer ("nonce too low", a revert) is an answer, returned to the caller, and neither retried
 * nor held against the endpoint.
 */
final class L1Rpc implements AutoCloseable {
  private final Retry retry;
  private final CircuitBreaker breaker;
  private final TimeLimiter timeLimiter;
  private final ExecutorService callers;
  private final Consumer<String> onFailure;

  L1Rpc(String name, L1TxProperties.Rpc config, Consumer<String> onFailure) {
    this.retry =
        Retry.of(
            name,
            RetryConfig.custom()
                .maxAttempts(config.maxAttempts())
                .intervalFunction(
                    IntervalFunction.ofExponentialBackoff(
                        config.backoff(), config.backoffMultiplier()))
                .retryExceptions(IOException.class, TimeoutException.class)
                .build());
    this.breaker =
        CircuitBreaker.of(
            name,
            CircuitBreakerConfig.custom()
                .slidingWindowSize(config.breakerWindow())
                .minimumNumberOfCalls(Math.min(config.breakerWindow(), 5))
                .failureRateThreshold(config.breakerFailureRatePercent())
                .waitDurationInOpenState(config.breakerOpenDuration())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordExceptions(IOException.class, TimeoutException.class)
                .build());
    this.timeLimiter =
        TimeLimiter.of(
            name,
            TimeLimiterConfig.custom()
                .timeoutDuration(config.timeout())
                .cancelRunningFuture(true)
                .build());
    this.callers = Executors.newCachedThreadPool(DaemonThreads.numbered(name + "-rpc"));
    this.onFailure = onFailure;
  }

  /** Sends {@code request}; a JSON-RPC error comes back in the response, transport failures throw. */
  <T extends Response<?>> T call(Request<?, T> request) throws L1UnavailableException {
    String method = request.getMethod();
    Callable<T> limited =
        TimeLimiter.decorateFutureSupplier(
            timeLimiter,
            () ->
                CompletableFuture.supplyAsync(
                    () -> {
                      try {
                        return request.send();
                      } catch (IOException e) {
                        throw new CompletionException(e);
                      }
                    },
                    callers));
    Callable<T> guarded =
        Retry.decorateCallable(retry, CircuitBreaker.decorateCallable(breaker, limited));
    try {
      return guarded.call();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new L1UnavailableException(method, e);
    } catch (Exception e) {
      // I/O, timeouts, the open breaker, and web3j's runtime exceptions for malformed answers (a
      // proxy's HTML error page): all mean no usable answer from L1 this time.
      onFailure.accept(method);
      throw new L1UnavailableException(method, e);
    }
  }

  CircuitBreaker.State breakerState() {
    return breaker.getState();
  }

  @Override
  public void close() {
    callers.shutdownNow();
  }
}
