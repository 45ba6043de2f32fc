#!/usr/bin/env python3
"""Generates holdout.tsv, the second labelled PII corpus (PiiHoldoutCorpusTest).

Written apart from corpus.tsv and generate_corpus.py, which the detectors were tuned on: other
templates, other value shapes, another seed, and many realistic look-alikes that are not PII
(versions, decimals, order and tracking numbers, ISBNs, timestamps, coordinates, phone-like ids,
hashes). The detectors were not changed after measuring them on it; the test's floors are the
measured figures. Every value is synthetic (example domains, documentation IP ranges, made-up keys,
numbers with valid check digits but no real account behind them).

Columns: label (pii|clean), expected types (comma-separated, or '-'), text.
Run from this directory: python3 generate_holdout.py > holdout.tsv
"""
import base64
import json
import random
import string

rnd = random.Random(4242_2026)
D = string.digits
U = string.ascii_uppercase


def d(n):
    return "".join(rnd.choice(D) for _ in range(n))


def luhn_complete(prefix, length):
    body = prefix + d(length - len(prefix) - 1)
    return next(body + c for c in D if luhn_ok(body + c))


def luhn_ok(number):
    total = 0
    for i, ch in enumerate(reversed(number)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


# ---- positives --------------------------------------------------------------------------------

NAMES = ["amara.okafor", "b.nakamura", "carlos_ruiz", "dana-lee", "elif.yilmaz", "FINN.OBRIEN",
         "giulia.r", "h.schmidt", "isabel+billing", "jonas99", "kwame.mensah", "li.wei"]
HOSTS = ["example.com", "eu.example.org", "example.net", "students.example.edu", "example.co.jp",
         "support.example.io", "example.fr"]


def email():
    return f"{rnd.choice(NAMES)}@{rnd.choice(HOSTS)}"


def phone():
    return rnd.choice([
        f"+81 3-{d(4)}-{d(4)}",
        f"+61 2 {d(4)} {d(4)}",
        f"+91 9{d(4)} {d(5)}",
        f"+55 11 9{d(4)}-{d(4)}",
        f"+34 6{d(2)} {d(3)} {d(3)}",
        f"+39 0{d(2)} {d(7)}",
        f"+1-{rnd.randint(201, 989)}-555-{d(4)}",
        f"+353 1 {d(3)} {d(4)}",
        f"({rnd.randint(201, 989)}) {rnd.randint(200, 999)}-{d(4)}",
        f"{rnd.randint(201, 989)}.{rnd.randint(200, 999)}.{d(4)}",
        f"0{rnd.randint(20, 99)} {d(4)} {d(4)}",
        f"+4420{d(8)}",
    ])


CARD_SHAPES = [("4", 16), ("4", 13), ("51", 16), ("55", 16), ("2221", 16), ("2720", 16), ("34", 15),
               ("37", 15), ("6011", 16), ("65", 16), ("3528", 16), ("36", 14), ("62", 16)]


def card():
    prefix, length = rnd.choice(CARD_SHAPES)
    number = luhn_complete(prefix, length)
    style = rnd.randrange(3)
    if style == 0:
        return number
    sep = " " if style == 1 else "-"
    if length == 15:
        return sep.join([number[:4], number[4:10], number[10:]])
    return sep.join(number[i:i + 4] for i in range(0, length, 4))


IBAN_FORMATS = {  # country: BBAN shape, '9' a digit, 'A' a capital, 'X' either
    "DE": "999999999999999999", "FR": "9999999999XXXXXXXXXXX99", "ES": "99999999999999999999",
    "NL": "AAAA9999999999", "BE": "999999999999", "IT": "A9999999999XXXXXXXXXXXX",
    "GB": "AAAA99999999999999", "CH": "99999XXXXXXXXXXXX", "PL": "999999999999999999999999",
    "SE": "99999999999999999999", "RU": "99999999999999XXXXXXXXXXXXXXX",
    "JE": "AAAA99999999999999", "IM": "AAAA99999999999999", "YE": "AAAA9999XXXXXXXXXXXXXXXXXX",
    "OM": "999XXXXXXXXXXXXXXXX", "LY": "999999999999999999999", "RE": "9999999999XXXXXXXXXXX99",
    "AX": "99999999999999", "NI": "AAAA99999999999999999999", "MN": "9999999999999999",
}


def fill(shape):
    out = []
    for ch in shape:
        if ch == "9":
            out.append(rnd.choice(D))
        elif ch == "A":
            out.append(rnd.choice(U))
        else:
            out.append(rnd.choice(D + U))
    return "".join(out)


def iban_check(country, bban):
    num = "".join(str(int(c, 36)) for c in bban + country + "00")
    return 98 - int(num) % 97


def iban(valid=True):
    country = rnd.choice(sorted(IBAN_FORMATS))
    bban = fill(IBAN_FORMATS[country])
    check = iban_check(country, bban)
    if not valid:
        check = (check + rnd.randint(1, 40)) % 97 + 2
        if check == iban_check(country, bban):
            check = check % 97 + 1
    value = f"{country}{check:02d}{bban}"
    if rnd.random() < 0.5:
        value = " ".join(value[i:i + 4] for i in range(0, len(value), 4))
    return value


def ssn():
    area = rnd.choice([n for n in range(1, 900) if n != 666])
    sep = rnd.choice(["-", " "])
    return f"{area:03d}{sep}{rnd.randint(1, 99):02d}{sep}{rnd.randint(1, 9999):04d}"


def ip():
    return rnd.choice([
        f"198.51.100.{rnd.randint(1, 254)}",
        f"203.0.113.{rnd.randint(1, 254)}",
        f"192.0.2.{rnd.randint(1, 254)}",
        f"10.{rnd.randint(0, 255)}.{rnd.randint(0, 255)}.{rnd.randint(1, 254)}",
        f"2001:db8:{rnd.randint(1, 0xffff):x}::{rnd.randint(1, 0xffff):x}",
        f"2001:0db8:0000:0000:{rnd.randint(0, 0xffff):04x}:0000:0000:{rnd.randint(1, 0xffff):04x}",
        f"fd00::{rnd.randint(1, 0xfff):x}",
    ])


def b64url(raw):
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def secret():
    kind = rnd.randrange(7)
    alnum = string.ascii_letters + D
    if kind == 0:
        head = b64url(json.dumps({"alg": "RS256", "kid": d(3)}).encode())
        body = b64url(json.dumps({"sub": "svc-" + d(4), "exp": 1900000000}).encode())
        return f"{head}.{body}.{b64url(bytes(rnd.randrange(256) for _ in range(32)))}"
    if kind == 1:
        return "AKIA" + "".join(rnd.choice(U + D) for _ in range(16))
    if kind == 2:
        return "ghp_" + "".join(rnd.choice(alnum) for _ in range(36))
    if kind == 3:
        return "sk_live_" + "".join(rnd.choice(alnum) for _ in range(24))
    if kind == 4:
        return "xoxb-" + d(11) + "-" + d(12) + "-" + "".join(rnd.choice(alnum) for _ in range(24))
    if kind == 5:
        return "glpat-" + "".join(rnd.choice(alnum) for _ in range(20))
    return "hf_" + "".join(rnd.choice(alnum) for _ in range(34))


POSITIVE = {
    "EMAIL": [
        "Forwarded message from {} on Tuesday",
        "\"owner\": \"{}\", \"role\": \"admin\"",
        "mailto:{}?subject=invoice",
        "Reply-To: {}",
        "cc'd {} and the on-call lead",
    ],
    "PHONE": [
        "Reach the site manager on {} before 9am",
        "\"mobile\": \"{}\"",
        "Caller left a voicemail, call back at {}",
        "Tel. {} (reception)",
        "SMS verification sent to {}",
    ],
    "CARD": [
        "Customer read out card {} over the phone",
        "\"pan\": \"{}\", \"brand\": \"unknown\"",
        "chargeback on {} flagged by the bank",
        "Paid with {} exp 09/28",
        "card number: {}",
    ],
    "IBAN": [
        "Please wire the deposit to {} by Friday",
        "\"account\": \"{}\"",
        "Beneficiary IBAN {} (verified)",
        "Refund goes back to {}",
        "SEPA mandate for {} signed",
    ],
    "SSN": [
        "Employee SSN {} on file",
        "W-2 shows social security number {}",
        "\"ssn\": \"{}\"",
        "verified identity with SSN {} and DOB",
        "tax id (SSN) {} for the contractor",
    ],
    "IP": [
        "Failed login from {} at 02:13",
        "\"client_ip\": \"{}\"",
        "blocked {} after 20 attempts",
        "X-Forwarded-For: {}",
        "the VPN assigned {} to her laptop",
    ],
    "SECRET": [
        "Authorization: Bearer {}",
        "leaked key {} in the build log",
        "\"apiKey\": \"{}\"",
        "export TOKEN={}",
        "rotated {} yesterday",
    ],
}
MAKERS = {"EMAIL": email, "PHONE": phone, "CARD": card, "IBAN": iban, "SSN": ssn, "IP": ip,
          "SECRET": secret}

# ---- realistic negatives ----------------------------------------------------------------------


def isbn13():
    body = "978" + d(9)
    total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body))
    n = body + str((10 - total % 10) % 10)
    return f"{n[:3]}-{n[3]}-{n[4:7]}-{n[7:12]}-{n[12]}" if rnd.random() < 0.5 else n


def ups():
    return "1Z" + "".join(rnd.choice(U + D) for _ in range(6)) + d(10)


def non_luhn(length):
    while True:
        n = rnd.choice("3456") + d(length - 1)
        if not luhn_ok(n):
            return n


NEGATIVES = [
    lambda: f"Upgraded the agent to {rnd.randint(1, 12)}.{rnd.randint(0, 30)}.{rnd.randint(0, 99)}",
    lambda: f"build {rnd.randint(10, 99)}.{rnd.randint(0, 9)}.{rnd.randint(10000, 22999)}.{rnd.randint(1, 9999)} is rolling out",
    lambda: f"requires version >= {rnd.randint(1, 4)}.{rnd.randint(0, 20)}.{rnd.randint(0, 9)}-rc{rnd.randint(1, 5)}",
    lambda: f"the ratio converged to 0.{d(16)}",
    lambda: f"the ratio was 0.{luhn_complete(rnd.choice(['4', '51', '6011']), 16)} after warm-up",
    lambda: f"x = {rnd.randint(1, 99)}.{luhn_complete('4', 16)}, y = {luhn_complete('55', 16)}.{d(1)}",
    lambda: f"mean latency {rnd.randint(1, 99)}.{d(15)} ms",
    lambda: f"score = {rnd.randint(1, 9)}.{d(17)}e-05",
    lambda: f"total {rnd.randint(1, 999)},{d(3)},{d(3)}.{d(2)} USD",
    lambda: f"Order #{d(13)} has shipped",
    lambda: f"order ORD-{rnd.randint(2019, 2026)}-{d(8)} was cancelled",
    lambda: f"invoice INV/{rnd.randint(2020, 2026)}/{d(6)} is overdue",
    lambda: f"UPS tracking {ups()}",
    lambda: f"FedEx tracking number {d(12)}",
    lambda: f"USPS {d(4)} {d(4)} {d(4)} {d(4)} {d(4)} {d(2)}",
    lambda: f"DHL waybill {d(10)} delivered",
    lambda: f"ISBN {isbn13()}",
    lambda: f"see ISBN-10 0-{d(3)}-{d(5)}-X",
    lambda: f"event at {rnd.randint(2019, 2026)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}T{rnd.randint(0, 23):02d}:{rnd.randint(0, 59):02d}:{rnd.randint(0, 59):02d}.{d(3)}Z",
    lambda: f"created_at={rnd.randint(1600000000000, 1800000000000)}",
    lambda: f"backup-{rnd.randint(2019, 2026)}{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}{d(6)}.tar.gz",
    lambda: f"logged {rnd.randint(1, 28):02d}/{rnd.randint(1, 12):02d}/{rnd.randint(2019, 2026)} {rnd.randint(0, 23):02d}:{rnd.randint(0, 59):02d}",
    lambda: f"store located at {rnd.uniform(-60, 60):.6f}, {rnd.uniform(-170, 170):.6f}",
    lambda: f"\"lat\": {rnd.uniform(-80, 80):.7f}, \"lon\": {rnd.uniform(-170, 170):.7f}",
    lambda: f"geo:{rnd.uniform(-80, 80):.5f},{rnd.uniform(-170, 170):.5f}",
    lambda: f"employee id {rnd.randint(100, 999)}-{d(4)}",
    lambda: f"ticket {rnd.randint(100, 999)}-{rnd.randint(100, 999)}-{d(3)} escalated",
    lambda: f"part no. {d(3)}-{d(3)}-{d(4)}-{d(2)}",
    lambda: f"serial {d(4)}-{d(4)}-{d(4)}",
    lambda: f"account number {d(8)} sort code {d(2)}-{d(2)}-{d(2)}",
    lambda: f"case {d(3)} {d(2)} {d(5)} closed",
    lambda: f"commit {''.join(rnd.choice('0123456789abcdef') for _ in range(40))}",
    lambda: f"sha256 {''.join(rnd.choice('0123456789abcdef') for _ in range(64))}",
    lambda: f"request id {''.join(rnd.choice('0123456789abcdef') for _ in range(8))}-{''.join(rnd.choice('0123456789abcdef') for _ in range(4))}-4{''.join(rnd.choice('0123456789abcdef') for _ in range(3))}-a{''.join(rnd.choice('0123456789abcdef') for _ in range(3))}-{''.join(rnd.choice('0123456789abcdef') for _ in range(12))}",
    lambda: f"MAC {':'.join(''.join(rnd.choice('0123456789ABCDEF') for _ in range(2)) for _ in range(6))}",
    lambda: f"card ending in {d(4)} was declined",
    lambda: f"reference {non_luhn(16)} does not pass the check",
    lambda: f"IBAN {iban(valid=False)} was rejected by the bank",
    lambda: f"the docs use user@localhost as a placeholder",
    lambda: f"@{rnd.choice(NAMES).replace('.', '_')} mentioned you in #ops",
    lambda: f"asset icon@{rnd.randint(2, 3)}x.png is missing",
    lambda: f"GPU temp {rnd.randint(40, 90)}.{d(1)} C, fan {d(4)} rpm",
    lambda: f"population {rnd.randint(1, 9)},{d(3)},{d(3)},{d(3)}",
    lambda: f"the token was rotated, see runbook step {rnd.randint(1, 9)}.{rnd.randint(1, 9)}",
    lambda: f"std::chrono::{rnd.choice(['seconds', 'milliseconds'])} and a::b",
    lambda: f"EAN {d(13)} on the shelf label",
    lambda: f"npm package @scope/name@{rnd.randint(1, 9)}.{rnd.randint(0, 9)}.{rnd.randint(0, 9)}",
    lambda: f"dial extension {d(4)} for support",
    lambda: f"SKU {rnd.choice(U)}{rnd.choice(U)}-{d(6)}-{d(2)}",
    lambda: f"temperature range -{rnd.randint(10, 40)}.{d(2)} to {rnd.randint(10, 40)}.{d(2)}",
]


def main():
    rows = []
    for kind, templates in POSITIVE.items():
        for i in range(30):
            rows.append(("pii", kind, templates[i % len(templates)].format(MAKERS[kind]())))
    # a few lines with two entities
    for _ in range(20):
        a, b = rnd.sample(sorted(MAKERS), 2)
        rows.append(("pii", ",".join(sorted([a, b])), f"contact {MAKERS[a]()} / ref {MAKERS[b]()}"))
    for i in range(230):
        rows.append(("clean", "-", NEGATIVES[i % len(NEGATIVES)]()))
    rnd.shuffle(rows)
    for label, types, text in rows:
        print(f"{label}\t{types}\t{text}")


main()
