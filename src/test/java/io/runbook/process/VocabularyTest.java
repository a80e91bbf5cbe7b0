package io.runbook.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Error;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.Message;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.SimpleBeanDefinitionRegistry;
import org.springframework.context.annotation.AnnotationBeanNameGenerator;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;

/**
 * The vocabulary in {@code io.runbook.process} and the models in {@code processes/} agree, both ways:
 * every constant names something in its model, and every name of a model that Java needs (element
 * ids, messages, errors, the beans and variables its expressions name) has a constant. A renamed
 * task, message or bean fails here, not in a running incident.
 */
@Tag("unit")
class VocabularyTest {

  /** Each model and the class holding its names. */
  static final Map<Class<?>, String> MODELS = Map.of(
      IncidentResponse.class, "incident-response.bpmn",
      IncidentMitigation.class, "incident-mitigation.bpmn",
      IncidentNotification.class, "incident-notification.bpmn",
      SecurityReview.class, "security-review.bpmn",
      LegalReview.class, "legal-review.bpmn",
      RunbookReview.class, "runbook-review.bpmn");

  /** Names that are not in any model: the type of the Camunda incident a failed action raises. */
  static final Set<String> NOT_IN_THE_MODEL = Set.of("INCIDENT_TYPE_ACTION_FAILED");

  /** Names an expression may use that are neither beans nor process variables. */
  static final Set<String> EXPRESSION_BUILT_INS = Set.of("execution", "task", "true", "false", "null");

  private static final Pattern EXPRESSION = Pattern.compile("[$#]\\{([^}]*)}");
  private static final Pattern QUOTED = Pattern.compile("'[^']*'");
  private static final Pattern VARIABLE_CALL = Pattern.compile("(?:get|set|remove)Variable\\('([^']+)'");
  private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.])([A-Za-z_]\\w*)");

  @Test
  void everyModelFileHasItsVocabularyClass() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("processes"))) {
      assertThat(files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".bpmn")))
          .containsExactlyInAnyOrderElementsOf(MODELS.values());
    }
  }

  @Test
  void everyConstantNamesSomethingInItsModel() {
    Map<String, String> missing = new TreeMap<>();
    MODELS.forEach((names, file) -> {
      BpmnModelInstance model = model(file);
      constants(names).forEach((field, value) -> {
        if (NOT_IN_THE_MODEL.contains(field)) {
          return;
        }
        boolean found;
        if (field.equals("PROCESS_KEY")) {
          found = model.getModelElementsByType(Process.class).stream().anyMatch(p -> p.getId().equals(value));
        } else if (field.startsWith("MESSAGE_")) {
          found = model.getModelElementsByType(Message.class).stream().anyMatch(m -> value.equals(m.getName()));
        } else if (field.startsWith("ERROR_")) {
          found = model.getModelElementsByType(Error.class).stream().anyMatch(e -> value.equals(e.getErrorCode()));
        } else if (field.startsWith("ESCALATION_")) {
          found = model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.Escalation.class).stream()
              .anyMatch(e -> value.equals(e.getEscalationCode()));
        } else {
          found = model.getModelElementById(value) instanceof FlowElement;
        }
        if (!found) {
          missing.put(names.getSimpleName() + "." + field, value + " (not in " + file + ")");
        }
      });
    });
    assertThat(missing).as("constants naming nothing in their model").isEmpty();
  }

  @Test
  void everyMessageAndErrorOfTheModelsHasAConstant() {
    Set<String> missing = new TreeSet<>();
    MODELS.forEach((names, file) -> {
      BpmnModelInstance model = model(file);
      Set<String> values = new TreeSet<>(constants(names).values());
      model.getModelElementsByType(Message.class).stream().map(Message::getName)
          .filter(name -> !values.contains(name)).forEach(name -> missing.add(file + ": message " + name));
      model.getModelElementsByType(Error.class).stream().map(Error::getErrorCode)
          .filter(code -> !values.contains(code)).forEach(code -> missing.add(file + ": error " + code));
      model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.Escalation.class).stream()
          .map(org.camunda.bpm.model.bpmn.instance.Escalation::getEscalationCode)
          .filter(code -> !values.contains(code)).forEach(code -> missing.add(file + ": escalation " + code));
    });
    assertThat(missing).as("messages and errors without a constant in io.runbook.process").isEmpty();
  }

  /**
   * Java names model elements only through the constants: no string literal in src/main/java (outside
   * this package) equals an element id, message name or error code of a model.
   */
  @Test
  void javaNamesModelElementsOnlyThroughTheConstants() throws IOException {
    Set<String> names = new TreeSet<>();
    MODELS.values().forEach(file -> {
      BpmnModelInstance model = model(file);
      model.getModelElementsByType(FlowElement.class).stream()
          .filter(element -> !(element instanceof org.camunda.bpm.model.bpmn.instance.SequenceFlow))
          .forEach(element -> names.add(element.getId()));
      model.getModelElementsByType(Message.class).forEach(message -> names.add(message.getName()));
      model.getModelElementsByType(Error.class).forEach(error -> names.add(error.getErrorCode()));
    });
    Pattern literal = Pattern.compile("\"([^\"\\\\]*)\"");
    List<String> literals = new ArrayList<>();
    Path vocabulary = Path.of("src/main/java/io/runbook/process");
    try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
      for (Path source : sources.filter(path -> path.toString().endsWith(".java") && !path.startsWith(vocabulary)).toList()) {
        List<String> lines = Files.readAllLines(source);
        for (int i = 0; i < lines.size(); i++) {
          Matcher m = literal.matcher(lines.get(i));
          while (m.find()) {
            if (names.contains(m.group(1))) {
              literals.add(source + ":" + (i + 1) + " \"" + m.group(1) + "\"");
            }
          }
        }
      }
    }
    assertThat(literals).as("model names spelled out instead of using io.runbook.process").isEmpty();
  }

  /** Every bean a model's expression names is a constant of {@link Beans}, and every constant is used. */
  @Test
  void theBeansTheModelsNameAreTheBeansConstants() {
    Set<String> named = new TreeSet<>();
    Set<String> variables = new TreeSet<>();
    MODELS.values().forEach(file -> expressions(file).forEach(expression -> {
      Matcher calls = VARIABLE_CALL.matcher(expression);
      while (calls.find()) {
        variables.add(calls.group(1));
      }
      Matcher identifiers = IDENTIFIER.matcher(QUOTED.matcher(expression).replaceAll("''"));
      while (identifiers.find()) {
        String name = identifiers.group(1);
        if (EXPRESSION_BUILT_INS.contains(name)) {
          continue;
        }
        boolean isBean = expression.substring(identifiers.end()).startsWith(".") || expression.trim().equals(name);
        (isBean && !constants(ProcessVariables.class).containsValue(name) ? named : variables).add(name);
      }
    }));
    assertThat(new TreeSet<>(constants(Beans.class).values())).as("beans named in the models' expressions")
        .isEqualTo(named);
    assertThat(constants(ProcessVariables.class).values()).as("variables named in the models' expressions")
        .containsAll(variables);
  }

  /** Every constant of {@link Beans} is the name of a Spring component of the application. */
  @Test
  void everyBeanConstantIsASpringComponent() {
    ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(true);
    AnnotationBeanNameGenerator names = AnnotationBeanNameGenerator.INSTANCE;
    SimpleBeanDefinitionRegistry registry = new SimpleBeanDefinitionRegistry();
    Set<String> components = new TreeSet<>();
    for (BeanDefinition candidate : scanner.findCandidateComponents("io.runbook")) {
      if (candidate instanceof AnnotatedBeanDefinition) {
        components.add(names.generateBeanName(candidate, registry));
      }
    }
    assertThat(components).containsAll(constants(Beans.class).values());
  }

  /** Every expression of a model file: attribute values and texts (conditions, timers) with ${...} or #{...}. */
  static List<String> expressions(String file) {
    try {
      javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      List<String> expressions = new ArrayList<>();
      collect(factory.newDocumentBuilder().parse(Path.of("processes", file).toFile()).getDocumentElement(), expressions);
      return expressions;
    } catch (Exception e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }

  private static void collect(org.w3c.dom.Node node, List<String> expressions) {
    List<String> texts = new ArrayList<>();
    if (node.getNodeType() == org.w3c.dom.Node.TEXT_NODE || node.getNodeType() == org.w3c.dom.Node.CDATA_SECTION_NODE) {
      texts.add(node.getNodeValue());
    }
    if (node.getAttributes() != null) {
      for (int i = 0; i < node.getAttributes().getLength(); i++) {
        texts.add(node.getAttributes().item(i).getNodeValue());
      }
    }
    for (String text : texts) {
      Matcher m = EXPRESSION.matcher(text);
      while (m.find()) {
        expressions.add(m.group(1).trim());
      }
    }
    for (org.w3c.dom.Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
      collect(child, expressions);
    }
  }

  static BpmnModelInstance model(String file) {
    return Bpmn.readModelFromFile(Path.of("processes", file).toFile());
  }

  /** The public static final String fields of a class (not of its nested classes), by field name. */
  static Map<String, String> constants(Class<?> type) {
    Map<String, String> constants = new LinkedHashMap<>();
    for (Field field : type.getDeclaredFields()) {
      int modifiers = field.getModifiers();
      if (Modifier.isPublic(modifiers) && Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers)
          && field.getType() == String.class) {
        try {
          constants.put(field.getName(), (String) field.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return constants;
  }
}
