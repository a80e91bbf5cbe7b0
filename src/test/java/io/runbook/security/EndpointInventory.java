package io.runbook.security;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.rest.impl.DefaultProcessEngineRestServiceImpl;
import org.camunda.bpm.engine.rest.impl.NamedProcessEngineRestServiceImpl;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Every HTTP endpoint the running application exposes: Spring MVC handler mappings (controllers,
 * actuator, resource handlers, redirects), every servlet mapping, and every resource method of
 * Camunda's REST API (walked through its JAX-RS sub-resource locators, so a resource Camunda adds
 * in a new version shows up here too).
 */
final class EndpointInventory {

  /** One endpoint: where it was found, its method ("*" when any) and path template. */
  record Endpoint(String source, String method, String template) {
    /** A concrete path for the template: variables and wildcards become "x". */
    String samplePath() {
      String path = template.replaceFirst("^" + ENGINE_REST + "/engine/\\{[^/]*?}", ENGINE_REST + "/engine/default")
          .replaceAll("\\{[^/]*?}", "x").replace("**", "x").replace("*", "x");
      return path.isEmpty() ? "/" : path;
    }

    @Override
    public String toString() {
      return method + " " + template + " (" + source + ")";
    }
  }

  static final String ENGINE_REST = "/engine-rest";

  private EndpointInventory() {}

  static List<Endpoint> all(ApplicationContext context, ServletContext servletContext) {
    List<Endpoint> endpoints = new ArrayList<>();
    endpoints.addAll(springMvc(context));
    endpoints.addAll(servlets(servletContext));
    endpoints.addAll(camundaRest(ENGINE_REST));
    return endpoints;
  }

  static List<Endpoint> springMvc(ApplicationContext context) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (Map.Entry<String, HandlerMapping> entry : context.getBeansOfType(HandlerMapping.class).entrySet()) {
      String source = "Spring MVC " + entry.getKey();
      if (entry.getValue() instanceof RequestMappingInfoHandlerMapping mapping) {
        for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
          Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
          for (String pattern : info.getPatternValues()) {
            if (methods.isEmpty()) {
              endpoints.add(new Endpoint(source, "*", pattern));
            }
            for (RequestMethod method : methods) {
              endpoints.add(new Endpoint(source, method.name(), pattern));
            }
          }
        }
      } else if (entry.getValue() instanceof AbstractUrlHandlerMapping mapping) {
        for (String pattern : mapping.getHandlerMap().keySet()) {
          endpoints.add(new Endpoint(source, "*", pattern));
        }
      }
    }
    return endpoints;
  }

  /** Servlet mappings other than Spring MVC's dispatcher ("/"), whose endpoints are listed above. */
  static List<Endpoint> servlets(ServletContext servletContext) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (Map.Entry<String, ? extends ServletRegistration> entry : servletContext.getServletRegistrations().entrySet()) {
      for (String mapping : entry.getValue().getMappings()) {
        if (!mapping.equals("/")) {
          endpoints.add(new Endpoint("servlet " + entry.getKey(), "*", mapping));
        }
      }
    }
    return endpoints;
  }

  /** Every resource method of Camunda's REST API under the given prefix. */
  static List<Endpoint> camundaRest(String prefix) {
    Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    for (Class<?> root : List.of(DefaultProcessEngineRestServiceImpl.class, NamedProcessEngineRestServiceImpl.class)) {
      walk(root, prefix + path(root.getAnnotation(Path.class)), 0, endpoints);
    }
    return List.copyOf(endpoints.values());
  }

  private static void walk(Class<?> type, String prefix, int depth, Map<String, Endpoint> endpoints) {
    if (depth > 8) {
      return;
    }
    for (Method method : resourceMethods(type)) {
      Path path = method.getAnnotation(Path.class);
      String template = join(prefix, path(path));
      List<String> httpMethods = httpMethods(method);
      if (!httpMethods.isEmpty()) {
        for (String httpMethod : httpMethods) {
          Endpoint endpoint = new Endpoint("Camunda REST " + type.getSimpleName(), httpMethod, template);
          endpoints.putIfAbsent(httpMethod + " " + template, endpoint);
        }
      } else if (path != null) {
        walk(method.getReturnType(), template, depth + 1, endpoints);
      }
    }
  }

  /** Public methods of the type and of every interface it implements (JAX-RS annotations live there). */
  private static Collection<Method> resourceMethods(Class<?> type) {
    Map<String, Method> methods = new LinkedHashMap<>();
    Set<Class<?>> types = new LinkedHashSet<>();
    collectTypes(type, types);
    for (Class<?> candidate : types) {
      for (Method method : candidate.getMethods()) {
        if (method.isAnnotationPresent(Path.class) || !httpMethods(method).isEmpty()) {
          methods.putIfAbsent(method.getName() + Arrays.toString(method.getParameterTypes()), method);
        }
      }
    }
    return methods.values();
  }

  private static void collectTypes(Class<?> type, Set<Class<?>> types) {
    if (type == null || type == Object.class || !types.add(type)) {
      return;
    }
    collectTypes(type.getSuperclass(), types);
    for (Class<?> implemented : type.getInterfaces()) {
      collectTypes(implemented, types);
    }
  }

  private static List<String> httpMethods(Method method) {
    List<String> methods = new ArrayList<>();
    for (Annotation annotation : method.getAnnotations()) {
      HttpMethod httpMethod = annotation.annotationType().getAnnotation(HttpMethod.class);
      if (httpMethod != null) {
        methods.add(httpMethod.value());
      }
    }
    return methods;
  }

  private static String path(Path path) {
    return path == null ? "" : path.value();
  }

  private static String join(String prefix, String path) {
    String joined = (prefix + "/" + path).replaceAll("/+", "/");
    return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
  }
}
