"""Pinned outputs: the CLI's help and the summary ``run`` prints on the example district.

Update after an intended change with ``pytest tests/cli/test_snapshots.py
--inline-snapshot=fix`` and read the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from inline_snapshot import snapshot
from typer.testing import CliRunner

from par_index.cli.app import app
from tests.helpers.example import copy_example


def _invoke(*args: str):
    env = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    return CliRunner().invoke(app, list(args), env=env, terminal_width=100)


def test_main_help():
    assert _invoke("--help").stdout == snapshot("""\
                                                                                                    \n\
 Usage: par-index [OPTIONS] COMMAND [ARGS]...                                                       \n\
                                                                                                    \n\
 Chấm, kiểm tra và xếp hạng Chỉ số cải cách hành chính (PAR index).                                 \n\
                                                                                                    \n\
╭─ Options ────────────────────────────────────────────────────────────────────────────────────────╮
│ --lang                      <str>   Ngôn ngữ: vi (mặc định) hoặc en. Cũng đọc PAR_INDEX_LANG.    │
│ --debug                     <bool>  Hiện traceback khi có lỗi.                                   │
│ --version                   <bool>  In phiên bản.                                                │
│ --install-completion        <bool>  Install completion for the current shell.                    │
│ --show-completion           <bool>  Show completion for the current shell, to copy it or         │
│                                     customize the installation.                                  │
│ --help                      <bool>  Show this message and exit.                                  │
╰──────────────────────────────────────────────────────────────────────────────────────────────────╯
╭─ Commands ───────────────────────────────────────────────────────────────────────────────────────╮
│ init       Tạo không gian làm việc: par-index.yaml có chú thích, units.csv mẫu và các thư mục.   │
│ templates  Tạo biểu mẫu tự chấm điểm (.xlsx) cho từng đơn vị.                                    │
│ receive    Nhận tệp: chép vào thư mục nộp, ghi nhật ký nhận (thời điểm, SHA-256, phiên bản).     │
│ read       Đọc bảng tự chấm điểm đã điền; mã thoát 1 nếu có tệp không đọc được.                  │
│ check      Kiểm tra tự chấm điểm: phát hiện sai sót, ghi phiếu phản hồi từng đơn vị.             │
│ appraisal  Lập phiếu thẩm định cho Hội đồng: mỗi đơn vị một trang (write the appraisal           │
│            workbook).                                                                            │
│ score      Chấm điểm cuối cùng, xếp hạng, xếp loại và liên hệ đánh giá cán bộ (score and rank).  │
│ whatif     Xem trước hạng, xếp loại và đánh giá cán bộ nếu đổi điểm một số tiêu chí (what if).   │
│ report     Lập báo cáo HTML (in được, xem ngoại tuyến), Excel và dự thảo quyết định công bố.     │
│ run        Kiểm tra, chấm điểm, xếp hạng và lập báo cáo trong một lệnh (check, score, report).   │
│ status     Tiến độ từng đơn vị: đã nhận, đã kiểm tra, phản hồi, thẩm định, còn bao nhiêu ngày.   │
│ plan       Kế hoạch CCHC năm: tạo tệp kế hoạch, theo dõi tiến độ (đúng hạn, chậm, quá hạn).      │
│ criteria   Bộ tiêu chí: kiểm tra, xem, xuất JSON Schema (criteria sets).                         │
╰──────────────────────────────────────────────────────────────────────────────────────────────────╯

""")


def test_run_help():
    assert _invoke("run", "--help").stdout == snapshot("""\
                                                                                                    \n\
 Usage: par-index run [OPTIONS] {workspace}                                                         \n\
                                                                                                    \n\
 Kiểm tra, chấm điểm, xếp hạng và lập báo cáo trong một lệnh (check, score, report).                \n\
                                                                                                    \n\
╭─ Arguments ──────────────────────────────────────────────────────────────────────────────────────╮
│ *    workspace      <path>  Thư mục làm việc (có par-index.yaml). [required]                     │
╰──────────────────────────────────────────────────────────────────────────────────────────────────╯
╭─ Options ────────────────────────────────────────────────────────────────────────────────────────╮
│ --workers                            <int>   Số tiến trình đọc tệp (mặc định: số lõi).           │
│ --feedback          --no-feedback    <bool>  Ghi phiếu phản hồi cho từng đơn vị.                 │
│                                              [default: feedback]                                 │
│ --json                               <bool>  In bản tóm tắt dạng JSON (RunSummary của thư viện). │
│ --final-decision                     <bool>  Lập quyết định chính thức dù kết quả còn tạm thời   │
│                                              (không ghi DỰ THẢO); như decision.final.            │
│ --help                               <bool>  Show this message and exit.                         │
╰──────────────────────────────────────────────────────────────────────────────────────────────────╯

""")


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    return copy_example(tmp_path_factory.mktemp("snap") / "quang-dien-2021")


def test_run_summary_on_the_example(example):
    done = _invoke("run", str(example), "--workers", "0", "--no-feedback")
    assert done.exit_code == 1
    text = done.stdout.replace(str(example), "WS")
    assert text == snapshot("""\

11 đơn vị, 11 tệp đã nhận; phát hiện: 33 lỗi, 27 cảnh báo, 1 thông tin.
Không đọc được 1 tệp (xem check.json và phiếu phản hồi): QD-QVI_Xã Quảng Vinh_2021.xlsx
Phiếu thẩm định cần xem lại (1):
  tham-dinh-2021.xlsx › QD-QAN!C6: trang thẩm định của QD-QAN được lập từ tệp QD-QAN_Xã Quảng An_2021.xlsx (mã ecc74594…), nhưng tệp đang tính là QD-QAN_Xã Quảng An_2021.xlsx (mã dec9eb80…) (đơn vị gửi lại sau đó; tiêu chí đổi điểm tự chấm: 7.2.1). Hãy lập lại phiếu thẩm định bằng 'par-index appraisal', chép điểm đã chấm sang và thẩm định lại các tiêu chí này. (appraisal.stale-file)
Tạm thời (3 đơn vị, kết quả có thể thay đổi): Xã Quảng An, Xã Quảng Lợi, Xã Quảng Vinh
Chưa có kết quả điều tra xã hội học (1 đơn vị): Xã Quảng Lợi
Không xếp hạng: Xã Quảng Vinh — Gửi lại biểu mẫu năm 2020; chưa xếp hạng cho đến khi nộp đúng biểu mẫu năm 2021
Xếp loại bắt buộc: Xã Quảng Thọ — Yếu: Người đứng đầu hoặc tập thể lãnh đạo UBND bị kỷ luật trong năm đánh giá (xếp loại Yếu).
Cao nhất: 1. Thị trấn Sịa (92,57), 2. Xã Quảng An (85,99), 2. Xã Quảng Thành (85,99)
Thấp nhất: 8. Xã Quảng Thái (68,14), 9. Xã Quảng Phước (64,14), 10. Xã Quảng Phú (62,88)
Báo cáo: WS/outputs/report.html
Kết quả: WS/outputs/results.json
Phiếu phản hồi: —
Quyết định công bố (Word): WS/outputs/quyet-dinh.docx
Còn lỗi cần xử lý trước khi công bố kết quả (mã thoát 1).
""")


def test_report_text_on_the_example(example):
    """A text dump of report.html's ranking, area matrix and staff tables, as leaders read them."""
    from tests.report.dom import parse

    _invoke("run", str(example), "--workers", "0", "--no-feedback")
    dom = parse((example / "outputs" / "report.html").read_text(encoding="utf-8"))
    lines = []
    for section in ("ranking-table", "area-matrix", "staff-table"):
        for row in dom.by_id(section).rows():
            lines.append(" | ".join(" ".join(cell.split()) for cell in row))
    assert "\n".join(lines) == snapshot("""\
1 | Thị trấn Sịa | Huyện Quảng Điền | 92,57 | 92,57 / 100,00 | Xuất sắc | ▲ +1 | ▲ +4,47 | 0 | 0
2 (2–3) | Xã Quảng An tạm tính | Huyện Quảng Điền | 85,99 | 85,99 / 100,00 | Tốt | ▲ +3 | ▲ +5,74 | +0,75 | 5
2 (2–3) | Xã Quảng Thành | Huyện Quảng Điền | 85,99 | 85,99 / 100,00 | Tốt | ▲ +1 | ▲ +3,29 | +2,00 | 9
4 | Xã Quảng Thọ | Huyện Quảng Điền | 83,38 | 83,38 / 100,00 | Yếu | ▼ −1 | ▼ −0,62 | 0 | 4
5 (5–7) | Xã Quảng Lợi tạm tính chưa có KQ điều tra | Huyện Quảng Điền | 80,63 | 64,50 / 80,00 | Tốt | ▲ +1 | ▲ +0,73 | 0 | 3
6 (5–6) | Xã Quảng Ngạn | Huyện Quảng Điền | 77,90 | 77,90 / 100,00 | Khá | ▼ −2 | ▼ −3,15 | +1,50 | 2
7 (6–7) | Xã Quảng Công | Huyện Quảng Điền | 75,34 | 75,34 / 100,00 | Khá | = 0 | ▼ −3,06 | +1,00 | 2
8 | Xã Quảng Thái | Huyện Quảng Điền | 68,14 | 67,12 / 98,50 | Trung bình | ▲ +1 | ▼ −9,46 | +1,50 | 5
9 | Xã Quảng Phước | Huyện Quảng Điền | 64,14 | 64,14 / 100,00 | Trung bình | ▲ +1 | ▼ −4,61 | +31,00 | 27
10 | Xã Quảng Phú | Huyện Quảng Điền | 62,88 | 61,94 / 98,50 | Trung bình | ▼ −2 | ▼ −13,42 | 0 | 3
— | Xã Quảng Vinh tạm tính Chưa nộp bản tự chấm Không xếp hạng: Gửi lại biểu mẫu năm 2020; chưa xếp hạng cho đến khi nộp đúng biểu mẫu năm 2021 | Huyện Quảng Điền | 15,56 | 15,56 / 100,00 | Yếu | — | ▼ −54,94 | 0 | 1
Thị trấn Sịa | 100,00 | 100,00 | 100,00 | 100,00 | 100,00 | 66,67 | 85,67 | 82,40
Xã Quảng An | 77,27 | 100,00 | 82,35 | 100,00 | 100,00 | 100,00 | 81,67 | 77,47
Xã Quảng Thành | 77,27 | 100,00 | 82,35 | 100,00 | 100,00 | 100,00 | 81,67 | 77,47
Xã Quảng Thọ | 95,45 | 100,00 | 76,47 | 100,00 | 75,00 | 66,67 | 86,67 | 76,27
Xã Quảng Lợi | 72,73 | 100,00 | 82,35 | 100,00 | 93,75 | 66,67 | 86,67 | 40,00
Xã Quảng Ngạn | 68,18 | 100,00 | 82,35 | 100,00 | 100,00 | 66,67 | 80,00 | 64,67
Xã Quảng Công | 77,27 | 100,00 | 76,47 | 100,00 | 75,00 | 66,67 | 86,67 | 56,13
Xã Quảng Thái | 90,91 | 100,00 | 61,76 | 66,67 | 75,00 | 55,56 | 72,00 | 51,07
Xã Quảng Phước | 77,27 | 78,57 | 52,94 | 100,00 | 75,00 | 66,67 | 63,33 | 48,80
Xã Quảng Phú | 77,27 | 78,57 | 47,06 | 83,33 | 75,00 | 55,56 | 73,33 | 48,13
Xã Quảng Vinh | 0,00 | 0,00 | 0,00 | 0,00 | 0,00 | 0,00 | 0,00 | 51,87
Thị trấn Sịa | Lê Văn Hùng, Chủ tịch UBND thị trấn | Xuất sắc | Hoàn thành xuất sắc nhiệm vụ | Được đề nghị | \n\
Xã Quảng An | Nguyễn Văn An, Chủ tịch UBND xã | Tốt | Hoàn thành xuất sắc nhiệm vụ tạm thời | Được đề nghị | Kết quả chưa được thẩm định: các hệ quả trên chỉ là tạm thời.
Xã Quảng Thành | Nguyễn Thành Trung, Chủ tịch UBND xã | Tốt | Hoàn thành tốt nhiệm vụ | Không đề nghị | Tài liệu kiểm chứng trùng với đơn vị khác hoặc gửi sai biểu mẫu: người đứng đầu không được xếp loại Hoàn thành xuất sắc nhiệm vụ; không đề nghị khen thưởng công tác CCHC.
Xã Quảng Thọ | Hoàng Văn Thọ, Chủ tịch UBND xã bị kỷ luật trong năm | Yếu | Không hoàn thành nhiệm vụ | Không đề nghị | Người đứng đầu bị xử lý kỷ luật trong năm: xếp loại Không hoàn thành nhiệm vụ; không đề nghị danh hiệu Tập thể lao động xuất sắc (Nghị định 90/2020/NĐ-CP, sửa đổi bởi Nghị định 48/2023/NĐ-CP). Chỉ số CCHC xếp loại Trung bình hoặc Yếu: người đứng đầu xếp loại cao nhất Hoàn thành nhiệm vụ; không đề nghị danh hiệu Tập thể lao động xuất sắc. Tài liệu kiểm chứng trùng với đơn vị khác hoặc gửi sai biểu mẫu: người đứng đầu không được xếp loại Hoàn thành xuất sắc nhiệm vụ; không đề nghị khen thưởng công tác CCHC.
Xã Quảng Lợi | Phạm Thị Lợi, Chủ tịch UBND xã | Tốt | Hoàn thành xuất sắc nhiệm vụ tạm thời | Được đề nghị | Kết quả chưa được thẩm định: các hệ quả trên chỉ là tạm thời. Chưa có kết quả điều tra xã hội học (tiêu chí 8.1.1, 8.1.2, 8.1.3, 8.1.4, 8.1.5): các hệ quả trên là tạm thời, xét lại khi có kết quả.
Xã Quảng Ngạn | Hồ Văn Ngạn, Chủ tịch UBND xã | Khá | Hoàn thành tốt nhiệm vụ | Được đề nghị | Nộp hồ sơ tự đánh giá chậm so với thời hạn: người đứng đầu không được xếp loại Hoàn thành xuất sắc nhiệm vụ.
Xã Quảng Công | Trần Minh Công, Chủ tịch UBND xã | Khá | Hoàn thành xuất sắc nhiệm vụ | Được đề nghị | \n\
Xã Quảng Thái | Lê Quang Thái, Chủ tịch UBND xã | Trung bình | Hoàn thành nhiệm vụ | Không đề nghị | Chỉ số CCHC xếp loại Trung bình hoặc Yếu: người đứng đầu xếp loại cao nhất Hoàn thành nhiệm vụ; không đề nghị danh hiệu Tập thể lao động xuất sắc. Hệ quả này chưa chắc chắn: bỏ từng lĩnh vực, đổi trọng số ±10 %: hạng 8–8, chỉ số 65,15–75,18; trong khoảng đó có thể là mức cao nhất “Hoàn thành xuất sắc nhiệm vụ”, được đề nghị khen thưởng. Xét lại khi kết quả chắc chắn (xem mục Độ vững của kết quả ở trang đơn vị).
Xã Quảng Phước | Võ Thị Phước, Chủ tịch UBND xã | Trung bình | Hoàn thành nhiệm vụ | Không đề nghị | Chỉ số CCHC xếp loại Trung bình hoặc Yếu: người đứng đầu xếp loại cao nhất Hoàn thành nhiệm vụ; không đề nghị danh hiệu Tập thể lao động xuất sắc. Điểm tự chấm cao hơn kết quả thẩm định trên 5 điểm: không xếp loại Hoàn thành xuất sắc nhiệm vụ; không đề nghị Tập thể lao động xuất sắc. Hệ quả này chưa chắc chắn: bỏ từng lĩnh vực, đổi trọng số ±10 %: hạng 9–9, chỉ số 61,79–70,29; trong khoảng đó có thể là mức cao nhất “Hoàn thành tốt nhiệm vụ”. Xét lại khi kết quả chắc chắn (xem mục Độ vững của kết quả ở trang đơn vị).
Xã Quảng Phú | Đặng Văn Phú, Chủ tịch UBND xã | Trung bình | Hoàn thành nhiệm vụ | Không đề nghị | Chỉ số CCHC xếp loại Trung bình hoặc Yếu: người đứng đầu xếp loại cao nhất Hoàn thành nhiệm vụ; không đề nghị danh hiệu Tập thể lao động xuất sắc. Đơn vị xếp cuối bảng xếp hạng: người đứng đầu không được xếp loại Hoàn thành xuất sắc nhiệm vụ.
Xã Quảng Vinh | Trương Công Vinh, Chủ tịch UBND xã | Yếu | Hoàn thành nhiệm vụ tạm thời | Không đề nghị | Chỉ số CCHC xếp loại Trung bình hoặc Yếu: người đứng đầu xếp loại cao nhất Hoàn thành nhiệm vụ; không đề nghị danh hiệu Tập thể lao động xuất sắc. Tài liệu kiểm chứng trùng với đơn vị khác hoặc gửi sai biểu mẫu: người đứng đầu không được xếp loại Hoàn thành xuất sắc nhiệm vụ; không đề nghị khen thưởng công tác CCHC. Kết quả chưa được thẩm định: các hệ quả trên chỉ là tạm thời.\
""")
