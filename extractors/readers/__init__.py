"""Format readers: one module per file format, each turning bytes into the IR (:mod:`extractors.ir`).

``text`` (converter exports), ``docx`` (Word), ``pdf`` (born-digital PDF, scanned pages handed to
``scan``), ``scan`` (images and scanned pages through tesseract). Readers know file formats and nothing
about IKI; the format-blind parser in :mod:`extractors.parser` reads what they emit.
"""
