#!/usr/bin/env python3
"""Generates corpus.tsv, the labelled PII corpus for PiiCorpusTest.

Every value is synthetic: random digits with valid check digits, example.* domains, documentation
IP ranges and made-up keys. Columns: label (pii|clean), expected entity types (comma-separated,
or '-'), text. Run from this directory: python3 generate_corpus.py > corpus.tsv
"""
import base64
import json
import random
import string

rnd = random.Random(20261129)
FIRST = ["ann", "bob", "chloe", "dmitri", "eva", "farah", "gustav", "hana", "ivan", "jules", "kofi",
         "lena", "marta", "nils", "olga", "priya", "quentin", "rosa", "sven", "tariq", "uma", "vera"]
LAST = ["berg", "costa", "dahl", "evans", "fischer", "garcia", "hansen", "ito", "jensen", "kim", "lund"]
DOMAINS = ["example.com", "example.org", "example.net", "mail.example.co.uk", "corp.example.io",
           "example.de", "dept.example.edu"]


def email():
    style = rnd.randrange(5)
    f, l = rnd.choice(FIRST), rnd.choice(LAST)
    local = [f"{f}.{l}", f"{f}{rnd.randrange(100)}", f"{f[0]}{l}", f"{f}+news", f"{f}_{l}"][style]
    return f"{local}@{rnd.choice(DOMAINS)}"


def digits(n):
    return "".join(rnd.choice(string.digits) for _ in range(n))


def phone():
    kind = rnd.randrange(9)
    if kind == 0:
        return f"+1 {rnd.randint(201, 989)} 555 {digits(4)}"
    if kind == 1:
        return f"+44 20 7946 {digits(4)}"
    if kind == 2:
        return f"+49 30 {digits(7)}"
    if kind == 3:
        return f"+33 1 {digits(2)} {digits(2)} {digits(2)} {digits(2)}"
    if kind == 4:
        return f"+4915{digits(9)}"
    if kind == 5:
        return f"({rnd.randint(201, 989)}) 555-{digits(4)}"
    if kind == 6:
        sep = rnd.choice(["-", "."])
        return f"{rnd.randint(201, 989)}{sep}555{sep}{digits(4)}"
    if kind == 7:
        return rnd.choice([f"020 7946 {digits(4)}", f"07700 900{digits(3)}", f"030 {digits(7)}"])
    return f"0{rnd.randint(1, 5)} {digits(2)} {digits(2)} {digits(2)} {digits(2)}"


def luhn_complete(prefix, length):
    body = prefix + digits(length - len(prefix) - 1)
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return body + str((10 - total % 10) % 10)


def card(valid=True):
    prefix, length = rnd.choice([("4", 16), ("51", 16), ("55", 16), ("2221", 16), ("34", 15), ("37", 15),
                                 ("6011", 16), ("65", 16), ("3530", 16), ("4", 19), ("62", 16)])
    number = luhn_complete(prefix, length)
    if not valid:
        last = int(number[-1])
        number = number[:-1] + str((last + rnd.randint(1, 9)) % 10)
    style = rnd.randrange(3)
    if style == 0:
        return number
    sep = " " if style == 1 else "-"
    if length == 15:
        return sep.join([number[:4], number[4:10], number[10:]])
    return sep.join(number[i:i + 4] for i in range(0, length, 4))


IBAN_COUNTRIES = {"DE": 22, "FR": 27, "GB": 22, "NL": 18, "ES": 24, "IT": 27, "BE": 16, "NO": 15,
                  "CH": 21, "AT": 20, "PL": 28, "SE": 24}


def iban_check(country, bban):
    rearranged = bban + country + "00"
    num = "".join(str(int(c, 36)) for c in rearranged)
    return 98 - int(num) % 97


def iban(valid=True, grouped=None):
    country = rnd.choice(list(IBAN_COUNTRIES))
    length = IBAN_COUNTRIES[country]
    if country == "GB":
        bban = "".join(rnd.choice(string.ascii_uppercase) for _ in range(4)) + digits(14)
    elif country == "NL":
        bban = "".join(rnd.choice(string.ascii_uppercase) for _ in range(4)) + digits(10)
    else:
        bban = digits(length - 4)
    if country == "IT":
        # Italy's BBAN starts with a letter (the CIN); derived from the first digit so that the
        # random sequence, and so every other line, stays as it was.
        bban = chr(ord("A") + int(bban[0])) + bban[1:]
    check = iban_check(country, bban)
    if not valid:
        check = (check + rnd.randint(1, 50)) % 97 + 2
        if check == iban_check(country, bban):
            check = (check % 97) + 1
    value = f"{country}{check:02d}{bban}"
    if grouped is None:
        grouped = rnd.random() < 0.5
    return " ".join(value[i:i + 4] for i in range(0, len(value), 4)) if grouped else value


def ssn(valid=True):
    if valid:
        area = rnd.choice([n for n in range(1, 900) if n != 666])
        group, serial = rnd.randint(1, 99), rnd.randint(1, 9999)
    else:
        area, group, serial = rnd.choice([
            (0, rnd.randint(1, 99), rnd.randint(1, 9999)), (666, rnd.randint(1, 99), rnd.randint(1, 9999)),
            (rnd.randint(900, 999), rnd.randint(1, 99), rnd.randint(1, 9999)),
            (rnd.randint(1, 665), 0, rnd.randint(1, 9999)), (rnd.randint(1, 665), rnd.randint(1, 99), 0)])
    sep = rnd.choice(["-", "-", " "])
    return f"{area:03d}{sep}{group:02d}{sep}{serial:04d}"


def ipv4():
    return rnd.choice([f"192.0.2.{rnd.randint(1, 254)}", f"198.51.100.{rnd.randint(1, 254)}",
                       f"203.0.113.{rnd.randint(1, 254)}", f"10.{rnd.randint(0, 255)}.{rnd.randint(0, 255)}.{rnd.randint(1, 254)}"])


def ipv6():
    h = lambda: format(rnd.randint(0, 0xFFFF), "x")
    return rnd.choice([f"2001:db8:{h()}:{h()}::{h()}", f"2001:0db8:85a3:0000:0000:8a2e:0370:{format(rnd.randint(0, 0xFFFF), '04x')}",
                       "::1", f"fe80::{h()}:{h()}", f"::ffff:192.0.2.{rnd.randint(1, 254)}", f"2001:db8::{h()}"])


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def rand_token(n, alphabet=string.ascii_letters + string.digits):
    return "".join(rnd.choice(alphabet) for _ in range(n))


def secret():
    kind = rnd.randrange(7)
    if kind == 0:
        header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        payload = b64(json.dumps({"sub": str(rnd.randint(1, 10**6)), "iat": 1700000000 + rnd.randint(0, 10**6)}).encode())
        return f"{header}.{payload}.{b64(bytes(rnd.randrange(256) for _ in range(32)))}"
    if kind == 1:
        return "sk-proj-" + rand_token(40)
    if kind == 2:
        return "ghp_" + rand_token(36)
    if kind == 3:
        return "AKIA" + rand_token(16, string.ascii_uppercase + string.digits)
    if kind == 4:
        return f"xoxb-{digits(11)}-{digits(12)}-{rand_token(24)}"
    if kind == 5:
        return "sk_live_" + rand_token(24)
    return "glpat-" + rand_token(20)


POSITIVE_TEMPLATES = {
    "EMAIL": ["Contact {} for details.", "reply-to: {}", "Sent by {} on Monday", "cc {}; bcc nobody",
              "Owner email {} (primary)", "<{}>"],
    "PHONE": ["Call me at {} after 5pm.", "tel: {}", "Mobile {} (work)", "Reach support on {}.",
              "phone={}"],
    "CARD": ["Card number {} expires 04/27", "Paid with {}.", "PAN: {}", "card {} was declined"],
    "IBAN": ["Please wire to {} by Friday.", "IBAN: {}", "Account {} (savings)", "refund to {}"],
    "SSN": ["SSN {} on file", "Social security number: {}", "ssn={}", "Applicant SSN is {}."],
    "IP": ["Login from {} at 10:42", "client_ip={}", "Blocked {} after 5 attempts", "host {} responded"],
    "SECRET": ["Authorization: Bearer {}", "leaked key {} in logs", "token {} rotated", "export KEY={}"],
}
MAKERS = {"EMAIL": email, "PHONE": phone, "CARD": card, "IBAN": iban, "SSN": ssn,
          "IP": lambda: ipv4() if rnd.random() < 0.55 else ipv6(), "SECRET": secret}

LOOK_ALIKES = [
    lambda: f"Order ORD-{rnd.randint(2019, 2025)}-{digits(6)} shipped",
    lambda: f"Invoice {digits(9)} is due",
    lambda: f"Business id {digits(9)} registered in 2019",
    lambda: f"Company number {digits(9)}",
    lambda: f"EIN {digits(2)}-{digits(7)}",
    lambda: f"DUNS {digits(2)}-{digits(3)}-{digits(4)}",
    lambda: f"Meeting on {rnd.randint(2000, 2030)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d} at 10:30",
    lambda: f"Deadline {rnd.randint(1, 28):02d}.{rnd.randint(1, 12):02d}.{rnd.randint(2000, 2030)}",
    lambda: f"Timestamp {rnd.randint(2000, 2030)}-0{rnd.randint(1, 9)}-1{rnd.randint(0, 9)}T{rnd.randint(10, 23)}:{rnd.randint(10, 59)}:{rnd.randint(10, 59)}Z",
    lambda: f"Upgrade to v{rnd.randint(1, 20)}.{rnd.randint(0, 30)}.{rnd.randint(0, 99)}",
    lambda: f"Running version {rnd.randint(1, 9)}.{rnd.randint(0, 9)}.{rnd.randint(0, 20)}",
    lambda: f"Windows build 10.0.{rnd.randint(10000, 22999)}.{rnd.randint(1, 999)}",
    lambda: f"release v{rnd.randint(1, 9)}.{rnd.randint(0, 9)}.{rnd.randint(0, 9)}.{rnd.randint(0, 9)} notes",
    lambda: f"Card number {card(valid=False)} failed the check",
    lambda: f"Reference {luhn_complete('1', 16)}",
    lambda: f"IBAN {iban(valid=False)} was rejected",
    lambda: f"Product code AB{digits(2)} {digits(4)} {digits(4)} {digits(4)}",
    lambda: f"SSN field {ssn(valid=False)} is invalid",
    lambda: f"Pallet {digits(3)}-{digits(3)}-{digits(3)} in aisle 4",
    lambda: f"Room {rnd.randint(100, 999)}, extension {digits(4)}",
    lambda: f"ISBN 978-{rnd.randint(0, 9)}-{digits(2)}-{digits(6)}-{rnd.randint(0, 9)}",
    lambda: f"Total {rnd.randint(1, 999)},{digits(3)},{digits(3)}.{digits(2)} EUR",
    lambda: f"Batch {digits(2)} {digits(3)} {digits(3)} of {rnd.randint(2, 9)}",
    lambda: f"Elapsed {rnd.randint(0, 23):02d}:{rnd.randint(0, 59):02d}:{rnd.randint(0, 59):02d}",
    lambda: f"Device MAC {':'.join(format(rnd.randint(0, 255), '02X') for _ in range(6))}",
    lambda: f"Use std::vector and Map::get",
    lambda: f"Octets {rnd.randint(256, 999)}.{rnd.randint(0, 255)}.{rnd.randint(0, 255)}.{rnd.randint(0, 255)} are invalid",
    lambda: f"Subnet prefix 10.{rnd.randint(0, 255)}.{rnd.randint(0, 255)} only",
    lambda: f"Mention @{rnd.choice(FIRST)} in the thread",
    lambda: f"ssh {rnd.choice(FIRST)}@localhost",
    lambda: f"icon {rnd.choice(['logo', 'avatar', 'banner'])}@2x.png",
    lambda: f"Price: 3 items @ {rnd.randint(1, 99)}.{digits(2)} each",
    lambda: f"token: see the docs",
    lambda: f"api_key=YOUR_API_KEY_HERE",
    lambda: f"request id {'-'.join([rand_token(8, '0123456789abcdef'), rand_token(4, '0123456789abcdef'), rand_token(4, '0123456789abcdef'), rand_token(4, '0123456789abcdef'), rand_token(12, '0123456789abcdef')])}",
    lambda: f"commit {rand_token(40, '0123456789abcdef')}",
    lambda: f"sk-{digits(3)} is a SKU",
    lambda: f"Tracking 1Z{rand_token(6, string.ascii_uppercase + string.digits)}{digits(10)}",
    lambda: f"Epoch millis {rnd.randint(1600000000000, 1800000000000)}",
    lambda: f"Account reference {rand_token(4, string.ascii_uppercase)}{digits(10)}",
    lambda: f"Call duration {rnd.randint(1, 59)} min, queue {digits(4)}",
    lambda: f"Zip {digits(5)}-{digits(4)} delivery",
]

lines = []
types = list(MAKERS)
for i in range(175):
    primary = types[i % len(types)]
    text = rnd.choice(POSITIVE_TEMPLATES[primary]).format(MAKERS[primary]())
    expected = [primary]
    if i % 5 == 0:
        second = types[(i // 5 + 3) % len(types)]
        if second != primary:
            text += " / " + rnd.choice(POSITIVE_TEMPLATES[second]).format(MAKERS[second]())
            expected.append(second)
    if i % 7 == 0:
        text += " (" + rnd.choice(LOOK_ALIKES)() + ")"
    lines.append(("pii", ",".join(sorted(set(expected))), text))
for i in range(175):
    lines.append(("clean", "-", LOOK_ALIKES[i % len(LOOK_ALIKES)]()))

# Hand-written lines: mixed languages, several entities, tricky neighbours.
lines += [
    ("pii", "EMAIL", "Écrivez à zoë.dupont@exemple.fr avant vendredi"),
    ("pii", "EMAIL", "客户邮箱 li.lei@example.cn 已验证"),
    ("pii", "EMAIL,PHONE", "Kontakt: jens.berg@example.de, Tel. +49 89 1234567"),
    ("pii", "IP", "upstream [2001:db8::8a2e:370:7334]:443 timed out"),
    ("pii", "IP", "X-Forwarded-For: 198.51.100.23, 10.0.0.7"),
    ("pii", "SECRET", '{"api_key": "a1b2c3d4e5f6g7h8i9j0k1l2"}'),
    ("pii", "SECRET", "password=Tr0ub4dor-and-3xtra-long"),
    ("pii", "CARD", "Amex 3782 822463 10005 on file"),
    ("pii", "CARD,EMAIL", "receipt for 5555555555554444 sent to billing@example.com"),
    ("pii", "IBAN", "Überweisung an DE89 3704 0044 0532 0130 00, Verwendungszweck 2024-117"),
    ("pii", "SSN", "SSN: 078-51-1120 (verified 2024-03-01)"),
    ("pii", "PHONE", "Ring 020 7946 0018 or write to the office"),
    ("clean", "-", "Wir treffen uns am 03.04.2025 um 14:30 Uhr in Raum 4.12"),
    ("clean", "-", "Build 2024.03.15-rc2 passed 1024 tests in 12.5 s"),
    ("clean", "-", "The ratio was 3.14159 and the total 4,294,967,296"),
    ("clean", "-", "Coordinates 59.9139, 10.7522 (Oslo)"),
    ("clean", "-", "docker pull registry.example.com/app:1.2.3"),
    ("clean", "-", "See RFC 5322 section 3.4.1 for the address grammar"),
    ("clean", "-", "Part no. 4000-1234-5678-9010-XL is discontinued"),
    ("clean", "-", "Lot 0800 555 shipped"),
]

for label, expected, text in lines:
    assert "\t" not in text and "\n" not in text
    print(f"{label}\t{expected}\t{text}")
