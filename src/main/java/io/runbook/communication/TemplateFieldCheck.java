package io.runbook.communication;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks, before anything is rendered, that every tag of a template names a field of its model
 * record (or, inside a section over a record or a list of records, of that record), and says the
 * line when one does not. A template that passes cannot fail for an unknown name while an incident
 * runs. Only the standard {@code {{ }}} delimiters are allowed, and no partials: each message is one
 * file a reader can follow.
 */
final class TemplateFieldCheck {

  /** jmustache's special names, valid inside a list section. */
  private static final Set<String> LIST_NAMES = Set.of("-first", "-last", "-index");

  private TemplateFieldCheck() {}

  /** One scope of the walk: the record whose components are visible, or none (a scalar or inverted section). */
  private record Scope(Class<?> record, boolean list, String section) {}

  /** The type a name resolves to; element type for lists. */
  private record Resolved(Class<?> type, boolean list) {}

  /**
   * @param file named in the error
   * @param source the template's text
   * @param compiled the same text, compiled by jmustache (syntax already checked)
   * @throws MessageTemplateException naming the file and line of the first tag that names an unknown field
   */
  static void check(String file, String source, Template compiled, Class<? extends Record> model) {
    Deque<Scope> scopes = new ArrayDeque<>();
    scopes.push(new Scope(model, false, null));
    Set<String> seen = new LinkedHashSet<>();
    int at = 0;
    while (true) {
      int open = source.indexOf("{{", at);
      if (open < 0) {
        break;
      }
      int line = lineOf(source, open);
      boolean triple = source.startsWith("{{{", open);
      int close = source.indexOf(triple ? "}}}" : "}}", open + (triple ? 3 : 2));
      if (close < 0) {
        throw new MessageTemplateException(file, line, "the tag opened here is never closed");
      }
      String content = source.substring(open + (triple ? 3 : 2), close).trim();
      at = close + (triple ? 3 : 2);
      char kind = triple || content.isEmpty() ? '&' : content.charAt(0);
      String name = "#^/&!>=<$".indexOf(kind) >= 0 && !triple ? content.substring(1).trim() : content;
      switch (kind) {
        case '!' -> {
          continue;
        }
        case '>', '<', '$' -> throw new MessageTemplateException(file, line,
            "{{" + content + "}}: partials and blocks are not supported; write the text in this file");
        case '=' -> throw new MessageTemplateException(file, line,
            "{{" + content + "}}: changing the delimiters is not supported; use {{ }}");
        default -> {
          // a variable or a section
        }
      }
      seen.add(name);
      if (kind == '/') {
        if (scopes.size() > 1) {
          scopes.pop();
        }
        continue;
      }
      Resolved resolved = resolve(name, scopes)
          .orElseThrow(() -> new MessageTemplateException(file, line, "{{" + content + "}} names '" + name
              + "', which " + describe(scopes) + " does not have. Known here: " + known(scopes)));
      if (kind == '#') {
        Class<?> inner = resolved.type() != null && resolved.type().isRecord() ? resolved.type() : null;
        scopes.push(new Scope(inner, resolved.list(), name));
      } else if (kind == '^') {
        scopes.push(new Scope(null, false, name));
      }
    }
    // jmustache's own view of the template: every name it will look up must have been checked above.
    Set<String> names = new LinkedHashSet<>();
    compiled.visit(new Mustache.Visitor() {
      @Override
      public void visitText(String text) {}

      @Override
      public void visitVariable(String name) {
        names.add(name);
      }

      @Override
      public boolean visitInclude(String name) {
        names.add(name);
        return false;
      }

      @Override
      public boolean visitSection(String name) {
        names.add(name);
        return true;
      }

      @Override
      public boolean visitInvertedSection(String name) {
        names.add(name);
        return true;
      }
    });
    names.removeAll(seen);
    if (!names.isEmpty()) {
      throw new MessageTemplateException(file, "tags this check cannot follow: " + names);
    }
  }

  private static Optional<Resolved> resolve(String name, Deque<Scope> scopes) {
    if (name.equals(".") || name.equals("this")) {
      return Optional.of(new Resolved(scopes.peek().record(), false));
    }
    if (LIST_NAMES.contains(name)) {
      return scopes.stream().anyMatch(Scope::list) ? Optional.of(new Resolved(null, false)) : Optional.empty();
    }
    String[] parts = name.split("\\.");
    Optional<Resolved> first = Optional.empty();
    for (Scope scope : scopes) {
      first = component(scope.record(), parts[0]);
      if (first.isPresent()) {
        break;
      }
    }
    Optional<Resolved> current = first;
    for (int i = 1; i < parts.length && current.isPresent(); i++) {
      Resolved previous = current.get();
      current = previous.list() ? Optional.empty() : component(previous.type(), parts[i]);
    }
    return current;
  }

  private static Optional<Resolved> component(Class<?> record, String name) {
    if (record == null || !record.isRecord()) {
      return Optional.empty();
    }
    return Arrays.stream(record.getRecordComponents())
        .filter(c -> c.getName().equals(name))
        .findFirst()
        .map(TemplateFieldCheck::typeOf);
  }

  private static Resolved typeOf(RecordComponent component) {
    if (Collection.class.isAssignableFrom(component.getType())
        && component.getGenericType() instanceof ParameterizedType generic) {
      Type element = generic.getActualTypeArguments()[0];
      return new Resolved(element instanceof Class<?> c ? c : null, true);
    }
    return new Resolved(component.getType(), false);
  }

  private static String describe(Deque<Scope> scopes) {
    Scope top = scopes.stream().filter(s -> s.record() != null).findFirst().orElseThrow();
    return "the model " + top.record().getSimpleName() + (scopes.size() > 1 ? " (or an enclosing one)" : "");
  }

  private static String known(Deque<Scope> scopes) {
    Set<String> names = new LinkedHashSet<>();
    for (Scope scope : scopes) {
      if (scope.record() != null) {
        Arrays.stream(scope.record().getRecordComponents()).map(RecordComponent::getName).forEach(names::add);
      }
    }
    if (scopes.stream().anyMatch(Scope::list)) {
      names.addAll(LIST_NAMES);
    }
    return names.stream().collect(Collectors.joining(", "));
  }

  private static int lineOf(String source, int index) {
    int line = 1;
    for (int i = 0; i < index; i++) {
      if (source.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
