package io.runbook.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The node id an operator gets without configuring one, and the ids start-up refuses. */
@Tag("unit")
class NodeIdTest {

  private static String defaulted(MockEnvironment environment) {
    new NodeIdDefault().postProcessEnvironment(environment, null);
    return new NodeId(environment).value();
  }

  @Test
  void defaultIsTheHostNameAndThePort() {
    String id = defaulted(new MockEnvironment().withProperty("server.port", "8081"));
    assertThat(id).endsWith(":8081").hasSizeLessThanOrEqualTo(NodeId.MAX_LENGTH);
    assertThat(NodeId.VALID.matcher(id).matches()).isTrue();
  }

  @Test
  void withARandomPortTheProcessIdTellsTwoNodesOfOneHostApart() {
    assertThat(defaulted(new MockEnvironment().withProperty("server.port", "0")))
        .endsWith(":pid" + ProcessHandle.current().pid());
  }

  @Test
  void aConfiguredIdIsKeptAndABlankOneReplaced() {
    assertThat(defaulted(new MockEnvironment().withProperty(NodeId.PROPERTY, "web-1"))).isEqualTo("web-1");
    assertThat(defaulted(new MockEnvironment().withProperty(NodeId.PROPERTY, " ").withProperty("server.port", "9000")))
        .endsWith(":9000");
  }

  @Test
  void anIdThatCannotGoIntoALogLineOrTheDatabaseStopsStartUpNamingTheProperty() {
    for (String bad : new String[] {"web 1", "x".repeat(65), "-web", "web\n1"}) {
      assertThatThrownBy(() -> new NodeId(new MockEnvironment().withProperty(NodeId.PROPERTY, bad)))
          .hasMessageContaining("runbook.node-id");
    }
  }
}
