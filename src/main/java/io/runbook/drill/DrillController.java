package io.runbook.drill;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
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
 */
@RestController
@RequestMapping("/api/drills")
public class DrillController {

  private final DrillService drills;
  private final DrillAccess access;

  public DrillController(DrillService drills, DrillAccess access) {
    this.drills = drills;
    this.access = access;
  }

  @PostMapping
  public ResponseEntity<DrillService.Started> start(
      @RequestBody(required = false) DrillService.DrillRequest request, HttpServletRequest http) {
    DrillAccess.Caller caller = access.mayRunDrills(http);
    DrillService.Started started = drills.start(request, caller.userId());
    return ResponseEntity.created(URI.create(started.report())).body(started);
  }

  @GetMapping("/{drillId}/report")
  public DrillReport report(@PathVariable String drillId, HttpServletRequest http) {
    access.authenticated(http);
    return drills.report(drillId);
  }

  @PostMapping("/{drillId}/end")
  public DrillReport end(@PathVariable String drillId, HttpServletRequest http) {
    DrillAccess.Caller caller = access.mayRunDrills(http);
    return drills.end(drillId, caller.userId());
  }

  @ExceptionHandler(ApiProblem.class)
  ResponseEntity<Map<String, String>> problem(ApiProblem problem) {
    ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.status());
    if (problem.status() == HttpStatus.UNAUTHORIZED) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Runbook\"");
    }
    return response.body(Map.of("message", problem.getMessage()));
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException unreadable) {
    return ResponseEntity.badRequest().body(Map.of("message",
        "the body must be JSON such as {\"severity\": \"SEV-1\", \"scenario\": \"complete-outage\", \"timeScale\": 60}"));
  }
}
