"""The alternative the rules were chosen over: a small model of line features, measured.

    .venv/bin/python -m bench.furniture_model

A logistic regression (numpy, class-weighted, L2) on jusText-like features of each line and
its neighbours (length, stopword density, capitals, digits, separators, a `Label:` opening,
sentence end, position in the page), trained leave-one-outlet-out on the labelled fixtures
(bench/furniture.py): each outlet's capture is scored by a model that never saw it. Then a
model trained on every fixture is asked about the five real captures: the article lines it
would propose for leaving out (the rules propose none).
"""

from __future__ import annotations

import re

import numpy as np

from app.corpus import load_corpus
from app.corpus.furniture import ends_sentence
from bench.draft_quality import REAL_CORPUS
from bench.furniture import STOPWORDS, labelled_set

THRESHOLDS = (0.5, 0.7, 0.9)


def _shape(line: str) -> list[float]:
    words = re.findall(r"[\w']+", line.lower())
    return [np.log1p(len(line)), sum(word in STOPWORDS for word in words) / max(1, len(words)), float(ends_sentence(line))]


def features(text: str) -> dict[int, list[float]]:
    """The features of each non-blank line, by line number."""
    lines = [line.strip() for line in text.split("\n")]
    numbers = [index for index, line in enumerate(lines) if line]
    found = {}
    for position, index in enumerate(numbers):
        line, words = lines[index], lines[index].split()
        before, after = (lines[index - 1] if index else ""), (lines[index + 1] if index + 1 < len(lines) else "")
        found[index + 1] = [
            *_shape(line), np.log1p(len(words)), sum(word[:1].isupper() for word in words) / len(words),
            sum(char.isdigit() for char in line) / len(line), float(bool(re.search(r"[|»›•>/·▾#©@]", line))),
            float(bool(re.match(r"\A[\w' ]{1,25}:", line))), float(line[:1] in "“\"'‘"),
            position / len(numbers), min(position, len(numbers) - 1 - position) / len(numbers),
            *_shape(before), *_shape(after),
        ]
    return found


def _train(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 3000) -> np.ndarray:
    weight = np.where(y == 1, (1 - y.mean()) / y.mean(), 1.0)
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        w -= (x.T @ ((p - y) * weight) + l2 * w) / len(y)
    return w


def _design(rows: list[list[float]], mean=None, spread=None):
    x = np.array(rows)
    mean = x.mean(0) if mean is None else mean
    spread = x.std(0) + 1e-9 if spread is None else spread
    return np.hstack([(x - mean) / spread, np.ones((len(x), 1))]), mean, spread


def report() -> str:
    rows, labels, outlets = [], [], []
    for capture in labelled_set():
        for number, row in features(capture.text).items():
            if number != capture.headline:
                rows.append(row)
                labels.append(float(number in capture.furniture))
                outlets.append(capture.header["outlet"])
    x, mean, spread = _design(rows)
    y, outlets = np.array(labels), np.array(outlets)
    scores = np.zeros(len(y))
    for outlet in sorted(set(outlets)):
        held = outlets == outlet
        scores[held] = 1 / (1 + np.exp(-x[held] @ _train(x[~held], y[~held])))
    lines = ["| threshold | LOO recall | LOO precision |", "|---:|---:|---:|"]
    for threshold in THRESHOLDS:
        proposed = scores >= threshold
        right = int((proposed & (y == 1)).sum())
        lines.append(f"| {threshold} | {100 * right / (y == 1).sum():.1f} % | {100 * right / max(1, proposed.sum()):.1f} % |")
    w = _train(x, y)
    kept = 0
    for article in load_corpus(REAL_CORPUS).articles:
        omitted = {omission.line for omission in article.omitted if omission.part is None}
        found = features(article.capture.data.decode("utf-8"))
        numbers = [number for number in found if number not in omitted]
        probability = 1 / (1 + np.exp(-_design([found[n] for n in numbers], mean, spread)[0] @ w))
        kept += int(sum(p >= THRESHOLDS[0] for number, p in zip(numbers, probability, strict=True)
                        if article.capture.data.decode("utf-8").split("\n")[number - 1].strip() != article.title))
    lines += ["", f"Trained on every fixture, at {THRESHOLDS[0]}: {kept} kept lines of the five real captures proposed for leaving out."]
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
