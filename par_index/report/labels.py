"""Every word the reports print, in Vietnamese and English (codes ``report.label.*``).

Labels are ``Message`` constants, so they live in the one catalogue and tests can find them by
code; ``labels(lang)`` gives templates a plain ``{key: text}`` mapping for one language.
"""

from __future__ import annotations

from par_index.i18n import Lang, Message, current_lang

LABELS: dict[str, Message] = {}


def _label(key: str, vi: str, en: str) -> None:
    LABELS[key] = Message(f"report.label.{key}", vi, en)


# -- cover and navigation ------------------------------------------------------------------
_label(
    "report_title",
    "Kết quả Chỉ số cải cách hành chính năm {period}",
    "Administrative reform (PAR) index results, {period}",
)
_label("cover", "Trang bìa", "Cover")
_label("period", "Kỳ đánh giá", "Assessment period")
_label("criteria_set", "Bộ chỉ số", "Criteria set")
_label("version", "phiên bản", "version")
_label("legal_basis", "Căn cứ", "Legal basis")
_label("illustrative", "Số liệu minh họa", "Illustrative numbers")
_label("generated", "Ngày lập", "Date produced")
_label("producer", "Cơ quan lập", "Produced by")
_label("tool", "Công cụ", "Tool")
_label("contents", "Nội dung", "Contents")
_label(
    "provisional_none",
    "Tất cả đơn vị đã được thẩm định; kết quả là chính thức.",
    "Every unit has been appraised; the results are final.",
)
_label(
    "provisional_some",
    "Kết quả tạm tính (chưa thẩm định, tính theo điểm tự chấm) của {count} đơn vị: {units}.",
    "Provisional results (not yet appraised, scored on the self-score) for {count} unit(s): "
    "{units}.",
)
_label(
    "survey_missing_some",
    "Chưa có kết quả điều tra xã hội học của {count} đơn vị: {units}. Các tiêu chí điều tra "
    "của các đơn vị này {policy}; không tính là 0 điểm một cách ngầm định.",
    "No survey result for {count} unit(s): {units}. Their survey criteria {policy_en}; never "
    "counted as 0 without a word.",
)
_label("survey_missing", "chưa có KQ điều tra", "no survey result")
_label(
    "excluded_some",
    "Không xếp hạng {count} đơn vị: {units}.",
    "{count} unit(s) left out of the ranking: {units}.",
)
_label("units_count", "Số đơn vị", "Units")
_label("ranked_count", "Được xếp hạng", "Ranked")
_label("average_index", "Chỉ số bình quân", "Average index")
_label("highest_index", "Cao nhất", "Highest")
_label("lowest_index", "Thấp nhất", "Lowest")
_label("synthetic", "Dữ liệu tổng hợp", "Synthetic data")

# -- ranking -------------------------------------------------------------------------------
_label("ranking", "Bảng xếp hạng", "Ranking")
_label("rank", "Hạng", "Rank")
_label("rank_in_group", "Hạng theo loại/nhóm", "Rank in type/group")
_label("unit", "Đơn vị", "Unit")
_label("unit_type", "Loại đơn vị", "Unit type")
_label("group", "Nhóm", "Group")
_label("set_group", "Khối", "Unit group")
_label("index", "Chỉ số (%)", "Index (%)")
_label("points", "Điểm đạt / tối đa", "Points / possible")
_label("class", "Xếp loại", "Class")
_label("rank_change", "Thay đổi hạng", "Rank change")
_label("index_change", "Thay đổi chỉ số", "Index change")
_label("gap", "Tự chấm − thẩm định", "Self − appraised")
_label("findings_count", "Số phát hiện", "Findings")
_label("new_unit", "mới", "new")
_label("provisional", "tạm tính", "provisional")
_label(
    "provisional_note",
    "Tạm tính: chưa thẩm định, tính theo điểm tự chấm.",
    "Provisional: not yet appraised, scored on the self-score.",
)
_label(
    "rank_interval_note",
    "Hạng 3 (2–5): hạng và khoảng hạng (phân vị {low}–{high}) qua {draws} lần mô phỏng sai số "
    "mẫu điều tra xã hội học và các tiêu chí còn chờ thẩm định (hạt giống {seed}); xem trang "
    "đơn vị, mục Độ vững của kết quả.",
    "Rank 3 (2–5): the rank and its interval ({low}th–{high}th percentile) over {draws} "
    "simulated draws of the survey's sampling error and the criteria still under appraisal "
    "(seed {seed}); see the unit page, How firm the result is.",
)
_label("firmness", "Độ vững của kết quả", "How firm the result is")
_label("rank_interval", "Khoảng hạng (mô phỏng)", "Rank interval (simulated)")
_label(
    "firm",
    "vững (hạng, xếp loại giữ nguyên khi mô phỏng và khi bỏ, đổi trọng số từng lĩnh vực)",
    "firm (rank and class hold in the simulation and with each area left out or reweighted)",
)
_label("excluded", "Không xếp hạng", "Not ranked")
_label("staff_provisional", "tạm thời", "provisional")
_label("not_submitted", "Chưa nộp bản tự chấm", "No self-assessment received")
_label("filter", "Lọc đơn vị", "Filter units")
_label("filter_hint", "Gõ tên, mã hoặc nhóm đơn vị", "Type a unit's name, code or group")
_label("shown", "Đang hiện", "Showing")
_label("unit_page", "Trang đơn vị", "Unit page")
_label("unit_pages", "Trang từng đơn vị", "Unit pages")
_label(
    "unit_pages_by_group",
    "Trang từng đơn vị theo nhóm (tệp riêng)",
    "Unit pages by group (separate files)",
)
_label("no_group", "Chưa phân nhóm", "No group")
_label("back_to_report", "Về báo cáo chính", "Back to the main report")

# -- areas and charts ----------------------------------------------------------------------
_label("area_matrix", "Ma trận lĩnh vực (% điểm tối đa)", "Area matrix (% of maximum)")
_label("area", "Lĩnh vực", "Area")
_label("areas_legend", "Các lĩnh vực", "Areas")
_label("charts", "Biểu đồ", "Charts")
_label("chart_index", "Chỉ số theo đơn vị (%)", "Index by unit (%)")
_label(
    "chart_self_vs_appraised",
    "Tự chấm và thẩm định theo đơn vị (% điểm tối đa)",
    "Self-score and appraised score by unit (% of maximum)",
)
_label("chart_classes", "Số đơn vị theo xếp loại", "Units per class")
_label(
    "chart_sampled",
    "Chỉ hiện {shown} đơn vị cao nhất và thấp nhất trong số {total}.",
    "Only the {shown} highest and lowest of {total} units are shown.",
)
_label("self_score", "Tự chấm", "Self-score")
_label("appraised", "Thẩm định", "Appraised")

# -- self-scoring quality ------------------------------------------------------------------
_label("quality", "Chất lượng tự chấm điểm", "Self-scoring quality")
_label("by_code", "Hạn chế theo loại", "Weaknesses by kind")
_label("by_unit", "Hạn chế theo đơn vị", "Weaknesses by unit")
_label("code", "Mã", "Code")
_label("weakness", "Hạn chế", "Weakness")
_label("severity", "Mức độ", "Severity")
_label("count", "Số lần", "Count")
_label("units_affected", "Số đơn vị", "Units")
_label("total", "Tổng", "Total")
_label("error", "Lỗi", "Error")
_label("warning", "Cảnh báo", "Warning")
_label("info", "Thông tin", "Information")
_label("no_findings", "Không có phát hiện nào.", "No findings.")
_label(
    "inflation_ranking",
    "Xếp hạng mức tự chấm cao hơn thẩm định",
    "Units ranked by self-score inflation",
)
_label("inflation", "Tỷ lệ tự chấm / thẩm định", "Self / appraised ratio")
_label("self_total", "Điểm tự chấm", "Self-score total")
_label("final_total", "Điểm thẩm định", "Appraised total")
_label("over_claimed", "Điểm tự chấm không được công nhận", "Points claimed but not granted")
_label(
    "input_problems",
    "Vấn đề trong tệp thẩm định, điều tra",
    "Problems in the appraisal and survey files",
)
_label("file", "Tệp", "File")

# -- staff ---------------------------------------------------------------------------------
_label("staff", "Đánh giá, xếp loại người đứng đầu và thi đua", "Head's evaluation and emulation")
_label("head", "Người đứng đầu", "Head of unit")
_label("highest_grade", "Mức xếp loại cao nhất", "Highest allowed grade")
_label("emulation", "Thi đua, khen thưởng", "Emulation and rewards")
_label("eligible", "Được đề nghị", "Eligible")
_label("not_eligible", "Không đề nghị", "Not eligible")
_label("reasons", "Căn cứ", "Reasons")
_label("disciplined", "bị kỷ luật trong năm", "disciplined this year")
_label(
    "no_staff",
    "Chưa có kết quả liên hệ đánh giá người đứng đầu.",
    "No staff-evaluation outcome yet.",
)
_label("grade.hoan_thanh_xuat_sac", "Hoàn thành xuất sắc nhiệm vụ", "Excellent")
_label("grade.hoan_thanh_tot", "Hoàn thành tốt nhiệm vụ", "Good")
_label("grade.hoan_thanh", "Hoàn thành nhiệm vụ", "Completed")
_label("grade.khong_hoan_thanh", "Không hoàn thành nhiệm vụ", "Not completed")

# -- status (par_index.status) -------------------------------------------------------------
_label("status", "Tiến độ các đơn vị", "Progress of the units")
_label("status_phase", "Đã đến bước", "Step reached")
_label("status_versions", "Số tệp nhận", "Files received")
_label("status_waiting", "Bước chưa xong", "First step not done")
_label("status_plan", "Kế hoạch CCHC", "PAR plan")
_label("status_reminders", "Nhắc việc", "Reminders")
_label("body", "Cơ quan thẩm định", "Appraising body")
_label("body_filled", "Tiêu chí đã chấm", "Criteria decided")
_label("body_units", "Đơn vị xong", "Units done")

# -- unit pages ----------------------------------------------------------------------------
_label("rank_of", "Hạng {rank}/{total}", "Rank {rank} of {total}")
_label("rank_margin_up", "cách hạng trên {points} điểm", "{points} points below the next rank")
_label("rank_margin_down", "hơn hạng dưới {points} điểm", "{points} points above the next rank")
_label("class_margin", "Khoảng cách xếp loại", "Class margin")
_label(
    "class_margin_up",
    "còn {points} điểm đến mức xếp loại trên",
    "{points} points short of the class above",
)
_label(
    "class_margin_down",
    "hơn ngưỡng {label} {points} điểm",
    "{points} points above the {label} threshold",
)
_label("pending", "Tiêu chí còn chờ (có thể đổi hạng, xếp loại)", "Pending (may move rank, class)")
_label("pending_count", "{count} tiêu chí", "{count} criteria")
_label("area_profile", "Kết quả theo lĩnh vực", "Results by area")
_label("max", "Tối đa", "Max")
_label("final", "Điểm đạt", "Final")
_label("percent", "Tỷ lệ (%)", "Share (%)")
_label("strengths", "Điểm mạnh", "Strengths")
_label("strength_area", "{area}: {percent} % điểm tối đa", "{area}: {percent} % of maximum")
_label(
    "full_marks",
    "{count}/{total} tiêu chí đạt điểm tối đa",
    "{count}/{total} criteria at full points",
)
_label(
    "weakest", "Tiêu chí yếu nhất: cần khắc phục năm tới", "Weakest criteria: what to fix next year"
)
_label("lost", "Điểm bị mất", "Points lost")
_label("what_to_do", "Cần làm", "What to do")
_label("no_weak", "Không có tiêu chí nào bị mất điểm.", "No criterion lost points.")
_label("criteria_detail", "Chi tiết tiêu chí", "Criteria detail")
_label("criterion", "Tiêu chí", "Criterion")
_label("recomputed", "Tính lại", "Recomputed")
_label("round_1", "Thẩm định vòng 1", "Appraisal round 1")
_label("round_2", "Thẩm định vòng 2", "Appraisal round 2")
_label("survey", "Điều tra", "Survey")
_label("notes", "Ghi chú", "Notes")
_label("explanation", "Giải trình", "Explanation")
_label("not_applicable", "Không áp dụng", "Not applicable")
_label("bonus", "Điểm thưởng", "Bonus")
_label("penalty", "Điểm trừ", "Penalty")
_label("findings", "Phát hiện khi kiểm tra", "Check findings")
_label("location", "Vị trí", "Where")
_label("places", "Tiêu chí (ô)", "Criterion (cell)")
_label(
    "findings_printed",
    "Bản in gộp các phát hiện cùng loại; nội dung và cách khắc phục từng phát hiện có trong "
    "bản điện tử (report.html) và trang phản hồi của đơn vị.",
    "The printout groups findings of one kind; each finding's message and fix are in the "
    "on-screen report (report.html) and the unit's feedback page.",
)
_label("message", "Nội dung", "Message")
_label("fix", "Cách khắc phục", "How to fix")
_label("previous", "Năm trước", "Last year")
_label("class_forced", "Xếp loại bị áp đặt", "Class forced")

# -- method --------------------------------------------------------------------------------
_label("method", "Phương pháp tính", "Method")
_label(
    "method_scores",
    "Điểm của mỗi tiêu chí là điểm thẩm định vòng 2, nếu không có thì vòng 1, với tiêu chí "
    "điều tra xã hội học là điểm điều tra, nếu chưa thẩm định thì là điểm tự chấm (tạm tính). "
    "Điểm thưởng và điểm trừ được giới hạn theo mức trần của bộ chỉ số.",
    "Each criterion's score is the round-2 appraised score, else round 1, for survey criteria "
    "the survey points, else the self-score (provisional). Bonus and penalty are capped as "
    "the criteria set says.",
)
_label(
    "method_index",
    "Chỉ số (%) = tổng điểm đạt (kể cả điểm thưởng, trừ điểm trừ) ÷ tổng điểm tối đa có thể "
    "đạt × 100; tiêu chí không áp dụng được xử lý theo quy định của bộ chỉ số. Chỉ số từng "
    "lĩnh vực tính tương tự.",
    "Index (%) = points achieved (with bonus, less penalty) ÷ points possible × 100; "
    "not-applicable criteria follow the criteria set's policy. Each area's index likewise.",
)
_label(
    "method_rounding",
    "Mọi phép tính dùng số thập phân chính xác; chỉ làm tròn khi hiển thị, một lần, theo quy "
    "tắc làm tròn nửa lên (0,005 → 0,01), đến {places} chữ số thập phân.",
    "All arithmetic is exact decimal; numbers are rounded only for display, once, half up "
    "(0.005 → 0.01), to {places} decimal places.",
)
_label(
    "method_ties",
    "Xếp hạng từ cao xuống thấp theo chỉ số làm tròn đến {places} chữ số thập phân (độ chính "
    "xác công bố); các đơn vị bằng chỉ số cùng hạng và hạng kế tiếp bỏ qua số đơn vị đồng "
    "hạng (1, 2, 2, 4). Phạm vi xếp hạng: {scope}.",
    "Units are ranked high to low by the index rounded to {places} decimals (the published "
    "precision); equal indexes share a rank and the next rank skips (1, 2, 2, 4). Ranking "
    "scope: {scope}.",
)
_label("scope.all", "toàn bộ đơn vị", "all units")
_label("scope.unit_type", "theo loại đơn vị", "by unit type")
_label("scope.group", "theo nhóm", "by group")
_label(
    "method_classes",
    "Xếp loại theo ngưỡng chỉ số của bộ chỉ số:",
    "Classes from the criteria set's index bands:",
)
_label("band_from", "từ {min} %", "from {min} %")
_label("band_above", "trên {min} %", "above {min} %")
_label("method_overrides", "Trường hợp áp đặt xếp loại:", "Conditions that force a class:")
_label(
    "method_gap",
    "Chênh lệch = tổng điểm tự chấm − tổng điểm thẩm định; tỷ lệ = tự chấm ÷ thẩm định "
    "(1 là trung thực).",
    "Gap = self-score total − appraised total; ratio = self ÷ appraised (1 is honest).",
)


# -- Excel sheet names (at most 31 characters) ----------------------------------------------
_label(
    "no_unit_sheets",
    "Báo cáo có nhiều đơn vị nên không có trang tính cho từng đơn vị; chi tiết từng tiêu chí "
    "xem trong results.json, results.xlsx (khi có tối đa 1.000 đơn vị) hoặc trang từng đơn vị "
    "của báo cáo HTML.",
    "With this many units there is no sheet per unit; every criterion of every unit is in "
    "results.json, in results.xlsx (up to 1,000 units) and on the unit pages of the HTML "
    "report.",
)
_label("annex", "PHỤ LỤC", "ANNEX")
_label(
    "annex_of",
    "(Kèm theo Quyết định công bố Chỉ số cải cách hành chính năm {period})",
    "(Attached to the decision publishing the PAR index, {period})",
)
_label("sheet.info", "Thông tin", "Information")
_label("sheet.ranking", "Xếp hạng", "Ranking")
_label("sheet.matrix", "Ma trận lĩnh vực", "Area matrix")
_label("sheet.staff", "Người đứng đầu - thi đua", "Heads and emulation")
_label("sheet.quality", "Chất lượng tự chấm", "Self-scoring quality")
_label("sheet.findings", "Phát hiện", "Findings")
_label("sheet.problems", "Vấn đề thẩm định, điều tra", "Appraisal and survey problems")


def labels(lang: Lang | str | None = None) -> dict[str, str]:
    """All report labels in one language (fields such as ``{period}`` left for later)."""
    chosen = Lang(lang or current_lang())
    return {key: (msg.en if chosen == Lang.EN else msg.vi) for key, msg in LABELS.items()}
