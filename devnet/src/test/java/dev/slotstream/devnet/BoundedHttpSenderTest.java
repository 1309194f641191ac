package dev.slotstream.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class BoundedHttpSenderTest {
  private final List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
  private final List<String> sentPaths = new ArrayList<>();
  private final List<String> answered = new CopyOnWriteArrayList<>();

  private BoundedHttpSender sender(int limit) {
    return new BoundedHttpSender(
        request -> {
          sentPaths.add(request.uri().getPath());
          CompletableFuture<HttpResponse<String>> f = new CompletableFuture<>();
          sent.add(f);
          return f;
        },
        limit);
  }

  private void send(BoundedHttpSender sender, String path) {
    sender.send(
        HttpRequest.newBuilder(URI.create("http://localhost" + path)).build(),
        (response, error) -> answered.add(path + (error == null ? "" : " " + error.getMessage())));
  }

  @Test
  void sendsAtMostTheLimitAndTheRestInOrderAsAnswersComeBack() {
    BoundedHttpSender sender = sender(2);
    for (int i = 0; i < 5; i++) {
      send(sender, "/" + i);
    }
    assertThat(sentPaths).containsExactly("/0", "/1");
    assertThat(sender.inFlight()).isEqualTo(2);
    assertThat(sender.waiting()).isEqualTo(3);

    sent.get(1).complete(null);
    assertThat(answered).containsExactly("/1");
    assertThat(sentPaths).containsExactly("/0", "/1", "/2");

    sent.get(0).completeExceptionally(new ConnectException("refused"));
    sent.get(2).complete(null);
    assertThat(answered).containsExactly("/1", "/0 refused", "/2");
    assertThat(sentPaths).containsExactly("/0", "/1", "/2", "/3", "/4");
    assertThat(sender.waiting()).isZero();

    sent.get(3).complete(null);
    sent.get(4).complete(null);
    assertThat(answered).hasSize(5);
    assertThat(sender.inFlight()).isZero();
  }

  @Test
  void aRequestTheTransportThrowsOnIsAnsweredWithTheErrorAndFreesItsPlace() {
    BoundedHttpSender sender =
        new BoundedHttpSender(
            request -> {
              throw new IllegalStateException("client closed");
            },
            1);
    for (int i = 0; i < 3; i++) {
      send(sender, "/" + i);
    }
    assertThat(answered)
        .containsExactly("/0 client closed", "/1 client closed", "/2 client closed");
    assertThat(sender.inFlight()).isZero();
  }

  @Test
  void aLimitBelowOneIsRefused() {
    assertThatThrownBy(() -> sender(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
  }
}
