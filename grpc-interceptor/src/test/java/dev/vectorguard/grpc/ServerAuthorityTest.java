package dev.vectorguard.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The server a call's listeners are told of, parsed once per channel authority. */
class ServerAuthorityTest {

  @Test
  void hostsAndPortsAreSplit() {
    assertThat(ServerAuthority.of("qdrant.internal:6334")).isEqualTo(new ServerAuthority("qdrant.internal:6334",
        "qdrant.internal", 6334));
    assertThat(ServerAuthority.of("[::1]:6334").host()).isEqualTo("::1");
    assertThat(ServerAuthority.of("qdrant").port()).isEqualTo(-1);
  }

  @Test
  void aNameThatIsNoHostIsKeptWhole() {
    // An in-process server's name, say: not a valid host, so the listeners get it as it is.
    assertThat(ServerAuthority.of("in_process server")).isEqualTo(new ServerAuthority("in_process server",
        "in_process server", -1));
    assertThat(ServerAuthority.of("in_process").host()).isEqualTo("in_process");
  }
}
