package io.runbook.drill;

import io.runbook.api.ApiAccess;
import io.runbook.api.ApiProblem;
import io.runbook.api.ApiProblems;
import io.runbook.api.PersonApi;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/drills} starts a practice incident (team leads and above),
 * {@code GET /api/drills/{id}/report} shows what happened, {@code POST /api/drills/{id}/end} stops it.
 * The caller is whoever authenticated the request ({@link ApiAccess}); errors are problem details.
 */
@RestController
@PersonApi
@RequestMapping("/api/drills")
public class DrillController {

  private final DrillService drills;
  private final ApiAccess access;
  private final DrillProperties properties;

  public DrillController(DrillService drills, ApiAccess access, DrillProperties properties) {
    this.drills = drills;
    this.access = access;
    this.properties = properties;
  }

  @PostMapping
  public ResponseEntity<DrillService.Started> start(@RequestBody(required = false) DrillService.DrillRequest request) {
    ApiAccess.Caller caller = mayRunDrills();
    DrillService.Started started = drills.start(request, caller.userId());
    return ResponseEntity.created(URI.create(started.report())).body(started);
  }

  @GetMapping("/{drillId}/report")
  public DrillReport report(@PathVariable String drillId) {
    access.caller();
    return drills.report(drillId);
  }

  @PostMapping("/{drillId}/end")
  public DrillReport end(@PathVariable String drillId) {
    ApiAccess.Caller caller = mayRunDrills();
    return drills.end(drillId, caller.userId());
  }

  /** The caller, or 401/403 unless they are in one of the groups allowed to run drills. */
  private ApiAccess.Caller mayRunDrills() {
    return access.inAnyGroup(properties.allowedGroups(), "drills can be run by members of " + properties.allowedGroups());
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException unreadable) {
    return ApiProblems.answer(new ApiProblem(HttpStatus.BAD_REQUEST,
        "the body must be JSON such as {\"severity\": \"SEV-1\", \"scenario\": \"complete-outage\", \"timeScale\": 60}"));
  }
}
