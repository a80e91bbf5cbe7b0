package io.runbook.audit.bench;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.runbook.RunbookApplication;
import io.runbook.audit.IncidentRecords;
import io.runbook.audit.IncidentTimeline;
import io.runbook.process.IncidentMitigation;
import io.runbook.process.IncidentResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * Audit benchmark against the embedded default (H2 file database, demo profile) started on its own port
 * in this JVM; requests go over loopback HTTP as {@code auditor}. Not a test: run it with
 * {@code mvn -B -q -Pbenchmark test-compile exec:java -Dbench.main=io.runbook.audit.bench.AuditBenchmark}
 * (see docs/benchmarks.md).
 *
 * <p>Data: one SEV-2 incident driven to mitigation's monitoring window, whose periodic health check
 * runs (the real demo script) until its timeline has at least {@code bench.events} (1,000) events, and
 * 10,000 finished incidents for the history list (registry rows and historic process instances written
 * by SQL: the list reads nothing else). Then, round by round, the same number of requests of: the
 * baseline (a plain {@code GET /api/incidents/{id}}), the timeline, the replay at an instant in the
 * middle of the incident, and the history list (first page, and a text search). Prints median and p95
 * of each and the ratio of each median to the baseline's; exits non-zero when a median is 200 ms or more.
 */
public final class AuditBenchmark {

  private static final double TARGET_MILLIS = 200;

  public static void main(String[] args) throws Exception {
    int events = Integer.parseInt(System.getProperty("bench.events", "1000"));
    int finished = Integer.parseInt(System.getProperty("bench.finished", "10000"));
    int rounds = Integer.parseInt(System.getProperty("bench.rounds", "5"));
    int perRound = Integer.parseInt(System.getProperty("bench.requests", "20"));
    Path data = Files.createTempDirectory("runbook-audit-bench");
    GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    smtp.start();
    ConfigurableApplicationContext app = new SpringApplicationBuilder(RunbookApplication.class)
        .profiles("demo")
        .run("--server.port=0",
            "--spring.datasource.url=jdbc:h2:file:" + data.resolve("runbook") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
            "--spring.mail.host=127.0.0.1",
            "--spring.mail.port=" + smtp.getSmtp().getPort(),
            // Jobs are run by hand here, so the incident's history is exactly what this benchmark made.
            "--camunda.bpm.job-execution.enabled=false",
            "--logging.level.root=WARN");
    int code = 1;
    try {
      int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
      code = run(app, port, events, finished, rounds, perRound);
    } finally {
      app.close();
      smtp.stop();
      FileSystemUtils.deleteRecursively(data);
    }
    System.exit(code);
  }

  private static int run(ConfigurableApplicationContext app, int port, int wantedEvents, int finished, int rounds, int perRound)
      throws Exception {
    RuntimeService runtime = app.getBean(RuntimeService.class);
    TaskService tasks = app.getBean(TaskService.class);
    ManagementService management = app.getBean(ManagementService.class);
    HistoryService history = app.getBean(HistoryService.class);
    JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);

    long setUp = System.nanoTime();
    ProcessInstance incident = runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY, Map.of("title", "Checkout is failing",
        "source", "user-report", "proposedSeverity", "SEV-2", "description", "Errors on checkout"));
    String id = incident.getId();
    complete(tasks, id, IncidentResponse.TRIAGE, Map.of("acknowledged", true, "title", "Checkout is failing", "severity", "SEV-2",
        "affectedSystems", "checkout-api", "affectedUsers", "EU", "securityRelated", false, "dataBreachSuspected", false,
        "stakeholdersNotified", true));
    complete(tasks, id, IncidentResponse.ASSEMBLE_TEAM, Map.of("incidentCommander", "lead", "technicalLead", "responder",
        "communicationsLead", "comms", "scribe", "manager", "channelCreated", true, "teamAssembled", true));
    job(management, id, IncidentResponse.GATHER_RECENT_CHANGES);
    complete(tasks, id, IncidentResponse.STATUS_PAGE_UPDATE, Map.of("statusPageStatus", "Investigating", "statusIssue",
        "failed payments", "statusImpact", "Some customers cannot pay", "statusNextUpdateMinutes", 30L));
    complete(tasks, id, IncidentResponse.INVESTIGATION, Map.of("recentChangesReviewed", true, "dashboardsChecked", true,
        "logsAnalyzed", true, "rootCauseIdentified", true, "rootCause", "Release 4.2"));
    String mitigation = runtime.createProcessInstanceQuery().superProcessInstanceId(id).singleResult().getId();
    complete(tasks, mitigation, IncidentMitigation.MITIGATE, Map.of("mitigationAction", "quick-fix", "mitigationNotes", "Pool to 64",
        "fixImplemented", true, "statusPageUpdated", true));
    job(management, mitigation, IncidentMitigation.VERIFY_HEALTH);
    IncidentRecords records = app.getBean(IncidentRecords.class);
    IncidentTimeline timelines = app.getBean(IncidentTimeline.class);
    int events = timelines.of(records.withoutReviews(id)).events().size();
    int cycles = 0;
    while (events < wantedEvents) {
      for (int i = 0; i < 25; i++) {
        job(management, mitigation, IncidentMitigation.HEALTH_CHECK_INTERVAL_TIMER);
        job(management, mitigation, IncidentMitigation.PERIODIC_HEALTH_CHECK);
        cycles++;
      }
      events = timelines.of(records.withoutReviews(id)).events().size();
    }
    long activities = history.createHistoricActivityInstanceQuery().processInstanceId(mitigation).count()
        + history.createHistoricActivityInstanceQuery().processInstanceId(id).count();
    long details = history.createHistoricDetailQuery().processInstanceId(mitigation).count()
        + history.createHistoricDetailQuery().processInstanceId(id).count();
    String incidentId = incident.getBusinessKey();
    Instant started = history.createHistoricProcessInstanceQuery().processInstanceId(id).singleResult().getStartTime().toInstant();
    Instant middle = started.plus(Duration.between(started, Instant.now()).dividedBy(2));
    System.out.printf(Locale.ROOT, "Incident %s: %d timeline events (%d health-check cycles), %d activity instances, %d variable updates%n",
        incidentId, events, cycles, activities, details);

    String definition = history.createHistoricProcessInstanceQuery().processInstanceId(id).singleResult().getProcessDefinitionId();
    insertFinished(jdbc, definition, finished);
    System.out.printf(Locale.ROOT, "%d finished incidents in the registry and the history; set-up took %.1f s%n",
        finished, (System.nanoTime() - setUp) / 1e9);

    // Where a timeline's time goes, inside the server (no HTTP, no JSON).
    long read = 0;
    long build = 0;
    for (int i = 0; i < 30; i++) {
      long t0 = System.nanoTime();
      var record = records.withoutReviews(id);
      long t1 = System.nanoTime();
      timelines.of(record);
      long t2 = System.nanoTime();
      if (i >= 10) {
        read += t1 - t0;
        build += t2 - t1;
      }
    }
    System.out.printf(Locale.ROOT, "In the server, per timeline: reading the history and our rows %.1f ms, building the events %.1f ms%n",
        read / 20 / 1e6, build / 20 / 1e6);

    // The requests come from a JVM of their own, as a browser's or an auditor's script would: the
    // server's threads and heap are not shared with the client's. The client needs only the JDK and
    // its own class (exec:java's class path is Maven's, not the project's).
    String base = "http://127.0.0.1:" + port;
    Process client = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
            "-cp", Path.of(AuditBenchmarkClient.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
            AuditBenchmarkClient.class.getName(),
            base, incidentId, middle.toString(), String.valueOf(rounds), String.valueOf(perRound),
            String.valueOf((long) TARGET_MILLIS))
        .inheritIO().start();
    return client.waitFor();
  }

  private static void complete(TaskService tasks, String processInstanceId, String activityId, Map<String, Object> values) {
    tasks.complete(tasks.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(activityId).singleResult().getId(),
        values);
  }

  private static void job(ManagementService management, String processInstanceId, String activityId) {
    Job job = management.createJobQuery().processInstanceId(processInstanceId).activityId(activityId).singleResult();
    management.executeJob(job.getId());
  }

  private static void insertFinished(JdbcTemplate jdbc, String definition, int count) {
    String[] severities = {"SEV-1", "SEV-2", "SEV-3", "SEV-4"};
    String[] sources = {"monitoring", "health-check", "user-report", "support-ticket"};
    Instant start = Instant.now().minus(Duration.ofDays(360));
    List<Object[]> registry = new ArrayList<>();
    List<Object[]> processes = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      String incidentId = String.format(Locale.ROOT, "INC-2025-%05d", n);
      String pid = "bench-" + n;
      Instant created = start.plus(Duration.ofMinutes(50L * n));
      Instant closed = created.plus(Duration.ofMinutes(30 + n % 240));
      registry.add(new Object[] {incidentId, pid, "closed", severities[n % 4], false, sources[n % 4],
          "bench " + n + " checkout errors", OffsetDateTime.ofInstant(created, ZoneOffset.UTC), OffsetDateTime.ofInstant(closed, ZoneOffset.UTC)});
      processes.add(new Object[] {pid, pid, incidentId, IncidentResponse.PROCESS_KEY, definition, Timestamp.from(created),
          Timestamp.from(closed), Duration.between(created, closed).toMillis(), pid, "COMPLETED"});
    }
    jdbc.batchUpdate("INSERT INTO rb_incident_registry (incident_id, process_instance_id, state, severity, security_related, source,"
        + " title, created_at, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", registry);
    jdbc.batchUpdate("INSERT INTO ACT_HI_PROCINST (ID_, PROC_INST_ID_, BUSINESS_KEY_, PROC_DEF_KEY_, PROC_DEF_ID_, START_TIME_,"
        + " END_TIME_, DURATION_, ROOT_PROC_INST_ID_, STATE_) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", processes);
  }
}
