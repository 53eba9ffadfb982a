"""Views that read the state's files as they answer (search, the bag) check first that the files
are as they were when the state was opened, and again before their answer is kept: a file
damaged under the running server gives 503 with no-store (errors.py), never an answer a cache
could keep (app.state.held_files says how a change is seen)."""

from __future__ import annotations

import functools
from collections.abc import Callable

from app.web import current_archive


def reads_state_files(view: Callable) -> Callable:
    @functools.wraps(view)
    def checked(*args, **kwargs):
        files = current_archive().files
        files.check()
        answer = view(*args, **kwargs)
        files.check()
        return answer
    return checked
