package io.runbook.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * A test against the running application on a random port (REST API, webapps, ingest endpoints)
 * with the demo and test profiles and nothing else. All classes with exactly this configuration
 * share one cached application context, one web server and one in-memory H2 database in the single
 * reused JVM of the "web" test tier (see pom.xml). One web context per JVM is what keeps Camunda's
 * JVM-wide webapp state sound, so a class here must not add properties, beans, mocks or
 * @DirtiesContext: such a class takes a plain @SpringBootTest and no tier tag, and runs in a JVM of
 * its own. A test here must find its own data (its own incident, task or business key, never "all
 * tasks" or "the only instance") and undo what it changes for everybody (users, grants, clocks).
 * Metrics are exported as in production ({@code /actuator/prometheus}; Spring Boot's tests turn
 * exporters off unless told otherwise).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
@AutoConfigureObservability(tracing = false)
@Tag(WebTest.TAG)
public @interface WebTest {

  String TAG = "web";
}
