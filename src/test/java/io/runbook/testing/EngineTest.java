package io.runbook.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * A process test against the engine only (no web server): the demo and test profiles, nothing else.
 * Every class with exactly this configuration shares one cached application context, and so one
 * in-memory H2 database, in the single reused JVM of the "engine" test tier (see pom.xml). A test
 * here must therefore find its own data (by process instance id or business key, never "the only
 * instance"), reset ClockUtil after itself and stop any server it starts. A test that needs other
 * properties or beans takes its own @SpringBootTest and @Tag("engine") and, if it leaves threads
 * running (dispatcher, job executor), @DirtiesContext.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest
@ActiveProfiles({"demo", "test"})
@Tag(EngineTest.TAG)
public @interface EngineTest {

  String TAG = "engine";
}
