package io.runbook.communication;

import com.samskivert.mustache.BasicCollector;
import com.samskivert.mustache.Mustache;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a message template can read: the components of its model record, nothing else (no getters,
 * fields or methods of other objects, nothing from the application's environment).
 */
final class RecordCollector extends BasicCollector {

  private final Map<Class<?>, Map<String, Method>> accessors = new ConcurrentHashMap<>();

  @Override
  public Mustache.VariableFetcher createFetcher(Object ctx, String name) {
    if (ctx instanceof Record record) {
      Method accessor = accessors.computeIfAbsent(record.getClass(), RecordCollector::accessorsOf).get(name);
      return accessor == null ? null : (object, key) -> accessor.invoke(object);
    }
    return super.createFetcher(ctx, name);
  }

  private static Map<String, Method> accessorsOf(Class<?> type) {
    Map<String, Method> byName = new ConcurrentHashMap<>();
    for (RecordComponent component : type.getRecordComponents()) {
      Method accessor = component.getAccessor();
      accessor.setAccessible(true);
      byName.put(component.getName(), accessor);
    }
    return byName;
  }

  @Override
  public <K, V> Map<K, V> createFetcherCache() {
    return new ConcurrentHashMap<>();
  }
}
