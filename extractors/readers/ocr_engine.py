"""The OCR engine: tesseract in-process through ``tesserocr``, else the ``tesseract`` command.

In-process (``tesserocr``, whose wheels bundle a current libtesseract and leptonica) the
language models are loaded once per API object and every page and every crop reuses them: no
process start, no model load, no image encoding per page. API objects are kept in a pool; a
worker thread takes one for a page and gives it back, so there is one per thread reading at
once, each initialised once in the process's life. Orientation (OSD) comes from the same
binding, from an API object initialised with tesseract's ``osd`` model.

The command line (``tesseract stdin stdout ... tsv``) is the fallback where the binding is not
installed (``pip install tesserocr``) or cannot load the language data; ``IKI_OCR_ENGINE=cli``
or ``=tesserocr`` forces one. :func:`describe` says which runs (``iki --version`` and the
``ocr_pages`` warning print it).

Both read language data from the same folder: ``TESSDATA_PREFIX`` when set, else the one the
``tesseract`` command uses, else the usual system places.

Binarisation (:func:`threshold`, ``IKI_OCR_THRESHOLD``): tesseract's own Sauvola pass (leptonica, tiled
with an inch of overlap) costs ~0.4 s a page, over a third of its reading. ``IKI_OCR_THRESHOLD=iki`` has
iki binarise a scanned page itself with the same local threshold computed on a reduced page (a tenth of
the cost) and hand tesseract a page whose global threshold finds the same ink: ~23 % less CPU a page,
but not the same words (tesseract's line recogniser reads the grey image, which that changes): on the
held-out real scans 0.985 -> 0.967 (a dithered IKU 0.954 -> 0.941, a PK whose bullets are read more
often and split its indicator 1.000 -> 0.889), the sample scans 0.971 -> 0.970, generated shaded scans
0.838 -> 0.839. It is not the default (the accuracy is not equal document by document); it is there
to measure that trade. ``=global`` has tesseract binarise
with its global (Otsu) threshold on the page as it is: as fast, but it loses real scans (a header row on
a dithered grey background: a held-out IKU went from 0.90 to ``no_iki_found``; a PK from 1.00 to 0.89;
the sample scans 0.970 to 0.966); it is there to measure that trade.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import threading
from contextlib import contextmanager
from functools import lru_cache

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one thread per page: parallelism is per page

ENV = "IKI_OCR_ENGINE"
LANG = "ind+eng"  # Indonesian alone is faster, but reads "100%" as "10046" on 150-dpi scans: eng keeps %
PSM = 6  # one uniform block: rows of a table stay lines (sparse text, 11, read worse here)
VARIABLES = {
    "tessedit_do_invert": "0",  # dark print on light paper: no inverted-text pass
    # Sauvola (local) binarisation: on a flattened page, faint or blurred lines (a photo, a light scan) are
    # kept where the global Otsu threshold drops whole lines of text (libtesseract 5.5)
    "thresholding_method": "2",
    # over an inch: a window as small as tesseract's default (0.33 inch) hollows large bold titles out
    "thresholding_window_size": "1.0",
}
THRESHOLD_ENV = "IKI_OCR_THRESHOLD"
THRESHOLDS = ("tesseract", "iki", "bilevel", "global")


def threshold() -> str:
    """Who binarises a page for tesseract's layout analysis (``IKI_OCR_THRESHOLD``):

    - ``tesseract`` (the default): tesseract's own Sauvola binarisation inside the reading (:data:`VARIABLES`);
    - ``iki``: iki's own local (Sauvola) threshold with tesseract's window and factor
      (:func:`extractors.readers.scan.binarise`); the paper away from the ink is made white, the ink
      and a margin around it keep their grey, so tesseract's global threshold finds the same ink and
      its line recogniser still reads grey letters (photographed pages keep ``tesseract``);
    - ``bilevel``: the same threshold, handed to tesseract as a 1-bit image (no thresholding at all in
      tesseract; its recogniser reads the bilevel letters);
    - ``global``: tesseract's global (Otsu) threshold.
    """
    value = os.environ.get(THRESHOLD_ENV, "").strip().lower()
    return value if value in THRESHOLDS else "tesseract"


def variables(prebinarised: bool = False) -> dict[str, str]:
    """The tesseract variables a reading uses: :data:`VARIABLES`, with tesseract's global threshold
    when ``IKI_OCR_THRESHOLD=global`` or when the image was binarised already (its paper is white:
    the global threshold costs a tenth of Sauvola's and finds the same ink)."""
    if prebinarised or threshold() == "global":
        return {**VARIABLES, "thresholding_method": "0"}
    return VARIABLES


OSD_CHARACTERS = 30  # characters OSD classifies before it answers (tesseract's default, 50, costs 0.6 s a page)
TESSDATA_PLACES = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                   "/usr/share/tessdata", "/usr/local/share/tessdata", "/opt/homebrew/share/tessdata",
                   "/usr/local/share/tesseract-ocr/tessdata")

Word = tuple  # (text, left, top, width, height, confidence)


class OcrError(Exception):
    """OCR could not run (tesseract missing) or failed on a page."""


def _has(folder: str, *langs: str) -> bool:
    return all(os.path.isfile(os.path.join(folder, f"{x}.traineddata")) for x in langs)


@lru_cache(maxsize=1)
def _cli_listing() -> tuple[str | None, frozenset[str], str | None]:
    """What ``tesseract --list-langs`` says: (its data folder, languages, error), asked once."""
    if not shutil.which("tesseract"):
        return None, frozenset(), "missing"
    try:
        out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as e:  # pragma: no cover - depends on the machine
        return None, frozenset(), f"tesseract is installed but cannot run ({type(e).__name__}: {e})"
    lines = (out.stdout + out.stderr).splitlines()
    folder = None
    if lines and '"' in lines[0]:
        folder = lines[0].split('"')[1].rstrip("/")
    return folder, frozenset(x.strip() for x in lines[1:]), None


@lru_cache(maxsize=1)
def tessdata() -> str | None:
    """The folder holding the language data (``ind``, ``eng``), or None."""
    want = LANG.split("+")
    prefix = os.environ.get("TESSDATA_PREFIX")
    if prefix:
        for folder in (prefix, os.path.join(prefix, "tessdata")):
            if _has(folder, *want):
                return folder
    for folder in TESSDATA_PLACES:
        if _has(folder, *want):
            return folder
    folder, _, _ = _cli_listing()
    if folder and _has(folder, *want):
        return folder
    return None


def _parse_tsv(tsv: str) -> list[Word]:
    out = []
    for line in tsv.splitlines():
        parts = line.split("\t")
        if len(parts) < 12 or parts[0] != "5":
            continue
        text = parts[11].strip()
        try:
            conf = float(parts[10])
            left, top, width, height = (int(v) for v in parts[6:10])
        except ValueError:
            continue
        if text and conf >= 0:
            out.append((text, left, top, width, height, conf))
    return out


# ----------------------------------------------------------------------------- in-process


class InProcess:
    """tesseract's C API through ``tesserocr``: a pool of API objects, each initialised once."""

    kind = "tesserocr"

    def __init__(self, folder: str):
        import tesserocr

        self._tesserocr = tesserocr
        self.folder = folder
        self._lock = threading.Lock()
        self._idle: dict[str, list] = {}
        self._pid = os.getpid()
        self.has_osd = _has(folder, "osd")
        version = tesserocr.tesseract_version().split()[1] if tesserocr.tesseract_version() else "?"
        self.name = f"tesserocr {tesserocr.__version__} (libtesseract {version}, in-process)"
        with self.api(LANG):  # the language data loads here, or the engine is not usable
            pass

    def _new(self, lang: str):
        from tesserocr import PSM as MODES
        from tesserocr import PyTessBaseAPI

        if lang == "osd":
            api = PyTessBaseAPI(path=self.folder, lang="osd", psm=MODES.OSD_ONLY)
            api.SetVariable("min_characters_to_try", str(OSD_CHARACTERS))
        else:
            api = PyTessBaseAPI(path=self.folder, lang=lang, psm=PSM)
            for k, v in variables().items():
                api.SetVariable(k, v)
        return api

    @contextmanager
    def api(self, lang: str):
        """An API object for ``lang`` held by this thread for the ``with`` block."""
        with self._lock:
            if self._pid != os.getpid():  # a forked child: its parent's objects are not ours to share
                self._idle, self._pid = {}, os.getpid()
            idle = self._idle.setdefault(lang, [])
            api = idle.pop() if idle else None
        if api is None:
            try:
                api = self._new(lang)
            except RuntimeError as e:
                raise OcrError(f"tesseract could not load its language data '{lang}' from {self.folder}: {e}") from e
        try:
            yield api
        finally:
            with self._lock:
                self._idle.setdefault(lang, []).append(api)

    def words(self, gray, dpi: float, lang: str | None = None, number: int = 0, timeout: float = 0,
              prebinarised: bool = False) -> list[Word]:
        """tesseract's words on a grey page; ``prebinarised``: the page's paper is white already (iki
        binarised it): tesseract's cheap global threshold is used. A boolean array (True: ink) is
        handed over as a 1-bit image, which tesseract does not threshold at all."""
        import numpy as np

        h, w = gray.shape[:2]
        if gray.dtype == bool:
            data, bpp, line = np.packbits(~gray, axis=1).tobytes(), 0, (w + 7) // 8  # 1 = white
            prebinarised = True
        else:
            gray = np.ascontiguousarray(gray, dtype=np.uint8)
            data, bpp, line = gray.tobytes(), 1, w
        with self.api(lang or LANG) as api:
            api.SetVariable("thresholding_method", variables(prebinarised)["thresholding_method"])
            api.SetImageBytes(data, w, h, bpp, line)
            api.SetSourceResolution(max(70, int(round(dpi))))
            ok = api.Recognize(timeout=int(timeout * 1000)) if timeout else api.Recognize()
            if not ok:
                api.Clear()
                raise OcrError(f"tesseract took longer than {timeout:.0f} s on page {number} (--page-timeout)"
                               if timeout else f"tesseract failed on page {number}")
            tsv = api.GetTSVText(0)
            api.Clear()
        return _parse_tsv(tsv)

    def osd(self, gray) -> tuple[int, float] | None:
        """(degrees the page must be turned counter-clockwise to be upright, confidence), or None."""
        import numpy as np

        if not self.has_osd:
            return None
        gray = np.ascontiguousarray(gray, dtype=np.uint8)
        h, w = gray.shape[:2]
        with self.api("osd") as api:
            api.SetImageBytes(gray.tobytes(), w, h, 1, w)
            try:
                res = api.DetectOrientationScript()
            except RuntimeError:
                res = None
            api.Clear()
        if not res:
            return None
        return int(res["orient_deg"]) % 360, float(res["orient_conf"])



# ----------------------------------------------------------------------------- command line


class CommandLine:
    """The ``tesseract`` program, one process per page (the image on its standard input)."""

    kind = "cli"

    def __init__(self):
        out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, timeout=60)
        first = (out.stdout or out.stderr).splitlines()[:1]
        self.name = f"{first[0] if first else 'tesseract'} (command line)"
        folder, langs, _ = _cli_listing()
        self.has_osd = "osd" in langs

    @staticmethod
    def _env() -> dict:
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        if tessdata() and "TESSDATA_PREFIX" not in os.environ:
            env["TESSDATA_PREFIX"] = tessdata()
        return env

    def _run(self, args: list[str], gray, number: int, timeout: float) -> str:
        h, w = gray.shape[:2]
        pgm = f"P5\n{w} {h}\n255\n".encode() + gray.tobytes()
        try:
            proc = subprocess.run(["tesseract", "stdin", "stdout", *args], input=pgm, capture_output=True,
                                  env=self._env(), timeout=timeout or None)
        except subprocess.TimeoutExpired as e:
            raise OcrError(f"tesseract took longer than {timeout:.0f} s on page {number} (--page-timeout)") from e
        except OSError as e:
            raise OcrError(f"tesseract could not run on page {number}: {e}") from e
        if proc.returncode != 0:
            raise OcrError(f"tesseract failed on page {number}: {proc.stderr.decode('utf-8', 'replace')[:200]}")
        return proc.stdout.decode("utf-8", "replace")

    def words(self, gray, dpi: float, lang: str | None = None, number: int = 0, timeout: float = 0,
              prebinarised: bool = False) -> list[Word]:
        import numpy as np

        if gray.dtype == bool:
            gray, prebinarised = np.where(gray, 0, 255).astype(np.uint8), True
        gray = np.ascontiguousarray(gray, dtype=np.uint8)
        config = [a for k, v in variables(prebinarised).items() for a in ("-c", f"{k}={v}")]
        return _parse_tsv(self._run(["-l", lang or LANG, "--dpi", str(int(round(dpi))), "--psm", str(PSM),
                                     *config, "tsv"], gray, number, timeout))

    def osd(self, gray) -> tuple[int, float] | None:
        import numpy as np

        if not self.has_osd:
            return None
        try:
            out = self._run(["--psm", "0", "-l", "osd", "-c", f"min_characters_to_try={OSD_CHARACTERS}"],
                            np.ascontiguousarray(gray, dtype=np.uint8), 0, 60)
        except OcrError:
            return None
        facts = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
        try:
            return int(facts["Orientation in degrees"].strip()) % 360, float(facts["Orientation confidence"].strip())
        except (KeyError, ValueError):
            return None


# ----------------------------------------------------------------------------- choosing


_engine_lock = threading.Lock()
_engine: InProcess | CommandLine | None = None
_engine_error: str | None = None


def missing() -> str | None:
    """A message saying what to install when no engine can read Indonesian, else None."""
    want = LANG.split("+")
    choice = os.environ.get(ENV, "").strip().lower()
    if choice != "cli" and tessdata() and _binding():
        return None
    folder, langs, error = _cli_listing()
    if error == "missing":
        if choice != "cli" and _binding() and not tessdata():
            return ("OCR needs tesseract's language data: install it with `apt-get install tesseract-ocr-ind` "
                    "(or set TESSDATA_PREFIX; or run with --ocr never)")
        return ("OCR needs tesseract: install it with `apt-get install tesseract-ocr tesseract-ocr-ind` "
                "(or run with --ocr never)")
    if error:
        return error
    lacking = [x for x in want if x not in langs]
    if lacking:
        return f"tesseract language data missing: {', '.join(lacking)} (apt-get install tesseract-ocr-ind)"
    return None


@lru_cache(maxsize=1)
def _binding() -> bool:
    try:
        import tesserocr  # noqa: F401
    except Exception:  # noqa: BLE001 - an import that fails for any reason means: use the command line
        return False
    return True


def engine() -> InProcess | CommandLine:
    """The engine this process reads with (made once); raises :class:`OcrError` when there is none."""
    global _engine, _engine_error
    with _engine_lock:
        if _engine is not None:
            return _engine
        problem = missing()
        if problem:
            raise OcrError(problem)
        choice = os.environ.get(ENV, "").strip().lower()
        if choice != "cli" and _binding() and tessdata():
            try:
                _engine = InProcess(tessdata())
                return _engine
            except Exception as e:  # noqa: BLE001 - a binding that cannot load the data: the command line
                _engine_error = f"{type(e).__name__}: {e}"
                if choice == "tesserocr" or not shutil.which("tesseract"):
                    raise OcrError(f"tesserocr cannot read with the language data in {tessdata()}: {e}") from e
        _engine = CommandLine()
        return _engine


_warming = False


def warm() -> None:
    """Make the engine (with its first API object for :data:`LANG`) in a background thread, once per process.

    Loading the language models takes ~0.2 s of CPU with the GIL released: called when a page needing OCR
    is found, the models load while that page is decoded and prepared instead of after it. A failure is
    left to the first real call to raise."""
    global _warming
    with _engine_lock:
        if _engine is not None or _warming:
            return
        _warming = True

    def run():
        try:
            engine()
        except Exception:  # noqa: BLE001 - the page's own call says what went wrong
            pass

    threading.Thread(target=run, name="iki-ocr-warm", daemon=True).start()


def describe() -> str:
    """Which engine reads scans here, for ``iki --version`` (never raises)."""
    try:
        return engine().name
    except Exception as e:  # noqa: BLE001
        return f"none ({e})"


def _after_fork() -> None:
    """A forked child starts with free locks: a thread of its parent may have held one at the fork."""
    global _engine_lock, _warming
    _engine_lock = threading.Lock()
    if _engine is None:
        _warming = False


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork)


def reset() -> None:
    """Forget the chosen engine (tests that change the environment)."""
    global _engine, _warming
    with _engine_lock:
        _engine, _warming = None, False
    for f in (tessdata, _cli_listing, _binding):
        getattr(f, "cache_clear", lambda: None)()
