package io.runbook.board;

import io.runbook.api.ApiAccess;
import io.runbook.api.ApiProblem;
import io.runbook.api.PersonApi;
import io.runbook.system.RunbookGroups;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/board}: the open incidents, most urgent first ({@link IncidentBoard}), for the
 * Cockpit incident board. For managers (engineering managers, managers, the CTO), team leads,
 * auditors and administrators; anyone else gets 403. HTTP Basic, or (reads only) the Camunda
 * webapps' session, so the board in Cockpit can call it.
 */
@RestController
@PersonApi
public class BoardController {

  /** The groups that see the board (administrators too). */
  public static final List<String> VIEWERS = List.of(
      RunbookGroups.ENGINEERING_MANAGERS, RunbookGroups.MANAGERS, RunbookGroups.CTO, RunbookGroups.TEAM_LEADS,
      RunbookGroups.AUDITORS, RunbookGroups.ADMINS);

  private final IncidentBoard board;
  private final ApiAccess access;

  public BoardController(IncidentBoard board, ApiAccess access) {
    this.board = board;
    this.access = access;
  }

  @GetMapping("/api/board")
  public IncidentBoard.Board board() {
    ApiAccess.Caller caller = access.caller();
    if (!access.isAdmin(caller) && caller.groups().stream().noneMatch(VIEWERS::contains)) {
      throw new ApiProblem(HttpStatus.FORBIDDEN, "the incident board is for managers, team leads, auditors and"
          + " administrators (groups " + VIEWERS + "); '" + caller.userId() + "' is in " + caller.groups());
    }
    return board.board();
  }
}
