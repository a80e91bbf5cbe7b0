package io.runbook.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The timeline as CSV (RFC 4180) and as Markdown, for download. Both hold exactly the events of the
 * JSON timeline they are made from, so need-to-know is decided once, where the record is read.
 *
 * <p>CSV: a header line, then one line per event, CRLF line ends, UTF-8; a field is quoted when it
 * holds a comma, a quote, CR or LF (quotes doubled). A field that a spreadsheet would take for a
 * formula (starting with {@code = + - @}, tab or CR) gets a leading apostrophe, because alert
 * summaries, titles and comments come from outside. {@code details} is the event's details as JSON.
 */
@Component
public class TimelineExports {

  static final List<String> CSV_COLUMNS = List.of("time", "epochMillis", "type", "actor", "phase", "summary",
      "activityId", "processInstanceId", "processDefinitionKey", "details");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private final ObjectMapper json;

  public TimelineExports(ObjectMapper json) {
    this.json = json;
  }

  public String csv(IncidentTimeline.Timeline timeline) {
    StringBuilder out = new StringBuilder();
    out.append(String.join(",", CSV_COLUMNS)).append("\r\n");
    for (TimelineEvent e : timeline.events()) {
      List<String> fields = List.of(e.time().toString(), Long.toString(e.epochMillis()), e.type(), nz(e.actor()), nz(e.phase()),
          nz(e.summary()), nz(e.activityId()), nz(e.processInstanceId()), nz(e.processDefinitionKey()), toJson(e.details()));
      for (int i = 0; i < fields.size(); i++) {
        out.append(i == 0 ? "" : ",").append(csvField(fields.get(i)));
      }
      out.append("\r\n");
    }
    return out.toString();
  }

  /** One CSV field: formula guard, then RFC 4180 quoting. */
  static String csvField(String value) {
    String text = value;
    if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 && !isNumber(text)) {
      text = "'" + text;
    }
    if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
      return "\"" + text.replace("\"", "\"\"") + "\"";
    }
    return text;
  }

  private static boolean isNumber(String text) {
    return text.matches("-?\\d+(\\.\\d+)?");
  }

  public String markdown(IncidentTimeline.Timeline timeline) {
    StringBuilder out = new StringBuilder();
    out.append("# Timeline of ").append(md(timeline.incidentId())).append("\n\n");
    out.append("All times UTC. ").append(timeline.events().size()).append(" events")
        .append(timeline.reviewsIncluded() ? ", reviews included." : "; the content of Security's and Legal's reviews is need-to-know and not included.")
        .append("\n\n");
    out.append("| Time | Phase | Event | Actor | What happened |\n| --- | --- | --- | --- | --- |\n");
    for (TimelineEvent e : timeline.events()) {
      out.append("| ").append(TIME.format(e.time())).append(" | ").append(md(e.phase())).append(" | `").append(e.type())
          .append("` | ").append(md(e.actor())).append(" | ").append(md(e.summary())).append(" |\n");
    }
    return out.toString();
  }

  /** A Markdown table cell: no pipes, line breaks or HTML from the data. */
  static String md(String value) {
    if (value == null) {
      return "";
    }
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
        .replace("`", "\\`").replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
  }

  private String toJson(Map<String, Object> details) {
    try {
      return json.writeValueAsString(details);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String nz(String value) {
    return value == null ? "" : value;
  }
}
