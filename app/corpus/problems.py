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
    follows: bool = False  # it only follows from the problem before it, and is told under it

    def __str__(self) -> str:
        if self.follows:
            return f"↳ {self.message}"
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
        """Every problem, each one that only follows from another indented under it (not counted)."""
        causes = [problem for problem in self.problems if not problem.follows]
        head = f"the corpus is broken: {causes[0]}" if len(causes) == 1 else f"the corpus has {len(causes)} problems:"
        shown = [problem for problem in self.problems if len(causes) > 1 or problem.follows]
        return "\n".join([head, *(f"{'    ' if problem.follows else '  '}{problem}" for problem in shown)])


class ProblemLog:
    """Collects problems while loading, so that one run reports all of them."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: str, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(file, message, line))

    def at(self, file: str, line: int | None):
        """A function that logs a problem at one line of `file`, for a reader that finds several there."""
        return lambda message: self.add(file, message, line)

    def add_under(self, file: str, message: str) -> None:
        """A problem that only follows from the problems of `file`: told right under them."""
        last = max((index for index, problem in enumerate(self.problems) if problem.file == file), default=len(self.problems) - 1)
        self.problems.insert(last + 1, Problem(file, message, follows=True))

    def raise_if_any(self) -> None:
        if self.problems:
            raise CorpusError(self.problems)
