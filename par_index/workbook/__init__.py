"""Self-assessment workbooks: the layout, templates (``template``, built by ``prototype`` from
``grid``, ``sheets``, ``styles`` and ``validation``), the reader (``reader``, with ``meta``,
``grid_reader`` and ``reader_messages``), cell parsing (``parse``) and the safety checks every
file passes first (``guard``)."""
