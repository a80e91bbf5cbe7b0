package io.runbook.system;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.variable.serializer.AbstractTypedValueSerializer;
import org.camunda.bpm.engine.impl.variable.serializer.StringValueSerializer;
import org.camunda.bpm.engine.impl.variable.serializer.TypedValueSerializer;
import org.camunda.bpm.engine.impl.variable.serializer.ValueFields;
import org.camunda.bpm.engine.impl.variable.serializer.VariableSerializerFactory;
import org.camunda.bpm.engine.variable.impl.value.UntypedValueImpl;
import org.camunda.bpm.engine.variable.type.ValueType;
import org.camunda.bpm.engine.variable.value.ObjectValue;
import org.camunda.bpm.engine.variable.value.StringValue;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.springframework.stereotype.Component;

/**
 * Variables the database cannot store are refused by the engine with a {@link BadUserRequestException}
 * naming the variable, on every route (REST, webapps, forms, Java): Camunda's REST API answers 400.
 *
 * <ul>
 *   <li>A String variable is stored in a VARCHAR(4000) column; a longer one used to fail the insert
 *       (a 500, or on some routes a 400 that did not say which variable or what the limit is).
 *   <li>An Object variable in a serialization format no serializer of this engine handles (JSON or
 *       XML: there is no Spin here) used to fail with "Cannot find serializer", a 500.
 * </ul>
 * Only how a value is written changes; reading stored values is untouched.
 */
@Component
public class VariableLimits extends AbstractProcessEnginePlugin {

  /** Characters of a String variable: the size of {@code TEXT_} in the engine's variable tables. */
  public static final int MAX_STRING_LENGTH = 4000;

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<TypedValueSerializer> pre = configuration.getCustomPreVariableSerializers() == null
        ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPreVariableSerializers());
    pre.add(new BoundedStringSerializer());
    pre.add(new UnsupportedObjectFormat(configuration));
    configuration.setCustomPreVariableSerializers(pre);
  }

  /** Camunda's String serializer (same name, same storage) with the column's length checked first. */
  static final class BoundedStringSerializer extends StringValueSerializer {
    @Override
    public void writeValue(StringValue value, ValueFields fields) {
      String text = value.getValue();
      if (text != null && text.length() > MAX_STRING_LENGTH) {
        throw new BadUserRequestException("Variable '" + fields.getName() + "' is too long: " + text.length()
            + " characters, at most " + MAX_STRING_LENGTH + " are allowed");
      }
      super.writeValue(value, fields);
    }
  }

  /** Matches only Object values no other serializer can write, and refuses them by name. */
  static final class UnsupportedObjectFormat extends AbstractTypedValueSerializer<ObjectValue> {
    private final ProcessEngineConfigurationImpl configuration;

    UnsupportedObjectFormat(ProcessEngineConfigurationImpl configuration) {
      super(ValueType.OBJECT);
      this.configuration = configuration;
    }

    @Override
    public String getName() {
      return "runbook-unsupported-object";
    }

    @Override
    protected boolean canWriteValue(TypedValue value) {
      if (!(value instanceof ObjectValue)) {
        return false;
      }
      for (TypedValueSerializer<?> other : configuration.getVariableSerializers().getSerializers()) {
        if (other != this && ValueType.OBJECT.equals(other.getType()) && other.canHandle(value)) {
          return false;
        }
      }
      VariableSerializerFactory fallback = configuration.getFallbackSerializerFactory();
      return fallback == null || fallback.getSerializer(value) == null;
    }

    @Override
    public void writeValue(ObjectValue value, ValueFields fields) {
      throw new BadUserRequestException("Variable '" + fields.getName() + "' cannot be stored: serialization format '"
          + value.getSerializationDataFormat() + "' is not supported");
    }

    @Override
    public ObjectValue readValue(ValueFields fields, boolean deserialize, boolean asTransientValue) {
      throw new IllegalStateException("never written");
    }

    @Override
    public ObjectValue convertToTypedValue(UntypedValueImpl untypedValue) {
      throw new IllegalStateException("never chosen for untyped values");
    }
  }
}
