"""The format-blind IKI parser: IR blocks → positions, duties and raw indicator rows.

``labels`` (JABATAN / TUGAS / FUNGSI ... labels and IKI/IKU headings), ``positions`` (blocks →
positions with their sections), ``indicator_tables`` (tables → indicator rows). Nothing here asks
which file format a block came from.
"""
