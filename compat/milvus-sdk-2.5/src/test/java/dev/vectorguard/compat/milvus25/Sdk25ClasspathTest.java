package dev.vectorguard.compat.milvus25;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milvus.grpc.MilvusServiceGrpc;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The module's premise: the SDK under test is a 2.5 release on plain gRPC, and no shaded gRPC is
 * on the classpath, so the Milvus guard tests compiled here from grpc-interceptor prove the
 * plain-gRPC binding and that the shaded one is never loaded.
 */
class Sdk25ClasspathTest {
  @Test
  void theSdkIsA25ReleaseOnPlainGrpc() throws IOException {
    Properties pom = new Properties();
    try (InputStream in = MilvusServiceGrpc.class.getResourceAsStream(
        "/META-INF/maven/io.milvus/milvus-sdk-java/pom.properties")) {
      assertThat(in).as("the SDK jar's pom.properties").isNotNull();
      pom.load(in);
    }
    assertThat(pom.getProperty("version")).startsWith("2.5.");
    assertThat(MilvusServiceGrpc.MilvusServiceBlockingStub.class.getSuperclass().getSuperclass().getName())
        .isEqualTo("io.grpc.stub.AbstractStub");
  }

  @Test
  void noShadedGrpcIsOnTheClasspath() {
    assertThatThrownBy(() -> Class.forName("io.milvus.shaded.io.grpc.stub.AbstractStub"))
        .isInstanceOf(ClassNotFoundException.class);
  }
}
