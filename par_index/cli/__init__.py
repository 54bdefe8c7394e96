"""The ``par-index`` command line: a thin layer over the library."""
