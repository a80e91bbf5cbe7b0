package io.runbook.security;

import io.runbook.process.Beans;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * The Spring beans a BPMN expression may name: the delegates and listeners the processes call,
 * nothing else. Without this, {@code ${dataSource.connection}} or {@code ${identityService...}} in
 * a deployed model would reach every bean of the application.
 *
 * <p>A bean is reachable when it is a {@link JavaDelegate}, {@link ExecutionListener} or
 * {@link TaskListener} (the house rule: BPMN talks to thin {@code @Component("name")} delegates),
 * or when its name is in {@link #ADDITIONAL_BEANS}. A new delegate needs no change here.
 */
public final class ProcessBeans {

  private ProcessBeans() {}

  /** Bean types reachable from BPMN expressions. */
  public static final List<Class<?>> REACHABLE_TYPES =
      List.of(JavaDelegate.class, ExecutionListener.class, TaskListener.class);

  /** Beans of other types that a model may name; keep it empty unless a model truly needs one. */
  public static final List<String> ADDITIONAL_BEANS =
      List.of(
          // durations and retry cycles the automation models read from configuration
          Beans.AUTOMATION_SCHEDULE,
          // SLA due dates and notification retry cycles the models read from configuration
          Beans.ACKNOWLEDGEMENT_SLA,
          Beans.RESOLUTION_SLA,
          Beans.NOTIFICATION_RETRIES,
          // what the forms that assess severity show read-only, rendered when they open
          Beans.TRIAGE_FORM);

  /** Names of the reachable beans, without creating any bean. */
  public static Set<String> names(ListableBeanFactory beans) {
    Set<String> names = new LinkedHashSet<>();
    for (Class<?> type : REACHABLE_TYPES) {
      names.addAll(Arrays.asList(beans.getBeanNamesForType(type, true, false)));
    }
    names.addAll(ADDITIONAL_BEANS);
    return Collections.unmodifiableSet(names);
  }

  /**
   * The map for the engine's expression manager: fixed names, beans looked up on first use (they
   * may depend on engine services, which do not exist yet while the engine is being built).
   */
  public static Map<Object, Object> asExpressionBeans(ListableBeanFactory beans) {
    return new LazyBeans(beans, names(beans));
  }

  private static final class LazyBeans extends AbstractMap<Object, Object> {
    private final ListableBeanFactory factory;
    private final Set<String> names;

    LazyBeans(ListableBeanFactory factory, Set<String> names) {
      this.factory = factory;
      this.names = names;
    }

    @Override
    public boolean containsKey(Object key) {
      return names.contains(key);
    }

    @Override
    public Object get(Object key) {
      return names.contains(key) ? factory.getBean((String) key) : null;
    }

    @Override
    public Set<Entry<Object, Object>> entrySet() {
      return names.stream()
          .map(name -> (Entry<Object, Object>) new SimpleImmutableEntry<Object, Object>(name, factory.getBean(name)))
          .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    @Override
    public String toString() {
      return "ProcessBeans" + names;
    }
  }
}
