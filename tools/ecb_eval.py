#!/usr/bin/env python3
"""Cross-document event coreference of `eventgraph build` on ECB+.

Usage: ecb_eval.py BIN ECB_DIR [--topics 1,2,...] [--data DIR] [--no-dates] [--keep DIR] [-j N] [-v]
       ecb_eval.py --self-test

For each topic folder ECB_DIR/N (files N_Mecb.xml and N_Mecbplus.xml, the two sub-topics), every
document's text is rebuilt from its tokens (tokens joined by one space, one sentence a line; a
token -> byte span map is kept), the documents are written as one JSON Lines batch (`id` = file
stem, `date` = a date read from the document's first four lines when there is one, else null;
`text`) and `BIN build --format jsonl FILE -o graph.json -q` is run on it. Each event node's
mentions (document + byte span of the trigger or coreferent span) are matched one to one to gold
ACTION_* mentions by token overlap (most shared tokens first). Reported:

- mention recall / precision of the gold ACTION_* mentions;
- on the mentions matched on both sides: MUC, B3, CEAF-e and their mean (CoNLL F1) of the event
  clusters (within and across documents: a system cluster is an event node; a gold cluster is a
  CROSS_DOC_COREF chain by its note (instance), or an INTRA_DOC_COREF chain, else a singleton);
- the cross-document pairs alone (pairs of matched mentions in different documents: precision and
  recall of "same event"), and how many event nodes join the two sub-topics of a topic;
- the same scores for two baselines built from the same matched mentions: every mention its own
  cluster (singletons), and one cluster per (sub-topic, event kind of the matched node) (kind).

Metrics are computed over all topics at once (clusters never span topics). The metric code is
checked by --self-test on hand-computed examples. Nothing from the corpus is written outside a
temporary folder (or --keep DIR).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor

# ---------------------------------------------------------------- metrics


def _f1(p, r):
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def clusters_of(labels):
    """{mention: cluster label} -> {label: set(mentions)}."""
    out = defaultdict(set)
    for m, c in labels.items():
        out[c].add(m)
    return out


def muc(key, resp):
    """MUC (Vilain et al. 1995) of two labelings of the same mentions: (P, R, F)."""
    def score(a, b):
        num = den = 0
        for members in clusters_of(a).values():
            parts = {b[m] for m in members}
            num += len(members) - len(parts)
            den += len(members) - 1
        return num / den if den else 0.0
    r = score(key, resp)
    p = score(resp, key)
    return p, r, _f1(p, r)


def b_cubed(key, resp):
    """B3 (Bagga & Baldwin 1998), mention-averaged: (P, R, F)."""
    if not key:
        return 0.0, 0.0, 0.0
    kc, rc = clusters_of(key), clusters_of(resp)
    p = r = 0.0
    for m in key:
        k, s = kc[key[m]], rc[resp[m]]
        inter = len(k & s)
        p += inter / len(s)
        r += inter / len(k)
    n = len(key)
    return p / n, r / n, _f1(p / n, r / n)


def hungarian_max(w):
    """Maximum-weight assignment of a rectangular matrix `w` (list of rows, weights >= 0):
    returns the total weight. O(n^3) Kuhn-Munkres (potentials), on the padded square matrix."""
    n = max(len(w), max((len(r) for r in w), default=0))
    if n == 0:
        return 0.0
    big = max((x for r in w for x in r), default=0.0)
    # minimise cost = big - weight on an n x n matrix padded with weight 0
    cost = [[big - (w[i][j] if i < len(w) and j < len(w[i]) else 0.0) for j in range(n)]
            for i in range(n)]
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (n + 1)
    p = [0] * (n + 1)
    way = [0] * (n + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    total = 0.0
    for j in range(1, n + 1):
        i = p[j]
        if i and i - 1 < len(w) and j - 1 < len(w[i - 1]):
            total += w[i - 1][j - 1]
    return total


def ceaf_e(key, resp):
    """Entity-based CEAF (Luo 2005, phi4 = 2|K&R| / (|K|+|R|)): (P, R, F). The optimal alignment
    is computed per connected component of the key/response overlap graph."""
    kc, rc = clusters_of(key), clusters_of(resp)
    if not kc or not rc:
        return 0.0, 0.0, 0.0
    # connected components over clusters linked by a shared mention
    parent = {}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    for k in kc:
        parent[("k", k)] = ("k", k)
    for r in rc:
        parent[("r", r)] = ("r", r)
    for m in key:
        a, b = find(("k", key[m])), find(("r", resp[m]))
        if a != b:
            parent[a] = b
    comps = defaultdict(lambda: ([], []))
    for k in kc:
        comps[find(("k", k))][0].append(k)
    for r in rc:
        comps[find(("r", r))][1].append(r)
    total = 0.0
    for ks, rs in comps.values():
        w = [[2 * len(kc[k] & rc[r]) / (len(kc[k]) + len(rc[r])) for r in rs] for k in ks]
        total += hungarian_max(w)
    p, r = total / len(rc), total / len(kc)
    return p, r, _f1(p, r)


def all_scores(key, resp):
    """{'muc','b3','ceafe': (P,R,F), 'conll': mean F}."""
    s = {"muc": muc(key, resp), "b3": b_cubed(key, resp), "ceafe": ceaf_e(key, resp)}
    s["conll"] = (s["muc"][2] + s["b3"][2] + s["ceafe"][2]) / 3
    return s


def cross_doc_pairs(key, resp, doc_of):
    """Pairs of mentions in different documents: (P, R, F, system pairs, gold pairs) of "same
    event"."""
    def pairs(lab):
        out = set()
        for members in clusters_of(lab).values():
            ms = sorted(members)
            for i in range(len(ms)):
                for j in range(i + 1, len(ms)):
                    if doc_of[ms[i]] != doc_of[ms[j]]:
                        out.add((ms[i], ms[j]))
        return out
    g, s = pairs(key), pairs(resp)
    hit = len(g & s)
    p = hit / len(s) if s else 0.0
    r = hit / len(g) if g else 0.0
    return p, r, _f1(p, r), len(s), len(g)


def self_test():
    ok = True

    def check(name, got, want):
        nonlocal ok
        if abs(got - want) > 1e-9:
            print(f"FAIL {name}: got {got:.6f}, want {want:.6f}")
            ok = False
    # Example 1: key {a,b,c} {d,e}; response {a,b} {c,d,e}
    key = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}
    resp = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}
    p, r, f = muc(key, resp)
    check("muc1.p", p, 2 / 3), check("muc1.r", r, 2 / 3)
    p, r, f = b_cubed(key, resp)
    check("b3.1.p", p, 11 / 15), check("b3.1.r", r, 11 / 15)
    p, r, f = ceaf_e(key, resp)
    check("ceafe1.p", p, 0.8), check("ceafe1.r", r, 0.8)
    # Example 2 (asymmetric): key {a,b,c,d}; response {a,b} {c} {d}
    key = {"a": 1, "b": 1, "c": 1, "d": 1}
    resp = {"a": "x", "b": "x", "c": "y", "d": "z"}
    p, r, f = muc(key, resp)
    check("muc2.p", p, 1.0), check("muc2.r", r, 1 / 3), check("muc2.f", f, 0.5)
    p, r, f = b_cubed(key, resp)
    check("b3.2.p", p, 1.0), check("b3.2.r", r, 0.375)
    p, r, f = ceaf_e(key, resp)
    check("ceafe2.p", p, 2 / 9), check("ceafe2.r", r, 2 / 3)
    # swapping key and response swaps precision and recall
    p2, r2, _ = b_cubed(resp, key)
    check("b3.swap", p2, 0.375)
    # all singletons against singletons: MUC 0 (no links), B3 and CEAF-e perfect
    single = {"a": 1, "b": 2}
    check("muc.single", muc(single, dict(single))[2], 0.0)
    check("b3.single", b_cubed(single, dict(single))[2], 1.0)
    check("ceafe.single", ceaf_e(single, dict(single))[2], 1.0)
    # the assignment must be optimal where greedy is not (0.9 alone < 0.8 + 0.8)
    check("hungarian", hungarian_max([[0.9, 0.8], [0.8, 0.0]]), 1.6)
    check("hungarian.rect", hungarian_max([[0.1, 0.5, 0.2]]), 0.5)
    # cross-document pairs: a,b in doc 1, c in doc 2
    key = {"a": 1, "b": 1, "c": 1}
    resp = {"a": "x", "b": "y", "c": "x"}
    p, r, f, ns, ng = cross_doc_pairs(key, resp, {"a": 1, "b": 1, "c": 2})
    check("pairs.p", p, 1.0), check("pairs.r", r, 0.5)
    # token-overlap matching is one to one, most overlap first
    gold = [("d", "g1", frozenset({1, 2})), ("d", "g2", frozenset({3}))]
    sysm = [("d", "s1", frozenset({2, 3})), ("d", "s2", frozenset({1, 2}))]
    match = match_mentions(gold, sysm)
    if match != {"g1": "s2", "g2": "s1"}:
        print("FAIL matching:", match)
        ok = False
    print("self-test", "ok" if ok else "FAILED")
    return 0 if ok else 1


# ---------------------------------------------------------------- corpus

MONTHS = {m: i + 1 for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split())}
_MON = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_MDY = re.compile(r"\b" + _MON + r" ?\.? (\d{1,2}) ?(?:st|nd|rd|th)? ?,? (\d{4})\b", re.I)
_DMY = re.compile(r"\b(\d{1,2}) " + _MON + r" ?\.? ,? ?(\d{4})\b", re.I)
_NUM = re.compile(r"(?<![\d/] )\b(\d{1,2}) / (\d{1,2}) / (\d{4}|\d\d)\b(?! /)")
_URL = re.compile(r"/ ((?:19|20)\d\d) / (\d\d) / (\d\d) /")
_ISO = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")


def find_date(lines):
    """A publication date in a document's first five lines (a byline date "Nov . 30 , 2009",
    "MAY 2 , 2013", "13 June 2013", US "05 / 02 / 2013" or "12 / 16 / 08", an ISO date, or
    /YYYY/MM/DD/ in the URL line), or None."""
    for line in lines[:5]:
        for rx, order in ((_MDY, "mdy"), (_DMY, "dmy"), (_NUM, "mdy"), (_URL, "ymd"), (_ISO, "ymd")):
            m = rx.search(line)
            if not m:
                continue
            if rx is _NUM:
                mo, d, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
                y += 2000 if y < 100 else 0
            elif order == "mdy":
                mo, d, y = MONTHS[m.group(1)[:3].lower()], int(m.group(2)), int(m.group(3))
            elif order == "dmy":
                d, mo, y = int(m.group(1)), MONTHS[m.group(2)[:3].lower()], int(m.group(3))
            else:
                y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if 1 <= mo <= 12 and 1 <= d <= 31 and 1900 < y < 2100:
                if d > 28 and (mo == 2 or (d == 31 and mo in (4, 6, 9, 11))):
                    continue
                return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def read_doc(path):
    """One ECB+ document: id, text, token byte spans, gold ACTION mentions and their chains."""
    root = ET.parse(path).getroot()
    doc = os.path.basename(path)[:-4]
    sents = defaultdict(list)
    for t in root.iter("token"):
        sents[int(t.get("sentence"))].append((int(t.get("t_id")), t.text or ""))
    parts, span, pos, lines = [], {}, 0, []
    for k, s in enumerate(sorted(sents)):
        if k:
            parts.append("\n")
            pos += 1
        words = []
        for i, (tid, w) in enumerate(sents[s]):
            if i:
                parts.append(" ")
                pos += 1
            b = w.encode("utf-8")
            span[tid] = (pos, pos + len(b))
            parts.append(w)
            words.append(w)
            pos += len(b)
        lines.append(" ".join(words))
    text = "".join(parts)
    mentions = {}  # m_id -> set of token ids
    for el in root.find("Markables") if root.find("Markables") is not None else []:
        if el.tag.startswith("ACTION_"):
            toks = frozenset(int(a.get("t_id")) for a in el.findall("token_anchor"))
            if toks:
                mentions[el.get("m_id")] = toks
    chain = {}
    rel = root.find("Relations")
    for r in rel if rel is not None else []:
        if r.tag == "CROSS_DOC_COREF":
            cid = "x:" + (r.get("note") or "")
        elif r.tag == "INTRA_DOC_COREF":
            t = r.find("target")
            cid = f"i:{doc}:{t.get('m_id') if t is not None else r.get('r_id')}"
        else:
            continue
        for s in r.findall("source"):
            if s.get("m_id") in mentions:
                chain[s.get("m_id")] = cid
    return {"id": doc, "text": text, "span": span, "mentions": mentions, "chain": chain,
            "date": find_date(lines), "sub": "ecbplus" if doc.endswith("ecbplus") else "ecb"}


def natural_key(name):
    return [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", name)]


def match_mentions(gold, sysm):
    """One-to-one matching of gold and system mentions of one document set by token overlap:
    `gold`/`sysm` are lists of (doc, key, frozenset tokens); pairs sharing the most tokens are
    taken first (ties by key order). Returns {gold key: system key}."""
    by_tok = defaultdict(list)
    for d, k, toks in gold:
        for t in toks:
            by_tok[(d, t)].append((k, toks))
    cands = []
    for d, sk, stoks in sysm:
        seen = {}
        for t in stoks:
            for gk, gtoks in by_tok.get((d, t), ()):
                seen[gk] = len(gtoks & stoks)
        for gk, n in seen.items():
            cands.append((-n, gk, sk))
    cands.sort()
    out, used = {}, set()
    for _, gk, sk in cands:
        if gk in out or sk in used:
            continue
        out[gk] = sk
        used.add(sk)
    return out


def run_topic(args, topic, workdir):
    folder = os.path.join(args.ecb_dir, topic)
    files = sorted((f for f in os.listdir(folder) if f.endswith(".xml")), key=natural_key)
    docs = [read_doc(os.path.join(folder, f)) for f in files]
    tdir = os.path.join(workdir, topic)
    os.makedirs(tdir, exist_ok=True)
    inp = os.path.join(tdir, "docs.jsonl")
    with open(inp, "w", encoding="utf-8") as fh:
        for d in docs:
            date = None if args.no_dates else d["date"]
            fh.write(json.dumps({"id": d["id"], "date": date, "text": d["text"]}) + "\n")
    out = os.path.join(tdir, "graph.json")
    cmd = [args.bin, "build", "--format", "jsonl", inp, "-o", out, "-q"]
    if args.data:
        cmd += ["--data", args.data]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        raise SystemExit(f"topic {topic}: {' '.join(cmd)} failed: {res.stderr.strip()}")
    with open(out, encoding="utf-8") as fh:
        graph = json.load(fh)
    return topic, docs, graph


def byte_tokens(doc, start, end):
    """Token ids of `doc` overlapping the byte span [start, end)."""
    return frozenset(t for t, (a, b) in doc["span"].items() if a < end and start < b)


def evaluate(args):
    topics = args.topics.split(",") if args.topics else sorted(
        (t for t in os.listdir(args.ecb_dir) if t.isdigit()), key=int)
    workdir = args.keep or tempfile.mkdtemp(prefix="ecb_eval.")
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        results = list(ex.map(lambda t: run_topic(args, t, workdir), topics))
    key, resp, base_kind, doc_of = {}, {}, {}, {}
    n_gold = n_sys = n_gold_hit = 0
    bridge_nodes = 0
    per_topic = []
    node_info = {}
    for topic, docs, graph in results:
        by_id = {d["id"]: d for d in docs}
        gold, sysm = [], []
        for d in docs:
            for mid, toks in d["mentions"].items():
                gold.append((d["id"], (d["id"], mid), toks))
        kind_of = {}
        for n in graph["nodes"]:
            if n.get("kind") != "event":
                continue
            subs = set()
            for i, m in enumerate(n.get("mentions", [])):
                d = by_id.get(m["doc"])
                if d is None:
                    continue
                subs.add(d["sub"])
                sk = (n["id"], m["doc"], m["start"], m["end"])
                sysm.append((m["doc"], sk, byte_tokens(d, m["start"], m["end"])))
                kind_of[sk] = n.get("event_kind", "")
            if len(subs) > 1:
                bridge_nodes += 1
            node_info[n["id"]] = n
        match = match_mentions(gold, sysm)
        n_gold += len(gold)
        n_sys += len(sysm)
        n_gold_hit += len(match)
        tkey, tresp = {}, {}
        for (doc, mid), sk in match.items():
            d = by_id[doc]
            m = (topic, doc, mid)
            tkey[m] = topic + "/" + d["chain"].get(mid, f"s:{doc}:{mid}")
            tresp[m] = topic + "/" + sk[0]
            base_kind[m] = (topic, d["sub"], kind_of[sk])
            doc_of[m] = doc
        key.update(tkey)
        resp.update(tresp)
        if args.verbose:
            s = all_scores(tkey, tresp)
            pr = cross_doc_pairs(tkey, tresp, doc_of)
            per_topic.append((topic, len(gold), len(tkey), s, pr))
    print(f"topics: {len(results)}   documents: {sum(len(r[1]) for r in results)}   "
          f"dated: {sum(1 for r in results for d in r[1] if d['date'] and not args.no_dates)}")
    print(f"gold ACTION mentions: {n_gold}   system event mentions: {n_sys}   matched: {n_gold_hit}")
    rec = n_gold_hit / n_gold if n_gold else 0.0
    prec = n_gold_hit / n_sys if n_sys else 0.0
    print(f"mention recall {100 * rec:.1f}  precision {100 * prec:.1f}  F1 {100 * _f1(prec, rec):.1f}")
    singles = {m: i for i, m in enumerate(sorted(key))}
    print(f"{'on matched mentions':22} {'MUC P/R/F':>20} {'B3 P/R/F':>20} {'CEAF-e P/R/F':>20}"
          f" {'CoNLL':>6} {'xdoc-pairs P/R/F (sys/gold)':>34}")
    for name, lab in (("eventgraph", resp), ("baseline singletons", singles),
                      ("baseline kind/subtopic", base_kind)):
        s = all_scores(key, lab)
        pr = cross_doc_pairs(key, lab, doc_of)
        cells = ["{:5.1f} {:5.1f} {:5.1f}".format(*(100 * x for x in s[k])) for k in ("muc", "b3", "ceafe")]
        print(f"{name:22} {cells[0]:>20} {cells[1]:>20} {cells[2]:>20} {100 * s['conll']:6.1f}"
              f"   {100 * pr[0]:5.1f} {100 * pr[1]:5.1f} {100 * pr[2]:5.1f} ({pr[3]}/{pr[4]})")
    print(f"event nodes joining the two sub-topics of a topic: {bridge_nodes}")
    if args.verbose:
        for topic, ng, nm, s, pr in per_topic:
            print(f"  topic {topic:>3}: gold {ng:4d} matched {nm:4d}  CoNLL {100 * s['conll']:5.1f}"
                  f"  xdoc pairs P {100 * pr[0]:5.1f} R {100 * pr[1]:5.1f} ({pr[3]}/{pr[4]})")
    if not args.keep:
        import shutil
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("bin", nargs="?")
    ap.add_argument("ecb_dir", nargs="?")
    ap.add_argument("--topics", help="comma-separated topic folders (default: all)")
    ap.add_argument("--data", help="resource folder passed to build --data")
    ap.add_argument("--no-dates", action="store_true", help="give no document dates")
    ap.add_argument("--keep", help="write the batches and graphs here and keep them")
    ap.add_argument("-j", "--jobs", type=int, default=1, help="topics built in parallel")
    ap.add_argument("-v", "--verbose", action="store_true", help="per-topic scores")
    ap.add_argument("--self-test", action="store_true", help="check the metric code and exit")
    args = ap.parse_args()
    if args.self_test:
        return self_test()
    if not args.bin or not args.ecb_dir:
        ap.error("BIN and ECB_DIR are required")
    return evaluate(args)


if __name__ == "__main__":
    sys.exit(main())
