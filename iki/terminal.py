"""What iki prints reaches a terminal: control characters from file names and document text are escaped.

A file name or a cell may hold anything: a line break that forges an "ok" line in the batch log, a
carriage return that overwrites one, escape sequences that clear the screen, set the window title or
write the clipboard (OSC 52), bidirectional overrides that show a name backwards. So:

* :func:`printable` escapes every such character in a value that goes into a line iki prints
  (``\\n``, ``\\x1b``, ``\\u202e``...), so one value stays on one line and shows what it holds;
* :class:`SafeStream` wraps ``sys.stdout`` / ``sys.stderr`` for the command line: whatever still
  carries a control character (a library's message, a value printed without :func:`printable`) is
  escaped on its way out, except the line breaks, tabs and carriage returns iki's own layout and
  progress bar use;
* :func:`safe_json` makes JSON output hold only escaped control characters (``\\u007f``).
"""
from __future__ import annotations

import io
import logging
import re

# C0 controls, DEL, C1 controls, the bidirectional embeddings, overrides and isolates, line and
# paragraph separators (U+2028/2029), and the byte-order mark in the middle of a text
_CONTROLS = "\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff"
_ALL = re.compile(f"[{_CONTROLS}]")
_BUT_LAYOUT = re.compile(f"[{_CONTROLS.replace(chr(0) + '-' + chr(0x1f), chr(0) + '-' + chr(8) + chr(0xb) + chr(0xc) + chr(0xe) + '-' + chr(0x1f))}]")
_JSON = re.compile(f"[{_CONTROLS[len(chr(0) + '-' + chr(0x1f)):]}]")  # what json.dumps leaves as it is
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m: re.Match) -> str:
    ch = m.group(0)
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(value) -> str:
    """``value`` as text for one line of a terminal: every control character escaped (``\\n``,
    ``\\x1b``, ``\\u202e``), nothing else changed."""
    text = value if isinstance(value, str) else str(value)
    return _ALL.sub(_escape, text)


def printable_layout(text: str) -> str:
    """Like :func:`printable`, but line breaks, tabs and carriage returns are kept (iki's own layout)."""
    return _BUT_LAYOUT.sub(_escape, text)


def safe_json(text: str) -> str:
    """JSON text (``ensure_ascii=False``) with DEL, C1 and bidirectional controls written as ``\\uXXXX``
    escapes, as valid JSON (``json.dumps`` escapes only the C0 controls)."""
    return _JSON.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


class SafeStream(io.TextIOBase):
    """A text stream that escapes control characters (:func:`printable_layout`) before writing to ``raw``."""

    def __init__(self, raw):
        self.raw = raw

    def write(self, s: str) -> int:
        self.raw.write(printable_layout(s))
        return len(s)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        try:
            return self.raw.isatty()
        except (AttributeError, ValueError):
            return False

    def fileno(self) -> int:
        return self.raw.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self):
        return getattr(self.raw, "encoding", "utf-8")

    @property
    def errors(self):
        return getattr(self.raw, "errors", "strict")

    @property
    def buffer(self):
        return self.raw.buffer

    def __getattr__(self, name):
        return getattr(self.raw, name)


class LogFormatter(logging.Formatter):
    """``iki: <message>`` with every control character of the message escaped (one record, one line)."""

    def __init__(self):
        super().__init__("iki: %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging API
        return "iki: " + printable(record.message)
