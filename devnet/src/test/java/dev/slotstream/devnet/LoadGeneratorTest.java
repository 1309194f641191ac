package dev.slotstream.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {
  @Test
  void aFailedRequestIsCountedByWhatFailedNotByItsWrapper() {
    assertThat(
            LoadGenerator.httpFailure(
                new CompletionException(new HttpTimeoutException("request timed out"))))
        .isEqualTo("HTTP HttpTimeoutException");
    assertThat(LoadGenerator.httpFailure(new CompletionException(new ConnectException())))
        .isEqualTo("HTTP ConnectException");
    assertThat(LoadGenerator.httpFailure(new ConnectException()))
        .isEqualTo("HTTP ConnectException");
  }
}
