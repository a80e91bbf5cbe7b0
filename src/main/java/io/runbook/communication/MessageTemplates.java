package io.runbook.communication;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The one template engine for person-facing text (Mustache, jmustache). Every template is read,
 * compiled and checked against its model when the application starts: a template that does not
 * parse or names an unknown field stops the start with its file and line
 * ({@link MessageTemplateException}), so rendering while an incident runs cannot fail on a name.
 *
 * <p>Text is plain (e-mail, chat, status page text): nothing is HTML-escaped here. A field that is
 * null renders as nothing and is false in a section, so templates say "not yet known" with an
 * inverted section ({@code {{^field}}not yet known{{/field}}}). Rendered text loses trailing white
 * space (the final newline of the file).
 */
@Component
public class MessageTemplates {

  private static final Logger LOG = LoggerFactory.getLogger(MessageTemplates.class);

  /** What a team-edited template may not do: read anything but its model, or fail on a missing name quietly. */
  static final Mustache.Compiler COMPILER = Mustache.compiler()
      .escapeHTML(false)
      .withCollector(new RecordCollector())
      .nullValue("")
      .emptyStringIsFalse(true)
      .strictSections(true);

  /** A compiled template and where it came from. */
  private record Loaded(String file, Template template) {}

  private final Map<MessageTemplate, Loaded> defaults = new EnumMap<>(MessageTemplate.class);
  private final Map<MessageTemplate, Loaded> active = new EnumMap<>(MessageTemplate.class);

  public MessageTemplates(TemplateProperties properties) {
    for (MessageTemplate which : MessageTemplate.values()) {
      String location = MessageTemplate.DEFAULT_LOCATION + which.fileName();
      Loaded loaded = load("classpath:" + location, readDefault(location), which);
      defaults.put(which, loaded);
      active.put(which, loaded);
    }
    Path dir = properties.dir();
    if (dir != null) {
      for (Path file : overrides(dir)) {
        MessageTemplate which = MessageTemplate.byFileName(file.getFileName().toString())
            .orElseThrow(() -> new MessageTemplateException(file.toString(), "no template has this name; the templates are "
                + Arrays.stream(MessageTemplate.values()).map(MessageTemplate::fileName).toList()));
        active.put(which, load(file.toString(), read(file), which));
      }
    }
    LOG.info("Message templates: {}", active.values().stream().map(Loaded::file).toList());
  }

  /**
   * Renders {@code which} with {@code model}. Cannot fail on a name (checked at start-up); should a
   * team's template fail anyway, the default template is used and the failure logged, so the
   * message still goes out.
   */
  public String render(MessageTemplate which, Record model) {
    if (!which.model().isInstance(model)) {
      throw new IllegalArgumentException(which.id() + " renders " + which.model().getSimpleName() + ", not " + model.getClass().getSimpleName());
    }
    Loaded loaded = active.get(which);
    try {
      return loaded.template().execute(model).stripTrailing();
    } catch (MustacheException failed) {
      Loaded fallback = defaults.get(which);
      if (fallback == loaded) {
        throw failed;
      }
      LOG.error("Message template {} failed, used the default instead: {}", loaded.file(), failed.getMessage());
      return fallback.template().execute(model).stripTrailing();
    }
  }

  /** Where each template in use comes from. */
  public Map<MessageTemplate, String> files() {
    Map<MessageTemplate, String> files = new EnumMap<>(MessageTemplate.class);
    active.forEach((which, loaded) -> files.put(which, loaded.file()));
    return files;
  }

  private static Loaded load(String file, String source, MessageTemplate which) {
    Template template;
    try {
      template = COMPILER.compile(source);
    } catch (MustacheException unparsable) {
      // jmustache names the line ("... @ line 3").
      throw new MessageTemplateException(file, unparsable.getMessage());
    }
    TemplateFieldCheck.check(file, source, template, which.model());
    return new Loaded(file, template);
  }

  private static List<Path> overrides(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new MessageTemplateException(dir.toString(), "runbook.templates.dir is not a directory");
    }
    List<Path> files = new ArrayList<>();
    try (Stream<Path> listing = Files.list(dir)) {
      listing.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(MessageTemplate.SUFFIX))
          .sorted().forEach(files::add);
    } catch (IOException unreadable) {
      throw new MessageTemplateException(dir.toString(), "cannot list runbook.templates.dir: " + unreadable.getMessage());
    }
    return files;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException unreadable) {
      throw new MessageTemplateException(file.toString(), "cannot read: " + unreadable.getMessage());
    }
  }

  private static String readDefault(String location) {
    try (InputStream in = MessageTemplates.class.getClassLoader().getResourceAsStream(location)) {
      if (in == null) {
        throw new MessageTemplateException("classpath:" + location, "the default template is missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException unreadable) {
      throw new UncheckedIOException(unreadable);
    }
  }
}
