package io.runbook.review;

import io.runbook.process.Beans;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/** "Summarize last quarter's incidents": the facts the quarterly runbook review starts from. */
@Component(Beans.SUMMARIZE_LAST_QUARTER)
public class SummarizeLastQuarterDelegate implements JavaDelegate {

  public static final String SUMMARY = "quarterSummary";

  private final QuarterlyIncidentSummary summary;

  public SummarizeLastQuarterDelegate(QuarterlyIncidentSummary summary) {
    this.summary = summary;
  }

  @Override
  public void execute(DelegateExecution execution) {
    ZonedDateTime now = ZonedDateTime.ofInstant(ClockUtil.getCurrentTime().toInstant(), ZoneOffset.UTC);
    Date from = Date.from(now.minusMonths(3).toInstant());
    execution.setVariable(SUMMARY, summary.summarize(from, Date.from(now.toInstant())));
  }
}
