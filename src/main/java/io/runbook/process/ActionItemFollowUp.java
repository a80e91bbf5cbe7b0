package io.runbook.process;

/**
 * One post-mortem action item followed up ({@code processes/action-item.bpmn}): one instance per
 * "Action - Owner - Due Date" line of a published post-mortem, business key = incident id. The
 * owner's task carries the due date; a reminder goes to the owner when it is overdue and again at
 * each interval until the owner completes it.
 */
public final class ActionItemFollowUp {

  private ActionItemFollowUp() {}

  public static final String PROCESS_KEY = "action-item";
  public static final String START_AGREED = "ActionItemAgreedStartEvent";
  public static final String DO_ACTION_ITEM = "DoActionItemTask";
  public static final String OVERDUE_TIMER = "ActionItemOverdueTimer";
  public static final String REMIND_OWNER = "RemindActionItemOwnerTask";
  public static final String END_OWNER_REMINDED = "ActionItemOwnerRemindedEndEvent";
  public static final String END_DONE = "ActionItemDoneEndEvent";
}
