#!/usr/bin/env python3
"""Sort the TimeML value errors of eventgraph into gold problems and our own errors.

Runs `egeval.py -v timeml` on each gold directory, reads the gold files for their DCTs and for
the counts of competing conventions, and puts every error (VALUE, MISS, EXTRA) in one class:

  gold-wrong    the gold value contradicts its own text: a date that is not the weekday named,
                an ISO week that is not zero-padded, a bare year valued YYYY-XX, a duration whose
                number or unit is not the one written;
  gold-anchor   a weekday or clock time the gold dates more than a week from the DCT (or a clock
                time on another day) with no date in the text: anchored on something unstated;
  split:NAME    a convention the gold itself applies both ways (week numbers or WXX, a year or a
                quarter for "a year ago", TNI or the plain date for "Friday night", ...), or the
                same amount in another unit (P1E and P10Y); for weeks the gold counts of each side
                are printed;
  tag-split     a word the gold tags at some occurrences and not at others ("now", "recently",
                bare "years") or a dateline tagged in some files only;
  ours          everything else: our errors (or ones this script cannot class).

The last lines give the value F1 a system would reach if every "ours" error were mended and every
other one stayed: the ceiling for rules that do not copy the gold's per-document choices.

  python3 tools/timeml_audit.py BIN GOLD_DIR [GOLD_DIR ...]
  (egeval.py is looked up in ../shared/eval beside the repository)
"""
import collections
import datetime
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
EGEVAL = os.path.join(HERE, "..", "..", "shared", "eval", "egeval.py")

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
NUMBERS.update({"a": 1, "an": 1})
UNITS = {"year": "Y", "month": "M", "week": "W", "day": "D", "hour": "H", "decade": "DE"}
LINE = re.compile(r"^\s+(VALUE|MISS|EXTRA) (\S+): '(.*?)' (.*)$")
TAG_WORDS = {"now", "recently", "currently", "current", "presently", "future", "the future",
             "years", "months", "days", "weeks", "decades", "recent years", "recent days", "daily",
             "soon", "recent", "previously", "once", "earlier", "already"}


def dct_of(path):
    t = open(path, encoding="utf-8").read()
    m = re.search(r"<DCT>.*?value=\"(\d{4}-\d{2}-\d{2})", t, re.S)
    return datetime.date.fromisoformat(m.group(1)) if m else None


def day_of(v):
    m = re.match(r"(\d{4}-\d{2}-\d{2})", v or "")
    try:
        return datetime.date.fromisoformat(m.group(1)) if m else None
    except ValueError:
        return None


def number_in(text):
    for w in re.findall(r"[a-z0-9]+", text.lower()):
        if w.isdigit():
            return int(w)
        if w in NUMBERS:
            return NUMBERS[w]
    return None


def unit_in(text):
    for w in re.findall(r"[a-z]+", text.lower()):
        w = w[:-1] if w.endswith("s") else w
        if w in UNITS:
            return UNITS[w]
    return None


def amount_years(v):
    """A duration's length in hours, whatever unit it is written in (None if vague)."""
    m = re.fullmatch(r"P(T?)(\d+)(Y|M|W|D|H|E|DE|C|CE|L|ML)", v or "")
    if not m:
        return None
    hours = {"Y": 8766, "M": 730.5, "W": 168, "D": 24, "H": 1, "E": 87660, "DE": 87660,
             "C": 876600, "CE": 876600, "L": 8766000, "ML": 8766000}
    unit = "H" if m.group(1) and m.group(3) == "H" else m.group(3)
    if m.group(1) and m.group(3) == "M":
        return None  # minutes
    return int(m.group(2)) * hours[unit]


def week_form(v):
    if re.fullmatch(r"\d{4}-W\d\d?(-WE)?", v):
        return "numbered week"
    if v.endswith("WXX"):
        return "WXX"
    if v.startswith("P"):
        return "duration"
    return "month/day/XX"


def classify(kind, text, gold, sys_, dct):
    t = text.lower().strip(" .,")
    if kind == "VALUE":
        gd = day_of(gold)
        if amount_years(gold) is not None and amount_years(gold) == amount_years(sys_):
            return "split:unit"  # P1E = P10Y, P2L = P2000Y, P1D = PT24H
        # gold-wrong
        for i, w in enumerate(WEEKDAYS):
            if w in t and gd and re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", gold) and gd.weekday() != i \
                    and not re.search(r"before|after|day", t.replace(w, "")):
                return "gold-wrong"
        if re.search(r"-W\d(?!\d)", gold):
            return "gold-wrong"
        if re.fullmatch(r"\d{4}-XX(-XX)?", gold) and (re.fullmatch(r"\d{4}", t) or "ago" in t):
            return "gold-wrong"
        if gold.startswith("P") and not gold.startswith("PX") and sys_.startswith("P"):
            n, u = number_in(t), unit_in(t)
            gm = re.fullmatch(r"PT?(\d+)([A-Z]+)", gold)
            if n is not None and u and gm and "or" not in t.split() and "to" not in t.split() and \
                    (int(gm.group(1)) != n or gm.group(2) != u) and not (u == "DE" and gm.group(2) == "Y"):
                return "gold-wrong"
        # gold-anchor
        sd = day_of(sys_)
        if gd and dct and sd and gd != sd:
            named_day = any(w in t for w in WEEKDAYS)
            clock = re.search(r"\d\s*(a\.m|p\.m)|noon|midnight", t)
            if named_day and abs((gd - dct).days) > 7 and not re.search(r"last|next|before|after", t):
                return "gold-anchor"
            if clock and not named_day and not re.search(r"[a-z]{3}\.? \d|yesterday|tomorrow", t) and sd == dct:
                return "gold-anchor"
        # splits
        if re.search(r"\b(week|weekend)\b", t) and not re.search(r"\d", t):
            return "split:week"
        if re.sub(r"T(NI|EV|MO|AF)$", "", gold) == re.sub(r"T(NI|EV|MO|AF)$", "", sys_):
            return "split:part-of-day"
        if gold.startswith("P") and not sys_.startswith("P"):
            return "split:deictic-as-duration"
        if "Q" in gold or "Q" in sys_:
            return "split:quarter-year"
        if gold.endswith("_REF") != sys_.endswith("_REF"):
            return "split:REF-vs-PX"
        if re.fullmatch(r"\d{3}X?", gold) and re.fullmatch(r"\d{3}X?", sys_):
            return "split:decade"
        if gold.startswith(sys_) or sys_.startswith(gold.replace("-XX", "")):
            return "split:granularity"
        if gold.startswith("P") and sys_.startswith("P"):
            return "split:vague-amount"
        return "ours"
    if kind == "EXTRA" or kind == "MISS":
        if t in TAG_WORDS or t.rstrip("s") in TAG_WORDS:
            return "tag-split"
        if kind == "EXTRA" and re.fullmatch(r"(january|february|march|april|may|june|july|august|"
                                            r"september|october|november|december) \d{1,2}", t):
            return "tag-split"  # a dateline the gold tags in some files only
        if kind == "EXTRA" and re.search(r"\b(days?|hours?|months?|years?|weeks?)\b", t) and \
                (sys_.startswith("P") or sys_.startswith("PT")):
            return "tag-split"  # a duration the guidelines tag and this gold left out
        return "ours"
    return "ours"


def side_counts(gold_dirs):
    """How the gold values week expressions, across all given sets."""
    c = collections.Counter()
    for d in gold_dirs:
        for f in os.listdir(d):
            if not f.endswith(".tml"):
                continue
            t = open(os.path.join(d, f), encoding="utf-8").read()
            for m in re.finditer(r"<TIMEX3([^>]*)>([^<]*)</TIMEX3>", t):
                txt = m.group(2).lower()
                v = re.search(r'value="([^"]*)"', m.group(1))
                if v and re.fullmatch(r"(the |early |late |earlier |later )?(last|this|next|past) week", txt):
                    c[week_form(v.group(1))] += 1
    return c


def main():
    if len(sys.argv) < 3:
        print(__doc__.strip().splitlines()[-2].strip(), file=sys.stderr)
        sys.exit(2)
    binary, dirs = sys.argv[1], sys.argv[2:]
    for d in dirs:
        out = subprocess.run([sys.executable, EGEVAL, "--bin", binary, "-v", "timeml", d],
                             capture_output=True, text=True, check=True).stdout
        summary = dict(re.findall(r"(\w+)_f1=([\d.]+)", out.splitlines()[-1]))
        counts = re.search(r"timexes gold=(\d+) system=(\d+)", out)
        g, s = int(counts.group(1)), int(counts.group(2))
        value_ok = round(float(summary["value"]) * (g + s) / 200)
        cls = collections.Counter()
        by = collections.defaultdict(collections.Counter)
        for line in out.splitlines():
            m = LINE.match(line)
            if not m:
                continue
            kind, f, text, rest = m.groups()
            gm = re.search(r"gold=(\S*) sys=(\S*)", rest)
            gold, sys_ = (gm.group(1), gm.group(2)) if gm else (rest.split()[0] if rest else "", rest)
            if kind == "EXTRA":
                gold, sys_ = "", rest.split()[0] if rest.split() else ""
            c = classify(kind, text, gold, sys_, dct_of(os.path.join(d, f)))
            cls[c] += 1
            by[c][kind] += 1
        name = os.path.basename(os.path.normpath(d))
        print(f"{name}: gold={g} system={s} value-correct={value_ok} value_f1={summary['value']}")
        for c, n in sorted(cls.items(), key=lambda x: (-x[1], x[0])):
            print(f"  {c:28s} {n:4d}  ({', '.join(f'{k} {v}' for k, v in sorted(by[c].items()))})")
        ours = by["ours"]
        c2 = value_ok + ours["VALUE"] + ours["MISS"]
        s2 = s - ours["EXTRA"] + ours["MISS"]
        print(f"  ceiling with every 'ours' error mended: value_f1={200 * c2 / (g + s2):.2f}")
    wc = side_counts(dirs)
    print("gold values of 'last/this/next/past week' in these sets: " +
          ", ".join(f"{k} {v}" for k, v in wc.most_common()))


if __name__ == "__main__":
    main()
