package io.runbook.automation;

import io.runbook.forms.SubmissionRule;
import io.runbook.incident.IncidentProcess;
import io.runbook.incident.IncidentProcess.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.springframework.stereotype.Component;

/**
 * What the mitigation forms cannot express: a quick fix must be implemented before its health
 * check, and a rejected rollback needs a reason.
 */
@Component
public class MitigationSubmissionRules implements SubmissionRule {

  @Override
  public Set<String> taskDefinitionKeys() {
    return Set.of(IncidentProcess.MITIGATE, IncidentProcess.APPROVE_ROLLBACK);
  }

  @Override
  public List<String> problems(DelegateTask task) {
    List<String> problems = new ArrayList<>();
    if (IncidentProcess.MITIGATE.equals(task.getTaskDefinitionKey())) {
      if ("quick-fix".equals(task.getVariable(Var.MITIGATION_ACTION))
          && !Boolean.TRUE.equals(task.getVariable(Var.FIX_IMPLEMENTED))) {
        problems.add("'Quick fix implemented' (fixImplemented) must be checked for a quick fix: "
            + "the health check runs right after this task");
      }
    } else if ("rejected".equals(task.getVariable(Var.ROLLBACK_APPROVAL))) {
      Object comment = task.getVariable(Var.ROLLBACK_APPROVAL_COMMENT);
      if (comment == null || String.valueOf(comment).isBlank()) {
        problems.add("'Comment' (rollbackApprovalComment) is required when the rollback is rejected");
      }
    }
    return problems;
  }
}
