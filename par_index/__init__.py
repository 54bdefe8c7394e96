"""par-index: score, check and rank Vietnam's PAR (Chỉ số CCHC) self-assessments."""

__version__ = "0.1.0"
