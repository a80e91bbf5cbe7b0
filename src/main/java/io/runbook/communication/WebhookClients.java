package io.runbook.communication;

import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/** The HTTP client of every chat channel (Slack-compatible webhook, Teams, Slack's Web API): connect and read bounded by one timeout. */
final class WebhookClients {

  private WebhookClients() {}

  static RestClient withTimeout(RestClient.Builder builder, Duration timeout) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
    JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
    requests.setReadTimeout(timeout);
    return builder.requestFactory(requests).build();
  }
}
