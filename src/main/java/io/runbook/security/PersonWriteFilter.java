package io.runbook.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runbook.forms.FormSchema;
import io.runbook.security.PersonWriteRoutes.Kind;
import io.runbook.security.PersonWriteRoutes.Rule;
import io.runbook.system.RunbookGroups;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A person changes only what the form of the task they hold lets them change. Applied to Camunda's
 * REST API ({@code /engine-rest}) and the webapps' copy of it ({@code /camunda/api/engine}), after
 * authentication, for every caller who is not in {@code camunda-admin}:
 * <ul>
 *   <li>completing a task (complete, submit-form, resolve) may set exactly the editable fields of
 *       that task's Camunda Form, each with a value of the field's type; read-only fields may be
 *       sent back only unchanged (Tasklist does); anything else is a 400 naming the variable;</li>
 *   <li>a start form may not choose the business key (incident ids belong to Runbook) and sets
 *       only its fields;</li>
 *   <li>every other write is allowed only where {@link PersonWriteRoutes} names it; all others
 *       (task, process-instance and execution variables, messages, signals, modification, jobs...)
 *       are a 403 naming the route.</li>
 * </ul>
 * Reads by id of a task comment or attachment, which the engine does not check, answer only
 * what the caller's own list of them shows (404 otherwise).
 *
 * <p>The engine's own grants are the second line: task holders have TASK_WORK and TASK_ASSIGN, not
 * UPDATE, so the engine refuses their variable writes too ({@link RunbookTaskPermissions}).
 */
public class PersonWriteFilter extends OncePerRequestFilter {

  /** Camunda keeps a String variable in a 4,000-character column. */
  public static final int MAX_TEXT = 4000;

  /** A form submission is a few kilobytes; anything far larger is refused unread. */
  static final int MAX_BODY = 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  private static final Set<String> TEXT_FIELDS = Set.of("textfield", "textarea", "select", "radio");
  private static final Set<String> NUMBER_TYPES = Set.of("integer", "long", "double", "short");

  /**
   * Reads of one task comment or attachment by id: the engine checks no permission for them (only
   * for the lists), so a caller who learnt the ids could read Legal's comment. They answer only what
   * the caller's own list shows.
   */
  static final Pattern UNCHECKED_READ = Pattern.compile("^/task/([^/]+)/(comment|attachment)/([^/]+)(/data)?$");

  private final ProcessEngine engine;

  public PersonWriteFilter(ProcessEngine engine) {
    this.engine = engine;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String method = request.getMethod().toUpperCase(Locale.ROOT);
    Optional<String> enginePath = PersonWriteRoutes.enginePath(EngineAuthenticationFilter.pathWithinApplication(request));
    if (enginePath.isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    if (SAFE_METHODS.contains(method)) {
      Matcher byId = UNCHECKED_READ.matcher(enginePath.get());
      String user = byId.matches() ? callerOf(request) : null;
      if (user != null && !isAdministrator(user) && !listedForCaller(byId)) {
        refuse(response, 404, "InvalidRequestException", "no " + byId.group(2) + " '" + byId.group(3)
            + "' that you may read on task '" + byId.group(1) + "'");
        return;
      }
      chain.doFilter(request, response);
      return;
    }
    String user = callerOf(request);
    if (user == null || isAdministrator(user)) {
      // No caller: authentication (ours or the webapps') refuses the request, not this filter.
      chain.doFilter(request, response);
      return;
    }
    Optional<Rule> rule = PersonWriteRoutes.ruleFor(method, enginePath.get());
    if (rule.isEmpty() || rule.get().kind() == Kind.ADMINISTRATORS_ONLY) {
      refuse(response, 403, "Forbidden", method + " " + enginePath.get()
          + " changes an incident outside its forms; only members of " + RunbookGroups.ADMINS
          + " may use it. Complete your task with its form instead.");
      return;
    }
    Kind kind = rule.get().kind();
    if (kind != Kind.TASK_COMPLETION && kind != Kind.START_FORM) {
      chain.doFilter(request, response);
      return;
    }
    byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      refuse(response, 413, "InvalidRequestException", "the request body is larger than " + MAX_BODY + " bytes");
      return;
    }
    JsonNode json;
    try {
      json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException unreadable) {
      refuse(response, 400, "InvalidRequestException", "the body is not JSON: " + unreadable.getOriginalMessage());
      return;
    }
    List<String> problems = kind == Kind.TASK_COMPLETION
        ? asEngine(() -> taskProblems(PersonWriteRoutes.taskId(enginePath.get()), json))
        : asEngine(() -> startProblems(enginePath.get(), json));
    if (!problems.isEmpty()) {
      refuse(response, 400, "InvalidRequestException", String.join("; ", problems));
      return;
    }
    chain.doFilter(new ReplayedBody(request, body), response);
  }

  /**
   * Whether the caller may see the comment or attachment: the REST API lists a task's comments and
   * attachments to whoever finds the task in the history (READ_HISTORY on its process definition,
   * checked by the engine as the caller), and this one must belong to that task.
   */
  private boolean listedForCaller(Matcher byId) {
    String taskId = byId.group(1);
    String id = byId.group(3);
    try {
      if (engine.getHistoryService().createHistoricTaskInstanceQuery().taskId(taskId).count() == 0) {
        return false;
      }
      return "comment".equals(byId.group(2))
          ? engine.getTaskService().getTaskComment(taskId, id) != null
          : engine.getTaskService().getTaskAttachment(taskId, id) != null;
    } catch (org.camunda.bpm.engine.ProcessEngineException refused) {
      return false;
    }
  }

  /** Problems with a task completion; empty when it may go on (also when the task is unknown: the engine answers). */
  private List<String> taskProblems(String taskId, JsonNode body) throws IOException {
    Task task = engine.getTaskService().createTaskQuery().taskId(taskId).singleResult();
    if (task == null) {
      return List.of();
    }
    String where = "task '" + task.getName() + "'";
    FormSchema form = deployedForm(() -> engine.getFormService().getDeployedTaskForm(taskId));
    // What the form showed: the task's form variables, which include the defaults the model gives
    // its form fields (the severity table), not only the variables stored on the incident. Fetched
    // once for all read-only fields, and only when one is sent: each fetch renders those defaults.
    return variableProblems(body.path("variables"), form, where,
        fetchedOnce(() -> engine.getFormService().getTaskFormVariables(taskId, form.readOnlyKeys(), false)));
  }

  /** Looks names up in a map fetched when the first name is asked for, and only then. */
  private static Function<String, Object> fetchedOnce(java.util.function.Supplier<? extends Map<String, Object>> values) {
    return new Function<>() {
      private Map<String, Object> fetched;

      @Override
      public Object apply(String name) {
        if (fetched == null) {
          fetched = values.get();
        }
        return fetched.get(name);
      }
    };
  }

  /** The deployed Camunda Form, or null when the task or start event has none. */
  private static FormSchema deployedForm(java.util.function.Supplier<InputStream> form) throws IOException {
    InputStream json;
    try {
      json = form.get();
    } catch (org.camunda.bpm.engine.ProcessEngineException noForm) {
      return null;
    }
    try (json) {
      return FormSchema.parse(json);
    }
  }

  /** Problems with a start form submission. */
  private List<String> startProblems(String enginePath, JsonNode body) throws IOException {
    List<String> problems = new ArrayList<>();
    JsonNode businessKey = body.path("businessKey");
    if (!businessKey.isMissingNode() && !businessKey.isNull()) {
      problems.add("'businessKey' is not yours to choose: Runbook gives every incident its own id (INC-YYYY-NNNN)");
    }
    String[] segments = enginePath.split("/");
    ProcessDefinition definition = "key".equals(segments[2])
        ? engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(segments[3])
            .latestVersion().withoutTenantId().singleResult()
        : engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionId(segments[2]).singleResult();
    if (definition == null) {
      return problems;
    }
    FormSchema form = deployedForm(() -> engine.getFormService().getDeployedStartForm(definition.getId()));
    problems.addAll(variableProblems(body.path("variables"), form, "the start form of '" + definition.getName() + "'",
        name -> null));
    return problems;
  }

  /**
   * Every submitted variable must be an editable field of the form with a value of its type, or a
   * read-only field sent back unchanged.
   */
  static List<String> variableProblems(JsonNode variables, FormSchema form, String where,
      Function<String, Object> current) {
    List<String> problems = new ArrayList<>();
    if (variables.isMissingNode() || variables.isNull()) {
      return problems;
    }
    if (!variables.isObject()) {
      return List.of("'variables' must be an object of name: {value, type}");
    }
    Iterator<Map.Entry<String, JsonNode>> fields = variables.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> variable = fields.next();
      String name = variable.getKey();
      JsonNode sent = variable.getValue();
      JsonNode value = sent.isObject() ? sent.path("value") : sent;
      String type = sent.isObject() ? sent.path("type").asText("") : "";
      Optional<FormSchema.Field> field = form == null ? Optional.empty() : form.editable(name);
      if (field.isPresent()) {
        String problem = typeProblem(field.get(), value, type);
        if (problem != null) {
          problems.add(problem);
        }
      } else if (form != null && form.readOnlyKeys().contains(name)) {
        if (!sameValue(current.apply(name), value)) {
          problems.add("'" + name + "' is read-only in the form of " + where + " and cannot be changed");
        }
      } else {
        problems.add("'" + name + "' is not a field of the form of " + where
            + (form == null ? " (it has none)" : "; its fields are " + editableKeys(form)));
      }
    }
    return problems;
  }

  private static List<String> editableKeys(FormSchema form) {
    return form.fields().stream().map(FormSchema.Field::key).toList();
  }

  private static String typeProblem(FormSchema.Field field, JsonNode value, String type) {
    String name = "'" + field.key() + "'";
    String declared = type.toLowerCase(Locale.ROOT);
    if (value.isNull() || value.isMissingNode()) {
      return declared.isEmpty() || declared.equals("null") || declared.equals(expectedType(field)) ? null
          : name + " must be " + article(field) + ", not " + type;
    }
    String fieldType = field.type();
    if (TEXT_FIELDS.contains(fieldType)) {
      if (!value.isTextual() || !(declared.isEmpty() || declared.equals("string"))) {
        return name + " must be text (type String), got " + describe(value, type);
      }
      if (value.asText().length() > MAX_TEXT) {
        return name + " must have at most " + MAX_TEXT + " characters, got " + value.asText().length();
      }
      return null;
    }
    if ("checkbox".equals(fieldType)) {
      return value.isBoolean() && (declared.isEmpty() || declared.equals("boolean")) ? null
          : name + " must be true or false (type Boolean), got " + describe(value, type);
    }
    if ("number".equals(fieldType)) {
      return value.isNumber() && (declared.isEmpty() || NUMBER_TYPES.contains(declared)) ? null
          : name + " must be a number, got " + describe(value, type);
    }
    return name + " is a '" + fieldType + "' field, which Runbook's forms do not accept from REST";
  }

  private static String expectedType(FormSchema.Field field) {
    return TEXT_FIELDS.contains(field.type()) ? "string" : "checkbox".equals(field.type()) ? "boolean" : "number";
  }

  private static String article(FormSchema.Field field) {
    return TEXT_FIELDS.contains(field.type()) ? "text" : "checkbox".equals(field.type()) ? "true or false" : "a number";
  }

  private static String describe(JsonNode value, String type) {
    String shown = value.isTextual() ? "'" + abbreviate(value.asText()) + "'" : abbreviate(value.toString());
    return shown + (type.isEmpty() ? "" : " of type " + type);
  }

  private static String abbreviate(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }

  /** A read-only field comes back as it was shown: same text, or empty for nothing. */
  static boolean sameValue(Object current, JsonNode sent) {
    String before = current == null ? "" : String.valueOf(current);
    String after = sent.isNull() || sent.isMissingNode() ? "" : sent.isTextual() ? sent.asText() : sent.toString();
    return before.equals(after);
  }

  private String callerOf(HttpServletRequest request) {
    Authentication current = engine.getIdentityService().getCurrentAuthentication();
    if (current != null && current.getUserId() != null) {
      return current.getUserId();
    }
    HttpSession session = request.getSession(false);
    if (session == null) {
      return null;
    }
    Authentications webapp = AuthenticationUtil.getAuthsFromSession(session);
    var authentication = webapp == null ? null : webapp.getAuthenticationForProcessEngine(engine.getName());
    return authentication == null ? null : authentication.getIdentityId();
  }

  private boolean isAdministrator(String user) {
    return asEngine(() -> engine.getIdentityService().createGroupQuery()
        .groupMember(user).groupId(RunbookGroups.ADMINS).count() > 0);
  }

  /** Looks up as the engine: the caller may not be allowed to read the form they are about to misuse. */
  private <T> T asEngine(Callable<T> lookup) {
    Authentication caller = engine.getIdentityService().getCurrentAuthentication();
    engine.getIdentityService().clearAuthentication();
    try {
      return lookup.call();
    } catch (RuntimeException failure) {
      throw failure;
    } catch (Exception other) {
      throw new IllegalStateException(other);
    } finally {
      if (caller != null) {
        engine.getIdentityService().setAuthentication(caller);
      }
    }
  }

  static void refuse(HttpServletResponse response, int status, String type, String message) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("type", type);
    body.put("message", message);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(JSON.writeValueAsString(body));
  }

  /** The request with its body read once here and given again to the REST API. */
  static final class ReplayedBody extends HttpServletRequestWrapper {
    private final byte[] body;

    ReplayedBody(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream bytes = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return bytes.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
          return bytes.read(buffer, offset, length);
        }

        @Override
        public boolean isFinished() {
          return bytes.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException("blocking reads only");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }
}
