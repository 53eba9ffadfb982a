"""The quote check: how often it finds the passage a loose quotation came from, how often it claims
a match for a quotation the archive does not hold, at each threshold, and how long it takes.

The evaluation set is made by rules from the real passages (a fixed seed, so every run has the
same set): a window of 10 to 24 words of a passage, then one rule applied (words dropped, two
swapped, one replaced by another word of the corpus, lower case with straight quotes and the
quotation marks pasted in, a cut marked "…" or "[...]", only the start kept, several of these at
once, a British spelling quoted the American way or the reverse, or the end of a passage run on
into the start of the next), 12 of each (fewer spellings: the passages have 11); and 24
quotations the archive does not hold, written to be hard: the same people, places and topics.

Top-1 accuracy: the first match is the passage the quotation was made from (or one with the same
text) and at least as similar as the threshold. False-match rate: the share of unheld quotations
that get any match at the threshold. Latency: every quotation of the set (held and unheld) checked
three times, each beside the archive's search for the same words (a reference measured under
the same load: this machine is shared); with `10000`, on the synthetic corpus of bench/generate_corpus.py (latency only: its
sentences are the real ones recombined, so a quotation matches many articles).

    .venv/bin/python -m bench.quotes real 10000
"""

from __future__ import annotations

import random
import statistics
import sys
import time

from app import create_app
from app.state.quotes import THRESHOLD, check_quote
from app.state.search.request import read_request
from harness.server import ROOT

STATE_DIR = ROOT / "bench" / "out" / "state"
PER_RULE = 12
THRESHOLDS = (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)

UNHELD = [
    "Iran will never sell drones to Russia for use in Ukraine",
    "Raisi told Putin that Iran will join the war on the side of Russia",
    "NATO must withdraw from Eastern Europe immediately, Amir-Abdollahian said",
    "The Islamic Republic condemns the Russian invasion in the strongest terms",
    "We have sent hundreds of missiles to our friends in Moscow",
    "Iran recognises the annexation of Crimea as legitimate",
    "Khatibzadeh said Tehran had asked Kyiv to expel the Iranian ambassador",
    "Lavrov and Amir-Abdollahian agreed to trade in rubles and rials from next month",
    "Kanaani said the drones found in Ukraine were made in Israel",
    "The Supreme Leader ordered the army to prepare for a war with NATO",
    "Iran is ready to mediate a peace agreement in Tehran between Putin and Zelensky",
    "The United States is responsible for every death in Ukraine, Raisi said in Tokyo",
    "We will supply Russia with fighter jets in exchange for wheat",
    "Iranian diplomats in Kyiv have been evacuated to Poland by bus",
    "The JCPOA is dead and Iran will build a nuclear weapon",
    "Sanctions on Russia will make Iran the largest oil exporter in the world",
    "Amir-Abdollahian told Hayashi that Japan should leave the G7",
    "Iran and Russia signed a mutual defence treaty in Vienna",
    "Erdogan, Putin and Raisi agreed to send peacekeepers to Donbas",
    "The Foreign Ministry spokesman denied that any Iranian citizen had died in Ukraine",
    "Biden's visit to Saudi Arabia was a plot to start a war against Iran",
    "Iran has closed its airspace to Ukrainian aircraft",
    "Tehran urges Moscow to withdraw its troops and respect the borders of Ukraine",
    "The war in Ukraine is a war between Europe and America, not Russia",
]


def windows(corpus, rng: random.Random, count: int, low: int = 10, high: int = 24):
    """`count` (passage, words) pairs: a run of low..high words of a passage with that many."""
    passages = [p for p in corpus.passages if len(p.text.split()) >= low + 2]
    for passage in rng.sample(passages, count):
        words = passage.text.split()
        size = rng.randint(low, min(high, len(words)))
        start = rng.randrange(len(words) - size + 1)
        yield passage, words[start:start + size]


def _dropped(words, rng, vocabulary):
    for _ in range(rng.choice((1, 2))):
        words = words[:1] + [w for i, w in enumerate(words[1:-1]) if i != rng.randrange(len(words) - 2)] + words[-1:]
    return words


def _swapped(words, rng, vocabulary):
    i = rng.randrange(len(words) - 1)
    return [*words[:i], words[i + 1], words[i], *words[i + 2:]]


def _substituted(words, rng, vocabulary):
    i = rng.randrange(len(words))
    return [*words[:i], rng.choice(vocabulary), *words[i + 1:]]


def _lower_straight_marked(words, rng, vocabulary):
    text = " ".join(words).lower().replace("’", "'").replace("“", '"').replace("”", '"')
    return [f'"{text}"']


def _cut(words, rng, vocabulary):
    i = rng.randrange(2, len(words) - 5)
    return [*words[:i], rng.choice(("…", "[...]", "...")), *words[i + rng.randint(2, 4):]]


def _truncated(words, rng, vocabulary):
    return words[: max(6, len(words) // 2)]


def _several(words, rng, vocabulary):
    """A misremembered quotation: a word dropped, one replaced and two swapped, in lower case."""
    return _lower_straight_marked(_swapped(_substituted(_dropped(words, rng, vocabulary), rng, vocabulary), rng, vocabulary), rng, vocabulary)


RULES = {"drop": _dropped, "swap": _swapped, "substitute": _substituted, "lower case, straight quotes, marks": _lower_straight_marked,
         "ellipsis cut": _cut, "truncation": _truncated, "several at once": _several}


# Each way round: a British spelling in a passage is quoted the American way, and the reverse.
SPELLINGS = dict([("defence", "defense"), ("emphasised", "emphasized"), ("favours", "favors"), ("programme", "program"),
                  ("neighbours", "neighbors"), ("organisation", "organization"), ("recognise", "recognize"), ("centre", "center"),
                  ("labour", "labor"), ("behaviour", "behavior"), ("criticised", "criticized"), ("emphasise", "emphasize"),
                  ("honour", "honor"), ("analyse", "analyze"), ("dialogue", "dialog"), ("mobilised", "mobilized")])
SPELLINGS |= {american: british for british, american in SPELLINGS.items()}


def spelling_variants(corpus, rng: random.Random):
    """Windows around a word spelled the British or the American way, quoted the other way."""
    found = []
    for passage in corpus.passages:
        words = passage.text.split()
        found += [(passage, words, i) for i, word in enumerate(words) if word.lower().strip(".,;:“”\"'’") in SPELLINGS]
    for passage, words, where in rng.sample(found, min(PER_RULE, len(found))):
        word = words[where].lower().strip(".,;:“”\"'’")
        changed = [*words[:where], words[where].lower().replace(word, SPELLINGS[word]), *words[where + 1:]]
        start = max(0, where - rng.randint(2, 8))
        yield passage, " ".join(changed[start:start + 14])


def two_passage_spans(corpus, rng: random.Random):
    """The last words of a passage run on into the first words of the next one."""
    pairs = [(a, a.passages[i], a.passages[i + 1]) for a in corpus.articles for i in range(len(a.passages) - 1)]
    for _, first, second in rng.sample(pairs, PER_RULE):
        tail, head = first.text.split()[-rng.randint(5, 9):], second.text.split()[:rng.randint(5, 9)]
        yield first, " ".join(tail + head)


def evaluation_set(corpus) -> list[tuple[str, str, object]]:
    """(rule, quotation, the passage it was made from)."""
    rng = random.Random(26)
    vocabulary = sorted({w for p in corpus.passages for w in p.text.split() if w.isalpha() and len(w) > 3})
    held = []
    for name, rule in RULES.items():
        held += [(name, " ".join(rule(list(words), rng, vocabulary)), passage) for passage, words in windows(corpus, rng, PER_RULE)]
    held += [("British to American spelling", text, passage) for passage, text in spelling_variants(corpus, rng)]
    held += [("two passages", text, passage) for passage, text in two_passage_spans(corpus, rng)]
    return held


def timed(archive, quotation: str, threshold: float) -> tuple[float, object]:
    started = time.perf_counter()
    found = check_quote(archive.search_index, archive.search_settings, quotation, threshold)
    return (time.perf_counter() - started) * 1000, found


def percentile(values: list[float], share: float) -> float:
    return sorted(values)[min(len(values) - 1, round(share * (len(values) - 1)))]


def accuracy(archive, held, unheld) -> None:
    """Top-1 accuracy and false-match rate at each threshold, from one check of each at the lowest."""
    lowest = min(THRESHOLDS)
    held_best = [(rule, passage, timed(archive, text, lowest)[1].matches[:1]) for rule, text, passage in held]
    unheld_best = [timed(archive, text, lowest)[1].matches[:1] for text in unheld]
    print(f"{'threshold':>10} {'top-1 accuracy':>15} {'false matches':>14}")
    for threshold in THRESHOLDS:
        right = sum(bool(best) and best[0].similarity >= threshold and best[0].parts[0].passage.text == passage.text
                    for _, passage, best in held_best)
        false = sum(bool(best) and best[0].similarity >= threshold for best in unheld_best)
        mark = "  <- THRESHOLD" if threshold == THRESHOLD else ""
        print(f"{threshold:>10.2f} {right:>5}/{len(held)} {right / len(held):>6.1%} {false:>5}/{len(unheld)} {false / len(unheld):>5.1%}{mark}")
    closest = max((best[0].similarity for best in unheld_best if best), default=0)
    right = sorted(best[0].similarity for _, passage, best in held_best if best and best[0].parts[0].passage.text == passage.text)
    print(f"\nthe closest unheld quotation: {closest}; held quotations found, similarity: lowest {right[0]}, "
          f"5th percentile {right[len(right) // 20]}, median {statistics.median(right)}")
    print(f"\nat {THRESHOLD}, by rule:")
    for rule in dict.fromkeys(rule for rule, _, _ in held):
        rows = [(passage, best) for name, passage, best in held_best if name == rule]
        right = sum(bool(best) and best[0].similarity >= THRESHOLD and best[0].parts[0].passage.text == passage.text for passage, best in rows)
        print(f"  {rule:<36} {right:>3}/{len(rows)}")
    misses = [(rule, passage, best) for rule, passage, best in held_best if not best or best[0].parts[0].passage.text != passage.text]
    for rule, passage, best in misses[:10]:
        print(f"  missed ({rule}): ¶{passage.number} of {passage.slug}; best {best[0].similarity if best else None}")
    for text, best in zip(unheld, unheld_best, strict=True):
        if best and best[0].similarity >= THRESHOLD:
            print(f"  false match {best[0].similarity}: {text!r}")


def main(names: list[str]) -> None:
    real = create_app({"CORPUS_DIR": str(ROOT / "corpus"), "STATE_DIR": str(STATE_DIR)}).extensions["archive"]
    held = evaluation_set(real.corpus)
    print(f"evaluation set: {len(held)} quotations made by rules from the real passages, {len(UNHELD)} the archive does not hold\n")
    accuracy(real, held, UNHELD)
    print(f"\n{'corpus':>8} {'passages':>9} {'p50':>8} {'p95':>8} {'max':>8}   {'search p50':>10} {'p95':>8}  {'p95 ratio':>9}")
    for name in names:
        archive = real if name == "real" else create_app({"CORPUS_DIR": str(ROOT / "bench" / "corpora" / name),
                                                           "STATE_DIR": str(STATE_DIR)}).extensions["archive"]
        texts = [t for _, t, _ in held] + UNHELD
        times, searched = [], []
        for _ in range(3):  # each quotation checked, then searched for as words, in turn: the same load for both
            for text in texts:
                times.append(timed(archive, text, THRESHOLD)[0])
                searched.append(searched_in(archive, text))
        count = sum(len(a.passages) for a in archive.corpus.articles)
        print(f"{name:>8} {count:>9,} {statistics.median(times):>6.1f}ms {percentile(times, 0.95):>6.1f}ms {max(times):>6.1f}ms   "
              f"{statistics.median(searched):>8.1f}ms {percentile(searched, 0.95):>6.1f}ms  "
              f"{percentile(times, 0.95) / percentile(searched, 0.95):>8.2f}x")


def searched_in(archive, text: str) -> float:
    """Milliseconds the archive's search takes for the quotation's words (a reference in the same run)."""
    request = read_request({"q": " ".join(w for w in text.replace('"', " ").split())[:500]})
    started = time.perf_counter()
    archive.search(request)
    return (time.perf_counter() - started) * 1000


if __name__ == "__main__":
    main(sys.argv[1:] or ["real", "10000"])
