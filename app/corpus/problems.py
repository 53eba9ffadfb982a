"""The errors that stop the archive at startup with one message: problems found in the
corpus, each with its place, and a state folder that cannot be used."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the corpus: which file, which line (if any), what is wrong."""

    file: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        return f"{place}: {self.message}"


class StartupError(Exception):
    """The archive cannot start; the message says why and what to change."""


class CorpusError(StartupError):
    """Raised once, after validation has collected every problem it could find."""

    def __init__(self, problems: list[Problem]):
        self.problems = tuple(problems)
        super().__init__(self.summary())

    def __reduce__(self):  # the corpus is validated in a child process, which sends this back
        return CorpusError, (list(self.problems),)

    def summary(self) -> str:
        if len(self.problems) == 1:
            return f"the corpus is broken: {self.problems[0]}"
        lines = [f"the corpus has {len(self.problems)} problems:"]
        lines += [f"  {problem}" for problem in self.problems]
        return "\n".join(lines)


class ProblemLog:
    """Collects problems while loading, so that one run reports all of them."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: str, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(file, message, line))

    def raise_if_any(self) -> None:
        if self.problems:
            raise CorpusError(self.problems)
