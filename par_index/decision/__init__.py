"""The draft decision that publishes a period's PAR index (quyết định công bố Chỉ số CCHC), in the
format of Nghị định 30/2020/NĐ-CP, with the ranking as its annex (phụ lục)."""

from par_index.decision.config import DecisionConfig
from par_index.decision.content import Decision, build_decision
from par_index.decision.docx import write_decision

__all__ = ["Decision", "DecisionConfig", "build_decision", "write_decision"]
