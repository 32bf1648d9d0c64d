#!/usr/bin/env python3
"""Generate a synthetic Dossier site for benchmarking.

Usage: scripts/gen_corpus.py N OUT_DIR [--seed S]

Writes OUT_DIR/site.toml and N briefs under OUT_DIR/content/briefs/YYYY/, each about 6 KB of
Markdown (a lead paragraph and 4-5 question sections, with footnotes, tables and lists in some
briefs), plus profiles for some authors, topics and the series, and one standalone page.

The output depends only on N and the seed (standard library only, fixed default seed), so two
runs with the same arguments produce byte-identical trees. OUT_DIR must not exist or be empty
(pass --force to replace an existing corpus).

Front matter follows Dossier's rules: every brief has a title, a date, one to four authors
(from a pool of 150, about half with non-ASCII names such as "Łukasz Wróbel"), one to three of
40 topics; about 85% belong to one of four series with a number unique per (series, year of
date); file names are unique per year, so every URL is unique.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import shutil
import sys
import unicodedata

DEFAULT_SEED = 20250213

# --- Name pools -------------------------------------------------------------------------------

FIRST_NAMES = [
    "Margaret", "Daniel", "Kenji", "Amara", "Thomas", "Sofia", "Henrik", "Priya", "Oliver",
    "Leila", "Marcus", "Hannah", "Samuel", "Ingrid", "Rafael", "Claire", "Victor", "Naomi",
    "Julian", "Elena", "Patrick", "Yasmin", "Gabriel", "Fiona", "Tobias", "Mei", "Anders",
    "Rosa", "Dmitri", "Helen", "Adrian", "Nadia", "Peter", "Aisha", "Jonas", "Laura",
    # non-ASCII
    "Łukasz", "Zofia", "José", "Søren", "Chloé", "Björn", "Małgorzata", "Jiří", "Ángel",
    "Zoë", "Mélanie", "Håkon", "Çağla", "Íñigo", "Ségolène", "Tomáš", "Ärna", "Þórunn",
]
LAST_NAMES = [
    "Ellison", "Okafor", "Aramaki", "Hughes", "Lindqvist", "Moreau", "Bennett", "Kowalski",
    "Fischer", "Rahman", "Costa", "Novak", "Jensen", "Marshall", "Oyelaran", "Petrov",
    "Santos", "Whitaker", "Van Dijk", "Keller", "Okonkwo", "Brennan", "Haddad", "Larsen",
    "Morgan", "Ito", "Rossi", "Sullivan", "Adeyemi", "Hartmann", "Lambert", "Chandra",
    # non-ASCII
    "Wróbel", "Żółkiewski", "Müller", "Ólafsdóttir", "Dvořák", "Sørensen", "Nguyễn",
    "Çelik", "Lefèvre", "Ångström", "Głowacka", "Núñez", "Śliwińska", "Jørgensen",
]

TOPICS = [
    "European Security", "Energy & Climate", "Economic Security", "Indo-Pacific",
    "Transatlantic Relations", "Arms Control", "Cyber & Technology", "Migration",
    "Trade Policy", "Sanctions", "Eastern Neighbourhood", "Western Balkans", "Middle East",
    "North Africa", "Sahel", "Arctic", "Baltic Sea Region", "Black Sea Region",
    "China", "Russia", "Ukraine", "Turkey", "India", "Japan & Korea", "Latin America",
    "Global Health", "Development Finance", "Critical Raw Materials", "Space Policy",
    "Maritime Security", "Defence Industry", "NATO", "EU Enlargement", "Rule of Law",
    "Democracy & Disinformation", "Food Security", "Nuclear Energy", "Digital Regulation",
    "Artificial Intelligence", "Climate Diplomacy",
]

SERIES = [
    # name, share of briefs, ISSN
    ("Spotlight", 0.40, "2657-4128"),
    ("Policy Paper", 0.25, "2657-4136"),
    ("Strategic File", 0.12, "2657-4144"),
    ("Commentary", 0.08, "2657-4152"),
    # the remaining ~15% have no series
]

ROLES = [
    "Senior Analyst", "Research Fellow", "Head of Programme", "Associate Fellow",
    "Director of Studies", "Analyst", "Visiting Fellow", "Deputy Director",
]

# --- Text material ----------------------------------------------------------------------------

ACTORS = [
    "the European Union", "NATO", "member states", "the United States", "Germany", "France",
    "Poland", "the Nordic states", "the Baltic states", "the European Commission",
    "national regulators", "transmission operators", "defence ministries", "coastal states",
    "export-control authorities", "development banks", "the G7", "regional organisations",
    "private investors", "civil-society groups", "parliaments", "the Council",
]
NOUNS = [
    "supply chains", "deterrence", "interconnectors", "sanctions enforcement", "industrial policy",
    "critical infrastructure", "maritime surveillance", "energy storage", "export controls",
    "burden-sharing", "procurement", "climate finance", "grid resilience", "cyber defence",
    "dual-use research", "port investment", "undersea cables", "fisheries management",
    "ammunition production", "strategic stockpiles", "screening of investment", "debt relief",
    "border management", "hydrogen imports", "semiconductor capacity", "air defence",
    "reconstruction finance", "rare-earth processing", "election security", "food reserves",
]
ADJECTIVES = [
    "credible", "fragmented", "long-term", "coordinated", "ambitious", "incremental",
    "costly", "overdue", "contested", "regional", "durable", "uneven", "pragmatic", "narrow",
]
VERBS = [
    "strengthen", "reassess", "coordinate", "finance", "protect", "diversify", "streamline",
    "expand", "monitor", "align", "prioritise", "underwrite", "harmonise", "secure",
]
SENTENCES = [
    "{Actor} has long treated {noun} as a technical question rather than a strategic one.",
    "The debate over {noun} has intensified since {year}, when {actor} announced a {adj} review.",
    "A {adj} approach to {noun} would require {actor} to {verb} its commitments with {actor2}.",
    "Few observers expected {actor} to move quickly, yet progress on {noun} has been {adj}.",
    "Estimates suggest that spending on {noun} rose by {pct}% between {year} and {year2}.",
    "Critics argue that {actor} lacks the instruments to {verb} {noun} on its own.",
    "In practice, the gap between declared ambition and delivery on {noun} remains wide.",
    "Much depends on whether {actor} and {actor2} can agree on how to share the costs.",
    "The lessons of {year} show that {adj} policies on {noun} rarely survive a crisis intact.",
    "What matters most is not the headline figure but the {adj} detail of implementation.",
    "{Actor} should {verb} {noun} before the next budget cycle closes the window for reform.",
    "This is partly a question of money, but also of {adj} planning and political attention.",
    "Dependence on a single supplier for {noun} has become a recognised vulnerability.",
    "Several governments have begun to {verb} {noun}, though at very different speeds.",
    "Without {adj} coordination, national measures on {noun} risk cancelling each other out.",
    "The legal framework is in place; what is missing is the will to {verb} it consistently.",
    "Public opinion in most member states supports a stronger role for {actor} on {noun}.",
    "The experience of {actor} offers a useful, if imperfect, model for {actor2}.",
    "At least {num} projects have stalled because of disputes over permitting and finance.",
    "It would be a mistake to treat {noun} and {noun2} as separate policy problems.",
]
QUESTIONS = [
    "Why does {noun} matter now?", "What has changed since {year}?",
    "How exposed is Europe on {noun}?", "What are the obstacles to {noun}?",
    "Who pays for {noun}?", "What can {actor} realistically do?",
    "What are the risks of doing nothing on {noun}?", "Is {noun} becoming a target?",
    "How do partners approach {noun}?", "What should policymakers prioritise?",
    "What would a {adj} strategy on {noun} look like?", "Where does {actor} stand?",
    "How should {actor} respond?", "What are the limits of {adj} action?",
]
TITLES = [
    "{Noun} and Europe's {Adj} Strategy", "Rethinking {Noun} After {Year}",
    "Why {Noun} Matters for {Topic}", "{Topic}: The Case for {Adj} {Noun}",
    "The Politics of {Noun}", "{Noun} Under Pressure", "Getting {Noun} Right",
    "{Topic} and the Future of {Noun}", "A {Adj} Agenda for {Noun}",
    "Lessons from {Year} for {Noun}", "{Noun} in an Age of Rivalry",
]
FOOTNOTES = [
    "See the Council conclusions adopted in {year} and the accompanying staff working document.",
    "Figures based on national budget data, adjusted for inflation; see the annex for sources.",
    "Interview with a senior official, {year}. The official spoke on condition of anonymity.",
    "The estimate excludes off-budget instruments and loans from development banks.",
    "For a fuller discussion, see the Institute's {series} No. {num}/{year}.",
]



def orcid(k):
    """A made-up ORCID iD with a right check digit (ISO 7064 MOD 11-2), which Dossier checks."""
    digits = f"000000{k % 10}{1000 + k:04d}{2000 + k % 8000:04d}"
    total = 0
    for d in digits:
        total = (total + int(d)) * 2
    check = (12 - total % 11) % 11
    full = digits + ("X" if check == 10 else str(check))
    return "-".join(full[i:i + 4] for i in range(0, 16, 4))

def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def title_case(s: str) -> str:
    return " ".join(w if w.isupper() else w[:1].upper() + w[1:] for w in s.split(" "))


# --- Slugs: the same result as Dossier's slugify (deunicode, lowercase, runs of other chars -> -)

_TRANSLIT = {
    "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE", "đ": "d",
    "Đ": "D", "ı": "i", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "œ": "oe", "Œ": "OE",
}


def slugify(text: str) -> str:
    text = "".join(_TRANSLIT.get(c, c) for c in text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    if not text.isascii():
        raise ValueError(f"no transliteration known for {text!r}")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_list(items: list[str]) -> str:
    return "[" + ", ".join(toml_str(i) for i in items) + "]"


# --- Generator --------------------------------------------------------------------------------


class Corpus:
    def __init__(self, n: int, seed: int):
        self.n = n
        self.rng = random.Random(seed)
        self.authors = self._author_pool(150)
        # Skewed productivity: a few prolific authors, a long tail.
        self.author_weights = [1.0 / (1 + i) ** 0.8 for i in range(len(self.authors))]
        self.topic_weights = [1.0 / (1 + i) ** 0.6 for i in range(len(TOPICS))]

    def _author_pool(self, count: int) -> list[str]:
        rng = self.rng
        names: list[str] = []
        slugs: set[str] = set()
        while len(names) < count:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            slug = slugify(name)
            if slug not in slugs:
                slugs.add(slug)
                names.append(name)
        return names

    # text helpers
    def fill(self, template: str, year: int) -> str:
        r = self.rng
        actor, actor2 = r.sample(ACTORS, 2)
        noun, noun2 = r.sample(NOUNS, 2)
        text = template.format(
            actor=actor, Actor=cap(actor), actor2=actor2, noun=noun, noun2=noun2,
            Noun=title_case(noun), adj=r.choice(ADJECTIVES), Adj=cap(r.choice(ADJECTIVES)),
            verb=r.choice(VERBS), year=year - r.randint(1, 6), year2=year,
            Year=year - r.randint(0, 3), pct=r.randint(3, 60), num=r.randint(2, 40),
            Topic="{Topic}",
        )
        # "a incremental review" -> "an incremental review"
        return re.sub(r"\b([Aa]) ([aeiouAEIOU])(?!seful)", r"\1n \2", text)

    def paragraph(self, year: int, sentences: int, footnote: int | None = None) -> str:
        parts = [self.fill(self.rng.choice(SENTENCES), year) for _ in range(sentences)]
        if footnote is not None:
            i = self.rng.randrange(len(parts))
            parts[i] = parts[i][:-1] + f"[^{footnote}]" + parts[i][-1]
        if self.rng.random() < 0.25:
            i = self.rng.randrange(len(parts))
            words = parts[i].split(" ")
            j = self.rng.randrange(1, len(words))
            words[j] = f"*{words[j]}*" if words[j][-1].isalnum() else words[j]
            parts[i] = " ".join(words)
        return " ".join(parts)

    def bullet_list(self, year: int) -> str:
        items = []
        for _ in range(self.rng.randint(3, 5)):
            noun = self.rng.choice(NOUNS)
            items.append(f"- **{cap(noun)}**: {self.fill(self.rng.choice(SENTENCES), year)}")
        return "\n".join(items)

    def table(self, year: int) -> str:
        r = self.rng
        rows = ["| Measure | Lead actor | Cost (EUR bn) | Status |", "|---|---|---:|---|"]
        for _ in range(r.randint(3, 6)):
            rows.append(
                f"| {cap(r.choice(NOUNS))} | {cap(r.choice(ACTORS))} | "
                f"{r.randint(1, 90)}.{r.randint(0, 9)} | "
                f"{r.choice(['Agreed', 'Proposed', 'Stalled', 'In force since ' + str(year - r.randint(1, 5))])} |"
            )
        return "\n".join(rows)

    def body(self, year: int, series: str | None) -> str:
        r = self.rng
        footnotes = r.randint(1, 3) if r.random() < 0.4 else 0
        with_table = r.random() < 0.2
        sections = r.randint(4, 5)
        note_sections = sorted(r.sample(range(sections), footnotes)) if footnotes else []
        table_section = r.randrange(sections) if with_table else -1
        out = [self.paragraph(year, r.randint(4, 5))]
        questions = r.sample(QUESTIONS, sections)
        for s in range(sections):
            out.append("## " + self.fill(questions[s], year))
            for p in range(r.randint(2, 3)):
                note = note_sections.index(s) + 1 if s in note_sections and p == 0 else None
                out.append(self.paragraph(year, r.randint(3, 5), note))
            if s == table_section:
                out.append("The table below summarises the main measures under discussion.")
                out.append(self.table(year))
            elif r.random() < 0.2:
                out.append(self.bullet_list(year))
        for k in range(1, footnotes + 1):
            text = r.choice(FOOTNOTES).format(
                year=year - r.randint(0, 4), series=series or "Spotlight", num=r.randint(1, 30)
            )
            out.append(f"[^{k}]: {text}")
        return "\n\n".join(out) + "\n"

    def briefs(self):
        r = self.rng
        start = dt.date(2011, 1, 1)
        span = (dt.date(2025, 12, 31) - start).days
        metas = []
        for i in range(self.n):
            date = start + dt.timedelta(days=r.randrange(span + 1))
            x = r.random()
            series = None
            acc = 0.0
            for name, share, _ in SERIES:
                acc += share
                if x < acc:
                    series = name
                    break
            n_auth = r.choices([1, 2, 3, 4], weights=[50, 30, 15, 5])[0]
            authors: list[str] = []
            while len(authors) < n_auth:
                a = r.choices(self.authors, weights=self.author_weights)[0]
                if a not in authors:
                    authors.append(a)
            n_top = r.choices([1, 2, 3], weights=[40, 45, 15])[0]
            topics: list[str] = []
            while len(topics) < n_top:
                t = r.choices(TOPICS, weights=self.topic_weights)[0]
                if t not in topics:
                    topics.append(t)
            title = self.fill(r.choice(TITLES), date.year).replace("{Topic}", topics[0])
            metas.append({"i": i, "date": date, "series": series, "authors": authors,
                          "topics": topics, "title": title})
        # Numbers: 1, 2, 3... per (series, year) in date order, so they are unique.
        counters: dict[tuple[str, int], int] = {}
        for m in sorted(metas, key=lambda m: (m["date"], m["i"])):
            if m["series"]:
                key = (m["series"], m["date"].year)
                counters[key] = counters.get(key, 0) + 1
                m["number"] = counters[key]
        # File names: unique per year (the URL is briefs/YEAR/SLUG/).
        used: set[tuple[int, str]] = set()
        for m in metas:
            base = slugify(m["title"])[:60].rstrip("-")
            slug, k = base, 2
            while (m["date"].year, slug) in used:
                slug, k = f"{base}-{k}", k + 1
            used.add((m["date"].year, slug))
            m["slug"] = slug
        for m in metas:
            yield m, self.body(m["date"].year, m["series"])


def render_brief(m: dict, body: str, rng: random.Random) -> str:
    lines = [
        "+++",
        f"title = {toml_str(m['title'])}",
        f"date = {m['date'].isoformat()}",
        f"authors = {toml_list(m['authors'])}",
        f"topics = {toml_list(m['topics'])}",
    ]
    if m["series"]:
        lines.append(f"series = {toml_str(m['series'])}")
        lines.append(f"number = {m['number']}")
    if rng.random() < 0.1:
        lines.append(f"updated = {(m['date'] + dt.timedelta(days=rng.randint(3, 90))).isoformat()}")
    if rng.random() < 0.3:
        lines += [
            "",
            "[extra]",
            "key_points = [",
            *(f"  {toml_str(p)}," for p in (
                "Dependence on a single supplier has become a recognised vulnerability.",
                "Coordination among member states matters more than headline budgets.",
                "Policymakers should act before the next budget cycle closes the window.",
            )),
            "]",
        ]
    lines.append("+++")
    return "\n".join(lines) + "\n\n" + body


def write(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def generate(n: int, out: str, seed: int) -> dict:
    corpus = Corpus(n, seed)
    rng = corpus.rng
    write(os.path.join(out, "site.toml"), "\n".join([
        "# Synthetic benchmark site generated by scripts/gen_corpus.py",
        f"title = {toml_str('Benchmark Institute for Policy Studies')}",
        'base_url = "https://bench.example"',
        f"description = {toml_str(f'A synthetic corpus of {n} briefs.')}",
        "",
        "[publisher]",
        f"name = {toml_str('Benchmark Institute for Policy Studies')}",
        "",
    ]))
    content = os.path.join(out, "content")
    total = 0
    used_authors: set[str] = set()
    used_topics: set[str] = set()
    for m, body in corpus.briefs():
        text = render_brief(m, body, rng)
        year = m["date"].year
        write(os.path.join(content, "briefs", str(year), f"{m['date'].isoformat()}-{m['slug']}.md"), text)
        total += len(text.encode("utf-8"))
        used_authors.update(m["authors"])
        used_topics.update(m["topics"])
    # Profiles for about 40% of the authors who appear, for every other topic, and every series.
    profiles = 0
    for k, name in enumerate(corpus.authors):
        if name in used_authors and k % 5 in (0, 2):
            slug = slugify(name)
            role = ROLES[k % len(ROLES)]
            extra = f'orcid = "{orcid(k)}"\n' if k % 2 == 0 else ""
            write(os.path.join(content, "authors", f"{slug}.md"),
                  f"+++\nname = {toml_str(name)}\nrole = {toml_str(role)}\n"
                  f'email = "{slug}@bench.example"\n{extra}+++\n\n'
                  f"{name} is a {role.lower()} at the Institute, working on "
                  f"{corpus.rng.choice(NOUNS)} and {corpus.rng.choice(NOUNS)}. "
                  f"{corpus.fill(corpus.rng.choice(SENTENCES), 2025)}\n")
            profiles += 1
    for k, topic in enumerate(TOPICS):
        if topic in used_topics and k % 2 == 0:
            write(os.path.join(content, "topics", f"{slugify(topic)}.md"),
                  f"+++\nname = {toml_str(topic)}\n+++\n\nResearch on {topic.lower()}: "
                  f"{corpus.fill(corpus.rng.choice(SENTENCES), 2025)}\n")
    for name, _, issn in SERIES:
        write(os.path.join(content, "series", f"{slugify(name)}.md"),
              f"+++\nname = {toml_str(name)}\nissn = \"{issn}\"\n+++\n\n"
              f"The {name} series of the Institute.\n")
    write(os.path.join(content, "pages", "about.md"),
          "+++\ntitle = \"About\"\n+++\n\nThis is a synthetic site for benchmarking Dossier.\n")
    return {"briefs": n, "bytes": total, "authors": len(used_authors),
            "topics": len(used_topics), "author_profiles": profiles}


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of briefs")
    ap.add_argument("out_dir")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--force", action="store_true", help="replace OUT_DIR if it exists")
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("N must be at least 1")
    if os.path.exists(args.out_dir) and os.listdir(args.out_dir):
        if not args.force:
            ap.error(f"{args.out_dir} exists and is not empty (use --force to replace it)")
        shutil.rmtree(args.out_dir)
    stats = generate(args.n, args.out_dir, args.seed)
    print(f"gen_corpus: {stats['briefs']} briefs, {stats['bytes'] / stats['briefs'] / 1024:.1f} KiB "
          f"average, {stats['authors']} authors ({stats['author_profiles']} profiles), "
          f"{stats['topics']} topics -> {args.out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
