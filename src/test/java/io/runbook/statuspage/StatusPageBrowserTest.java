package io.runbook.statuspage;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbook.testing.HeadlessChromium;
import io.runbook.testing.WebTest;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A customer on a phone opens {@code /status} in Chromium without logging in and reads the update
 * Communications just posted, its markup shown as text, on a page that fits the screen.
 */
@WebTest
class StatusPageBrowserTest {

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;

  private WebDriver browser;

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void anAnonymousPhoneReaderSeesThePostedUpdate() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    ProcessInstance incident = StatusPageFixtures.atStatusPageTask(engine, tag, "SEV-2", "public-api", false);
    String issue = "slow API responses <b>" + tag + "</b>";
    StatusPageFixtures.post(engine, incident, "Identified", issue, "API calls take seconds " + tag);

    browser = HeadlessChromium.open(390, 844, null);
    browser.get("http://localhost:" + port + "/status");

    assertThat(browser.getCurrentUrl()).as("no login page in between").endsWith("/status");
    assertThat(browser.getTitle()).startsWith("Service status");
    WebElement article = browser.findElement(By.id(incident.getBusinessKey()));
    assertThat(article.findElement(By.tagName("h3")).getText()).isEqualTo(issue);
    assertThat(article.getText()).contains("Identified", "We have identified the cause of " + issue,
        "API calls take seconds " + tag, "Affects: Public API");
    assertThat(article.findElements(By.tagName("b"))).as("posted markup stays text").isEmpty();
    WebElement publicApi = browser.findElements(By.cssSelector("ul.components li")).stream()
        .filter(li -> li.getText().startsWith("Public API")).findFirst().orElseThrow();
    assertThat(publicApi.getText()).as("state in words, not colour only")
        .matches("Public API\\s+(Partial outage|Major outage)");
    Long overflow = (Long) ((JavascriptExecutor) browser).executeScript(
        "return document.documentElement.scrollWidth - window.innerWidth;");
    assertThat(overflow).as("no sideways scrolling on a 390 px phone").isLessThanOrEqualTo(0L);
  }
}
