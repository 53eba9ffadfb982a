"""How well does the draft tell furniture from article text on pages it has never seen?

    .venv/bin/python -m bench.furniture

Scores the line classifier (app/corpus/lines.py) on the labelled captures of
tests/fixtures/furniture/: each `NAME.txt` has a `NAME.labels` naming its outlet, its kind of
page, its Title, whether it is hard-wrapped, when it was written (before or after the rules),
and then `N kind` for each capture line that is not article text (`headline` for the Title's
line, every other kind is furniture). The classifier's rules are fixed, not fitted, so each
outlet's score is already leave-one-outlet-out for the outlets written after the rules;
the outlets written before are the ones the rules were developed on, and are reported apart.

Per kind of furniture: recall (labelled lines of that kind proposed for leaving out); per kind
proposed: precision (of the lines the rule of that kind proposed, those labelled furniture);
overall; and paragraphs proposed exactly (same lines). A baseline with jusText's features
and default thresholds (length and stopword density, no link density in text) is scored
beside it on the same lines.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from app.corpus.lines import classify

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "furniture"
SETS = ("round 1", "round 2", "round 3", "round 4", "round 5", "round 6", "round 7", "round 8")
_HEADER = re.compile(r"\A([a-z]+): (.+)\Z")
# jusText's defaults: a paragraph shorter than 70 characters, or with fewer than 30 % stopwords, is boilerplate.
_JUSTEXT_LENGTH, _JUSTEXTSTOPWORDS = 70, 0.30
STOPWORDS = frozenset(re.findall(r"\w+", """
a about after all also an and any are as at be been but by can could did do does for from had has have he her
his i if in into is it its more no not of on one or our out over said she so some than that the their them
then there these they this to up was we were what when which who will with would you
"""))


@dataclass(frozen=True)
class Labelled:
    """One labelled capture: its header values, its lines, and the kind of each non-text line."""

    name: str
    header: dict[str, str]
    text: str
    kinds: dict[int, str]

    @property
    def headline(self) -> int | None:
        return next((number for number, kind in self.kinds.items() if kind == "headline"), None)

    @property
    def furniture(self) -> dict[int, str]:
        return {number: kind for number, kind in self.kinds.items() if kind != "headline"}

    def paragraphs(self) -> set[tuple[int, ...]]:
        """The article's paragraphs as line numbers: each text line alone, or on a hard-wrapped
        page the runs of text lines between blank lines and other lines."""
        runs, run = [], []
        for number, line in enumerate(self.text.split("\n"), start=1):
            text = bool(line.strip()) and number not in self.kinds
            if text and (self.header["wrapped"] == "yes" or not run):
                run.append(number)
                continue
            runs, run = ([*runs, tuple(run)] if run else runs), ([number] if text else [])
        return set([*runs, tuple(run)] if run else runs)


def read_labelled(path: Path) -> Labelled:
    """A capture and its labels file; a line of the labels that is neither form is an error naming it."""
    header, kinds = {}, {}
    labels = path.with_suffix(".labels")
    for number, line in enumerate(labels.read_text("utf-8").splitlines(), start=1):
        if match := _HEADER.match(line):
            header[match[1]] = match[2]
        elif match := re.fullmatch(r"(\d+) ([a-z]+)", line):
            kinds[int(match[1])] = match[2]
        else:
            raise ValueError(f"{labels}:{number}: neither `key: value` nor `N kind`: {line!r}")
    return Labelled(path.stem, header, path.read_text("utf-8"), kinds)


def labelled_set() -> list[Labelled]:
    return [read_labelled(path) for path in sorted(FIXTURES.glob("*.txt"))]


def justext_like(text: str) -> set[int]:
    """The lines jusText's context-free classification would call boilerplate."""
    found = set()
    for number, line in enumerate(text.split("\n"), start=1):
        words = re.findall(r"[\w']+", line.lower())
        if line.strip() and (len(line.strip()) < _JUSTEXT_LENGTH
                             or sum(word in STOPWORDS for word in words) / max(1, len(words)) < _JUSTEXTSTOPWORDS):
            found.add(number)
    return found


@dataclass
class Score:
    """Counts for one classifier over a set of captures."""

    labelled: Counter
    found: Counter
    proposed: Counter
    right: Counter
    paragraphs: int = 0
    exactly: int = 0

    def add(self, capture: Labelled, proposed: dict[int, str], paragraphs: set[tuple[int, ...]] | None) -> None:
        truth = capture.furniture
        for number, kind in truth.items():
            self.labelled[kind] += 1
            self.found[kind] += number in proposed
        for number, kind in proposed.items():
            if number != capture.headline:
                self.proposed[kind] += 1
                self.right[kind] += number in truth
        if paragraphs is not None:
            wanted = capture.paragraphs()
            self.paragraphs += len(wanted)
            self.exactly += len(wanted & paragraphs)


def score(captures: list[Labelled]) -> tuple[Score, Score]:
    """The rules' score and the jusText-like baseline's, over these captures."""
    rules, baseline = (Score(Counter(), Counter(), Counter(), Counter()) for _ in range(2))
    for capture in captures:
        title = capture.header.get("title")
        classified = classify(capture.text, title, capture.headline)
        rules.add(capture, {n: verdict.kind for n, verdict in classified.furniture.items()}, set(classified.paragraphs))
        baseline.add(capture, dict.fromkeys(justext_like(capture.text), "boilerplate"), None)
    return rules, baseline


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} % ({part}/{whole})" if whole else "–"


def report(captures: list[Labelled]) -> str:
    lines = []
    for name in SETS:
        chosen = [capture for capture in captures if capture.header["written"] == name]
        outlets = sorted({capture.header["outlet"] for capture in chosen})
        rules, baseline = score(chosen)
        lines += [f"## Captures written {name}: {len(chosen)} captures, {len(outlets)} outlets", "",
                  "| kind | labelled | recall | proposed as this kind | precision |", "|---|---:|---:|---:|---:|"]
        for kind in sorted(set(rules.labelled) | set(rules.proposed)):
            lines.append(f"| {kind} | {rules.labelled[kind]} | {_percent(rules.found[kind], rules.labelled[kind])} | "
                         f"{rules.proposed[kind]} | {_percent(rules.right[kind], rules.proposed[kind])} |")
        for label, counts in (("**rules, overall**", rules), ("jusText-like baseline", baseline)):
            lines.append(f"| {label} | {sum(counts.labelled.values())} | "
                         f"{_percent(sum(counts.found.values()), sum(counts.labelled.values()))} | "
                         f"{sum(counts.proposed.values())} | {_percent(sum(counts.right.values()), sum(counts.proposed.values()))} |")
        lines += ["", f"Paragraphs proposed exactly: {_percent(rules.exactly, rules.paragraphs)}", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(labelled_set()))
