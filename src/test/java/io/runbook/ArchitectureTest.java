package io.runbook;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Package dependencies of the application stay one-way. The process vocabulary
 * ({@code io.runbook.process}) depends on nothing; {@code detection} (ingestion) may use
 * {@code incident} (the incident, its registry and API), never the reverse.
 *
 * <p>ArchUnit reads the compiled classes, where a {@code static final String} constant is inlined
 * and leaves no trace; so the same cycle check also runs over the source imports.
 */
@Tag("unit")
class ArchitectureTest {

  private static JavaClasses application;

  @BeforeAll
  static void importApplication() {
    application = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.runbook");
  }

  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("io.runbook.(*)..").should().beFreeOfCycles().check(application);
  }

  @Test
  void theProcessVocabularyDependsOnNothing() {
    classes().that().resideInAPackage("io.runbook.process..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("io.runbook.process..", "java..")
        .check(application);
  }

  @Test
  void theIncidentDoesNotDependOnDetection() {
    noClasses().that().resideInAPackage("io.runbook.incident..")
        .should().dependOnClassesThat().resideInAPackage("io.runbook.detection..")
        .check(application);
  }

  @Test
  void thePersonApiDependsOnNoFeature() {
    classes().that().resideInAPackage("io.runbook.api..")
        .should().onlyDependOnClassesThat().resideOutsideOfPackages(
            "io.runbook.incident..", "io.runbook.detection..", "io.runbook.drill..", "io.runbook.security..")
        .check(application);
  }

  /** The packages each package imports in src/main/java (constants included), without a cycle. */
  @Test
  void sourceImportsAreFreeOfCycles() throws IOException {
    Map<String, Set<String>> imports = sourceImports();
    List<String> cycles = new ArrayList<>();
    for (String start : imports.keySet()) {
      findCycle(start, start, imports, new ArrayList<>(List.of(start)), cycles);
    }
    assertThat(cycles).as("package cycles through source imports; the graph: " + imports).isEmpty();
    assertThat(imports.getOrDefault("process", Set.of())).as("io.runbook.process imports").isEmpty();
  }

  private static void findCycle(String start, String at, Map<String, Set<String>> imports, List<String> path,
      List<String> cycles) {
    for (String next : imports.getOrDefault(at, Set.of())) {
      if (next.equals(start)) {
        cycles.add(String.join(" -> ", path) + " -> " + start);
      } else if (!path.contains(next) && next.compareTo(start) > 0) {
        path.add(next);
        findCycle(start, next, imports, path, cycles);
        path.remove(path.size() - 1);
      }
    }
  }

  static Map<String, Set<String>> sourceImports() throws IOException {
    Pattern reference = Pattern.compile("^import (?:static )?io\\.runbook\\.([a-z]+)\\.", Pattern.MULTILINE);
    Path root = Path.of("src/main/java/io/runbook");
    Map<String, Set<String>> imports = new TreeMap<>();
    try (Stream<Path> sources = Files.walk(root)) {
      for (Path source : sources.filter(path -> path.toString().endsWith(".java")).toList()) {
        Path relative = root.relativize(source);
        if (relative.getNameCount() < 2) {
          continue;
        }
        String from = relative.getName(0).toString();
        Set<String> to = imports.computeIfAbsent(from, k -> new TreeSet<>());
        Matcher m = reference.matcher(Files.readString(source));
        while (m.find()) {
          if (!m.group(1).equals(from)) {
            to.add(m.group(1));
          }
        }
      }
    }
    return imports;
  }
}
