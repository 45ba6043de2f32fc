package dev.vectorguard.okhttp;

import dev.vectorguard.resttest.ErrorResponsesContract;
import dev.vectorguard.resttest.MilvusVectorStripContract;
import dev.vectorguard.resttest.QdrantFilterFuzzContract;
import dev.vectorguard.resttest.QdrantVectorStripContract;
import dev.vectorguard.resttest.ResponseMaskingContract;
import dev.vectorguard.resttest.RestTransport;
import org.junit.jupiter.api.Nested;

/** The REST transports' contract through OkHttp. */
class OkHttpContractTest {
  @Nested
  class ResponseMasking extends ResponseMaskingContract {
    @Override
    protected RestTransport transport() {
      return OkHttpTransport.INSTANCE;
    }
  }

  @Nested
  class ErrorResponses extends ErrorResponsesContract {
    @Override
    protected RestTransport transport() {
      return OkHttpTransport.INSTANCE;
    }
  }

  @Nested
  class QdrantVectorStrip extends QdrantVectorStripContract {
    @Override
    protected RestTransport transport() {
      return OkHttpTransport.INSTANCE;
    }
  }

  @Nested
  class MilvusVectorStrip extends MilvusVectorStripContract {
    @Override
    protected RestTransport transport() {
      return OkHttpTransport.INSTANCE;
    }
  }

  @Nested
  class QdrantFilterFuzz extends QdrantFilterFuzzContract {
    @Override
    protected RestTransport transport() {
      return OkHttpTransport.INSTANCE;
    }
  }
}
