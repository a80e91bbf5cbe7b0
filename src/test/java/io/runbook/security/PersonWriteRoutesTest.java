package io.runbook.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbook.security.PersonWriteRoutes.Kind;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Which of Camunda's REST write routes a person who is not an administrator may use at all. Every
 * write route of the REST API (walked from its resource classes, so a route a new Camunda version
 * adds shows up here) is classified; the ones open to persons are listed below, so opening one
 * more is a deliberate change to this list.
 */
@Tag("unit")
class PersonWriteRoutesTest {

  static final Set<String> OPEN_TO_PERSONS = Set.of(
      "POST /authorization/create", "DELETE /authorization/{id}", "PUT /authorization/{id}",
      "POST /execution", "POST /execution/count",
      "POST /external-task", "POST /external-task/count",
      "POST /filter/create", "DELETE /filter/{id}", "PUT /filter/{id}", "POST /filter/{id}/count",
      "POST /filter/{id}/list", "POST /filter/{id}/singleResult",
      "POST /group", "POST /group/count", "POST /group/create", "DELETE /group/{id}", "PUT /group/{id}",
      "DELETE /group/{id}/members/{userId}", "PUT /group/{id}/members/{userId}",
      "POST /history/activity-instance", "POST /history/activity-instance/count",
      "POST /history/detail", "POST /history/external-task-log", "POST /history/external-task-log/count",
      "POST /history/job-log", "POST /history/job-log/count",
      "POST /history/process-instance", "POST /history/process-instance/count",
      "POST /history/task", "POST /history/task/count",
      "POST /history/variable-instance", "POST /history/variable-instance/count",
      "POST /identity/password-policy", "POST /identity/verify",
      "POST /job", "POST /job-definition", "POST /job-definition/count", "POST /job/count",
      "POST /process-definition/key/{key}/submit-form",
      "POST /process-definition/key/{key}/tenant-id/{tenantId}/submit-form",
      "POST /process-definition/{id}/submit-form",
      "POST /process-instance", "POST /process-instance/count",
      "POST /case-execution", "POST /case-execution/count", "POST /case-instance", "POST /case-instance/count",
      "POST /task", "POST /task/count", "POST /task/{id}/assignee",
      "POST /task/{id}/attachment/create", "DELETE /task/{id}/attachment/{attachmentId}",
      "POST /task/{id}/claim", "POST /task/{id}/comment/create", "DELETE /task/{id}/comment",
      "PUT /task/{id}/comment", "DELETE /task/{id}/comment/{commentId}",
      "POST /task/{id}/complete", "POST /task/{id}/delegate", "POST /task/{id}/identity-links",
      "POST /task/{id}/identity-links/delete", "POST /task/{id}/resolve", "POST /task/{id}/submit-form",
      "POST /task/{id}/unclaim",
      "POST /tenant/create", "DELETE /tenant/{id}", "PUT /tenant/{id}",
      "DELETE /tenant/{id}/group-members/{groupId}", "PUT /tenant/{id}/group-members/{groupId}",
      "DELETE /tenant/{id}/user-members/{userId}", "PUT /tenant/{id}/user-members/{userId}",
      "POST /user/create", "DELETE /user/{id}", "PUT /user/{id}/credentials", "PUT /user/{id}/profile",
      "POST /user/{id}/unlock",
      "POST /variable-instance", "POST /variable-instance/count");

  static List<EndpointInventory.Endpoint> writes() {
    return EndpointInventory.camundaRest(EndpointInventory.ENGINE_REST).stream()
        .filter(endpoint -> !endpoint.method().equals("GET") && !endpoint.method().equals("HEAD")
            && !endpoint.method().equals("OPTIONS"))
        .filter(endpoint -> !endpoint.template().startsWith(EndpointInventory.ENGINE_REST + "/engine/"))
        .toList();
  }

  static String enginePath(EndpointInventory.Endpoint endpoint) {
    return PersonWriteRoutes.enginePath(endpoint.samplePath()).orElseThrow();
  }

  @Test
  void exactlyTheListedWriteRoutesAreOpenToPersons() {
    Set<String> open = new TreeSet<>();
    for (EndpointInventory.Endpoint endpoint : writes()) {
      if (PersonWriteRoutes.ruleFor(endpoint.method(), enginePath(endpoint)).isPresent()) {
        open.add(endpoint.method() + " " + endpoint.template().substring(EndpointInventory.ENGINE_REST.length()));
      }
    }
    assertThat(writes()).hasSizeGreaterThan(150);
    assertThat(open).isEqualTo(new TreeSet<>(OPEN_TO_PERSONS));
  }

  @Test
  void noRouteThatWritesVariablesOrMovesAProcessIsOpenToPersons() {
    for (EndpointInventory.Endpoint endpoint : writes()) {
      String template = endpoint.template();
      if (template.matches(".*(/variables|/localVariables|/modification|/message|/signal|/condition|/start"
          + "|/restart|/migration|/retries|/suspended|/execute|/bpmnError|/bpmnEscalation|/deployment/create).*")) {
        assertThat(PersonWriteRoutes.ruleFor(endpoint.method(), enginePath(endpoint)))
            .as("%s %s", endpoint.method(), template).isEmpty();
      }
    }
  }

  @Test
  void completionsAndStartFormsAreCheckedAgainstTheirForm() {
    assertThat(PersonWriteRoutes.ruleFor("POST", "/task/42/submit-form").orElseThrow().kind()).isEqualTo(Kind.TASK_COMPLETION);
    assertThat(PersonWriteRoutes.ruleFor("POST", "/process-definition/key/incident-response/submit-form")
        .orElseThrow().kind()).isEqualTo(Kind.START_FORM);
    assertThat(PersonWriteRoutes.enginePath("/camunda/api/engine/engine/default/task/42/complete")).hasValue("/task/42/complete");
    assertThat(PersonWriteRoutes.enginePath("/engine-rest/engine/default/task/42/complete/")).hasValue("/task/42/complete");
    assertThat(PersonWriteRoutes.enginePath("/api/incidents")).isEmpty();
  }
}
