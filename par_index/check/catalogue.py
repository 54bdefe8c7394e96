"""Every weakness the check step can report: stable code, default severity, words and fix.

Codes are kebab-case and never change (configurations and tests use them). Message templates
use the finding's location (``{criterion}``, ``{cell}``, ``{file}``, ``{unit}``) and its values.
Severities follow the domain: what makes a score wrong is an error, what the council should look
at is a warning, what is only worth knowing is info. ``check.severity`` in par-index.yaml changes
any of them or switches a code off.
"""

from __future__ import annotations

from par_index.check.finding import KINDS, FindingKind, Severity, kind
from par_index.i18n import Message

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

# -- scores -----------------------------------------------------------------------------------
SCORE_ABOVE_MAX = kind(
    "score-above-max",
    ERROR,
    ("Điểm tự chấm vượt điểm tối đa", "Self-score above the maximum"),
    (
        "Tiêu chí {criterion} ({name}): điểm tự chấm {self_score} ở ô {cell} lớn hơn điểm "
        "tối đa {max}.",
        "Criterion {criterion} ({name}): the self-score {self_score} in cell {cell} is above "
        "the maximum {max}.",
    ),
    (
        "Sửa ô {cell} thành điểm từ 0 đến {max}, theo cách tính điểm của tiêu chí.",
        "Change cell {cell} to a score from 0 to {max}, following the criterion's scoring method.",
    ),
)
SCORE_NEGATIVE = kind(
    "score-negative",
    ERROR,
    ("Điểm tự chấm âm", "Negative self-score"),
    (
        "Tiêu chí {criterion} ({name}): điểm tự chấm {self_score} ở ô {cell} nhỏ hơn 0.",
        "Criterion {criterion} ({name}): the self-score {self_score} in cell {cell} is below 0.",
    ),
    (
        "Sửa ô {cell} thành điểm từ 0 đến {max}; điểm trừ ghi ở phần điểm trừ, không ghi âm.",
        "Change cell {cell} to a score from 0 to {max}; penalties go in the penalty section, "
        "not as negative scores.",
    ),
)
SCORE_NOT_ALLOWED = kind(
    "score-not-allowed",
    ERROR,
    ("Điểm tự chấm không thuộc các mức cho phép", "Self-score is not an allowed value"),
    (
        "Tiêu chí {criterion} ({name}): điểm tự chấm {self_score} ở ô {cell} không phải một "
        "trong các mức điểm của tiêu chí ({allowed}).",
        "Criterion {criterion} ({name}): the self-score {self_score} in cell {cell} is not one "
        "of the criterion's levels ({allowed}).",
    ),
    (
        "Chọn một trong các mức {allowed} cho ô {cell}, đúng với mức đạt được.",
        "Enter one of {allowed} in cell {cell}, matching the level achieved.",
    ),
)
SCORE_NOT_A_NUMBER = kind(
    "score-not-a-number",
    ERROR,
    ("Giá trị không phải là số", "Value is not a number"),
    (
        "Tiêu chí {criterion}: ô {cell} ghi “{raw}”, không đọc được thành số.",
        "Criterion {criterion}: cell {cell} holds “{raw}”, which cannot be read as a number.",
    ),
    (
        "Ghi ô {cell} bằng một con số, ví dụ 1,5 (không kèm chữ).",
        "Write a plain number in cell {cell}, for example 1.5 (no words).",
    ),
)
VALUE_UNREADABLE = kind(
    "value-unreadable",
    WARNING,
    ("Không đọc được giá trị", "Value could not be read"),
    ("{detail}", "{detail}"),
    (
        "Ghi lại ô {cell} theo hướng dẫn ở trang “Hướng dẫn” của biểu mẫu.",
        "Re-enter cell {cell} as the workbook's “Hướng dẫn” (instructions) sheet says.",
    ),
)
CRITERION_SKIPPED = kind(
    "criterion-skipped",
    ERROR,
    ("Bỏ trống tiêu chí", "Criterion left blank"),
    (
        "Tiêu chí {criterion} ({name}, tối đa {max} điểm) chưa được tự chấm: ô {cell} để trống.",
        "Criterion {criterion} ({name}, at most {max} points) is not self-scored: cell {cell} "
        "is blank.",
    ),
    (
        "Kê khai số liệu, ghi điểm tự chấm vào ô {cell} (ghi 0 nếu không đạt, hoặc chọn "
        "“Không áp dụng” nếu tiêu chí cho phép).",
        "Declare the figures and enter the self-score in cell {cell} (0 when not met, or "
        "choose “Không áp dụng” where the criterion allows it).",
    ),
)
NOT_SELF_SCORED_BUT_SCORED = kind(
    "not-self-scored-but-scored",
    WARNING,
    ("Tự chấm tiêu chí không thuộc đơn vị chấm", "Self-scored a criterion the unit does not score"),
    (
        "Tiêu chí {criterion} ({name}) do {scorer} chấm, nhưng ô {cell} ghi {self_score}; "
        "điểm này không được tính.",
        "Criterion {criterion} ({name}) is scored by {scorer}, but cell {cell} holds "
        "{self_score}; it is not counted.",
    ),
    (
        "Xóa điểm ở ô {cell}; đơn vị không tự chấm tiêu chí này.",
        "Clear cell {cell}; the unit does not score this criterion.",
    ),
)
SCORE_UNSUPPORTED = kind(
    "score-unsupported",
    ERROR,
    ("Điểm tự chấm không khớp số liệu kê khai", "Self-score not supported by the declared figures"),
    (
        "Tiêu chí {criterion} ({name}): tự chấm {self_score} điểm ở ô {cell}, nhưng theo số "
        "liệu và lựa chọn đã kê khai ({basis}) thì được {recomputed} điểm.",
        "Criterion {criterion} ({name}): self-scored {self_score} in cell {cell}, but the "
        "declared figures and choices ({basis}) give {recomputed} points.",
    ),
    (
        "Kiểm tra lại số liệu kê khai; nếu số liệu đúng, sửa ô {cell} thành {recomputed}.",
        "Check the declared figures; if they are right, change cell {cell} to {recomputed}.",
    ),
)
FIGURES_MISSING = kind(
    "figures-missing",
    ERROR,
    ("Thiếu số liệu kê khai", "Declared figures missing"),
    (
        "Tiêu chí {criterion} ({name}): tự chấm {self_score} điểm nhưng chưa kê khai: "
        "{missing} (ô {cell}).",
        "Criterion {criterion} ({name}): self-scored {self_score} but not declared: "
        "{missing} (cell {cell}).",
    ),
    (
        "Kê khai {missing} ở ô {cell}; điểm được tính từ các số liệu này.",
        "Declare {missing} in cell {cell}; the score is computed from these figures.",
    ),
)
SCORE_ON_NOT_APPLICABLE = kind(
    "score-on-not-applicable",
    ERROR,
    ("Chấm điểm tiêu chí không áp dụng", "Score on a criterion that does not apply"),
    (
        "Tiêu chí {criterion} ({name}): theo số liệu kê khai ({basis}) tiêu chí không áp dụng "
        "cho đơn vị, nhưng ô {cell} ghi {self_score} điểm; điểm này không được tính.",
        "Criterion {criterion} ({name}): the declared figures ({basis}) make the criterion "
        "not applicable, but cell {cell} holds {self_score} points; they are not counted.",
    ),
    (
        "Nếu số liệu đúng: xóa điểm ở ô {cell} (để trống) và ghi lý do không áp dụng ở cột "
        "Giải trình. Nếu tiêu chí có phát sinh: sửa lại số liệu kê khai.",
        "If the figures are right: clear cell {cell} (leave it blank) and write why the "
        "criterion does not apply in the Giải trình column. If it does apply: correct the "
        "declared figures.",
    ),
)
NOT_APPLICABLE_NO_REASON = kind(
    "not-applicable-no-reason",
    WARNING,
    ("Không áp dụng nhưng chưa nêu lý do", "Not applicable without a reason"),
    (
        "Tiêu chí {criterion} ({name}) không áp dụng cho đơn vị ({basis}) nhưng ô {cell} chưa "
        "ghi lý do.",
        "Criterion {criterion} ({name}) does not apply to the unit ({basis}) but cell {cell} "
        "gives no reason.",
    ),
    (
        "Ghi ở ô {cell} vì sao tiêu chí không áp dụng, ví dụ: “Trong năm không phát sinh hồ "
        "sơ”, kèm văn bản chứng minh nếu có.",
        "Write in cell {cell} why the criterion does not apply, for example “No dossier arose "
        "this year”, citing a document if there is one.",
    ),
)
FIGURE_IMPOSSIBLE = kind(
    "figure-impossible",
    ERROR,
    ("Số liệu không hợp lý", "Impossible figure"),
    (
        "Tiêu chí {criterion} ({name}): “{figure}” = {value} ở ô {cell}: {reason}.",
        "Criterion {criterion} ({name}): “{figure}” = {value} in cell {cell}: {reason}.",
    ),
    (
        "Đối chiếu với sổ theo dõi, báo cáo và sửa ô {cell}.",
        "Check against the registers and reports and correct cell {cell}.",
    ),
)
PLAN_CONTRADICTED = kind(
    "plan-contradicted",
    WARNING,
    (
        "Số liệu kê khai khác Kế hoạch CCHC của đơn vị",
        "Declared figures differ from the unit's PAR plan record",
    ),
    (
        "Tiêu chí {criterion} ({name}): số liệu kê khai (từ ô {cell}) khác hồ sơ kế hoạch "
        "{plan_file} (tính đến {end}): {figures}.{rate} Điểm được tính theo hồ sơ kế hoạch.",
        "Criterion {criterion} ({name}): the declared figures (from cell {cell}) differ from "
        "the plan records {plan_file} (as of {end}): {figures}.{rate} The score is computed "
        "from the plan records.",
    ),
    (
        "Sửa số liệu ở ô {cell} cho khớp tệp kế hoạch; nếu tệp kế hoạch ghi thiếu ngày hoàn "
        "thành, hãy bổ sung ngày và tài liệu kiểm chứng trong tệp kế hoạch rồi gửi lại.",
        "Correct cell {cell} to match the plan workbook; if the plan workbook lacks a done "
        "date, add the date and its evidence there and send it again.",
    ),
)
PLAN_UNREAD = kind(
    "plan-unread",
    WARNING,
    (
        "Chưa đối chiếu được với Kế hoạch CCHC (tệp kế hoạch không đọc được)",
        "Not checked against the PAR plan (the plan files could not be read)",
    ),
    (
        "Tiêu chí {criterion} ({name}), ô {cell}: số liệu lấy từ Kế hoạch CCHC ({figures}) "
        "đang tạm tính theo số liệu đơn vị kê khai vì hồ sơ kế hoạch không đọc được: {problem}",
        "Criterion {criterion} ({name}), cell {cell}: the figures taken from the PAR plan "
        "({figures}) use the unit's declared figures for now because the plan records could not "
        "be read: {problem}",
    ),
    (
        "Phòng Nội vụ sửa tệp kế hoạch theo hướng dẫn trên rồi chạy lại; điểm tiêu chí này chưa "
        "được đối chiếu cho đến khi đó.",
        "The Home Affairs office fixes the plan file as said above and runs again; until then "
        "this criterion's score is unchecked.",
    ),
)
PLAN_UNVERIFIED = kind(
    "plan-unverified",
    INFO,
    (
        "Số liệu kê khai chưa đối chiếu với Kế hoạch CCHC (đơn vị không có tệp kế hoạch)",
        "Declared figures not checked against the PAR plan (no plan record for the unit)",
    ),
    (
        "Tiêu chí {criterion} ({name}), ô {cell}: {missing}; điểm tính theo số liệu đơn vị "
        "kê khai ({figures}), chưa được đối chiếu.",
        "Criterion {criterion} ({name}), cell {cell}: {missing}; the score uses the unit's "
        "declared figures ({figures}), unchecked.",
    ),
    (
        "Đề nghị đơn vị gửi tệp kế hoạch CCHC đã cập nhật (thư mục plan/don-vi/), hoặc Hội đồng "
        "thẩm định đối chiếu số liệu với tài liệu kiểm chứng.",
        "Ask the unit for its updated plan workbook (folder plan/don-vi/), or have the council "
        "check the figures against the evidence.",
    ),
)
PARTS_NOT_SUM = kind(
    "parts-not-sum",
    ERROR,
    ("Các số liệu thành phần không khớp tổng", "Parts do not add up to the total"),
    (
        "Tiêu chí {criterion} ({name}): {parts} cộng lại được {sum}, khác với “{total_label}” "
        "= {total} ở ô {cell}.",
        "Criterion {criterion} ({name}): {parts} add up to {sum}, not to “{total_label}” "
        "= {total} in cell {cell}.",
    ),
    (
        "Sửa các số liệu thành phần hoặc ô tổng {cell} cho khớp nhau.",
        "Correct the parts or the total in cell {cell} so that they agree.",
    ),
)

# -- evidence and explanation -----------------------------------------------------------------
EVIDENCE_MISSING = kind(
    "evidence-missing",
    ERROR,
    ("Có điểm nhưng không có tài liệu kiểm chứng", "Points claimed without evidence"),
    (
        "Tiêu chí {criterion} ({name}): tự chấm {self_score} điểm nhưng ô {cell} không ghi tài "
        "liệu kiểm chứng (cần: {document}).",
        "Criterion {criterion} ({name}): self-scored {self_score} but cell {cell} cites no "
        "evidence (needed: {document}).",
    ),
    (
        "Ghi ở ô {cell} số, ngày, cơ quan ban hành và trang/mục của {document}; nếu không có "
        "thì chấm 0 điểm.",
        "Cite in cell {cell} the number, date, issuer and page/section of {document}; "
        "without it, score 0.",
    ),
)
EVIDENCE_INCOMPLETE = kind(
    "evidence-incomplete",
    WARNING,
    ("Tài liệu kiểm chứng thiếu số hoặc ngày", "Evidence without number or date"),
    (
        "Tiêu chí {criterion} ({name}): tài liệu “{evidence}” ở ô {cell} thiếu {lacking}.",
        "Criterion {criterion} ({name}): the evidence “{evidence}” in cell {cell} lacks {lacking}.",
    ),
    (
        "Ghi đủ số ký hiệu và ngày ban hành, ví dụ “Kế hoạch số 12/KH-UBND ngày 05/01/{year}”.",
        "Give the number and date of issue, e.g. “Kế hoạch số 12/KH-UBND ngày 05/01/{year}”.",
    ),
)
EVIDENCE_OUTSIDE_PERIOD = kind(
    "evidence-outside-period",
    WARNING,
    ("Tài liệu kiểm chứng ngoài kỳ đánh giá", "Evidence dated outside the assessment period"),
    (
        "Tiêu chí {criterion} ({name}): tài liệu “{evidence}” ở ô {cell} ngày {date}, ngoài "
        "kỳ đánh giá {start} – {end}.",
        "Criterion {criterion} ({name}): the evidence “{evidence}” in cell {cell} is dated "
        "{date}, outside the assessment period {start} – {end}.",
    ),
    (
        "Dẫn tài liệu ban hành trong kỳ {start} – {end}, hoặc sửa ngày nếu ghi nhầm.",
        "Cite a document issued within {start} – {end}, or correct the date if it is a typo.",
    ),
)
EVIDENCE_AFTER_SUBMISSION = kind(
    "evidence-after-submission",
    WARNING,
    ("Tài liệu kiểm chứng ghi ngày sau ngày gửi", "Evidence dated after the submission"),
    (
        "Tiêu chí {criterion} ({name}): tài liệu “{evidence}” ở ô {cell} ngày {date}, sau ngày "
        "gửi báo cáo tự chấm {submitted}.",
        "Criterion {criterion} ({name}): the evidence “{evidence}” in cell {cell} is dated "
        "{date}, after the self-assessment was submitted on {submitted}.",
    ),
    (
        "Sửa ngày của tài liệu (hoặc ngày gửi) cho đúng; không dẫn tài liệu chưa ban hành.",
        "Correct the document's date (or the submission date); do not cite documents not yet "
        "issued.",
    ),
)
EVIDENCE_REUSED = kind(
    "evidence-reused",
    WARNING,
    (
        "Một tài liệu dẫn cho các tiêu chí không liên quan",
        "One document cited for unrelated criteria",
    ),
    (
        "Tiêu chí {criterion} ({name}): văn bản số {number} ở ô {cell} cũng được dẫn cho tiêu "
        "chí {other} thuộc lĩnh vực khác.",
        "Criterion {criterion} ({name}): document {number} in cell {cell} is also cited for "
        "criterion {other} in another area.",
    ),
    (
        "Dẫn đúng tài liệu chứng minh cho tiêu chí {criterion}; một văn bản chỉ dùng cho các "
        "tiêu chí mà nó thực sự chứng minh.",
        "Cite the document that proves criterion {criterion}; a document serves only the "
        "criteria it really proves.",
    ),
)
EVIDENCE_COPIED = kind(
    "evidence-copied",
    WARNING,
    ("Tài liệu kiểm chứng giống hệt đơn vị khác", "Evidence identical to another unit's"),
    (
        "Tiêu chí {criterion} ({name}): nội dung tài liệu kiểm chứng ở ô {cell} giống hệt của "
        "{others}.",
        "Criterion {criterion} ({name}): the evidence in cell {cell} is identical to that of "
        "{others}.",
    ),
    (
        "Dẫn văn bản của chính đơn vị (số, ngày, trang/mục) thay cho nội dung sao chép.",
        "Cite the unit's own documents (number, date, page/section) instead of copied text.",
    ),
)
EVIDENCE_WRONG_KIND = kind(
    "evidence-wrong-kind",
    WARNING,
    ("Tài liệu kiểm chứng không đúng loại", "Evidence of a kind the criterion does not accept"),
    (
        "Tiêu chí {criterion} ({name}): ô {cell} dẫn {found} (“{evidence}”), nhưng tiêu chí cần "
        "{accepts}.",
        "Criterion {criterion} ({name}): cell {cell} cites {found} (“{evidence}”), but the "
        "criterion asks for {accepts}.",
    ),
    (
        "Ghi ở ô {cell} {accepts}: {document}.",
        "Cite in cell {cell} {accepts}: {document}.",
    ),
)
ANSWER_CONTRADICTS_DATE = kind(
    "answer-contradicts-date",
    WARNING,
    ("Lựa chọn trái với ngày của tài liệu", "Answer contradicted by the document's date"),
    (
        "Tiêu chí {criterion} ({name}): ô {cell} chọn “{answer}”, nhưng tài liệu dẫn ở ô "
        "{evidence_cell} ban hành ngày {date}, sau hạn {deadline}.",
        "Criterion {criterion} ({name}): cell {cell} answers “{answer}”, but the document cited "
        "in cell {evidence_cell} was issued on {date}, after the deadline {deadline}.",
    ),
    (
        "Chọn mức đúng với ngày ban hành ở ô {cell} (và chấm điểm theo mức đó), hoặc dẫn văn "
        "bản ban hành đúng hạn.",
        "Choose the level that matches the date of issue in cell {cell} (and score it), or cite "
        "the document issued on time.",
    ),
)
EVIDENCE_SAME_DOCUMENT = kind(
    "evidence-same-document",
    WARNING,
    (
        "Văn bản của đơn vị trùng số và ngày với đơn vị khác",
        "The unit's document has another unit's number and date",
    ),
    (
        "Tiêu chí {criterion} ({name}): văn bản số {number} ngày {date} mà đơn vị ghi là của "
        "chính mình (ô {cell}) trùng số và ngày với văn bản của {others}; có thể đã chép tài "
        "liệu kiểm chứng và chỉ đổi tên đơn vị.",
        "Criterion {criterion} ({name}): document {number} of {date}, which the unit gives as its "
        "own (cell {cell}), has the number and date of a document of {others}; the evidence may "
        "be copied with only the unit's name changed.",
    ),
    (
        "Dẫn đúng số, ngày của văn bản do chính đơn vị ban hành (kèm trang/mục).",
        "Cite the number and date of the document the unit itself issued (with page/section).",
    ),
)
EVIDENCE_OTHER_UNIT = kind(
    "evidence-other-unit",
    WARNING,
    ("Tài liệu kiểm chứng của đơn vị khác", "Evidence issued by another unit"),
    (
        "Tiêu chí {criterion} ({name}): tài liệu ở ô {cell} do {issuer} ban hành, tức là của "
        "{other}, không phải của đơn vị.",
        "Criterion {criterion} ({name}): the evidence in cell {cell} was issued by {issuer}, "
        "that is {other}, not by the unit.",
    ),
    (
        "Dẫn tài liệu do chính đơn vị ban hành hoặc thực hiện; nếu ghi nhầm tên cơ quan ban "
        "hành, sửa ô {cell}.",
        "Cite documents the unit itself issued or carried out; if the issuer's name is a typo, "
        "correct cell {cell}.",
    ),
)
EXPLANATION_MISSING = kind(
    "explanation-missing",
    WARNING,
    ("Thiếu giải trình", "Explanation missing"),
    (
        "Tiêu chí {criterion} ({name}): tự chấm {self_score} trên {max} điểm nhưng ô {cell} "
        "chưa có giải trình{typed}.",
        "Criterion {criterion} ({name}): self-scored {self_score} of {max} points but cell "
        "{cell} has no explanation{typed}.",
    ),
    (
        "Ghi ở ô {cell} lý do chưa đạt điểm tối đa.",
        "Write in cell {cell} why the criterion falls short of the maximum.",
    ),
)

# -- evidence files sent beside the workbook ----------------------------------------------------
EVIDENCE_FILE_MISSING = kind(
    "evidence-file-missing",
    WARNING,
    ("Không tìm thấy tệp minh chứng được dẫn", "Cited evidence file not sent"),
    (
        "Tiêu chí {criterion} ({name}): ô {cell} dẫn tệp “{evidence_file}” nhưng đơn vị không "
        "gửi tệp này (tệp đã gửi: {sent}).",
        "Criterion {criterion} ({name}): cell {cell} cites the file “{evidence_file}”, which the "
        "unit did not send (files sent: {sent}).",
    ),
    (
        "Gửi tệp “{evidence_file}” trong thư mục hoặc tệp .zip mang mã đơn vị, hoặc sửa tên tệp "
        "ở ô {cell} cho đúng tên tệp đã gửi.",
        "Send “{evidence_file}” in the folder or .zip named with the unit's code, or correct "
        "the file name in cell {cell} to the name of the file sent.",
    ),
)
EVIDENCE_FILE_UNREADABLE = kind(
    "evidence-file-unreadable",
    WARNING,
    ("Tệp minh chứng không đọc được", "Evidence file cannot be read"),
    (
        "Tệp minh chứng “{evidence_file}”{cited}: {reason}.",
        "Evidence file “{evidence_file}”{cited}: {reason}.",
    ),
    (
        "Gửi lại tệp dạng PDF hoặc Word (.docx) không đặt mật khẩu, đúng với đuôi tên tệp.",
        "Send the file again as a PDF or Word (.docx) document without a password, matching "
        "its file name's extension.",
    ),
)
EVIDENCE_FILE_UNVERIFIABLE = kind(
    "evidence-file-unverifiable",
    INFO,
    ("Tệp minh chứng không kiểm tra được nội dung", "Evidence file cannot be verified"),
    (
        "Tiêu chí {criterion} ({name}): tệp “{evidence_file}” dẫn ở ô {cell} không có lớp chữ "
        "(bản chụp, ảnh hoặc định dạng khác) nên không đối chiếu được số, ngày của văn bản.",
        "Criterion {criterion} ({name}): the file “{evidence_file}” cited in cell {cell} has "
        "no text layer (a scan, a picture or another format), so the document's number and "
        "date cannot be matched.",
    ),
    (
        "Không bắt buộc sửa; Hội đồng thẩm định sẽ xem trực tiếp. Nếu có, gửi bản PDF xuất từ "
        "văn bản điện tử (có chữ) để được đối chiếu tự động.",
        "Nothing must be fixed; the council will look at it. If you can, send the PDF exported "
        "from the electronic document (with text) so that it is matched automatically.",
    ),
)
EVIDENCE_FILE_MISMATCH = kind(
    "evidence-file-mismatch",
    WARNING,
    ("Tệp minh chứng không khớp văn bản được dẫn", "Evidence file does not match the citation"),
    (
        "Tiêu chí {criterion} ({name}): ô {cell} dẫn “{evidence}” nhưng trong tệp "
        "“{evidence_file}” không thấy {lacking}.",
        "Criterion {criterion} ({name}): cell {cell} cites “{evidence}” but {lacking} cannot "
        "be found in the file “{evidence_file}”.",
    ),
    (
        "Kiểm tra tệp gửi kèm đúng là văn bản được dẫn; sửa số, ngày ở ô {cell} hoặc gửi đúng tệp.",
        "Check that the file sent is the document cited; correct the number or date in cell "
        "{cell}, or send the right file.",
    ),
)
EVIDENCE_FILE_PAGE_MISSING = kind(
    "evidence-file-page-missing",
    WARNING,
    ("Trang được dẫn không có trong tệp", "Cited page not in the file"),
    (
        "Tiêu chí {criterion} ({name}): ô {cell} dẫn trang {page} của tệp “{evidence_file}”, "
        "nhưng tệp chỉ có {pages} trang.",
        "Criterion {criterion} ({name}): cell {cell} cites page {page} of the file "
        "“{evidence_file}”, which has only {pages} pages.",
    ),
    (
        "Sửa số trang ở ô {cell} cho đúng trang có nội dung chứng minh, hoặc gửi đủ tệp.",
        "Correct the page in cell {cell} to the page that holds the proof, or send the whole file.",
    ),
)
EVIDENCE_FILE_DATED_BEFORE = kind(
    "evidence-file-dated-before",
    WARNING,
    ("Tệp minh chứng được tạo trước ngày văn bản", "Evidence file made before the document"),
    (
        "Tiêu chí {criterion} ({name}): tệp “{evidence_file}” tự ghi ngày tạo {created}, trước "
        "ngày ban hành {date} của văn bản được dẫn ở ô {cell}.",
        "Criterion {criterion} ({name}): the file “{evidence_file}” says it was created on "
        "{created}, before the date {date} of the document cited in cell {cell}.",
    ),
    (
        "Kiểm tra tệp gửi kèm là bản văn bản đã ký ban hành (không phải bản dự thảo hay tệp "
        "khác); gửi lại đúng tệp hoặc sửa ngày ở ô {cell}.",
        "Check that the file sent is the signed document (not a draft or another file); send "
        "the right file or correct the date in cell {cell}.",
    ),
)
EVIDENCE_FILE_REUSED = kind(
    "evidence-file-reused",
    WARNING,
    (
        "Một tệp minh chứng dùng cho các tiêu chí không liên quan",
        "One evidence file for unrelated criteria",
    ),
    (
        "Tiêu chí {criterion} ({name}): tệp “{evidence_file}” ở ô {cell} có cùng nội dung với "
        "tệp “{other_file}” dẫn cho tiêu chí {other} thuộc lĩnh vực khác.",
        "Criterion {criterion} ({name}): the file “{evidence_file}” in cell {cell} has the same "
        "content as “{other_file}”, cited for criterion {other} in another area.",
    ),
    (
        "Gửi tài liệu chứng minh đúng tiêu chí {criterion}; một tệp chỉ dùng cho các tiêu chí mà "
        "nó thực sự chứng minh.",
        "Send the document that proves criterion {criterion}; a file serves only the criteria "
        "it really proves.",
    ),
)
EVIDENCE_FILE_SHARED = kind(
    "evidence-file-shared",
    WARNING,
    ("Cùng một tệp minh chứng do nhiều đơn vị gửi", "The same evidence file sent by several units"),
    (
        "Tệp minh chứng “{evidence_file}”{cited} có nội dung giống hệt tệp do {others} gửi.",
        "The evidence file “{evidence_file}”{cited} has exactly the same content as a file sent "
        "by {others}.",
    ),
    (
        "Mỗi đơn vị gửi văn bản của chính mình. Nếu đây là văn bản của cấp trên áp dụng chung "
        "(ví dụ kế hoạch của huyện), ghi rõ ở cột giải trình.",
        "Each unit sends its own documents. If this is a higher level's document that applies "
        "to all (e.g. the district's plan), say so in the explanation column.",
    ),
)
D_FILES_NONE = Message("finding.detail.files-none", "không có tệp nào", "none")
D_NUMBER_IS = Message("finding.detail.number-is", "số ký hiệu {number}", "the number {number}")
D_DATE_IS = Message("finding.detail.date-is", "ngày {date}", "the date {date}")
D_CITED_AT = Message(
    "finding.detail.cited-at",
    " (dẫn cho tiêu chí {criterion} ở ô {cell})",
    " (cited for criterion {criterion} in cell {cell})",
)

# -- patterns ---------------------------------------------------------------------------------
ALL_MAX = kind(
    "all-max",
    WARNING,
    ("Tự chấm tối đa gần như mọi tiêu chí", "Maximum claimed almost everywhere"),
    (
        "Đơn vị tự chấm điểm tối đa ở {at_max}/{count} tiêu chí ({share} %; tổng điểm ở ô {cell}).",
        "The unit claims the maximum on {at_max} of {count} criteria ({share} %; total in cell "
        "{cell}).",
    ),
    (
        "Rà soát từng tiêu chí với tài liệu kiểm chứng; chỉ chấm tối đa khi có đủ minh chứng.",
        "Review each criterion against its evidence; claim the maximum only with full proof.",
    ),
)
FAR_ABOVE_LAST_YEAR = kind(
    "far-above-last-year",
    WARNING,
    ("Tổng tự chấm cao hơn nhiều so với năm trước", "Self total far above last year's"),
    (
        "Tổng điểm tự chấm {self_total} (ô {cell}) cao hơn {diff} điểm so với điểm thẩm định năm "
        "trước {previous} (ngưỡng {limit} điểm).",
        "The self-score total {self_total} (cell {cell}) is {diff} points above last year's "
        "appraised total {previous} (threshold {limit} points).",
    ),
    (
        "Rà soát các tiêu chí tăng điểm so với năm trước và bổ sung tài liệu kiểm chứng.",
        "Review the criteria that gained points since last year and add their evidence.",
    ),
)

# -- the submission as a whole ----------------------------------------------------------------
LATE_SUBMISSION = kind(
    "late-submission",
    WARNING,
    ("Gửi trễ hạn", "Late submission"),
    (
        "Ngày gửi {submitted} ({sent_by}) trễ {days} ngày so với hạn {deadline}.",
        "Submitted on {submitted} ({sent_by}), {days} day(s) after the deadline {deadline}.",
    ),
    (
        "Gửi đúng hạn ở các kỳ sau; ghi ngày gửi thực tế ở ô {cell}.",
        "Submit on time next time; enter the real submission date in cell {cell}.",
    ),
)
RECEIVED_AFTER_DECLARED = kind(
    "received-after-declared",
    WARNING,
    ("Nhận tệp muộn hơn ngày gửi ghi trong tệp", "Received later than the date the file gives"),
    (
        "Tệp ghi ngày gửi {declared} (ô {cell}) nhưng được nhận ngày {received}; hạn nộp tính "
        "theo ngày nhận.",
        "The file gives the submission date {declared} (cell {cell}) but was received on "
        "{received}; the deadline is counted from the day received.",
    ),
    (
        "Ghi ngày gửi thực tế ở ô {cell}. Nếu đã gửi đúng ngày ghi mà tệp đến muộn, báo cơ quan "
        "tổng hợp kèm bằng chứng đã gửi (thư điện tử, tin nhắn).",
        "Enter the real submission date in cell {cell}. If the file was sent on that date and "
        "arrived late, tell the collecting office and show proof of sending (e-mail, message).",
    ),
)
D_AT_CELL = Message("finding.detail.at-cell", "ô {cell}", "cell {cell}")
D_BY_RECEIPT = Message(
    "finding.detail.by-receipt", "ngày par-index nhận tệp", "the day par-index received the file"
)
SUBMISSION_DATE_MISSING = kind(
    "submission-date-missing",
    WARNING,
    ("Chưa ghi ngày gửi", "Submission date missing"),
    (
        "Tệp {file} chưa ghi ngày gửi báo cáo tự chấm (ô {cell}).",
        "File {file} does not give the submission date (cell {cell}).",
    ),
    (
        "Ghi ngày gửi vào ô {cell} theo dạng ngày/tháng/năm.",
        "Enter the submission date in cell {cell} as day/month/year.",
    ),
)
TEMPLATE_MISMATCH = kind(
    "template-mismatch",
    ERROR,
    ("Biểu mẫu không đúng", "Wrong template"),
    (
        "Tệp {file} không đúng biểu mẫu hiện hành: {detail}.",
        "File {file} is not the current template: {detail}.",
    ),
    (
        "Tải biểu mẫu mới của đơn vị, chép số liệu sang và không sửa cột tiêu chí, điểm tối đa.",
        "Take the unit's current template, copy the answers over and leave the criteria and "
        "maximum columns as they are.",
    ),
)
WRONG_UNIT = kind(
    "wrong-unit",
    ERROR,
    ("Tệp không đúng đơn vị", "File of the wrong unit"),
    ("Tệp {file}: {detail}.", "File {file}: {detail}."),
    (
        "Dùng biểu mẫu được cấp cho chính đơn vị; mỗi đơn vị gửi một tệp.",
        "Use the template issued to the unit itself; one file per unit.",
    ),
)
WRONG_PERIOD = kind(
    "wrong-period",
    ERROR,
    ("Tệp không đúng kỳ đánh giá", "File of another period"),
    (
        "Tệp {file} là biểu mẫu kỳ {period}, không phải kỳ {expected}.",
        "File {file} is the template of period {period}, not {expected}.",
    ),
    (
        "Dùng biểu mẫu kỳ {expected} và chép số liệu của năm {expected} sang.",
        "Use the template of period {expected} and enter that year's figures.",
    ),
)
LAYOUT_CHANGED = kind(
    "layout-changed",
    WARNING,
    ("Bảng tính bị sửa cấu trúc", "The sheet's layout was changed"),
    ("{detail}", "{detail}"),
    (
        "Dùng đúng biểu mẫu: không đổi tên trang, không chèn dòng; ghi nhiều tài liệu trong một "
        "ô (Alt+Enter).",
        "Keep the template as sent: do not rename sheets or insert rows; put several lines in "
        "one cell (Alt+Enter).",
    ),
)
CACHED_TOTAL_DIFFERS = kind(
    "cached-total-differs",
    INFO,
    ("Tổng điểm lưu trong tệp khác tổng tính lại", "Saved total differs from the recomputed one"),
    (
        "Ô tổng {cell} lưu {cached} điểm, nhưng cộng các điểm tự chấm được {computed}; phần mềm "
        "dùng {computed}.",
        "Total cell {cell} holds {cached} points, but the self-scores add up to {computed}; "
        "{computed} is used.",
    ),
    (
        "Không sửa công thức ô tổng; mở tệp bằng Excel hoặc LibreOffice và lưu lại.",
        "Do not edit the total's formula; open the file in Excel or LibreOffice and save it.",
    ),
)
UNREADABLE_FILE = kind(
    "unreadable-file",
    ERROR,
    ("Không đọc được tệp", "File cannot be read"),
    ("{detail}", "{detail}"),
    (
        "Gửi lại tệp .xlsx lập từ biểu mẫu được cấp, không đặt mật khẩu, không đổi định dạng.",
        "Send the .xlsx made from the issued template again, without a password or format change.",
    ),
)
IGNORED_FILE = kind(
    "ignored-file",
    INFO,
    ("Tệp bị bỏ qua", "File ignored"),
    ("{detail}", "{detail}"),
    (
        "Không cần làm gì; tệp không tính cho đơn vị nào.",
        "Nothing to do; the file counts for no unit.",
    ),
)
MISSING_SUBMISSION = kind(
    "missing-submission",
    ERROR,
    ("Chưa có báo cáo tự chấm", "No self-assessment received"),
    (
        "Không có tệp tự chấm của {name} ({unit}) trong thư mục bài nộp.",
        "No self-assessment file of {name} ({unit}) in the submissions folder.",
    ),
    (
        "Đề nghị {name} gửi báo cáo tự chấm; lưu tệp vào thư mục bài nộp.",
        "Ask {name} for its self-assessment and save the file in the submissions folder.",
    ),
)
DISPUTED_FILE = kind(
    "disputed-file",
    ERROR,
    ("Tên tệp và mã đơn vị trong tệp không khớp", "File name and unit code disagree"),
    (
        "Tệp {file} mang tên đơn vị {sender} nhưng mã đơn vị trong tệp là {owner} "
        "({owner_name}); {detail}. Tệp không được tính cho đơn vị nào.",
        "File {file} is named for unit {sender} but the unit code inside it is {owner} "
        "({owner_name}); {detail}. The file counts for no unit.",
    ),
    (
        "Nếu đây là bài của {sender}: lấy biểu mẫu của chính {sender}, chép câu trả lời sang "
        "và gửi lại. Nếu đây là bài của {owner}: đổi tên tệp để bắt đầu bằng {owner}_.",
        "If this is {sender}'s assessment: take {sender}'s own template, copy the answers over "
        "and send it again. If it is {owner}'s: rename the file to start with {owner}_.",
    ),
)
CODE_IN_OTHER_FILE = kind(
    "code-in-other-file",
    WARNING,
    ("Mã đơn vị có trong tệp của đơn vị khác", "Unit code found in another unit's file"),
    (
        "Tệp {file}, gửi dưới tên đơn vị {sender}, mang mã đơn vị {owner}. Tệp đó không được "
        "tính cho {owner}; các tệp của chính đơn vị ({own}) được xét như bình thường.",
        "File {file}, sent under the name of unit {sender}, carries unit code {owner}. It does "
        "not count for {owner}; the unit's own files ({own}) are handled as usual.",
    ),
    (
        "Không cần làm gì nếu các tệp của đơn vị là đúng. Nếu {file} mới là bài của đơn vị, "
        "đổi tên tệp để bắt đầu bằng {owner}_ và rút các tệp còn lại.",
        "Nothing to do if the unit's own files are right. If {file} is the unit's assessment, "
        "rename it to start with {owner}_ and withdraw the others.",
    ),
)
ONLY_IN_OTHER_FILE = kind(
    "only-in-other-file",
    ERROR,
    ("Bài của đơn vị mang tên đơn vị khác", "The unit's file is named for another unit"),
    (
        "Không có tệp nào được tính cho {name} ({owner}): tệp {file} mang mã đơn vị {owner} "
        "nhưng tên tệp ghi đơn vị {sender}, nên không được tính cho đơn vị nào.",
        "No file counts for {name} ({owner}): file {file} carries unit code {owner} but its "
        "name says unit {sender}, so it counts for no unit.",
    ),
    (
        "Nếu {file} là bài của {name}: đổi tên tệp để bắt đầu bằng {owner}_ (như tên biểu mẫu "
        "đã cấp). Nếu không, đề nghị {name} gửi bài tự chấm của mình.",
        "If {file} is {name}'s assessment: rename it to start with {owner}_ (as the issued "
        "template is named). Otherwise ask {name} for its own self-assessment.",
    ),
)
SUPERSEDED_FILE = kind(
    "superseded-file",
    INFO,
    ("Tệp đã được thay bằng bản mới hơn", "File replaced by a newer one"),
    (
        "Tệp {file} ({when}) đã được thay bằng tệp mới hơn {newer} ({newer_when}) của đơn vị "
        "{unit}; tệp cũ không được chấm.",
        "File {file} ({when}) was replaced by the newer file {newer} ({newer_when}) of unit "
        "{unit}; the older file is not scored.",
    ),
    (
        "Không cần làm gì nếu {newer} là bản cuối cùng; nếu không, gửi lại bản đúng.",
        "Nothing to do if {newer} is the final version; otherwise send the right one again.",
    ),
)
SAME_TIME_FILES = kind(
    "same-time-files",
    ERROR,
    ("Nhiều tệp nhận cùng lúc", "Several files received at the same time"),
    (
        "Đơn vị {unit} có {count} tệp ({files}) nhận cùng lúc và ghi cùng ngày gửi; không xác "
        "định được bản cuối nên chưa chấm tệp nào.",
        "Unit {unit} has {count} files ({files}) received at the same time with the same "
        "submission date; the final version cannot be told, so none is scored.",
    ),
    (
        "Rút (xoá khỏi thư mục bài nộp) các bản cũ, chỉ để lại một tệp của đơn vị.",
        "Withdraw the older versions (remove them from the submissions folder), leaving one "
        "file of the unit.",
    ),
)

# -- detail texts used inside the messages above -----------------------------------------------
D_OTHER_SET = Message(
    "finding.detail.other-set",
    "tệp lập cho bộ tiêu chí “{found}” phiên bản {found_version}, không phải “{expected}” "
    "phiên bản {expected_version}",
    "it was made for criteria set “{found}” version {found_version}, not “{expected}” "
    "version {expected_version}",
)
D_HASH = Message(
    "finding.detail.hash",
    "nội dung bộ tiêu chí trong tệp khác bộ đang dùng (mẫu cũ hoặc đã bị sửa)",
    "the criteria in the file differ from the set in use (an old or altered template)",
)
D_MISSING_ROW = Message(
    "finding.detail.missing-row",
    "thiếu dòng của tiêu chí {code}",
    "the row of criterion {code} is missing",
)
D_EXTRA_ROW = Message(
    "finding.detail.extra-row",
    "dòng {row} có tiêu chí {code} không có trong bộ tiêu chí",
    "row {row} holds criterion {code}, which is not in the criteria set",
)
D_MAX_CHANGED = Message(
    "finding.detail.max-changed",
    "điểm tối đa của tiêu chí {code} bị sửa thành {shown} (đúng là {max})",
    "the maximum of criterion {code} was changed to {shown} (it is {max})",
)
D_UNKNOWN_UNIT = Message(
    "finding.detail.unknown-unit",
    "mã đơn vị “{found}” trong tệp không có trong danh sách đơn vị",
    "unit code “{found}” in the file is not in the units file",
)
D_OWNER_HAS_FILE = Message(
    "finding.detail.owner-has-file",
    "{owner} đã có tệp riêng ({own}), tệp này không thể thay tệp đó",
    "{owner} has its own file ({own}), which this file cannot replace",
)
D_OWNER_UNSURE = Message(
    "finding.detail.owner-unsure",
    "không xác định được tệp là bài của đơn vị nào",
    "whose assessment it is cannot be told",
)
D_RECEIVED = Message("finding.detail.received", "nhận lúc {time}", "received {time}")
D_DECLARED = Message(
    "finding.detail.declared", "ngày gửi ghi trong tệp {date}", "submission date given {date}"
)
D_NO_UNIT = Message(
    "finding.detail.no-unit",
    "tệp không ghi mã đơn vị",
    "the file does not give a unit code",
)
D_NEGATIVE = Message("finding.detail.negative", "số đếm không thể âm", "a count cannot be negative")
D_NOT_WHOLE = Message(
    "finding.detail.not-whole", "số đếm phải là số nguyên", "a count must be a whole number"
)
D_BELOW = Message(
    "finding.detail.below", "nhỏ hơn mức thấp nhất {limit}", "below the lowest value {limit}"
)
D_ABOVE = Message(
    "finding.detail.above", "lớn hơn mức cao nhất {limit}", "above the highest value {limit}"
)
D_NOT_A_CHOICE = Message(
    "finding.detail.not-a-choice",
    "không phải một trong các lựa chọn {choices}",
    "not one of the choices {choices}",
)
D_GREATER = Message(
    "finding.detail.greater",
    "lớn hơn “{right}” = {right_value}",
    "greater than “{right}” = {right_value}",
)
D_PLAN_FIGURE = Message(
    "finding.detail.plan-figure",
    "“{figure}” kê khai {declared} (ô {cell}), kế hoạch ghi {recorded}",
    "“{figure}” declared {declared} (cell {cell}), the plan records {recorded}",
)
D_PLAN_RATE = Message(
    "finding.detail.plan-rate",
    " Tỷ lệ hoàn thành kê khai {declared} % cao hơn kế hoạch ghi nhận {recorded} %.",
    " The declared completion rate {declared} % is higher than the plan's {recorded} %.",
)
D_PLAN_NO_WORKBOOK = Message(
    "finding.detail.plan-no-workbook",
    "đơn vị chưa có tệp kế hoạch CCHC đọc được, trong khi các đơn vị khác đã gửi",
    "the unit has no readable PAR plan workbook, while other units sent theirs",
)
D_PLAN_NO_INSPECTIONS = Message(
    "finding.detail.plan-no-inspections",
    "lịch kiểm tra (plan/kiem-tra.csv) có kế hoạch kiểm tra nhưng chưa có tệp theo dõi kiểm tra "
    "đọc được",
    "the schedule (plan/kiem-tra.csv) lists inspections but no readable inspection workbook",
)
D_TYPED = Message(
    "finding.detail.typed",
    " (chỉ ghi “{typed}”, chưa nêu lý do)",
    " (it only says “{typed}”, no reason)",
)
D_KIND = {
    "document": Message(
        "finding.detail.kind.document", "văn bản có số, ngày ban hành", "a document with number "
        "and date"
    ),
    "web": Message("finding.detail.kind.web", "địa chỉ trang web", "a web address"),
    "file": Message("finding.detail.kind.file", "tệp (ảnh chụp, bản trích)", "a file (photo, "
                    "extract)"),
    "none": Message("finding.detail.kind.none", "không cần tài liệu", "no evidence"),
}  # fmt: skip
D_MORE_UNITS = Message(
    "finding.detail.more-units", " và {count} đơn vị khác", " and {count} other unit(s)"
)
D_OR = Message("finding.detail.or", " hoặc ", " or ")
D_NUMBER = Message("finding.detail.number", "số ký hiệu", "a number")
D_DATE = Message("finding.detail.date", "ngày ban hành", "a date")
D_AND = Message("finding.detail.and", " và ", " and ")
D_SURVEY = Message("finding.detail.survey", "điều tra xã hội học", "the survey")
D_APPRAISER = Message("finding.detail.appraiser", "Hội đồng thẩm định", "the appraisal council")
D_ANSWER = Message("finding.detail.answer", "lựa chọn “{answer}”", "answer “{answer}”")
D_FIGURE = Message("finding.detail.figure", "{label} = {value}", "{label} = {value}")
D_RATIO = Message("finding.detail.ratio", "tỷ lệ {ratio} %", "ratio {ratio} %")
D_NOT_APPLICABLE = Message("finding.detail.na", "không áp dụng", "not applicable")
D_ANSWER_FIELD = Message("finding.detail.answer-field", "lựa chọn", "the answer")


def all_codes() -> list[str]:
    """Every finding code, in catalogue order."""
    return list(KINDS)


def get(code: str) -> FindingKind:
    """The catalogue entry of a code (KeyError for an unknown code)."""
    return KINDS[code]
