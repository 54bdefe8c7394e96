"""File names made from unit codes and received file names, never two for one: the one place
the templates, the feedback pages, the annotated copies and the report's unit anchors take them
from (``par_index.pipeline.names`` lists every output).

A unit code is unique in the units file ignoring case, so its file-name part is too, as long as
nothing is replaced: a code that loses characters on the way (``QD/QAN`` -> ``QD-QAN``) gets a
short hash of the code itself (``QD-QAN-3f2a9c1e``), whatever other units there are, so a
unit's names never change with the units beside it. Received file names can differ only by
case or extension; those that fold to one name all get the hash of their own full name.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping

from par_index.text import clean

FEEDBACK_PAGE = "{}_phan-hoi.html"
"""A unit's feedback page in outputs/feedback, by ``unit_part`` of its code."""
ANNOTATED_COPY = "{}_gop-y.xlsx"
"""An annotated copy of a received workbook in outputs/feedback, by ``file_parts``."""

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_HASH_CHARS = 8


def safe_part(text: str) -> str:
    """One part of a file name: no characters Windows refuses, no trailing dot or space."""
    text = _FORBIDDEN.sub("-", unicodedata.normalize("NFC", clean(text)))
    return re.sub(r"-{2,}", "-", text).strip(" .") or "-"


def short_hash(text: str) -> str:
    """Eight hex digits of the text's SHA-256 (names that are not valid text included)."""
    data = text.encode("utf-8", "surrogateescape")
    return hashlib.sha256(data).hexdigest()[:_HASH_CHARS]


def unit_part(code: str) -> str:
    """A unit code as a file-name part, unique among the units (see the module)."""
    part = safe_part(code)
    return part if part == code else f"{part}-{short_hash(code)}"


def feedback_page(code: str) -> str:
    """The file name of a unit's feedback page."""
    return FEEDBACK_PAGE.format(unit_part(code))


def file_parts(files: Mapping[str, str]) -> dict[str, str]:
    """Key -> a file-name part of its text (``files``: e.g. file name -> its stem), none equal
    ignoring case: texts that would fold to one part each get the hash of their key."""
    parts = {key: safe_part(text) for key, text in files.items()}
    seen: dict[str, int] = {}
    for part in parts.values():
        seen[part.casefold()] = seen.get(part.casefold(), 0) + 1
    return {
        key: part if seen[part.casefold()] == 1 else f"{part}-{short_hash(key)}"
        for key, part in parts.items()
    }
