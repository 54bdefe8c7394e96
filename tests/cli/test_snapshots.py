"""Pinned outputs: the CLI's help and the summary ``run`` prints on the example district.

Update after an intended change with ``pytest tests/cli/test_snapshots.py
--inline-snapshot=fix`` and read the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from inline_snapshot import snapshot
from typer.testing import CliRunner

from par_index.cli.app import app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "quang-dien-2021"


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
│ read       Đọc bảng tự chấm điểm đã điền; mã thoát 1 nếu có tệp không đọc được.                  │
│ check      Kiểm tra tự chấm điểm: phát hiện sai sót, ghi phiếu phản hồi từng đơn vị.             │
│ appraisal  Lập phiếu thẩm định cho Hội đồng: mỗi đơn vị một trang (write the appraisal           │
│            workbook).                                                                            │
│ score      Chấm điểm cuối cùng, xếp hạng, xếp loại và liên hệ đánh giá cán bộ (score and rank).  │
│ report     Lập báo cáo HTML (in được, xem ngoại tuyến) và Excel từ kết quả chấm điểm.            │
│ run        Kiểm tra, chấm điểm, xếp hạng và lập báo cáo trong một lệnh (check, score, report).   │
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
│ --workers                      <int>   Số tiến trình đọc tệp (mặc định: số lõi).                 │
│ --feedback    --no-feedback    <bool>  Ghi phiếu phản hồi cho từng đơn vị. [default: feedback]   │
│ --json                         <bool>  In bản tóm tắt dạng JSON (RunSummary của thư viện).       │
│ --help                         <bool>  Show this message and exit.                               │
╰──────────────────────────────────────────────────────────────────────────────────────────────────╯

""")


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("snap") / "quang-dien-2021"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("outputs"))
    return root


def test_run_summary_on_the_example(example):
    done = _invoke("run", str(example), "--workers", "0", "--no-feedback")
    assert done.exit_code == 1
    text = done.stdout.replace(str(example), "WS")
    assert text == snapshot("""\

11 đơn vị, 11 tệp đã nhận; phát hiện: 33 lỗi, 19 cảnh báo, 0 thông tin.
Không đọc được 1 tệp (xem check.json và phiếu phản hồi): QD-QVI_Xã Quảng Vinh_2021.xlsx
Phiếu thẩm định cần xem lại (1):
  tham-dinh-2021.xlsx › QD-QAN!C6: trang thẩm định của QD-QAN được lập từ tệp QD-QAN_Xã Quảng An_2021.xlsx (mã 8fc002e9…), nhưng tệp đang tính là QD-QAN_Xã Quảng An_2021.xlsx (mã 79949099…) (đơn vị gửi lại sau đó; tiêu chí đổi điểm tự chấm: 7.2.1). Hãy lập lại phiếu thẩm định bằng 'par-index appraisal', chép điểm đã chấm sang và thẩm định lại các tiêu chí này. (appraisal.stale-file)
Tạm thời (3 đơn vị, kết quả có thể thay đổi): Xã Quảng An, Xã Quảng Lợi, Xã Quảng Vinh
Không xếp hạng: Xã Quảng Vinh — Gửi lại biểu mẫu năm 2020; chưa xếp hạng cho đến khi nộp đúng biểu mẫu năm 2021
Xếp loại bắt buộc: Xã Quảng Thọ — Yếu: Người đứng đầu hoặc tập thể lãnh đạo UBND bị kỷ luật trong năm đánh giá (xếp loại Yếu).
Cao nhất: 1. Thị trấn Sịa (92,57), 2. Xã Quảng An (85,99), 2. Xã Quảng Thành (85,99)
Thấp nhất: 8. Xã Quảng Thái (69,32), 9. Xã Quảng Phước (65,14), 10. Xã Quảng Phú (64,44)
Báo cáo: WS/outputs/report.html
Kết quả: WS/outputs/results.json
Phiếu phản hồi: —
Còn lỗi cần xử lý trước khi công bố kết quả (mã thoát 1).
""")
