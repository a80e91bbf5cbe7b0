package io.runbook.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbook.process.IncidentResponse;
import io.runbook.testing.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * A responder in a real browser: logs in to Tasklist, reports an incident through the start form
 * and completes triage through its Camunda Form. Tasklist renders forms with its own (old) form-js,
 * so only a browser shows whether our form schemas work there.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
class TasklistBrowserTest {


  @LocalServerPort int port;
  @Autowired HistoryService history;
  @Autowired TaskService tasks;
  @Autowired org.camunda.bpm.engine.RuntimeService runtime;
  @Autowired org.camunda.bpm.engine.ManagementService management;

  WebDriver browser;
  WebDriverWait wait;

  @BeforeEach
  void openBrowser() {
    browser = HeadlessChromium.open(1400, 1000, null);
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    // Tasklist re-renders its lists while they load: look again instead of failing on a replaced element.
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void responderReportsAnIncidentAndCompletesTriageInTasklist() {
    browser.get("http://localhost:" + port + "/camunda/app/tasklist/");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[ng-model=username]"))).sendKeys("responder");
    browser.findElement(By.cssSelector("input[ng-model=password]")).sendKeys("responder");
    browser.findElement(By.cssSelector("button[type=submit]")).click();

    // Report incident: the start form.
    clickText("a", "Start process");
    clickText("a", "Incident response");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".fjs-container")));
    field("Brief description").findElement(By.tagName("input")).sendKeys("Checkout page returns 500");
    choose("Source", "Support ticket");
    choose("How bad does it look?", "SEV-2 High");
    field("Affected systems").findElement(By.tagName("input")).sendKeys("checkout-api");
    clickText("button", "Start");
    wait.until(d -> history.createHistoricProcessInstanceQuery().processDefinitionKey(IncidentResponse.PROCESS_KEY).startedBy("responder").count() == 1);
    HistoricProcessInstance incident = history.createHistoricProcessInstanceQuery()
        .processDefinitionKey(IncidentResponse.PROCESS_KEY).startedBy("responder").singleResult();
    assertThat(incident.getBusinessKey()).matches("INC-\\d{4}-\\d{4}");
    assertThat(incident.getStartUserId()).isEqualTo("responder");

    // The reporter finds the incident id at once, under "Incidents I reported".
    openFilter(TasklistFilters.REPORTED_BY_ME);
    wait.until(d -> indexOf(cards(), "Follow " + incident.getBusinessKey()) >= 0);
    assertThat(cards().get(indexOf(cards(), "Follow " + incident.getBusinessKey())).getText())
        .contains("SEV-2 \u00b7 Follow " + incident.getBusinessKey() + ": Checkout page returns 500");
    screenshot("reporter-follow");

    // Triage: from the group filter, claim and complete through the form.
    openFilter(TasklistFilters.GROUP_TASKS);
    clickContaining("a", "Acknowledge and assess severity");
    clickText("button", "Claim");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".fjs-container")));
    wait.until(d -> field("Incident ticket").findElement(By.tagName("input")).getAttribute("value").equals(incident.getBusinessKey()));
    // Rendered when the form opens (the model's form field defaults), not stored on the incident.
    assertThat(field("Severity levels").findElement(By.tagName("textarea")).getAttribute("value"))
        .startsWith("SEV-1 (Critical): respond within 15 minutes");
    assertThat(field("Initial notification (internal)").findElement(By.tagName("textarea")).getAttribute("value"))
        .contains("INCIDENT: Checkout page returns 500", "Affected users: not yet known", "IC: not yet assigned");
    check("I acknowledge this incident and own its triage");
    choose("Severity", "SEV-2 High");
    field("Affected users").findElement(By.tagName("input")).sendKeys("EU customers paying by card");
    // Runbook notifies the severity's stakeholders itself: the box is ticked by default.
    WebElement notify = field("Notify the stakeholders listed for this severity").findElement(By.cssSelector("input[type=checkbox]"));
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});", notify);
    assertThat(notify.isSelected()).isTrue();
    clickText("button", "Complete");

    wait.until(d -> tasks.createTaskQuery().processInstanceId(incident.getId())
        .taskDefinitionKey(IncidentResponse.ASSEMBLE_TEAM).count() == 1);
    assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(incident.getId())
        .variableName("severity").singleResult().getValue()).isEqualTo("SEV-2");
    // "Notify the stakeholders listed for this severity" is ticked by default in Tasklist's form.
    assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(incident.getId())
        .variableName("stakeholdersNotified").singleResult().getValue()).isEqualTo(true);
  }

  /**
   * The technical lead completes "Investigate" in Tasklist: the form shows the recent-changes
   * script's multi-line output read-only, and Tasklist sends it back with the submission; Runbook
   * accepts a read-only field back only unchanged, so this proves the browser's round trip keeps it.
   */
  @Test
  void technicalLeadCompletesTheInvestigationFormWithItsReadOnlyScriptOutput() {
    org.camunda.bpm.engine.runtime.ProcessInstance incident = runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY,
        java.util.Map.of("title", "Checkout latency", "source", "team-observation", "proposedSeverity", "SEV-2",
            "affectedSystems", "checkout-api"));
    tasks.complete(task(incident, IncidentResponse.TRIAGE).getId(), java.util.Map.of("acknowledged", true,
        "title", "Checkout latency", "severity", "SEV-2", "affectedSystems", "checkout-api", "affectedUsers", "EU",
        "securityRelated", false, "dataBreachSuspected", false, "stakeholdersNotified", true));
    tasks.complete(task(incident, IncidentResponse.ASSEMBLE_TEAM).getId(), java.util.Map.of("incidentCommander", "manager",
        "technicalLead", "lead", "communicationsLead", "comms", "scribe", "responder",
        "channelCreated", true, "teamAssembled", true));
    management.executeJob(management.createJobQuery().processInstanceId(incident.getId())
        .activityId(IncidentResponse.GATHER_RECENT_CHANGES).singleResult().getId());
    assertThat((String) runtime.getVariable(incident.getId(), "recentChangesOutput")).contains("\n");

    browser.get("http://localhost:" + port + "/camunda/app/tasklist/");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[ng-model=username]"))).sendKeys("lead");
    browser.findElement(By.cssSelector("input[ng-model=password]")).sendKeys("lead");
    browser.findElement(By.cssSelector("button[type=submit]")).click();
    wait.until(ExpectedConditions.elementToBeClickable(
        By.xpath("//a[contains(normalize-space(), \"My incident tasks\")]"))).click();
    clickContaining("a", "Investigate");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".fjs-container")));
    wait.until(d -> field("Incident").findElement(By.tagName("input")).getAttribute("value").equals(incident.getBusinessKey()));
    check("Reviewed recent changes (deployments, config)");
    check("Checked monitoring dashboards");
    check("Analyzed logs and traces");
    check("Identified root cause or contributing factors");
    field("Root cause or contributing factors").findElement(By.tagName("textarea"))
        .sendKeys("Release 4.2 halved the connection pool");
    clickText("button", "Complete");

    wait.until(d -> tasks.createTaskQuery().processInstanceBusinessKey(incident.getBusinessKey())
        .taskDefinitionKey(io.runbook.process.IncidentMitigation.MITIGATE).count() == 1);
    assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(incident.getId())
        .variableName("rootCause").singleResult().getValue()).isEqualTo("Release 4.2 halved the connection pool");
  }

  /**
   * The SLA in front of the responder: an older SEV-3 and a newer SEV-1 whose acknowledgement was
   * escalated to the Team Lead; in *My groups' incident tasks* the SEV-1 comes first, marked, with
   * its (passed) due date shown.
   */
  @Test
  void anEscalatedSev1TaskIsFirstInTheGroupFilterWithItsDueDate() {
    java.time.Instant now = java.time.Instant.now();
    org.camunda.bpm.engine.runtime.ProcessInstance older;
    org.camunda.bpm.engine.runtime.ProcessInstance escalated;
    try {
      ClockUtil.setCurrentTime(java.util.Date.from(now.minus(Duration.ofMinutes(20))));
      older = alert("Invoice PDF shows the wrong logo", "SEV-3");
      ClockUtil.setCurrentTime(java.util.Date.from(now.minus(Duration.ofMinutes(19))));
      escalated = alert("Checkout is down for all customers", "SEV-1");
      org.camunda.bpm.engine.runtime.Job timer = management.createJobQuery().processInstanceId(escalated.getId()).timers()
          .activityId(IncidentResponse.ACK_OVERDUE).singleResult();
      ClockUtil.setCurrentTime(timer.getDuedate());
      management.executeJob(timer.getId());
    } finally {
      ClockUtil.reset();
    }
    // SEV-1 told the Team Lead with the page (level 1); the breach at 15 minutes is level 2.
    assertThat(task(escalated, IncidentResponse.TRIAGE).getName()).contains("escalated L2");

    login("responder");
    openFilter(TasklistFilters.GROUP_TASKS);
    wait.until(d -> firstCard() != null && firstCard().getText().contains(escalated.getBusinessKey()));
    screenshot("escalated-first");
    WebElement first = firstCard();
    assertThat(first.getText())
        .contains("SEV-1 \u00b7 \u26a0 escalated L2 \u00b7 Acknowledge and assess severity", escalated.getBusinessKey())
        .containsPattern("(?i)due");
    List<WebElement> cards = cards();
    int sev3 = indexOf(cards, older.getBusinessKey());
    assertThat(sev3).as("the older SEV-3 is listed after it").isGreaterThan(0);
  }

  /**
   * A post-mortem action item in the owner's Tasklist: under *My action items*, its form shows the
   * incident and the action read-only, and the owner completes it with what was done.
   */
  @Test
  void anOwnerCompletesTheirActionItemFromMyActionItems() {
    org.camunda.bpm.engine.runtime.ProcessInstance incident = runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY,
        java.util.Map.of("title", "Checkout latency", "source", "team-observation", "proposedSeverity", "SEV-3"));
    java.time.Instant due = io.runbook.postmortem.ActionItemFollowUps.dueInstant(java.time.LocalDate.now().plusDays(7));
    org.camunda.bpm.engine.runtime.ProcessInstance item = runtime.startProcessInstanceByKey(
        io.runbook.process.ActionItemFollowUp.PROCESS_KEY, incident.getBusinessKey(), java.util.Map.of(
            "incidentId", incident.getBusinessKey(), "actionItem", "Alert on pool saturation", "actionItemOwner", "responder",
            "actionItemDue", java.util.Date.from(due), "actionItemReminders", "R/" + due + "/P1D"));

    login("responder");
    openFilter(TasklistFilters.MY_ACTION_ITEMS);
    clickContaining("a", "Action item: Alert on pool saturation");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".fjs-container")));
    wait.until(d -> field("Incident").findElement(By.tagName("input")).getAttribute("value").equals(incident.getBusinessKey()));
    assertThat(field("Action").findElement(By.tagName("textarea")).getAttribute("value")).isEqualTo("Alert on pool saturation");
    field("What was done").findElement(By.tagName("textarea")).sendKeys("Saturation alert added, PR-81");
    screenshot("action-item");
    // The form is taller than the window: the button sits under Tasklist's footer until scrolled to.
    clickComplete(() -> history.createHistoricProcessInstanceQuery().processInstanceId(item.getId()).finished().count() == 1);
    assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(item.getId())
        .variableName("actionItemOutcome").singleResult().getValue()).isEqualTo("Saturation alert added, PR-81");
  }

  /**
   * This session's forms in Tasklist's own form-js: the team lead raises a SEV-3 to SEV-1 with a
   * breach suspected (Re-assess severity), adds a note to the incident log, and Legal confirms the
   * breach and signs off (Legal / Compliance review, Legal sign-off).
   */
  @Test
  void reTriageTheIncidentLogAndLegalsSignOffWorkInTasklist() {
    org.camunda.bpm.engine.runtime.ProcessInstance incident = alert("Invoice export shows other tenants", "SEV-3");
    tasks.complete(task(incident, IncidentResponse.TRIAGE).getId(), java.util.Map.of("acknowledged", true,
        "title", "Invoice export shows other tenants", "severity", "SEV-3", "affectedSystems", "billing-export",
        "affectedUsers", "some tenants", "securityRelated", false, "dataBreachSuspected", false, "stakeholdersNotified", false));

    login("lead");
    openFilter(TasklistFilters.GROUP_TASKS);
    clickContaining("a", "Re-assess severity");
    claim();
    wait.until(d -> field("Incident ticket").findElement(By.tagName("input")).getAttribute("value").equals(incident.getBusinessKey()));
    choose("Severity", "SEV-1");
    check("Data breach suspected (brings in Legal/Compliance)");
    field("Why").findElement(By.tagName("textarea")).sendKeys("Exports contain other tenants' invoices");
    screenshot("reassess-severity");
    clickComplete(() -> "SEV-1".equals(runtime.getVariable(incident.getId(), "severity")));
    assertThat(runtime.getVariable(incident.getId(), "severityChangeReason")).isEqualTo("Exports contain other tenants' invoices");

    browser.navigate().refresh();
    openFilter(TasklistFilters.GROUP_TASKS);
    clickContaining("a", "Incident log: add a note");
    claim();
    wait.until(d -> field("Incident ticket").findElement(By.tagName("input")).getAttribute("value").equals(incident.getBusinessKey()));
    field("Note").findElement(By.tagName("textarea")).sendKeys("10:02 exports paused by the on-call");
    screenshot("incident-log");
    clickComplete(() -> history.createHistoricVariableInstanceQuery().processInstanceId(incident.getId())
        .variableName("logNote").list().stream().anyMatch(v -> "10:02 exports paused by the on-call".equals(v.getValue())));

    org.camunda.bpm.engine.runtime.ProcessInstance legal = wait.until(d -> runtime.createProcessInstanceQuery()
        .processDefinitionKey(io.runbook.process.LegalReview.PROCESS_KEY).processInstanceBusinessKey(incident.getBusinessKey())
        .singleResult());
    browser.manage().deleteAllCookies();
    login("legal");
    openFilter(TasklistFilters.GROUP_TASKS);
    clickContaining("a", "Legal / Compliance review");
    claim();
    wait.until(d -> field("Incident").findElement(By.tagName("input")).getAttribute("value").equals(incident.getBusinessKey()));
    choose("Data breach", "Confirmed");
    field("Notification obligations and deadlines").findElement(By.tagName("textarea")).sendKeys("Notify the DPA within 72 hours");
    screenshot("legal-review");
    clickComplete(() -> tasks.createTaskQuery().processInstanceId(legal.getId()).taskDefinitionKey("LegalSignOffTask").count() == 1);

    browser.navigate().refresh();
    openFilter(TasklistFilters.GROUP_TASKS);
    clickContaining("a", "Legal sign-off");
    claim();
    wait.until(d -> field("Incident").findElement(By.tagName("input")).getAttribute("value").equals(incident.getBusinessKey()));
    choose("Data breach (final assessment)", "Confirmed");
    check("Legal signs off: the incident may be closed");
    screenshot("legal-sign-off");
    clickComplete(() -> runtime.getVariable(incident.getId(), "legalSignOffAt") != null);
  }

  /** A task offered to a group shows a disabled form until the person claims it, as they would. */
  private void claim() {
    wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[normalize-space()=\"Claim\"]"))).click();
    wait.until(d -> d.findElements(By.cssSelector(".disabled-form")).isEmpty());
  }

  /**
   * Scroll to Complete and press it until {@code done} holds, as a person presses again when nothing
   * happened: under load Tasklist's pane can still move, and another element takes the click.
   */
  private void clickComplete(java.util.function.BooleanSupplier done) {
    new WebDriverWait(browser, Duration.ofSeconds(60)).pollingEvery(Duration.ofSeconds(3)).until(d -> {
      if (done.getAsBoolean()) {
        return true;
      }
      try {
        WebElement complete = d.findElement(By.xpath("//button[normalize-space()=\"Complete\"]"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});", complete);
        complete.click();
      } catch (org.openqa.selenium.WebDriverException notYet) {
        // covered, replaced or not there yet: try again at the next poll
      }
      return done.getAsBoolean();
    });
  }



  private org.camunda.bpm.engine.runtime.ProcessInstance alert(String title, String severity) {
    return runtime.startProcessInstanceByMessage(IncidentResponse.MESSAGE_ALERT_RECEIVED, java.util.Map.of(
        "title", title, "source", "monitoring", "proposedSeverity", severity));
  }

  private void login(String user) {
    browser.get("http://localhost:" + port + "/camunda/app/tasklist/");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[ng-model=username]"))).sendKeys(user);
    browser.findElement(By.cssSelector("input[ng-model=password]")).sendKeys(user);
    browser.findElement(By.cssSelector("button[type=submit]")).click();
  }

  private void openFilter(String name) {
    wait.until(ExpectedConditions.elementToBeClickable(
        By.xpath("//a[contains(normalize-space(), \"" + name + "\")]"))).click();
  }

  /** The task cards of the open filter, top first. */
  private List<WebElement> cards() {
    return browser.findElements(By.cssSelector(".tasks-list > li"));
  }

  private WebElement firstCard() {
    List<WebElement> cards = cards();
    return cards.isEmpty() ? null : cards.get(0);
  }

  private static int indexOf(List<WebElement> cards, String text) {
    for (int i = 0; i < cards.size(); i++) {
      if (cards.get(i).getText().contains(text)) {
        return i;
      }
    }
    return -1;
  }

  /** For a person looking at what Tasklist rendered: target/tasklist-&lt;name&gt;.png. */
  private void screenshot(String name) {
    try {
      Path file = Path.of("target", "tasklist-" + name + ".png");
      Files.write(file, ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    } catch (java.io.IOException | RuntimeException ignored) {
      // A screenshot is a help, never the test.
    }
  }

  private void clickContaining(String tag, String text) {
    By locator = By.xpath("//" + tag + "[contains(normalize-space(), \"" + text + "\")]");
    // The task list re-renders while it loads: find the link again if it was replaced under us.
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
      WebElement link = ExpectedConditions.elementToBeClickable(locator).apply(d);
      if (link == null) {
        return false;
      }
      link.click();
      return true;
    });
  }

  private org.camunda.bpm.engine.task.Task task(org.camunda.bpm.engine.runtime.ProcessInstance incident, String key) {
    return tasks.createTaskQuery().processInstanceId(incident.getId()).taskDefinitionKey(key).singleResult();
  }

  private void clickText(String tag, String text) {
    By locator = By.xpath("//" + tag + "[normalize-space()=\"" + text + "\"]");
    wait.until(ExpectedConditions.elementToBeClickable(locator)).click();
  }

  /** The form-js field whose label reads {@code label} (a trailing '*' marks required fields). */
  private WebElement field(String label) {
    By locator = By.xpath("//div[contains(@class,'fjs-form-field')][.//label[normalize-space()=\"" + label
        + "\" or normalize-space()=\"" + label + "*\"]]");
    return wait.until(ExpectedConditions.visibilityOfElementLocated(locator));
  }

  private void check(String label) {
    WebElement box = field(label).findElement(By.cssSelector("input[type=checkbox]"));
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});", box);
    try {
      wait.until(ExpectedConditions.elementToBeClickable(box)).click();
    } catch (ElementClickInterceptedException coveredByAToast) {
      // Tasklist's notifications can cover the field for a moment; a script click is the same click.
      ((JavascriptExecutor) browser).executeScript("arguments[0].click();", box);
    }
    wait.until(d -> box.isSelected());
  }

  /** form-js renders selects as its own dropdown: open it and click the option. */
  private void choose(String label, String optionStartingWith) {
    WebElement dropdown = field(label).findElement(By.cssSelector(".fjs-input-group"));
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});", dropdown);
    dropdown.click();
    List<WebElement> options = wait.until(d -> {
      List<WebElement> found = d.findElements(By.cssSelector(".fjs-dropdownlist-item"));
      return found.isEmpty() ? null : found;
    });
    options.stream().filter(o -> o.getText().startsWith(optionStartingWith)).findFirst().orElseThrow().click();
  }
}
