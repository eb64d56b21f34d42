"""An analyst's corrections, handed back from the review page (``iki review``) and applied on the next run.

The review page saves a CSV with the columns ``indicator_id, field, value``: ``field`` is a column of
``indicators`` and ``value`` the corrected text (empty: no value), or ``field`` is ``verdict`` and
``value`` ``right`` (the row was checked and is right) or ``wrong`` (it is wrong, no corrected value
given). ``iki extract ... --corrections FILE.csv`` applies them when the tables are built, after the
cache (a cached file is corrected like a file read again):

* the field takes the corrected value, and the row gets the warning ``corrected`` naming the field and
  the value iki had read, so nothing read is lost;
* ``verdict`` says what the analyst found: ``corrected`` (a field was corrected), ``right`` or ``wrong``
  (a row marked wrong without a corrected value also gets the warning ``marked_wrong``).

A line naming an id that is in none of the run's rows, or a field that is no column of ``indicators``
(or one that cannot be corrected: the ids, the provenance, the warnings), is reported and changes nothing.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import regex as re

from schema.tables import INDICATORS
from schema.warnings import warning

VERDICTS = ("right", "wrong")
# columns an analyst cannot correct: who the row is, where it came from, what iki measured and warned
FIXED = {"doc_id", "position_id", "indicator_id", "seq", "targets", "page", "line", "line_end", "sheet", "cell",
         "cell_range", "table_index", "table_row", "table_row_end", "box_x0", "box_top", "box_x1", "box_bottom",
         "box_turn", "ocr_confidence", "warnings", "warning_codes", "verdict"}
EDITABLE = {c.name: c.type for c in INDICATORS if c.name not in FIXED}
HEADER = ("indicator_id", "field", "value")


class CorrectionsError(ValueError):
    """The corrections file cannot be used at all (missing, not a CSV with the three columns)."""


@dataclass
class Corrections:
    """Corrections by indicator id: ``fields[id][field] = value`` (None: no value), ``verdicts[id]``."""

    source: str
    fields: dict[str, dict[str, str | None]] = field(default_factory=dict)
    verdicts: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # lines that change nothing, and why
    applied: set[str] = field(default_factory=set)  # ids found in the run's rows

    @property
    def ids(self) -> set[str]:
        return set(self.fields) | set(self.verdicts)

    def unknown_ids(self) -> list[str]:
        return sorted(self.ids - self.applied)


def _typed(name: str, value: str | None):
    """The corrected text as the column's type; ValueError when it is not one."""
    if value is None:
        return None
    kind = EDITABLE[name]
    if pa.types.is_floating(kind):  # read as iki reads a target: Indonesian separators (4.000 → 4000, 0,5 → 0.5)
        from normalize.units import parse_quantity

        text = value.strip()
        number = parse_quantity(text).value
        if number is None or not re.fullmatch(r"[-+]?[\d.,\s]+%?", text):
            raise ValueError(f"not a number: {value!r}")
        return float(number)
    if pa.types.is_integer(kind):
        return int(value.strip())
    return value


def read_corrections(path: str | Path) -> Corrections:
    """Read and check a corrections CSV; raises :class:`CorrectionsError` when it cannot be used at all.

    Lines with an unknown field, a verdict other than right / wrong or a value of the wrong type are
    listed in ``problems`` and dropped; the last line for an id and field wins.
    """
    try:
        raw = Path(path).read_bytes()
    except OSError as e:
        raise CorrectionsError(f"cannot read the corrections file {path}: {e.strerror or e}") from None
    text = raw.decode("utf-8-sig", errors="replace")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    rows = [r for r in rows if any(x.strip() for x in r)]
    if not rows:
        raise CorrectionsError(f"the corrections file {path} is empty")
    head = [h.strip().lower() for h in rows[0]]
    if not set(HEADER) <= set(head):
        raise CorrectionsError(f"the corrections file {path} must have the columns {', '.join(HEADER)} "
                               f"(it has {', '.join(rows[0]) or 'none'})")
    at = {name: head.index(name) for name in HEADER}
    out = Corrections(str(path))
    for no, r in enumerate(rows[1:], start=2):
        r = r + [""] * (len(head) - len(r))
        iid, name, value = (r[at[k]] for k in HEADER)
        iid, name = iid.strip(), name.strip()
        if not iid:
            out.problems.append(f"line {no}: no indicator_id")
            continue
        if name == "verdict":
            v = value.strip().lower()
            if v not in VERDICTS:
                out.problems.append(f"line {no}: verdict {value!r} for {iid} is not right or wrong")
                continue
            out.verdicts[iid] = v
            continue
        if name not in EDITABLE:
            why = "cannot be corrected" if name in FIXED else "is not a column of indicators"
            out.problems.append(f"line {no}: field {name!r} {why}; ignored")
            continue
        val = value if value.strip() else None
        try:
            _typed(name, val)
        except ValueError:
            out.problems.append(f"line {no}: {value!r} is not a valid {name} for {iid}; ignored")
            continue
        out.fields.setdefault(iid, {})[name] = val
    return out


def _shown(v) -> str:
    if v is None:
        return "no value"
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return repr(str(v)) if not isinstance(v, (int, float)) else str(v)


def apply(rows: list[dict], corrections: Corrections | None) -> int:
    """Apply the corrections to a file's indicator rows (in place); returns how many rows changed."""
    if not corrections:
        return 0
    changed = 0
    for row in rows:
        iid = row.get("indicator_id")
        fields = corrections.fields.get(iid)
        verdict = corrections.verdicts.get(iid)
        if fields is None and verdict is None:
            continue
        corrections.applied.add(iid)
        warns = list(row.get("warnings") or [])
        edited = False
        for name, value in (fields or {}).items():
            new = _typed(name, value)
            old = row.get(name)
            if old == new:
                continue
            row[name] = new
            warns.append(warning("corrected", f"{name} corrected to {_shown(new)}; iki had read {_shown(old)}"))
            edited = True
        if edited:
            row["verdict"] = "corrected"
        elif verdict:
            row["verdict"] = verdict
            if verdict == "wrong":
                warns.append(warning("marked_wrong", "marked wrong by an analyst, without a corrected value"))
        row["warnings"] = warns
        row.pop("warning_codes", None)  # derived from warnings when the table is written
        changed += 1
    return changed
