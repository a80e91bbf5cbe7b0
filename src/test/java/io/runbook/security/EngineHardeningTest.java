package io.runbook.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runbook.testing.EngineTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.script.ScriptEngineFactory;
import javax.script.ScriptEngineManager;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** What a deployed model can reach: the processes' delegates, no other bean, and no script. */
@EngineTest
class EngineHardeningTest {

  private static final Set<String> EL_WORDS = Set.of("true", "false", "null", "empty", "not", "and", "or",
      "eq", "ne", "lt", "gt", "le", "ge", "div", "mod", "instanceof", "execution", "task", "authenticatedUserId");

  @Autowired ApplicationContext context;
  @Autowired ProcessEngine engine;
  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;

  /** Top-level names in the ${...} and #{...} expressions of one model (variables or beans). */
  static Set<String> expressionNames(String xml) {
    Set<String> names = new TreeSet<>();
    Matcher expression = Pattern.compile("[$#]\\{(.*?)}").matcher(xml);
    while (expression.find()) {
      String code = expression.group(1).replaceAll("'[^']*'|\"[^\"]*\"|&quot;.*?&quot;|&apos;.*?&apos;", "''");
      Matcher name = Pattern.compile("(?<![\\w.])([A-Za-z_]\\w*)").matcher(code);
      while (name.find()) {
        if (!EL_WORDS.contains(name.group(1)) && !code.startsWith("(", name.end())) {
          names.add(name.group(1));
        }
      }
    }
    return names;
  }

  static Set<String> delegateExpressionBeans(String xml) {
    Set<String> beans = new TreeSet<>();
    Matcher delegate = Pattern.compile("delegateExpression=\"[$#]\\{\\s*([A-Za-z_]\\w*)").matcher(xml);
    while (delegate.find()) {
      beans.add(delegate.group(1));
    }
    return beans;
  }

  @Test
  void modelsNameOnlyBeansThatExpressionsMayReach() throws Exception {
    Set<String> reachable = ProcessBeans.names(context);
    List<String> problems = new ArrayList<>();
    List<Path> models;
    try (Stream<Path> files = Files.list(Path.of("processes"))) {
      models = files.filter(p -> p.toString().endsWith(".bpmn")).sorted().toList();
    }
    assertThat(models).isNotEmpty();
    Set<String> used = new TreeSet<>();
    for (Path model : models) {
      String xml = Files.readString(model);
      for (String bean : delegateExpressionBeans(xml)) {
        used.add(bean);
        if (!reachable.contains(bean)) {
          problems.add(model.getFileName() + ": delegate '" + bean + "' is not a JavaDelegate/listener bean");
        }
      }
      for (String name : expressionNames(xml)) {
        if (context.containsBean(name) && !reachable.contains(name)) {
          problems.add(model.getFileName() + ": expression names bean '" + name
              + "' which BPMN may not reach (make it a delegate, or list it in ProcessBeans.ADDITIONAL_BEANS)");
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(used).contains("registerIncident", "applyTriage", "closeIncident", "preparePostMortem");
  }

  @Test
  void theCheckSeesABeanThatIsNotADelegate() {
    String xml = "<bpmn:serviceTask camunda:expression=\"${incidentIdAllocator.next()}\"/>"
        + "<bpmn:conditionExpression>${securityRelated and dataSource != null}</bpmn:conditionExpression>";
    Set<String> names = expressionNames(xml);
    assertThat(names).contains("incidentIdAllocator", "securityRelated", "dataSource");
    assertThat(names.stream().filter(context::containsBean).filter(n -> !ProcessBeans.names(context).contains(n)))
        .containsExactlyInAnyOrder("incidentIdAllocator", "dataSource");
  }

  @Test
  void expressionsReachTheDelegatesAndNoOtherBean() {
    Set<String> reachable = ProcessBeans.names(context);
    assertThat(reachable).contains("registerIncident", "applyTriage", "publishStatusUpdate", "closeIncident",
        "preparePostMortem", "publishPostMortem");
    assertThat(reachable).doesNotContain("dataSource", "processEngine", "runtimeService", "identityService",
        "incidentIdAllocator", "incidentIntake", "incidentTimeline", "environment");

    BpmnModelInstance probe = Bpmn.createExecutableProcess("security-probe").camundaHistoryTimeToLive(1)
        .startEvent()
        .serviceTask("ReachIntoTheApplication").camundaExpression("${incidentIdAllocator.next()}")
        .endEvent().done();
    Deployment deployment = repository.createDeployment().addModelInstance("security-probe.bpmn", probe).deploy();
    try {
      assertThatThrownBy(() -> runtime.startProcessInstanceByKey("security-probe"))
          .isInstanceOf(ProcessEngineException.class)
          .hasMessageContaining("incidentIdAllocator");
      assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("security-probe").count()).isZero();
    } finally {
      repository.deleteDeployment(deployment.getId(), true);
    }
  }

  @Test
  void noGeneralPurposeScriptEngineIsOnTheClasspath() {
    List<String> languages = new ArrayList<>();
    for (ScriptEngineFactory factory : new ScriptEngineManager().getEngineFactories()) {
      factory.getNames().forEach(name -> languages.add(name.toLowerCase(Locale.ROOT)));
      languages.add(factory.getLanguageName().toLowerCase(Locale.ROOT));
    }
    assertThat(languages).doesNotContain("groovy", "javascript", "js", "ecmascript", "graal.js", "nashorn",
        "python", "jython", "ruby", "jruby", "kotlin", "kts");
  }

  @Test
  void modelsWithScriptsAreRefusedAtDeployment() {
    for (String language : List.of("groovy", "javascript", "juel", "feel")) {
      BpmnModelInstance scripted = Bpmn.createExecutableProcess("scripted-" + language).camundaHistoryTimeToLive(1)
          .startEvent()
          .scriptTask("Script").scriptFormat(language).scriptText("1 + 1")
          .endEvent().done();
      long before = repository.createDeploymentQuery().count();
      assertThatThrownBy(() -> repository.createDeployment().addModelInstance("scripted.bpmn", scripted).deploy())
          .as(language)
          .hasMessageContaining("Scripts are disabled in Runbook")
          .hasMessageContaining(language);
      assertThat(repository.createDeploymentQuery().count()).isEqualTo(before);
    }
    BpmnModelInstance scriptedListener = Bpmn.createExecutableProcess("scripted-listener").camundaHistoryTimeToLive(1)
        .startEvent().camundaExecutionListenerExpression("start", "${true}")
        .userTask("Work").camundaTaskListenerClass("create", "java.lang.Object")
        .endEvent().done();
    // A listener script is just as refused as a script task:
    String xml = Bpmn.convertToString(scriptedListener).replace(
        "<camunda:taskListener class=\"java.lang.Object\" event=\"create\"/>",
        "<camunda:taskListener event=\"create\"><camunda:script scriptFormat=\"juel\">${1}</camunda:script></camunda:taskListener>");
    assertThat(xml).contains("camunda:script");
    assertThatThrownBy(() -> repository.createDeployment()
        .addString("scripted-listener.bpmn", xml).deploy())
        .hasMessageContaining("Scripts are disabled in Runbook");
  }

  @Test
  void engineRunsWithAuthorizationAndSafeVariableSettings() {
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    assertThat(configuration.isAuthorizationEnabled()).isTrue();
    assertThat(configuration.isJavaSerializationFormatEnabled()).isFalse();
    assertThat(configuration.isDeserializationTypeValidationEnabled()).isTrue();
    assertThat(configuration.getQueryMaxResultsLimit()).isEqualTo(2000);
  }
}
