"""The `TODO` marker a draft leaves in an article's header, and the places where one is left.

An article whose header still says TODO is undecided: the loader refuses it with one problem
per place, naming the line and what to decide there, and checks nothing else in that file
until they are decided (its Title, dates and omissions are placeholders until then). Only
the header is searched: the paragraphs are the capture's own words, which may contain the
word, and anything else in them is caught by the fidelity check.
"""

from __future__ import annotations

import re

TODO = "TODO"
_TODO_WORD = re.compile(rf"\b{TODO}\b:?\s*(.*)\Z")
_KEY_LINE = re.compile(r"\A([A-Za-z][A-Za-z-]*):\s*(.*)\Z")
_OMISSION_PLACE = re.compile(r"\A(line \d+(?: “.+”)?) —")


def header_todos(text: str) -> list[tuple[int, str]]:
    """(line number, what to decide) for each header line that still holds a TODO."""
    found = []
    field = "the header"
    for number, line in enumerate(text.removeprefix("\ufeff").split("\n"), start=1):
        if not line.strip():
            break
        key = _KEY_LINE.match(line)
        if key and not line.startswith(" "):
            field, value = key[1], key[2]
        else:
            value = line.strip()
        todo = _TODO_WORD.search(value)
        if todo:
            found.append((number, _what_to_decide(field, value, todo[1].strip())))
    return found


def _what_to_decide(field: str, value: str, hint: str) -> str:
    place = _OMISSION_PLACE.match(value) if field.lower() == "omitted" else None
    if place:
        guess = f" ({hint})" if hint else ""
        return (f"Omitted {place[1]}: TODO{guess}: write why it is left out; "
                "or, if it is article text, delete the entry and put the text in its paragraph")
    return f"{field}: replace the TODO with {hint or 'its value'}"
