package io.runbook.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.runbook.communication.DispatchByHand;
import io.runbook.communication.NotificationDispatcher;
import io.runbook.process.IncidentMitigation;
import io.runbook.process.IncidentResponse;
import io.runbook.process.ProcessVariables;
import io.runbook.testing.HeadlessChromium;
import io.runbook.testing.WebTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 14, the Cockpit page: {@code auditor} logs in to Cockpit, opens <em>Incident history</em>,
 * finds a finished SEV-1 incident with the filters, opens it, steps through its replay (buttons, the
 * timeline, the slider) and sees the diagram mark the active and completed elements and the state
 * panel change, then downloads the timeline as Markdown. The incident is driven from its first alert
 * to the post-mortem by the people of each step over HTTP, the engine clock a minute further per step.
 * Headless Chromium, the set-up of io.runbook.system.TasklistBrowserTest; screenshots in
 * {@code target/cockpit-history*.png} and {@code /tmp}.
 */
@WebTest
class CockpitHistoryBrowserTest {


  @LocalServerPort int port;
  @Autowired TestRestTemplate http;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired NotificationDispatcher dispatcher;
  @Autowired JdbcTemplate jdbc;

  final String run = UUID.randomUUID().toString().substring(0, 8);
  final String title = "Checkout history " + run;
  String incidentId;
  String rootId;
  IncidentDriver driver;

  WebDriver browser;
  WebDriverWait wait;
  Path downloads;

  @BeforeEach
  void openBrowser() throws Exception {
    downloads = Files.createTempDirectory("runbook-history-downloads");
    browser = HeadlessChromium.open(1600, 1300, downloads);
    wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    // The page replaces what it shows on every step: an element read while being replaced is read again.
    wait.ignoring(StaleElementReferenceException.class);
  }

  @AfterEach
  void closeBrowser() throws Exception {
    ClockUtil.reset();
    if (browser != null) {
      screenshot("cockpit-history-last.png");
      browser.quit();
    }
    if (downloads != null) {
      try (Stream<Path> files = Files.walk(downloads)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  @Test
  void auditorStepsThroughTheReplayOfAFinishedIncidentAndDownloadsItsTimeline() throws Exception {
    driveASev1IncidentToItsPostMortem();
    List<Map<String, Object>> events = timeline();
    int triaged = indexOf(events, "task.completed", IncidentResponse.TRIAGE);
    int approved = indexOf(events, "rollback.approved", null);

    logIn("auditor");
    wait.until(ExpectedConditions.elementToBeClickable(By.linkText("Incident history"))).click();
    WebElement filters = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-section=filters]")));
    filters.findElement(By.name("q")).sendKeys(run);
    new org.openqa.selenium.support.ui.Select(filters.findElement(By.name("severity"))).selectByValue("SEV-1");
    new org.openqa.selenium.support.ui.Select(filters.findElement(By.name("state"))).selectByValue("closed");
    filters.findElement(By.cssSelector("button[type=submit]")).click();
    String filtered = ".rb-results[data-query*='severity=SEV-1'][data-query*='state=closed'][data-query*='q=" + run + "']";
    WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector(filtered + " tr[data-incident-id='" + incidentId + "']")));
    assertThat(browser.findElement(By.cssSelector(filtered + " .rb-total")).getText()).startsWith("1 incident \u00b7");
    assertThat(row.getText()).contains(incidentId, title, "SEV-1", "closed", "health-check");
    screenshot("cockpit-history-list.png");
    row.findElement(By.cssSelector("td:nth-child(2)")).click();

    // The first event: the alert; nobody has acknowledged, the diagram of the incident is drawn.
    wait.until(d -> d.getCurrentUrl().endsWith("#/runbook-history/" + incidentId));
    replayedAt(0);
    WebElement diagram = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-section=diagram] svg")));
    assertThat(browser.findElement(By.cssSelector("[data-section=diagram]")).getAttribute("data-process-definition-key"))
        .isEqualTo(IncidentResponse.PROCESS_KEY);
    assertThat(diagram.findElements(By.cssSelector("[data-element-id]"))).hasSizeGreaterThan(50);
    assertThat(field("acknowledgedBy")).isEqualTo("nobody yet");
    assertThat(field("status")).isEqualTo("open");
    assertThat(position()).startsWith("Event 1 of " + events.size());

    // Step buttons: the position, the selected timeline row and the state move with them.
    click("next");
    replayedAt(1);
    click("next");
    replayedAt(2);
    assertThat(position()).startsWith("Event 3 of " + events.size());
    assertThat(browser.findElement(By.cssSelector("[data-section=timeline] tr.rb-selected")).getAttribute("data-index")).isEqualTo("2");
    click("previous");
    replayedAt(1);

    // The event where the responder completed triage: acknowledged by them, SEV-1; triage done, team assembly active.
    browser.findElement(By.cssSelector("[data-section=timeline] tr[data-index='" + triaged + "']")).click();
    replayedAt(triaged);
    assertThat(field("acknowledgedBy")).isEqualTo("responder");
    assertThat(field("severity")).isEqualTo("SEV-1");
    assertThat(element(IncidentResponse.TRIAGE).getAttribute("class")).contains("rb-completed").contains("rb-current");
    assertThat(element(IncidentResponse.ASSEMBLE_TEAM).getAttribute("class")).contains("rb-active");
    assertThat(field("openTasks")).contains("Assemble");
    screenshot("cockpit-history-triaged.png");

    // The rollback approval: the diagram follows the event into the called mitigation process. (The rollback
    // waits as a job; history records its activity only once the job runs, so it is not marked active yet.)
    browser.findElement(By.cssSelector("[data-section=timeline] tr[data-index='" + approved + "']")).click();
    replayedAt(approved);
    wait.until(d -> IncidentMitigation.PROCESS_KEY.equals(
        d.findElement(By.cssSelector("[data-section=diagram]")).getAttribute("data-process-definition-key")));
    wait.until(d -> element(IncidentMitigation.APPROVE_ROLLBACK).getAttribute("class").contains("rb-completed"));
    assertThat(element(IncidentMitigation.MITIGATE).getAttribute("class")).contains("rb-completed");
    assertThat(element(IncidentMitigation.ROLLBACK).getAttribute("class")).as("the rollback has not run yet").doesNotContain("rb-completed");
    assertThat(browser.findElement(By.cssSelector("[data-section=event-details]")).getText()).contains("lead");
    screenshot("cockpit-history-rollback.png");

    // The slider to the end: the incident has ended, nothing open; back one step with the keyboard.
    WebElement slider = browser.findElement(By.cssSelector("[data-section=replay] input[type=range]"));
    slider.sendKeys(Keys.END);
    replayedAt(events.size() - 1);
    assertThat(field("status")).isEqualTo("ended");
    assertThat(field("openTasks")).isEqualTo("none");
    slider.sendKeys(Keys.ARROW_LEFT);
    replayedAt(events.size() - 2);

    // Downloads: the timeline in Markdown with the decisive events and who did them; the post-mortem draft.
    click("last");
    replayedAt(events.size() - 1);
    press(browser.findElement(By.cssSelector("[data-download=md]")));
    Path markdown = downloads.resolve(incidentId + "-timeline.md");
    await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(markdown) && Files.size(markdown) > 0);
    String md = Files.readString(markdown, StandardCharsets.UTF_8);
    assertThat(md).startsWith("# Timeline of " + incidentId)
        .containsPattern("\\| `alert\\.received` \\| test-generic \\| Alert received")
        .containsPattern("\\| `task\\.completed` \\| responder \\| .*Acknowledge")
        .containsPattern("\\| `rollback\\.approved` \\| lead \\|")
        .containsPattern("\\| `task\\.completed` \\| lead \\| .*post-mortem");
    WebElement postMortem = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-download=post-mortem]")));
    press(postMortem);
    Path draft = downloads.resolve(incidentId + "-post-mortem.md");
    await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(draft) && Files.size(draft) > 0);
    assertThat(Files.readString(draft, StandardCharsets.UTF_8)).startsWith("# Post-mortem of " + incidentId)
        .contains("Checkout failed after release 4.2", "lead");
    screenshot("cockpit-history-end.png");
  }

  // ---- the browser

  private void logIn(String user) {
    browser.get("http://localhost:" + port + "/camunda/app/cockpit/default/");
    // The first Cockpit page of a JVM loads several megabytes of scripts: a loaded CI machine takes its time.
    new WebDriverWait(browser, Duration.ofSeconds(90))
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[ng-model=username]"))).sendKeys(user);
    browser.findElement(By.cssSelector("input[ng-model=password]")).sendKeys(user);
    browser.findElement(By.cssSelector("button[type=submit]")).click();
  }

  private void click(String step) {
    press(browser.findElement(By.cssSelector("[data-section=replay] button[data-step=" + step + "]")));
  }

  /** Clicks a button as a person would: scrolled into view first, not hidden under Cockpit's fixed header. */
  private void press(WebElement button) {
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});", button);
    button.click();
  }

  /** Waits until the state panel shows the replay at event {@code index}. */
  private void replayedAt(int index) {
    wait.until(d -> String.valueOf(index).equals(
        d.findElement(By.cssSelector("[data-section=incident-replay]")).getAttribute("data-replayed-index"))
        && d.findElements(By.cssSelector("[data-section=state].rb-busy")).isEmpty());
  }

  private String field(String name) {
    return browser.findElement(By.cssSelector("[data-section=state] dd[data-field=" + name + "]")).getText().trim();
  }

  private String position() {
    return browser.findElement(By.cssSelector("[data-section=replay] .rb-position")).getText();
  }

  private WebElement element(String activityId) {
    return browser.findElement(By.cssSelector("[data-section=diagram] [data-element-id='" + activityId + "']"));
  }

  private void screenshot(String name) throws Exception {
    Path target = Path.of("target", name);
    Files.write(target, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    Files.copy(target, Path.of("/tmp", name), StandardCopyOption.REPLACE_EXISTING);
  }

  // ---- the incident

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> timeline() {
    ResponseEntity<Map> timeline = driver.as("auditor").getForEntity("/api/incidents/{id}/timeline", Map.class, incidentId);
    assertThat(timeline.getStatusCode()).as("%s", timeline.getBody()).isEqualTo(HttpStatus.OK);
    return (List<Map<String, Object>>) timeline.getBody().get("events");
  }

  private static int indexOf(List<Map<String, Object>> events, String type, String activityId) {
    for (int i = 0; i < events.size(); i++) {
      if (type.equals(events.get(i).get("type")) && (activityId == null || activityId.equals(events.get(i).get("activityId")))) {
        return i;
      }
    }
    throw new AssertionError("no " + type + " " + activityId + " in the timeline: "
        + events.stream().map(e -> e.get("type") + "/" + e.get("activityId")).toList());
  }








  /**
   * A SEV-1 from a health-check alert: nobody acknowledges in time (the timer escalates), the
   * responder claims and triages, the lead assembles the team and is Incident Commander, the
   * recent-changes script runs, the responder investigates and asks for a rollback, the lead approves
   * it, rollback and health checks run, the monitoring window ends, the fix is verified and the lead
   * writes the post-mortem.
   */
  private void driveASev1IncidentToItsPostMortem() {
    driver = new IncidentDriver(http, tasks, management);
    HttpHeaders headers = new HttpHeaders();
    headers.setBearerAuth("test-generic-token-0001");
    headers.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<Map> opened = http.postForEntity("/api/alerts", new HttpEntity<>(Map.of("title", title, "source", "health-check",
        "severity", "critical", "dedupKey", "history-" + run, "description", "GET /health answered 503",
        "labels", Map.of("service", "checkout-api")), headers), Map.class);
    assertThat(opened.getStatusCode()).as("%s", opened.getBody()).isEqualTo(HttpStatus.ACCEPTED);
    incidentId = (String) opened.getBody().get("incidentId");
    await().atMost(Duration.ofSeconds(30)).until(() -> runtime.createProcessInstanceQuery().processInstanceBusinessKey(incidentId)
        .processDefinitionKey(IncidentResponse.PROCESS_KEY).count() == 1);
    rootId = runtime.createProcessInstanceQuery().processInstanceBusinessKey(incidentId)
        .processDefinitionKey(IncidentResponse.PROCESS_KEY).singleResult().getId();
    driver.startClock();
    driver.step();
    DispatchByHand.send(dispatcher, incidentId);

    driver.fireTimer(rootId, IncidentResponse.ACK_OVERDUE);
    driver.step();
    Task triage = driver.task(rootId, IncidentResponse.TRIAGE);
    assertThat(driver.as("responder").postForEntity("/engine-rest/task/{id}/claim", Map.of("userId", "responder"), String.class,
        triage.getId()).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    driver.step();
    driver.complete("responder", triage, new HashMap<>(Map.of("acknowledged", true, "title", title, "severity", "SEV-1",
        "affectedSystems", "checkout-api", "affectedUsers", "all EU customers", "securityRelated", false,
        "dataBreachSuspected", false, "stakeholdersNotified", true)));

    driver.step();
    ResponseEntity<String> assembled = driver.as("lead").postForEntity("/engine-rest/task/{id}/submit-form", IncidentDriver.rest(Map.of(
        ProcessVariables.INCIDENT_COMMANDER, "lead", ProcessVariables.TECHNICAL_LEAD, "responder",
        ProcessVariables.COMMUNICATIONS_LEAD, "comms", ProcessVariables.SCRIBE, "manager", "channelCreated", true,
        "teamAssembled", true)), String.class, driver.task(rootId, IncidentResponse.ASSEMBLE_TEAM).getId());
    assertThat(assembled.getStatusCode()).as("%s", assembled.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
    driver.step();
    driver.runJob(rootId, IncidentResponse.GATHER_RECENT_CHANGES);
    driver.step();
    driver.complete("comms", driver.task(rootId, IncidentResponse.STATUS_PAGE_UPDATE), Map.of("statusPageStatus", "Investigating",
        "statusIssue", "failed payments at checkout", "statusImpact", "Some customers cannot pay", "statusNextUpdateMinutes", 30));
    driver.step();
    driver.complete("responder", driver.task(rootId, IncidentResponse.INVESTIGATION), Map.of("recentChangesReviewed", true,
        "dashboardsChecked", true, "logsAnalyzed", true, "rootCauseIdentified", true,
        "rootCause", "Release 4.2 exhausted the payment connection pool"));

    driver.step();
    String mitigation = runtime.createProcessInstanceQuery().processInstanceBusinessKey(incidentId)
        .processDefinitionKey(IncidentMitigation.PROCESS_KEY).singleResult().getId();
    driver.complete("responder", driver.task(mitigation, IncidentMitigation.MITIGATE), Map.of("mitigationAction", "rollback",
        "mitigationNotes", "Release 4.2 is the only change since the last good state", "statusPageUpdated", true));
    driver.step();
    driver.complete("lead", driver.task(mitigation, IncidentMitigation.APPROVE_ROLLBACK), Map.of("rollbackApproval", "approved",
        "rollbackApprovalComment", "Go, 4.2 is the only change"));
    driver.step();
    driver.runJob(mitigation, IncidentMitigation.ROLLBACK);
    driver.step();
    driver.runJob(mitigation, IncidentMitigation.VERIFY_HEALTH);
    driver.fireTimer(mitigation, IncidentMitigation.HEALTH_CHECK_INTERVAL_TIMER);
    driver.runJob(mitigation, IncidentMitigation.PERIODIC_HEALTH_CHECK);
    driver.fireTimer(mitigation, IncidentMitigation.MONITORING_WINDOW_TIMER);

    driver.step();
    driver.complete("responder", driver.task(rootId, IncidentResponse.CONFIRM_ROOT_CAUSE),
        Map.of("confirmedRootCause", "Connection pool size regression in 4.2", "rootCauseConfirmed", true));
    driver.step();
    driver.complete("responder", driver.task(rootId, IncidentResponse.DEPLOY_PERMANENT_FIX), Map.of("permanentFix",
        "Pool size from configuration", "fixReference", "PR-1234", "fixDeployedThroughNormalProcess", true));
    driver.step();
    driver.complete("responder", driver.task(rootId, IncidentResponse.VERIFY_FIX), Map.of("fixVerifiedInProduction", true,
        "verificationNotes", "Error rate back to baseline", "postMortemRequested", false, "closeTicket", true));
    driver.step();
    driver.runJob(rootId, IncidentResponse.PREPARE_POST_MORTEM);
    driver.step();
    Map<String, Object> postMortem = new HashMap<>();
    postMortem.put("pmSummary", "Checkout failed after release 4.2");
    postMortem.put("timeline", runtime.getVariable(rootId, ProcessVariables.TIMELINE));
    postMortem.put("pmRootCause", "Connection pool size regression");
    postMortem.put("pmUsersAffected", 1200);
    postMortem.put("pmDurationMinutes", 40);
    postMortem.put("pmRevenueImpact", 5000);
    postMortem.put("pmWentWell", "Fast rollback");
    postMortem.put("pmCouldImprove", "Load test pool settings");
    postMortem.put("pmActionItems", "Alert on pool saturation - responder - 2026-12-15");
    postMortem.put("pmLessonsLearned", "Configuration belongs in review too.");
    driver.complete("lead", driver.task(rootId, IncidentResponse.POST_MORTEM), postMortem);
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(rootId).count()).as("finished").isZero();
    ClockUtil.reset();
  }
}
