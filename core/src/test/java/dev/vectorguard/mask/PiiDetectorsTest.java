package dev.vectorguard.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PiiDetectorsTest {
  /** The text with every resolved match replaced by its type, as detect-pii writes it. */
  private static String replaced(String text) {
    StringBuilder out = new StringBuilder();
    int pos = 0;
    for (PiiMatch m : PiiDetectors.scan(text, PiiDetectors.defaults())) {
      out.append(text, pos, m.start()).append('<').append(m.type()).append('>');
      pos = m.end();
    }
    return out.append(text.substring(pos)).toString();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "write to ann.lee+tag@mail.example.co.uk.|write to <EMAIL>.",
      "<ann@example.com>|<<EMAIL>>",
      "zoë@exemple.fr|<EMAIL>",
      "call +1 (415) 555-2671 now|call <PHONE> now",
      "+4915123456789|<PHONE>",
      "(415) 555-2671 / 415.555.2671|<PHONE> / <PHONE>",
      "020 7946 0958, 07700 900123, 01 23 45 67 89|<PHONE>, <PHONE>, <PHONE>",
      "card 4111 1111 1111 1111 exp|card <CARD> exp",
      "amex 3782-822463-10005|amex <CARD>",
      "iban GB82 WEST 1234 5698 7654 32 ok|iban <IBAN> ok",
      "iban DE89370400440532013000|iban <IBAN>",
      "ssn 123-45-6789 or 123 45 6789|ssn <SSN> or <SSN>",
      "from 192.168.1.20:8080|from <IP>:8080",
      "ip 2001:db8::ff00:42:8329, ::1 and ::ffff:192.0.2.1.|ip <IP>, <IP> and <IP>.",
      "fe80::1 and 2001:0db8:85a3:0000:0000:8a2e:0370:7334|<IP> and <IP>",
      "ip:2001:db8::1 [::1]:8080 fe80::1%eth0|ip:<IP> [<IP>]:8080 <IP>%eth0",
      "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U|jwt <SECRET>",
      "key AKIAIOSFODNN7EXAMPLE and ghp_0123456789abcdefghijklmnopqrstuvwxyz|key <SECRET> and <SECRET>",
      "api_key: \"Zx9f2Lk3Qw8Rt5Yu7Io1\"|api_key: \"<SECRET>\"",
  })
  void replacesEntitiesAndNothingAround(String text, String expected) {
    assertThat(replaced(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "123456789", "SSN 123456789", "000-12-3456", "666-12-3456", "900-12-3456", "123-00-4567", "123-45-0000",
      "4111 1111 1111 1112", "1234 5678 9012 3456", "4111-1111 1111-1111", "41111111111111110000",
      "DE89370400440532013001", "XX89370400440532013000", "DE8937040044053201300",
      "2024-01-15", "15.01.2024", "v1.2.3.4", "1.2.3", "256.1.1.1", "1.2.3.4.5", "12:30:45", "00:1A:2B:3C:4D:5E",
      "std::vector", "::", "user@localhost", "@handle", "logo@2x.png", "a@b.c",
      "415 555 267", "0123-4567", "+12 34", "ORD-415-555-2671", "1e10", "3.14159",
      "api_key=YOUR_API_KEY_HERE", "token: see the docs", "sk-123", "9fceb02d0ae598e95dc970b74767f19372d61af8",
  })
  void looksAlikesAreLeftAlone(String text) {
    assertThat(PiiDetectors.scan(text, PiiDetectors.defaults())).isEmpty();
  }

  @Test
  void overlapsResolveToTheEarliestThenLongestThenFirstDetector() {
    PiiDetector shortFirst = PiiDetectors.regex("A", Pattern.compile("abc"));
    PiiDetector longer = PiiDetectors.regex("B", Pattern.compile("abcdef"));
    PiiDetector later = PiiDetectors.regex("C", Pattern.compile("cdefgh"));
    PiiDetector same = PiiDetectors.regex("D", Pattern.compile("abcdef"));
    assertThat(PiiDetectors.scan("xabcdefgh", List.of(shortFirst, later, longer, same)))
        .containsExactly(new PiiMatch("B", 1, 7));
    assertThat(PiiDetectors.scan("xabcdefgh", List.of(same, longer)))
        .containsExactly(new PiiMatch("D", 1, 7));
    assertThat(PiiDetectors.scan("abc abcdef", List.of(shortFirst)))
        .containsExactly(new PiiMatch("A", 0, 3), new PiiMatch("A", 4, 7));
  }

  @Test
  void aLongLabelledSecretIsReplacedWhole() {
    assertThat(replaced("token=" + "a1".repeat(5000) + " end")).isEqualTo("token=<SECRET> end");
    assertThat(replaced("password: 'Tr0ub4dor-and-3xtra-long'")).isEqualTo("password: '<SECRET>'");
  }

  @Test
  void ibanWinsOverTheCardOrPhoneHiddenInIt() {
    assertThat(replaced("NO93 8601 1117 947")).isEqualTo("<IBAN>");
  }

  @Test
  void customDetectorsPlugIn() throws Exception {
    PiiDetector employee = PiiDetectors.regex("EMPLOYEE", Pattern.compile("\\bEMP-\\d{6}\\b"));
    MaskEngine engine = MaskEngine.create(MaskSettings.builder()
        .detectors(List.of(employee, PiiDetectors.email())).build());
    MaskedRecord r = engine.plan(List.of(MaskRule.of("t", MaskAction.DETECT_PII)), false)
        .maskRecord(java.util.Map.of("t", "EMP-123456 ann@example.com 123-45-6789"));
    assertThat(r.record().get("t")).isEqualTo("<EMPLOYEE> <EMAIL> 123-45-6789");
    assertThat(r.counts().entitiesByType()).containsEntry("EMPLOYEE", 1L).containsEntry("EMAIL", 1L);
  }

  @Test
  void aDetectorReturningASpanOutsideTheTextIsCaught() {
    PiiDetector broken = new PiiDetector() {
      @Override
      public String type() {
        return "BROKEN";
      }

      @Override
      public List<PiiMatch> find(CharSequence text) {
        return List.of(new PiiMatch("BROKEN", 0, text.length() + 1));
      }
    };
    assertThatThrownBy(() -> PiiDetectors.scan("abc", List.of(broken)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("detector BROKEN returned a span past the end of the text");
  }

  @Test
  void matchesValidateTheirSpan() {
    assertThatThrownBy(() -> new PiiMatch("X", 3, 3)).hasMessage("span must be non-empty and non-negative, but was [3, 3)");
    assertThatThrownBy(() -> new PiiMatch("", 0, 1)).hasMessage("type must not be empty");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "@", "1", "1 ", "1-", "+1", "a@a", "::", "1.", "eyJ", "ab12", "DE89 ", "a.", "0 "})
  void adversarialInputsScanInLinearTime(String unit) {
    String text = unit.repeat(300_000 / unit.length());
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> PiiDetectors.scan(text, PiiDetectors.defaults()));
  }
}
