package io.runbook.communication;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real HTTP server on loopback that plays a Slack incoming webhook at {@code /hook}. */
public final class LocalChatWebhook implements AutoCloseable {

  /** One request the webhook received. */
  public record Received(String method, String contentType, String body) {}

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile int status = 200;

  public LocalChatWebhook(int port) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/hook", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      received.add(new Received(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Content-Type"), body));
      byte[] answer = (status == 200 ? "ok" : "invalid_payload").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    });
    server.start();
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  /** Makes the webhook answer every following request with {@code status}. */
  public void answer(int status) {
    this.status = status;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
