"""The ``decision:`` section of par-index.yaml: who issues the decision, under which number and
legal bases, and who signs it. Every default is a visible placeholder ("…") to fill in."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

BLANK = "…"
"""What the draft shows where par-index.yaml gives nothing: a gap the office fills in."""


class DecisionConfig(BaseModel):
    """The decision publishing the index (quyết định công bố), per Nghị định 30/2020/NĐ-CP."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    parent_body: str | None = None
    """The issuing body's direct superior (cơ quan chủ quản), when it has one: a line above
    the issuer, e.g. "UBND tỉnh Thừa Thiên Huế" for a department. Shown in capitals."""
    issuer: str = BLANK
    """The issuing body (cơ quan ban hành), e.g. "Ủy ban nhân dân\\nhuyện Quảng Điền" (a line
    break where the header should break). Shown in capitals."""
    authority: str = BLANK
    """Who decides (thẩm quyền ban hành), e.g. "Chủ tịch Ủy ban nhân dân huyện Quảng Điền":
    the line above the legal bases (in capitals) and the annex's "kèm theo … của …"."""
    number: str = f"{BLANK}/QĐ-{BLANK}"
    """Number and symbol (số, ký hiệu), e.g. "   /QĐ-UBND" before the number is given."""
    place: str = BLANK
    """Place name of the date line (địa danh), e.g. "Quảng Điền"."""
    date: dt.date | None = None
    """Date of issue; none: "ngày … tháng … năm …" to fill in by hand."""
    subject: str = BLANK
    """Whose index it publishes, the end of the title: "Quyết định về việc công bố Chỉ số cải
    cách hành chính năm 2021 của <subject>", e.g. "các xã, thị trấn trên địa bàn huyện Quảng
    Điền"."""
    legal_bases: list[str] = [f"Căn cứ {BLANK};"]
    """The legal bases (căn cứ ban hành), one paragraph each, as written ("Căn cứ …;")."""
    proposal: str = f"Theo đề nghị của {BLANK}."
    """The proposing body's line, e.g. "Theo đề nghị của Trưởng phòng Nội vụ huyện."."""
    effect: str = "Quyết định này có hiệu lực kể từ ngày ký."
    """Article 2: when the decision takes effect."""
    executors: str = f"{BLANK} chịu trách nhiệm thi hành Quyết định này."
    """Article 3: who carries the decision out."""
    recipients: list[str] = ["Như Điều 3;", f"Lưu: VT, {BLANK}."]
    """Nơi nhận, one line each."""
    signer_title: str = BLANK
    """The signature block's title, e.g. "Chủ tịch" or "KT. Chủ tịch\\nPhó Chủ tịch". Shown
    in capitals."""
    signer: str = BLANK
    """Full name of the signer."""
    final: bool = False
    """Issue the decision as final even when results are provisional (else it is marked
    "DỰ THẢO" with the reasons). ``par-index report --final-decision`` does the same once."""
