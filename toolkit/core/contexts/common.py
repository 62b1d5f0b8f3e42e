"""Pieces every document context shares: people, and the period lines of a document."""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.core.contexts.books import People
from toolkit.core.contexts.fmt import DASH, clean
from toolkit.core.contexts.words import person_label, word
from toolkit.core.outputs import is_blank_value


@dataclass(frozen=True)
class Person:
    """Someone a document names: ``id``, ``name`` and ``label`` (``name (id)``)."""

    id: str
    name: str
    label: str


def person(people: People, employee: object, language: str, none_key: str) -> Person:
    """The person with id ``employee``; a blank id reads as the phrase ``none_key``."""
    if is_blank_value(employee):
        return Person(DASH, DASH, word(language, none_key))
    key = str(employee)
    name = people.name(key)
    return Person(key, clean(name) if name else key, person_label(key, name, language))


def manager_of(people: People, employee: str, language: str) -> Person:
    return person(people, people.get(employee).get("manager_id"), language, "no_manager")


def department(people: People, employee: str) -> str:
    return clean(people.text(employee, "department"))
