"""Meetings, language-neutral: which sentences report a meeting, and who took part.

Each language supplies its cue words (``MeetingCues``); the rules are shared:

* a meeting sentence naming two or more persons is a meeting of them;
* a meeting sentence naming one person pairs them with the document's first participant (the
  protagonist) — "the sides discussed ... at the meeting with ⟨P⟩";
* "negotiations with ⟨P⟩ and ⟨P⟩" with nobody named before adds the protagonist, and
  "meetings with ⟨P⟩, ⟨P⟩" are one meeting each;
* a document that reports a meeting without naming its participants in that sentence ("At a
  meeting in Baku, the sides discussed ...") is a meeting of the officials whose posts it gives.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..linking import Linked
from . import Meeting
from .common import Template


def _publication_date(text: str, published: dt.date | None) -> dt.date | None:
    return published


@dataclass(frozen=True)
class MeetingCues:
    trigger: re.Pattern                    # the sentence reports a meeting
    guests: re.Pattern | None = None       # "talks with": group 1 is the meeting word
    separate: re.Pattern | None = None     # meeting words that mean one meeting per guest
    date_of: Callable[[str, dt.date | None], dt.date | None] = _publication_date


def extract_meetings(linked: Linked, templates: list[Template], cues: MeetingCues,
                     posts: list | None = None) -> list[Meeting]:
    date = linked.analysis.document.date
    out, protagonist, reported = [], None, None
    for template in templates:
        if not cues.trigger.search(template.text):
            continue
        reported = reported or template
        when = cues.date_of(template.text, date)
        persons = sorted({m.entity_iri for m in template.placeholders(letters="P")})
        guests = cues.guests.search(template.text) if cues.guests else None
        if (guests and protagonist and protagonist not in persons and len(persons) >= 2
                and "⟨P:" not in template.text[:guests.start()]):
            if cues.separate and cues.separate.fullmatch(guests.group(1)):
                out.extend(Meeting(tuple(sorted({protagonist, guest})), when, None,
                                   template.sentence, 0.7) for guest in persons)
                continue
            persons = sorted({*persons, protagonist})
        if len(persons) == 1:
            if protagonist and protagonist != persons[0]:
                persons = sorted({protagonist, persons[0]})
            else:
                protagonist = protagonist or persons[0]
                continue
        if len(persons) < 2:
            continue
        protagonist = protagonist or persons[0]
        location = next((m.entity_iri for m in template.placeholders(letters="S")), None)
        out.append(Meeting(tuple(persons), when, location, template.sentence, 0.75))
    if not out and reported is not None and posts:
        officials = sorted({post.person for post in posts})
        if 2 <= len(officials) <= 4:
            location = next((m.entity_iri for m in reported.placeholders(letters="S")), None)
            out.append(Meeting(tuple(officials), cues.date_of(reported.text, date), location,
                               reported.sentence, 0.6))
    merged: dict[tuple[str, ...], Meeting] = {}      # one meeting per set of participants
    for meeting in out:
        merged.setdefault(meeting.participants, meeting)
    return list(merged.values())
