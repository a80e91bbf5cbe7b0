package io.runbook.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * docs/grafana/runbook-dashboard.json is valid JSON, picks its Prometheus data source through a
 * variable, and queries only metrics that {@link IncidentGauges} registers, read from a real
 * Prometheus registry's scrape.
 */
@Tag("unit")
class GrafanaDashboardTest {

  static final Path DASHBOARD = Path.of("docs/grafana/runbook-dashboard.json");
  private static final Pattern METRIC = Pattern.compile("\\brunbook_[a-z_]+");

  static Set<String> scrapedNames() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MetricsProperties properties = new MetricsProperties(List.of("managers"), Duration.ofDays(30), Duration.ofDays(400),
        Duration.ofDays(30), Duration.ofMinutes(1), 10, List.of(), "");
    IncidentGauges gauges = new IncidentGauges(null, null, properties, 3);
    gauges.bindTo(registry);
    // One incident, so that the per-system gauge has a row (an empty window has none).
    MetricsReport window = IncidentMetrics.compute(IncidentMetricsTest.DAY, IncidentMetricsTest.INCIDENTS.subList(0, 1), 3, 10);
    gauges.show(new IncidentGauges.Snapshot(window, Map.of()));
    Set<String> names = new TreeSet<>();
    for (String line : registry.scrape().split("\n")) {
      if (line.startsWith("# TYPE ")) {
        names.add(line.split(" ")[2]);
      }
    }
    return names;
  }

  @Test
  void theGaugesRegisterExactlyTheDocumentedNames() {
    assertThat(scrapedNames()).containsExactlyInAnyOrderElementsOf(IncidentGauges.NAMES);
  }

  @Test
  void everyQueryOfTheDashboardUsesARegisteredMetricAndTheDataSourceVariable() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    JsonNode variables = dashboard.at("/templating/list");
    assertThat(variables.findValuesAsText("type")).contains("datasource");
    JsonNode datasource = null;
    for (JsonNode variable : variables) {
      if ("datasource".equals(variable.path("type").asText())) {
        datasource = variable;
      }
    }
    assertThat(datasource.path("name").asText()).isEqualTo("datasource");
    assertThat(datasource.path("query").asText()).isEqualTo("prometheus");

    Set<String> registered = scrapedNames();
    Set<String> queried = new TreeSet<>();
    List<String> panelsWithoutVariable = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      if (!"${datasource}".equals(panel.at("/datasource/uid").asText())) {
        panelsWithoutVariable.add(panel.path("title").asText());
      }
      assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
      for (JsonNode target : panel.path("targets")) {
        Matcher metric = METRIC.matcher(target.path("expr").asText());
        boolean any = false;
        while (metric.find()) {
          queried.add(metric.group());
          any = true;
        }
        assertThat(any).as("%s queries a runbook metric", panel.path("title").asText()).isTrue();
      }
    }
    assertThat(panelsWithoutVariable).as("panels not using the ${datasource} variable").isEmpty();
    assertThat(registered).as("metrics the dashboard queries").containsAll(queried);
    assertThat(queried).as("every registered metric is on the dashboard").containsAll(registered);
  }
}
