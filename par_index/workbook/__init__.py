"""Self-assessment workbooks: the layout, templates (``template``), the reader (``reader``),
cell parsing (``parse``) and the safety checks every file passes first (``guard``)."""
