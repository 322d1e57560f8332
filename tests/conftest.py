"""Shared fixtures: documents built from text, and the real extraction stages (no mocks)."""
from __future__ import annotations

import datetime as dt

import pytest

from corridorkg.documents import make_document
from corridorkg.pipeline import extract_document


@pytest.fixture
def extract():
    """Run the real pipeline (models, gazetteer, patterns) on a short article."""

    def run(text: str, *, lang: str | None = None, date: dt.date | None = dt.date(2024, 5, 14),
            doc_id: str = "t1"):
        return extract_document(make_document(doc_id, text, source=f"{doc_id}.txt", date=date,
                                              lang=lang))

    return run


def labels_of(extraction, iri: str) -> set[str]:
    entity = extraction.entities.get(iri)
    return {label for label, _ in entity.labels} if entity else set()


def first_label(extraction, iri: str) -> str:
    return extraction.entities[iri].labels[0][0]
