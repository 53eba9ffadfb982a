"""in_child(): run a function in a forked child process and collect its result later.

Building the state from a large corpus takes memory the server should not keep, and work
that can run on two cores at once; a forked child inherits what the parent loaded, does its
part and exits, returning its memory. What it returns or raises comes back through a pipe, so
a CorpusError in the child is the same CorpusError in the parent. Children are not daemons: a
process that ends, even by an error, first waits for the children it started (multiprocessing
joins them at exit), so none is left writing into a folder that is being removed.
"""

from __future__ import annotations

import errno
import gc
import logging
import multiprocessing
import re
from collections.abc import Callable
from typing import Any

from app.corpus.problems import StartupError

log = logging.getLogger("archive")
_fork = multiprocessing.get_context("fork")


class ChildFailed(RuntimeError):
    """The child ended without an answer: killed (out of memory, say) or crashed."""


class Pending:
    """A child at work; result() waits for it."""

    def __init__(self, process, answers):
        self.process, self.answers = process, answers

    def result(self) -> Any:
        try:
            succeeded, value = self.answers.recv()
        except EOFError:
            succeeded, value = False, None
        finally:
            self.answers.close()
            self.process.join()
        if succeeded:
            return value
        if value is None:
            raise ChildFailed(f"the child process {self.process.name!r} ended without an answer (exit code {self.process.exitcode})")
        raise value


def in_child(function: Callable[..., Any], *args: Any) -> Pending:
    answers, answering = _fork.Pipe(duplex=False)
    process = _fork.Process(target=_answer, args=(answering, function, args), name=_name(function))
    process.start()
    answering.close()
    return Pending(process, answers)


def _answer(answering, function, args) -> None:
    gc.enable()  # the server pauses its collector as it starts (wsgi.py): a build makes garbage
    try:
        outcome = (True, function(*args))
    except Exception as error:  # every failure goes back to the parent, which decides
        if not isinstance(error, StartupError) and not out_of_space(error):  # those are the whole story in one message
            log.exception("%s failed in a child process", _name(function))
        outcome = (False, error)
    answering.send(outcome)
    answering.close()


def out_of_space(error: BaseException) -> bool:
    """A write that failed for want of space on its device: ENOSPC or EDQUOT, or numpy's report
    of a short write ("3189 requested and 3056 written"), which carries no errno."""
    if not isinstance(error, OSError):
        return False
    return error.errno in (errno.ENOSPC, errno.EDQUOT) or (error.errno is None and bool(re.fullmatch(r"\d+ requested and \d+ written", str(error))))


def _name(function) -> str:
    return getattr(function, "__name__", None) or _name(function.func)  # a partial's: its function's
