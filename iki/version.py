"""iki's version: a module of its own, so that the modules the package's API imports can name it
without importing the package (no import cycle, tests/test_layers.py)."""
__version__ = "0.1.0"
