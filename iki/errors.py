"""The exceptions iki raises for its user, shared by the Python API and the command line.

The command line maps each to an exit status (:mod:`iki.cli`); a notebook catches the same ones:

* :class:`UsageError` (exit 2) — a mistake in what was asked: a path that does not exist, an output
  folder that is a file, a folder that is not an ``iki extract`` output, a year no position has.
  ``iki.diff``'s :class:`iki.diff.DiffError` and ``iki.export``'s :class:`iki.export.ExportError` are
  kinds of it. Nothing is written.
* :class:`EnvironmentProblem` (exit 3) — the machine stopped the run: disk full, read-only or
  forbidden output folder. The previous output is kept.
* ``KeyboardInterrupt`` (exit 130) — interrupted; finished files are cached, the same call goes on.

Files that cannot be read are not exceptions: each gets its ``documents`` row with ``status`` and
``error`` (the command line exits 1 when some have status ``error`` or ``timeout``).
This module imports nothing heavy: ``import iki`` stays quick.
"""
from __future__ import annotations


class IkiError(Exception):
    """Base of the errors iki reports in one line (``exit_code`` is the command line's status)."""

    exit_code = 1


class UsageError(IkiError, ValueError):
    """A mistake in the command or call (exit 2); the message is one line for the user."""

    exit_code = 2


class EnvironmentProblem(IkiError):
    """The machine stopped the run: disk full, no permission, read-only folder (exit 3)."""

    exit_code = 3
