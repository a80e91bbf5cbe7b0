package io.runbook.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * With {@code queryMaxResultsLimit} set, the engine refuses an authenticated list query without a
 * page size ("An unbound number of results is forbidden!"), so a plain {@code GET
 * /engine-rest/task} would be a 400. This filter gives such list queries (the collection roots of
 * Camunda's REST API, GET or POST) the limit as their default {@code maxResults}: they answer with
 * the first page. An explicit {@code maxResults} above the limit is still refused with 400. The
 * webapps' copy of the API ({@code /camunda/api/engine/...}) gets the same default, because
 * Tasklist lists its filters without a page size.
 */
public class QueryPageFilter extends OncePerRequestFilter {

  static final String MAX_RESULTS = "maxResults";

  /** {@code /task}, {@code /history/process-instance}, {@code /engine/default/user}... */
  private static final Pattern LIST_QUERY = Pattern.compile("^(/engine/[^/]+)?(/history)?/[a-z-]+/?$");

  private static final Pattern HAS_MAX_RESULTS = Pattern.compile("(^|&)" + MAX_RESULTS + "=");

  /** Collection roots that are not engine list queries or have their own, lower, limit. */
  private static final Set<String> NOT_LIST_QUERIES = Set.of("metrics", "engine", "version", "telemetry");

  private final int limit;

  public QueryPageFilter(int limit) {
    this.limit = limit;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (limit < Integer.MAX_VALUE && isListQuery(request) && !hasMaxResults(request)) {
      chain.doFilter(new DefaultPage(request, limit), response);
    } else {
      chain.doFilter(request, response);
    }
  }

  /** From the query string only: a form body is the endpoint's to read, not this filter's. */
  private static boolean hasMaxResults(HttpServletRequest request) {
    String query = request.getQueryString();
    return query != null && HAS_MAX_RESULTS.matcher(query).find();
  }

  private static boolean isListQuery(HttpServletRequest request) {
    String method = request.getMethod();
    if (!"GET".equals(method) && !"POST".equals(method)) {
      return false;
    }
    String path = request.getPathInfo();
    if (path == null || !LIST_QUERY.matcher(path).matches()) {
      return false;
    }
    String[] segments = path.split("/");
    return !NOT_LIST_QUERIES.contains(segments[segments.length - 1]);
  }

  /** The request with {@code maxResults} added to its query string and parameters. */
  private static final class DefaultPage extends HttpServletRequestWrapper {
    private final String value;

    DefaultPage(HttpServletRequest request, int limit) {
      super(request);
      this.value = Integer.toString(limit);
    }

    @Override
    public String getQueryString() {
      String query = super.getQueryString();
      String added = MAX_RESULTS + "=" + value;
      return query == null || query.isEmpty() ? added : query + "&" + added;
    }

    @Override
    public String getParameter(String name) {
      return MAX_RESULTS.equals(name) ? value : super.getParameter(name);
    }

    @Override
    public Map<String, String[]> getParameterMap() {
      Map<String, String[]> parameters = new LinkedHashMap<>(super.getParameterMap());
      parameters.put(MAX_RESULTS, new String[] {value});
      return Collections.unmodifiableMap(parameters);
    }

    @Override
    public java.util.Enumeration<String> getParameterNames() {
      return Collections.enumeration(getParameterMap().keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
      return MAX_RESULTS.equals(name) ? new String[] {value} : super.getParameterValues(name);
    }
  }
}
