package dev.vectorguard.milvus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorguard.AccessLevel;
import org.junit.jupiter.api.Test;

class MilvusApiTest {

  @Test
  void everyLevelIsAtLeastItsOperationsOwn() {
    for (MilvusApi api : MilvusApi.values()) {
      assertThat(api.access().atLeast(api.operation().defaultAccess()))
          .as("%s is %s, below %s's %s", api, api.access(), api.operation(), api.operation().defaultAccess()).isTrue();
    }
  }

  @Test
  void writesAreTheRowChangesAndFlush() {
    assertThat(java.util.Arrays.stream(MilvusApi.values()).filter(a -> a.access() == AccessLevel.WRITE))
        .containsExactlyInAnyOrder(MilvusApi.INSERT, MilvusApi.UPSERT, MilvusApi.DELETE, MilvusApi.IMPORT,
            MilvusApi.FLUSH);
  }
}
