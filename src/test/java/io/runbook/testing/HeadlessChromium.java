package io.runbook.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's {@code chromium} driven by its {@code chromium-driver}, headless: what every browser test
 * (Tasklist, the Cockpit board, Cockpit's incident history) opens. Without the two packages a browser
 * test is skipped with a message, unless {@code RUNBOOK_REQUIRE_BROWSER} is set (CI sets it): then
 * it fails.
 */
public final class HeadlessChromium {

  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private HeadlessChromium() {}

  /** A browser window of this size; {@code downloads}, when not null, receives downloads without asking. */
  public static WebDriver open(int width, int height, Path downloads) {
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    String missing = "Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)";
    if (System.getenv("RUNBOOK_REQUIRE_BROWSER") != null) {
      assertThat(installed).as(missing).isTrue();
    }
    Assumptions.assumeTrue(installed, missing + ": browser test skipped");
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=" + width + "," + height);
    if (downloads != null) {
      options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
          "download.prompt_for_download", false, "safebrowsing.enabled", false));
    }
    return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
  }
}
