"""Format readers: one module per file format, each turning bytes into the IR (:mod:`extractors.ir`).

``text`` (converter exports), ``docx`` (Word), ``pdf`` (born-digital PDF, scanned pages handed to
``scan``), ``scan`` (images and scanned pages through tesseract). Readers know file formats and nothing
about IKI; the format-blind parser in :mod:`extractors.parser` reads what they emit.
"""


class ReadError(Exception):
    """A file a reader cannot read, as a ``code`` and its facts (``kind="xls"``, ``detail="..."``).

    Readers do not phrase messages for people: the app words the code (``iki/i18n.py`` holds a
    message per code, with the facts as its fields). ``str()`` gives the code and the facts.
    """

    def __init__(self, code: str, **facts):
        super().__init__(code)
        self.code, self.facts = code, facts

    def __str__(self) -> str:
        return f"{self.code} (" + ", ".join(f"{k}={v}" for k, v in self.facts.items()) + ")"
