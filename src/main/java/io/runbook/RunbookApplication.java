package io.runbook;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Runbook: the incident runbook as live Camunda processes. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RunbookApplication {

  public static void main(String[] args) {
    SpringApplication.run(RunbookApplication.class, args);
  }
}
