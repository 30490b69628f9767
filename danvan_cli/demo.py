"""Realistic test units, so that scale (many units, long logs) can be tried by anyone: `danvan demo-units N`."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from danvan_cli.errors import ValueNotAllowed, display_path
from danvan_cli.files import present, write_text_atomic
from danvan_cli.roster import Member, roster_text
from danvan_cli.scaffold import Answers, builtin_plan_text, unit_text
from danvan_cli.vnformat import short_date
from danvan_cli.workspace import Workspace
from danvan_cli.yamlsource import quote

KINDS = [("Trường Mầm non", "MN"), ("Trường Tiểu học", "TH"), ("Trường Trung học cơ sở", "THCS")]
PLACES = [
    "Hùng An",
    "Ngọc Thanh",
    "Toàn Thắng",
    "Vĩnh Xá",
    "Phạm Ngũ Lão",
    "Nghĩa Dân",
    "Đức Hợp",
    "Mai Động",
    "Hiệp Cường",
    "Chính Nghĩa",
]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
GIVEN = ["Thị Thu Hà", "Văn Minh", "Thị Lan", "Thị Hồng Nhung", "Văn Hùng", "Thị Mai", "Đức Thắng", "Thị Hương"]
# What the demo schools record: (task of the school model, what was done, its figures).
ACTIVITIES = [
    (
        "tuyen-truyen",
        "Tuyên truyền về công tác dân vận chính quyền tại buổi sinh hoạt chuyên môn",
        ["số buổi tuyên truyền", "số lượt người tham gia"],
    ),
    (
        "danh-gia-xep-loai",
        "Rà soát tiêu chí đánh giá, xếp loại công tác dân vận chính quyền",
        ["số văn bản triển khai"],
    ),
    (
        "dan-chu-co-so",
        "Tổ chức hội nghị, đối thoại với viên chức và cha mẹ học sinh",
        ["số hội nghị, đối thoại", "số lượt người tham gia"],
    ),
    ("dan-chu-co-so", "Mời Ban Thanh tra nhân dân giám sát thu, chi", ["số lượt giám sát"]),
    (
        "dan-van-kheo",
        'Triển khai mô hình "Dân vận khéo" của Chi bộ',
        ["số mô hình dân vận khéo đăng ký", "số lượt người tham gia"],
    ),
    (
        "cai-cach-hanh-chinh",
        "Công khai thủ tục, ứng dụng công nghệ thông tin trong quản lý",
        ["số thủ tục được công khai"],
    ),
    ("phoi-hop", "Phối hợp Ban đại diện cha mẹ học sinh tổ chức hoạt động ngoại khóa", ["số lượt người tham gia"]),
]


# Local government has two levels since 1 July 2025: the schools of a commune report to its Ủy ban nhân dân, whose
# Phòng Văn hóa - Xã hội consolidates (plan years from 2026). Earlier years keep the district's Phòng GD&ĐT.
TWO_LEVELS_FROM = 2026


@dataclass(frozen=True)
class Office:
    folder: str
    name: str  # as the schools' reports address it (Kính gửi)
    parent: str  # the schools' cơ quan chủ quản
    text: str  # its unit.yaml, {figures} to fill


DISTRICT_OFFICE = Office(
    "phong-gd-dt",
    "Phòng Giáo dục và Đào tạo Kim Động",
    "Phòng Giáo dục và Đào tạo Kim Động",
    """\
# Cơ quan nhận báo cáo của các đơn vị thử (trước ngày 01/7/2025: cấp huyện) — DỮ LIỆU THỬ do danvan demo-units tạo ra.
co_quan_chu_quan: Ủy ban nhân dân huyện Kim Động
ten_co_quan: Phòng Giáo dục và Đào tạo Kim Động
chu_viet_tat: PGDĐT
dia_danh: Kim Động
co_quan_cap_tren: Ủy ban nhân dân huyện Kim Động
nguoi_ky:
  chuc_vu: Trưởng phòng
  ho_ten: Trần Văn Nam
noi_nhan:
  - Các trường trực thuộc
# Tổng hợp: đơn vị nào gửi báo cáo lên (danh sách đầy đủ ở don-vi.yaml), và số liệu nào được tổng hợp (tên, đơn vị
# tính, loại).
tong_hop:
  don_vi: ["don-vi-*"]
  chu_de: công tác dân vận chính quyền
  so_lieu:
{figures}
""",
)
COMMUNE_OFFICE = Office(
    "phong-van-hoa-xa-hoi",
    "Phòng Văn hóa - Xã hội xã Hùng An",
    "Ủy ban nhân dân xã Hùng An",
    """\
# Cơ quan nhận báo cáo của các đơn vị thử (chính quyền hai cấp) — DỮ LIỆU THỬ do danvan demo-units tạo ra.
co_quan_chu_quan: Ủy ban nhân dân xã Hùng An
ten_co_quan: Phòng Văn hóa - Xã hội
chu_viet_tat: VHXH
dia_danh: Hùng An
co_quan_cap_tren: Ủy ban nhân dân xã Hùng An
nguoi_ky:
  chuc_vu: Trưởng phòng
  ho_ten: Trần Văn Nam
noi_nhan:
  - Các trường trên địa bàn xã
# Tổng hợp: đơn vị nào gửi báo cáo lên (danh sách đầy đủ ở don-vi.yaml), và số liệu nào được tổng hợp (tên, đơn vị
# tính, loại).
tong_hop:
  don_vi: ["don-vi-*"]
  chu_de: công tác dân vận chính quyền
  so_lieu:
{figures}
""",
)


def office_for(year: int) -> Office:
    return COMMUNE_OFFICE if year >= TWO_LEVELS_FROM else DISTRICT_OFFICE


# The province's criteria, shared by every demo unit (a flat list, as some provinces write them), and who is assessed.
CRITERIA_FILE = "tieu-chi-tinh.yaml"
CRITERIA = """\
# Bộ tiêu chí đánh giá, xếp loại công tác dân vận chính quyền — DỮ LIỆU THỬ do danvan demo-units tạo ra.
ten: Tiêu chí đánh giá, xếp loại công tác dân vận chính quyền
doi_tuong: các cơ sở giáo dục trên địa bàn
tong_diem: 100
tieu_chi:
  - ma: "1"
    ten: Ban hành kế hoạch thực hiện công tác dân vận chính quyền
    diem_toi_da: 20
  - ma: "2"
    ten: Thực hiện dân chủ ở cơ sở, công khai trong đơn vị
    diem_toi_da: 30
  - ma: "3"
    ten: Phong trào thi đua “Dân vận khéo”
    diem_toi_da: 25
  - ma: "4"
    ten: Cải cách hành chính, chuyển đổi số
    diem_toi_da: 25
xep_loai:
  - nhan: Tốt
    tu: 90
    den: 100
  - nhan: Khá
    tu: 70
    den: 90
  - nhan: Trung bình
    tu: 50
    den: 70
  - nhan: Yếu
    tu: 0
    den: 50
"""


def self_assessment_text(rng: random.Random, i: int) -> str:
    """A unit's scores: every third re-scored by the level above (thẩm định); the 13th cannot be rated."""
    maxima = {"1": 20, "2": 30, "3": 25, "4": 25}
    lines = [
        "# Bảng tự chấm điểm — DỮ LIỆU THỬ do danvan demo-units tạo ra.",
        f"tieu_chi: ../../{CRITERIA_FILE}",
        "diem:",
    ]
    own = {ma: rng.randint(top * 6 // 10, top) for ma, top in maxima.items()}
    lines += [f'  - ma: "{ma}"\n    diem: {points}' for ma, points in own.items()]
    if i % 3 == 0:
        lines.append("cap_tren:")
        lines += [f'  - ma: "{ma}"\n    diem: {max(0, points - rng.randint(0, 3))}' for ma, points in own.items()]
    if i % 13 == 0:
        lines.append("khong_xep_loai: có viên chức bị xử lý kỷ luật trong năm")
    return "\n".join(lines) + "\n"


MEASURES = {
    "số buổi tuyên truyền": "buổi",
    "số lượt người tham gia": "lượt người",
    "số văn bản triển khai": "văn bản",
    "số hội nghị, đối thoại": "hội nghị",
    "số mô hình dân vận khéo đăng ký": "mô hình",
    "số thủ tục được công khai": "thủ tục",
    "số lượt giám sát": "lượt",
}
# The kind of each figure, as the school model declares it: models registered are a level, never summed.
KINDS_OF = {"số mô hình dân vận khéo đăng ký": "hien_co"}


def make_office(plans_dir: Path, year: int) -> str:
    """The office the demo units report to in `year`, with the figures it consolidates."""
    office = office_for(year)
    figures = "\n".join(
        f"    - ten: {quote(name)}\n      don_vi_tinh: {quote(unit)}\n      loai: {KINDS_OF.get(name, 'so_dem')}"
        for name, unit in MEASURES.items()
    )
    write_text_atomic(Workspace(plans_dir).unit_file(office.folder), office.text.format(figures=figures))
    return office.folder


def files_written(plans_dir: Path, count: int, year: int) -> list[Path]:
    """Every file `make_demo_units` writes (so that none of someone's existing files is replaced unasked)."""
    ws = Workspace(plans_dir)
    paths = [ws.unit_file(office_for(year).folder), ws.roster_file(office_for(year).folder), plans_dir / CRITERIA_FILE]
    for i in range(1, count + 1):
        unit = f"don-vi-{i:04d}"
        paths += [ws.unit_file(unit), ws.plan_file(unit, year), ws.progress_file(unit, year)]
        if i % 7:
            paths += [
                ws.narrative_file(unit, year, "6m"),
                ws.narrative_file(unit, year, "year"),
                ws.self_assessment_file(unit, year),
            ]
    return paths


def make_demo_units(
    plans_dir: Path, count: int, *, year: int = 2026, entries_per_unit: int = 12, seed: int = 1, force: bool = False
) -> list[str]:
    """`count` units under plans_dir, each with unit.yaml, the built-in plan, a progress log over the year and
    (for most) the 6-month report's narrative: every 7th unit has not reported, every 5th reported late,
    and every 11th names a figure its own way (so the office sees it listed, not summed).

    Refused, writing nothing, when any file it would write exists (unless `force`)."""

    if not force:
        existing = [p for p in files_written(plans_dir, count, year) if present(p)]
        if existing:
            shown = ", ".join(display_path(p) for p in existing[:3]) + (" …" if len(existing) > 3 else "")
            raise ValueNotAllowed(f"đã có {len(existing)} tệp mà lệnh này sẽ ghi ({shown}); không ghi đè", "ghi_de")
    rng = random.Random(seed)
    make_office(plans_dir, year)
    write_text_atomic(plans_dir / CRITERIA_FILE, CRITERIA)
    office = office_for(year)
    ws = Workspace(plans_dir)
    names = []
    members: list[Member] = []
    for i in range(1, count + 1):
        kind, abbr = KINDS[i % len(KINDS)]
        place = PLACES[i % len(PLACES)]
        folder = f"don-vi-{i:04d}"
        answers = Answers(
            unit=folder,
            ten_co_quan=f"{kind} {place} số {i}",
            co_quan_chu_quan=office.parent,
            chu_viet_tat=f"{abbr}{i:04d}",
            dia_danh=place,
            co_quan_cap_tren=office.name,
            chuc_vu="Hiệu trưởng",
            ho_ten=f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}",
        )
        write_text_atomic(ws.unit_file(folder), unit_text(answers))
        plan = builtin_plan_text(
            year=year,
            so=rng.randint(1, 30),
            ngay=dt.date(year, 1, rng.randint(10, 28)),
            ten_co_quan=answers.ten_co_quan or "",
            co_quan_cap_tren=answers.co_quan_cap_tren,
            kind="truong-hoc",
        )
        write_text_atomic(ws.plan_file(folder, year), plan)
        log = progress_text(rng, year, entries_per_unit)
        if i % 11 == 0:  # a figure named the unit's own way, within the 6-month window
            log += f'- nhiem_vu: tuyen-truyen\n  ngay: {year}-03-10\n  ket_qua: "Tuyên truyền tại hội nghị viên chức"\n  so_lieu_moi:\n    "số buổi TT": 2\n'
        write_text_atomic(ws.progress_file(folder, year), log)
        if i % 7:
            day = dt.date(year, 5, 20) if i % 5 == 0 else dt.date(year, 5, 10)
            narrative = f"# Phần lời báo cáo 6 tháng — DỮ LIỆU THỬ.\nso: {i % 40 + 1}\nngay: {day.isoformat()}\n"
            write_text_atomic(ws.narrative_file(folder, year, "6m"), narrative)
            write_text_atomic(ws.self_assessment_file(folder, year), self_assessment_text(rng, i))
            yearly = dt.date(year, 11, 20) if i % 5 == 0 else dt.date(year, 11, 10)
            write_text_atomic(
                ws.narrative_file(folder, year, "year"),
                f"# Phần lời báo cáo năm — DỮ LIỆU THỬ.\nso: {i % 40 + 41}\nngay: {yearly.isoformat()}\n",
            )
        names.append(folder)
        members.append(Member(folder, answers.ten_co_quan or folder, answers.chu_viet_tat, "truong-hoc"))
    write_text_atomic(ws.roster_file(office.folder), roster_text(office.name, members))
    return names


def progress_text(rng: random.Random, year: int, count: int) -> str:
    lines = ["# Nhật ký tiến độ — DỮ LIỆU THỬ do danvan demo-units tạo ra."]
    days = sorted(dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(20, 320)) for _ in range(count))
    for n, day in enumerate(days):
        task, text, figures = rng.choice(ACTIVITIES)
        lines += [f"- nhiem_vu: {task}", f"  ngay: {day.isoformat()}", f"  ket_qua: {quote(text)}"]
        if n == len(days) - 1 or rng.random() < 0.2:
            lines.append(f"  phan_tram: {rng.choice([50, 80, 100])}")
        lines.append("  so_lieu:")
        for name in figures:
            value = (
                rng.randint(1, 3)
                if name.startswith(
                    ("số buổi", "số văn bản", "số hội nghị", "số mô hình", "số lượt giám sát", "số thủ tục")
                )
                else rng.randint(10, 200)
            )
            lines.append(f"    {quote(name)}: {value}")
        lines += ["  minh_chung:", f"    - {quote('Biên bản ngày ' + short_date(day))}"]
    return "\n".join(lines) + "\n"
