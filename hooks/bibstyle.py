"""The site's citation style: author–year labels and one-line reference entries, as HTML.

- A label is the first author's last name (or the organisation), "and" a second author, or
  "et al." for three or more, then the year: "Ouyang et al., 2022". Two sources with the same
  label get "2023a", "2023b" in the order of the References page.
- An entry is: authors (year). Title. Venue. Note. One link: the DOI if there is one, else the
  arXiv id, else the URL. Titles keep the capitals they are written with.
"""

from __future__ import annotations

import functools
import html
import re
from collections import Counter
from dataclasses import dataclass
from string import ascii_lowercase

from pybtex.backends.plaintext import Backend as PlainText
from pybtex.database import BibliographyData, Entry, Person
from pybtex.richtext import Text

MAX_AUTHORS = 3  # more are shortened to "et al."
NBSP = "\u00a0"
LATEX_SPECIAL = re.compile(r"[\\~$`]|''|--")
PLAIN_TEXT = PlainText()  # `render_as("text")` would look the backend up for every call


@dataclass(frozen=True, slots=True)
class Formatted:
    """One source as the reader sees it."""

    key: str
    label: str  # "Ouyang et al., 2022"
    html: str  # the full entry, escaped, with its one link
    sort_key: tuple[str, str, str]


@functools.cache  # names and venues repeat across entries
def plain(latex: str) -> str:
    """BibTeX/LaTeX text as plain Unicode: braces dropped, accents and dashes resolved."""
    if not LATEX_SPECIAL.search(latex):  # most names and titles: only braces to drop
        return " ".join(latex.replace("{", "").replace("}", "").split())
    return Text.from_latex(latex).render(PLAIN_TEXT).strip()


def _name(person: Person, full: bool) -> str:
    """ "Ouyang" (full=False) or "Long Ouyang"."""
    parts = person.first_names + person.middle_names if full else []
    parts = parts + person.prelast_names + person.last_names + person.lineage_names
    return plain(" ".join(parts))


def _authors(entry: Entry) -> list[Person]:
    return entry.persons.get("author") or entry.persons.get("editor") or []


def _organisation(entry: Entry) -> str:
    return plain(entry.fields.get("organization", "") or entry.fields.get("publisher", ""))


def base_label(entry: Entry) -> str:
    """The label without its a/b suffix."""
    people = _authors(entry)
    others = any(p.last_names == ["others"] for p in people)
    people = [p for p in people if p.last_names != ["others"]]
    if not people:
        who = _organisation(entry) or plain(entry.fields["title"])
    elif len(people) == 1 and not others:
        who = _name(people[0], full=False)
    elif len(people) == 2 and not others:
        who = f"{_name(people[0], False)} and {_name(people[1], False)}"
    else:
        who = f"{_name(people[0], False)} et{NBSP}al."
    return f"{who}, {entry.fields.get('year', 'n.d.')}"


def sort_key(entry: Entry) -> tuple[str, str, str]:
    """First author (or organisation), year, title: the order of the References page."""
    label = base_label(entry)
    return (label.rsplit(",", 1)[0].lower(), label.rsplit(",", 1)[1], plain(entry.fields["title"]))


def _link(entry: Entry) -> str:
    """The entry's one link: DOI, else arXiv, else URL."""
    fields = entry.fields
    doi = re.sub(r"^(?:doi:|https?://(?:dx\.)?doi\.org/)", "", plain(fields.get("doi", "")))
    eprint = plain(fields.get("eprint", ""))
    arxiv = plain(fields.get("archiveprefix", "arXiv")).lower() == "arxiv"
    if doi:
        href, text = f"https://doi.org/{doi}", f"doi:{doi}"
    elif eprint and arxiv:
        href, text = f"https://arxiv.org/abs/{eprint}", f"arXiv:{eprint}"
    elif url := plain(fields.get("url", "")):
        href, text = url, url
    else:
        return ""
    return f'<a href="{html.escape(href)}">{html.escape(text)}</a>'


def _entry_html(entry: Entry, year: str) -> str:
    fields = entry.fields
    people = [p for p in _authors(entry) if p.last_names != ["others"]]
    names = [_name(p, full=True) for p in people[:MAX_AUTHORS]]
    shortened = len(people) > MAX_AUTHORS or len(people) < len(_authors(entry))
    who = ", ".join(names) + (", et al." if shortened else "") or _organisation(entry)
    venue = fields.get("journal") or fields.get("booktitle") or fields.get("howpublished", "")
    parts = [f"{who} ({year}).".strip()]
    parts.append(f"<em>{html.escape(plain(fields['title']))}</em>.")
    if venue:
        volume = f", volume {plain(fields['volume'])}" if fields.get("volume") else ""
        parts.append(f"{html.escape(plain(venue))}{volume}.")
    if note := plain(fields.get("note", "")):
        parts.append(html.escape(note if note.endswith(".") else note + "."))
    if link := _link(entry):
        parts.append(link)
    return " ".join(html.escape(p) if i == 0 else p for i, p in enumerate(parts))


def format_all(data: BibliographyData) -> dict[str, Formatted]:
    """Labels and entries for the given sources, in References-page order."""
    order = sorted(data.entries.items(), key=lambda item: (sort_key(item[1]), item[0]))
    labels = [base_label(entry) for _, entry in order]
    repeated = {label for label, count in Counter(labels).items() if count > 1}
    seen: dict[str, int] = {}
    formatted: dict[str, Formatted] = {}
    for (key, entry), label in zip(order, labels, strict=True):
        if label in repeated:
            seen[label] = seen.get(label, -1) + 1
            label += ascii_lowercase[seen[label] % 26]
        year = label.rsplit(", ", 1)[1]
        formatted[key] = Formatted(key, label, _entry_html(entry, year), sort_key(entry))
    return formatted
