"""``python -m par_index``: the ``par-index`` command where its script is not on PATH (e.g.
``py -m par_index run .`` on Windows after ``py -m pip install --user``)."""

from par_index.cli.app import main

if __name__ == "__main__":  # a spawned worker imports this module again: it must not run
    main()
