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

  @Test
  void aBatchAnswerRefusesExactlyTheTxsWithAProblem() {
    String body =
        """
        {"accepted":2,"refused":1,"results":[
          {"index":0,"txHash":"0x01","status":"ADDED"},
          {"index":1,"txHash":"0x02","problem":{"status":409,"title":"Conflict","reason":"NONCE_TOO_LOW"}},
          {"index":2,"txHash":"0x03","status":"REPLACED","displacedTxHash":"0x09"}]}
        """;

    assertThat(LoadGenerator.batchRefusals(200, body, 3))
        .containsExactly(null, "409 NONCE_TOO_LOW", null);
  }

  @Test
  void aRefusedBatchRefusesEveryTxWithItsReason() {
    String body = "{\"status\":503,\"title\":\"Service Unavailable\",\"reason\":\"POOL_FULL\"}";

    assertThat(LoadGenerator.batchRefusals(503, body, 2))
        .containsExactly("503 POOL_FULL", "503 POOL_FULL");
  }

  @Test
  void anAnswerWithoutOneResultPerTxCountsNoTxAsAccepted() {
    String short1 = "{\"results\":[{\"index\":0,\"status\":\"ADDED\"}]}";

    assertThat(LoadGenerator.batchRefusals(200, short1, 2))
        .containsExactly("unreadable batch answer", "unreadable batch answer");
    assertThat(LoadGenerator.batchRefusals(200, "<html>", 1))
        .containsExactly("unreadable batch answer");
  }
}
