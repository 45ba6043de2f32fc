/**
 * Masking of response payloads: rules, actions, PII detectors and the streaming engine.
 *
 * <p>{@link dev.vectorguard.mask.MaskEngine} compiles the {@link dev.vectorguard.mask.MaskRule}s
 * of a decision into a cached {@link dev.vectorguard.mask.MaskPlan}; REST adapters stream response
 * bodies through {@link dev.vectorguard.mask.MaskPlan#maskJson}, gRPC adapters pass each payload
 * map to {@link dev.vectorguard.mask.MaskPlan#maskRecord}. Both report
 * {@link dev.vectorguard.mask.MaskCounts} for the audit record, never values.
 * {@link dev.vectorguard.mask.PiiDetector} is the extension point for {@code detect-pii}.
 *
 * <h2>PII detectors</h2>
 *
 * <p>{@code detect-pii} runs {@link dev.vectorguard.mask.MaskSettings#detectors()}, by default
 * {@link dev.vectorguard.mask.PiiDetectors#defaults()}, and replaces each entity found with its
 * type ({@code <EMAIL>}). The built-in detectors (their exact formats are in
 * {@link dev.vectorguard.mask.PiiDetectors}):
 * <ul>
 *   <li>{@code EMAIL}: addresses, internationalised ones included;
 *   <li>{@code PHONE}: E.164 ({@code +} and 8 to 15 digits), North American, and trunk-prefixed
 *       national numbers with a separator; a bare digit run without {@code +} is not a phone;
 *   <li>{@code CARD}: 13 to 19 digits with a known issuer prefix and a valid Luhn digit, not
 *       part of a larger number ({@code 0.4111111111111111} is a decimal, not a card);
 *   <li>{@code IBAN}: every country and territory in commons-validator's {@code IBANValidator}
 *       table (105 codes), with that country's length and BBAN format and the mod-97 check;
 *   <li>{@code SSN}: US social security numbers with separators;
 *   <li>{@code IP}: IPv4 and IPv6 addresses;
 *   <li>{@code SECRET}: JWTs, API keys with well-known prefixes, labelled key values.
 * </ul>
 *
 * <p>Precision and recall of the combined scan, per type, on two labelled corpora in core's test
 * resources: {@code pii/corpus.tsv} (370 lines; the detectors were tuned on it) and
 * {@code pii/holdout.tsv} (460 lines, 230 of them look-alikes such as versions, decimals, order,
 * tracking and ISBN numbers, timestamps, coordinates and phone-like ids; written apart, the
 * detectors were not tuned on it). {@code PiiCorpusTest} and {@code PiiHoldoutCorpusTest} fail
 * when a figure drops below its floor.
 * <table>
 *   <caption>detect-pii precision / recall</caption>
 *   <tr><th>type</th><th>tuning corpus</th><th>holdout corpus</th></tr>
 *   <tr><td>EMAIL</td><td>1.000 / 1.000</td><td>1.000 / 1.000</td></tr>
 *   <tr><td>PHONE</td><td>0.970 / 1.000</td><td>0.971 / 1.000</td></tr>
 *   <tr><td>CARD</td><td>1.000 / 1.000</td><td>1.000 / 1.000</td></tr>
 *   <tr><td>IBAN</td><td>1.000 / 1.000</td><td>1.000 / 1.000</td></tr>
 *   <tr><td>SSN</td><td>1.000 / 1.000</td><td>1.000 / 1.000</td></tr>
 *   <tr><td>IP</td><td>1.000 / 1.000</td><td>0.900 / 1.000</td></tr>
 *   <tr><td>SECRET</td><td>1.000 / 1.000</td><td>1.000 / 1.000</td></tr>
 * </table>
 * The known false positives: a digit group that starts with {@code 0} inside a longer number
 * (a USPS tracking number) can read as a trunk-prefixed phone number, and C++ scopes with
 * hexadecimal-looking names ({@code a::b}) as compressed IPv6 addresses.
 *
 * <p>To add a detector, implement {@link dev.vectorguard.mask.PiiDetector} (thread-safe, linear
 * in the text's length, spans inside the text), or use
 * {@link dev.vectorguard.mask.PiiDetectors#regex(String, java.util.regex.Pattern)}, and pass it
 * with the defaults to {@link dev.vectorguard.mask.MaskSettings.Builder#detectors(java.util.List)};
 * overlaps with other detectors are resolved by {@link dev.vectorguard.mask.PiiDetectors#scan}.
 * To add a built-in one, add it to {@code PiiDetectors.defaults()}, add its type to
 * {@code LabelledCorpus.TYPES} and lines for it to both corpora's generators, and record its
 * figures here and as floors in the tests.
 */
@NullMarked
@PublicApi
package dev.vectorguard.mask;

import dev.vectorguard.PublicApi;
import org.jspecify.annotations.NullMarked;
