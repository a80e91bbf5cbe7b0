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

/**
 * A real HTTP server on loopback that plays a chat server: a Slack incoming webhook at {@code /hook},
 * and at any other path whatever the test makes it answer (a Teams webhook, Slack's Web API).
 */
public final class LocalChatWebhook implements AutoCloseable {

  /** One request the server received. */
  public record Received(String method, String path, String contentType, String authorization, String body) {}

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile String answer;

  public LocalChatWebhook(int port) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestHeaders().getFirst("Authorization"), body));
      String text = answer != null ? answer : status == 200 ? "ok" : "invalid_payload";
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      if (answer != null) {
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
      }
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
  }

  /** The server's address, e.g. {@code http://127.0.0.1:4711}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  /** Makes the server answer every following request with {@code status}. */
  public void answer(int status) {
    this.status = status;
  }

  /** Makes the server answer every following request with {@code status} and this JSON body. */
  public void answer(int status, String json) {
    this.status = status;
    this.answer = json;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
