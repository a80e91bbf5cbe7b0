package io.runbook.board;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbook.process.IncidentResponse;
import io.runbook.testing.HeadlessChromium;
import io.runbook.testing.WebTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The incident board in a real browser (headless Chromium, the set-up of
 * io.runbook.system.TasklistBrowserTest): {@code manager} logs in to Cockpit and finds the board on
 * the dashboard, a breached SEV-1 above a SEV-2 whose acknowledgement clock still runs, each with its
 * SLA state, and a click opens the incident's process instance; a responder has no Cockpit and so no
 * board. Screenshots go to {@code target/cockpit-board*.png}.
 */
@WebTest
class CockpitBoardBrowserTest {


  @LocalServerPort int port;
  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;

  WebDriver browser;
  WebDriverWait wait;

  @BeforeEach
  void openBrowser() {
    browser = HeadlessChromium.open(1600, 1500, null);
    wait = new WebDriverWait(browser, Duration.ofSeconds(30));
  }

  @AfterEach
  void closeBrowser() {
    ClockUtil.reset();
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void managerSeesTheOpenIncidentsMostUrgentFirstOnTheCockpitDashboard() throws Exception {
    Instant now = Instant.now();
    ClockUtil.setCurrentTime(Date.from(now.minus(Duration.ofMinutes(40))));
    ProcessInstance breached = runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY,
        Map.of("title", "Card payments <b>down</b>", "source", "team-observation", "proposedSeverity", "SEV-1"));
    ClockUtil.setCurrentTime(Date.from(now.minus(Duration.ofMinutes(5))));
    ProcessInstance running = runtime.startProcessInstanceByKey(IncidentResponse.PROCESS_KEY,
        Map.of("title", "Search slow", "source", "team-observation", "proposedSeverity", "SEV-2"));
    Job ackTimer = management.createJobQuery().processInstanceId(breached.getId()).timers()
        .activityId(IncidentResponse.ACK_OVERDUE).singleResult();
    ClockUtil.setCurrentTime(ackTimer.getDuedate());
    management.executeJob(ackTimer.getId());
    ClockUtil.reset();

    logIn("manager");
    WebElement first = wait.until(ExpectedConditions.visibilityOfElementLocated(row(breached)));
    WebElement second = browser.findElement(row(running));
    wait.until(d -> !d.findElements(By.cssSelector("[data-section=metrics] .rb-charts, .rb-metrics-unavailable")).isEmpty());
    screenshot("cockpit-board.png");

    List<String> order = browser.findElements(By.cssSelector("[data-section=incident-board] tbody tr")).stream()
        .map(r -> r.getAttribute("data-incident-id")).filter(id -> id != null).toList();
    assertThat(order.indexOf(breached.getBusinessKey())).as("breached first").isLessThan(order.indexOf(running.getBusinessKey()));
    assertThat(first.getText()).contains(breached.getBusinessKey(), "Card payments <b>down</b>", "SEV-1", "Triage",
        // Level 2: the Team Lead was told with the page (SEV-1's "Immediate"), the breach told the Engineering Manager.
        "Ack: breached 25m ago", "level 2", "not yet assigned", "40m");
    assertThat(first.getAttribute("class")).contains("rb-row-breached");
    assertThat(second.getText()).contains("Search slow", "SEV-2", "Resolution: not started").containsPattern("Ack: 5[45]m left")
        .as("age from the report 5 minutes ago").containsPattern("\\b[56]m\\b");
    assertThat(browser.findElement(By.cssSelector("[data-section=incident-board] .rb-note")).getText())
        .contains("Camunda\u2019s own \u201cOpen Incidents\u201d", "technical failures");
    assertThat(browser.findElements(By.cssSelector("[data-section=metrics]"))).hasSize(1);

    first.findElement(By.cssSelector("td:nth-child(2)")).click();
    wait.until(d -> d.getCurrentUrl().contains("#/process-instance/" + breached.getId() + "/runtime"));
  }

  @Test
  void aResponderHasNoCockpitAndSoNoBoard() throws Exception {
    logIn("responder");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".notification, .alert, [ng-repeat*=notification]")));
    screenshot("cockpit-board-responder.png");
    assertThat(browser.findElements(By.cssSelector("[data-section=incident-board]"))).isEmpty();
    assertThat(browser.getPageSource()).doesNotContain("Runbook incidents");
  }

  private void logIn(String user) {
    browser.get("http://localhost:" + port + "/camunda/app/cockpit/default/");
    // The first Cockpit page of a JVM loads several megabytes of scripts: a loaded CI machine takes its time.
    new WebDriverWait(browser, Duration.ofSeconds(90))
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[ng-model=username]"))).sendKeys(user);
    browser.findElement(By.cssSelector("input[ng-model=password]")).sendKeys(user);
    browser.findElement(By.cssSelector("button[type=submit]")).click();
  }

  private static By row(ProcessInstance incident) {
    return By.cssSelector("[data-section=incident-board] tr[data-incident-id='" + incident.getBusinessKey() + "']");
  }

  private void screenshot(String name) throws Exception {
    Path target = Path.of("target", name);
    Files.write(target, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    Files.copy(target, Path.of("/tmp", name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
