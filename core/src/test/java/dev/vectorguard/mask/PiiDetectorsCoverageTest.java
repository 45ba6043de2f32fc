package dev.vectorguard.mask;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.validator.routines.IBANValidator;
import org.apache.commons.validator.routines.checkdigit.CheckDigitException;
import org.apache.commons.validator.routines.checkdigit.IBANCheckDigit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The IBAN country table and the card detector's edges. */
class PiiDetectorsCoverageTest {
  private static final PiiDetector IBAN = PiiDetectors.iban();
  private static final PiiDetector CARD = PiiDetectors.paymentCard();

  /** The 12 countries and 16 territories the detector's former hand-kept table lacked. */
  @ParameterizedTest
  @ValueSource(strings = {
      "BI", "DJ", "FK", "HN", "LY", "MN", "NI", "OM", "RU", "SD", "SO", "YE",
      "AX", "BL", "GF", "GG", "GP", "IM", "JE", "MF", "MQ", "NC", "PF", "PM", "RE", "TF", "WF", "YT"})
  void findsIbansOfTheAddedCountries(String country) throws CheckDigitException {
    String iban = exampleIban(country);
    assertThat(IBANValidator.getInstance().isValid(iban)).as(iban).isTrue();

    assertThat(IBAN.find("pay to " + iban + " today")).as(iban)
        .containsExactly(new PiiMatch("IBAN", 7, 7 + iban.length()));
    String grouped = iban.replaceAll("(.{4})(?!$)", "$1 ");
    assertThat(IBAN.find(grouped)).as(grouped).containsExactly(new PiiMatch("IBAN", 0, grouped.length()));
    String wrongCheck = iban.substring(0, 2) + (iban.charAt(2) == '9' ? '8' : '9') + iban.substring(3);
    assertThat(IBAN.find(wrongCheck)).as(wrongCheck).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "RU0304452522540817810538091310419",   // the registry's example for Russia
      "GB82WEST12345698765432"})
  void findsPublishedExamples(String iban) {
    assertThat(IBAN.find(iban)).containsExactly(new PiiMatch("IBAN", 0, iban.length()));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "the ratio 0.4111111111111111", "12.4111111111111111", "4111111111111111.5", "1,4111111111111111",
      "4111111111111111,25 EUR", "v2.4111111111111111", "-4111111111111111"})
  void aLuhnValidRunInsideALargerNumberIsNotACard(String text) {
    assertThat(CARD.find(text)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "card 4111111111111111.", "card: 4111111111111111, exp 12/29", "(4111 1111 1111 1111)", "4111111111111111"})
  void aCardAtTheEndOfASentenceOrInAListIsStillACard(String text) {
    assertThat(CARD.find(text)).hasSize(1);
  }

  /**
   * A valid IBAN for {@code country}: a BBAN in the country's format (from commons-validator's
   * pattern for it) with the check digits computed for it.
   */
  private static String exampleIban(String country) throws CheckDigitException {
    String format = List.of(IBANValidator.getInstance().getValidator(country).getRegexValidator()
            .toString().replaceAll("^RegexValidator\\{|}$", "").split(",")).stream()
        .filter(f -> f.startsWith(country)).findFirst().orElseThrow();
    StringBuilder body = new StringBuilder();
    Matcher piece = Pattern.compile("(\\\\d|\\[A-Z]|\\[A-Z0-9])\\{(\\d+)}").matcher(format.substring(2));
    int n = 0;
    while (piece.find()) {
      for (int i = 0; i < Integer.parseInt(piece.group(2)); i++, n++) {
        body.append(piece.group(1).equals("[A-Z]") ? (char) ('B' + n % 20) : (char) ('1' + n % 9));
      }
    }
    String bban = body.substring(2); // the pattern's first digits are the check digits
    return country + IBANCheckDigit.IBAN_CHECK_DIGIT.calculate(country + "00" + bban) + bban;
  }
}
