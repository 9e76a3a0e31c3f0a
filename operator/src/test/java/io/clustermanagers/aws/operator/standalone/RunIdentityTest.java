package io.clustermanagers.aws.operator.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RunIdentityTest {
  @Test
  void theSameFileGivesTheSameUidOnEveryStart() throws Exception {
    String first = RunIdentity.of("research", "sim", Optional.empty()).uid();
    String again = RunIdentity.of("research", "sim", Optional.empty()).uid();

    assertThat(again).isEqualTo(first);
    assertThat(UUID.fromString(first).toString())
        .as("a UUID, as an API server gives")
        .isEqualTo(first);
  }

  @Test
  void namespaceNameAndRunIdEachMakeAnotherRun() throws Exception {
    assertThat(
            java.util.Set.of(
                RunIdentity.of("research", "sim", Optional.empty()).uid(),
                RunIdentity.of("default", "sim", Optional.empty()).uid(),
                RunIdentity.of("research", "sim2", Optional.empty()).uid(),
                RunIdentity.of("research", "sim", Optional.of("exp-2")).uid()))
        .hasSize(4);
    assertThat(RunIdentity.of("research", "sim", Optional.of("exp-2")).directoryName())
        .isEqualTo("research_sim_exp-2");
    assertThat(RunIdentity.of("research", "sim", Optional.of("")).runId())
        .as("an empty --run-id is none")
        .isEmpty();
  }

  @Test
  void aBadRunIdIsRefusedNamingTheFlag() {
    for (String bad : new String[] {"Exp", "exp_2", "-exp", "exp-", "a/b", "x".repeat(41)}) {
      assertThatThrownBy(() -> RunIdentity.of("research", "sim", Optional.of(bad)))
          .as(bad)
          .isInstanceOf(RunIdentity.InvalidRunId.class)
          .hasMessageStartingWith("--run-id: \"" + bad + "\" is not a valid run id")
          .hasMessageContaining("1 to 40 lower-case letters, digits and '-'");
    }
  }
}
