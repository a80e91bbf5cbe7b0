package io.runbook.audit;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateVariableMapping;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.history.HistoricDetail;
import org.camunda.bpm.engine.history.HistoricVariableUpdate;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * The variable mapping of a call activity whose called process works on a copy of the caller's
 * variables ({@code camunda:variableMappingClass} on {@code MitigationCallActivity}): everything goes
 * in, and only what the called process created or changed comes back out.
 *
 * <p>Camunda's {@code <camunda:out variables="all"/>} writes every variable back when the called
 * process ends: about twenty unchanged values (for example {@code incidentCommander}) got a new entry
 * in the incident's history at the end of mitigation, and a value the incident changed meanwhile
 * (an alert count the detection sync raised) was overwritten with the stale copy. Here a variable
 * goes back when the called process created it, or when its value differs from the one it was
 * given at the start (the start values are the called process's initial history entries, written
 * in an earlier transaction than the end) and from the caller's current one. Without history (a
 * history level below {@code full}), everything goes back, as before.
 *
 * <p>A class rather than a bean: it needs no Spring bean and so no entry among the beans a model
 * may reach (io.runbook.security.ProcessBeans).
 */
public class ChangedVariablesOnly implements DelegateVariableMapping {

  @Override
  public void mapInputVariables(DelegateExecution superExecution, VariableMap subVariables) {
    subVariables.putAll(superExecution.getVariablesTyped());
  }

  @Override
  public void mapOutputVariables(DelegateExecution superExecution, VariableScope subInstance) {
    String subProcessInstanceId = ((DelegateExecution) subInstance).getProcessInstanceId();
    Map<String, HistoricVariableUpdate> given = new HashMap<>();
    Set<String> updatedLater = new HashSet<>();
    for (HistoricDetail detail : Context.getProcessEngineConfiguration().getHistoryService()
        .createHistoricDetailQuery().processInstanceId(subProcessInstanceId).variableUpdates()
        .disableBinaryFetching().disableCustomObjectDeserialization().list()) {
      HistoricVariableUpdate update = (HistoricVariableUpdate) detail;
      if (update.isInitial()) {
        given.putIfAbsent(update.getVariableName(), update);
      } else {
        updatedLater.add(update.getVariableName());
      }
    }
    boolean known = !given.isEmpty();
    for (String name : subInstance.getVariableNamesLocal()) {
      TypedValue value = subInstance.getVariableLocalTyped(name, false);
      HistoricVariableUpdate start = given.get(name);
      boolean goesBack;
      if (!known || start == null || !superExecution.hasVariable(name)) {
        goesBack = true;
      } else if (isBinary(start.getTypeName()) || isBinary(typeName(value))) {
        goesBack = updatedLater.contains(name);
      } else {
        goesBack = changedSince(start, value) && changed(superExecution.getVariableTyped(name, false), value);
      }
      if (goesBack) {
        superExecution.setVariable(name, subInstance.getVariableLocalTyped(name, true));
      }
    }
  }

  private static boolean changedSince(HistoricVariableUpdate start, TypedValue now) {
    return !Objects.equals(start.getTypeName(), typeName(now)) || !Objects.equals(start.getValue(), now.getValue());
  }

  private static boolean changed(TypedValue before, TypedValue now) {
    return !Objects.equals(typeName(before), typeName(now)) || !Objects.equals(before.getValue(), now.getValue());
  }

  private static String typeName(TypedValue value) {
    return value == null || value.getType() == null ? null : value.getType().getName();
  }

  /** Files, bytes and objects are not compared by value: they go back when the called process wrote them. */
  private static boolean isBinary(String typeName) {
    return "file".equals(typeName) || "bytes".equals(typeName) || "object".equals(typeName);
  }
}
