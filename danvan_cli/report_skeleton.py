"""A report's skeleton: its sections in order (the unit's, the office's outline's, or NĐ 30's usual five), the parts
danvan fills (`gom`) and where each part the unit wrote is placed: nothing written is dropped."""

from __future__ import annotations

import re
from dataclasses import dataclass

from danvan_cli import vnformat as vn
from danvan_cli.errors import InputError
from danvan_cli.models import Item, Narrative, Numbering, Outline, Part, Section, Unit
from danvan_cli.yamlsource import Source

# The parts a unit writes in its narrative; each is drafted from the data where it can be, else asked for.
WRITTEN_PARTS = (
    "dac_diem_tinh_hinh",
    "lanh_dao_chi_dao",
    "ket_qua_noi_bat",
    "danh_gia_chung",
    "uu_diem",
    "ton_tai_han_che",
    "nguyen_nhan",
    "nguyen_nhan_khach_quan",
    "nguyen_nhan_chu_quan",
    "bai_hoc_kinh_nghiem",
    "phuong_huong",
    "de_xuat_kien_nghi",
)


PART_NAMES_VI = {
    "dac_diem_tinh_hinh": "đặc điểm tình hình",
    "lanh_dao_chi_dao": "công tác lãnh đạo, chỉ đạo",
    "ket_qua_noi_bat": "kết quả nổi bật",
    "danh_gia_chung": "đánh giá chung",
    "uu_diem": "ưu điểm",
    "ton_tai_han_che": "tồn tại, hạn chế",
    "nguyen_nhan": "nguyên nhân",
    "nguyen_nhan_khach_quan": "nguyên nhân khách quan",
    "nguyen_nhan_chu_quan": "nguyên nhân chủ quan",
    "bai_hoc_kinh_nghiem": "bài học kinh nghiệm",
    "phuong_huong": "phương hướng, nhiệm vụ",
    "de_xuat_kien_nghi": "đề xuất, kiến nghị",
}


# A written part stands where the skeleton gathers the part it belongs to.
PLACED_AS = {"nguyen_nhan_khach_quan": "nguyen_nhan", "nguyen_nhan_chu_quan": "nguyen_nhan"}


def default_skeleton(party: bool = False) -> list[Section]:
    """The usual report: the situation (when there is one), the unit's leadership and direction, the results
    with the figures, the evaluation (overall, strengths, shortcomings, causes, lessons), the next period's
    work, and requests to the level above. A Party body reports what it led: 'Kết quả lãnh đạo thực hiện',
    'Hạn chế, khuyết điểm', and no table of counts (its figures are in the text)."""

    evaluation = [
        Item(tieu_de="Ưu điểm", gom=["uu_diem"]),
        Item(tieu_de="Hạn chế, khuyết điểm" if party else "Tồn tại, hạn chế", gom=["ton_tai_han_che"], tuy_chon=True),
        Item(tieu_de="Nguyên nhân", gom=["nguyen_nhan"], tuy_chon=True),
        Item(tieu_de="Bài học kinh nghiệm", gom=["bai_hoc_kinh_nghiem"], tuy_chon=True),
    ]
    if party:
        results = [
            Section(
                tieu_de="KẾT QUẢ LÃNH ĐẠO THỰC HIỆN",
                muc=[
                    Item(tieu_de="Công tác lãnh đạo, chỉ đạo, quán triệt", gom=["lanh_dao_chi_dao"]),
                    Item(tieu_de="Kết quả lãnh đạo thực hiện các nhiệm vụ", gom=["ket_qua_noi_bat", "ket_qua"]),
                ],
            )
        ]
    else:
        results = [
            Section(tieu_de="CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, TRIỂN KHAI THỰC HIỆN", gom=["lanh_dao_chi_dao"]),
            Section(tieu_de="KẾT QUẢ THỰC HIỆN", gom=["ket_qua_noi_bat", "ket_qua", "bang_so_lieu"]),
        ]
    return [
        Section(tieu_de="ĐẶC ĐIỂM TÌNH HÌNH", gom=["dac_diem_tinh_hinh"], tuy_chon=True),
        *results,
        Section(tieu_de="ĐÁNH GIÁ CHUNG", gom=["danh_gia_chung"], muc=evaluation),
        Section(tieu_de="PHƯƠNG HƯỚNG, NHIỆM VỤ {ky_toi}", gom=["phuong_huong"]),
        Section(tieu_de="ĐỀ XUẤT, KIẾN NGHỊ", gom=["de_xuat_kien_nghi"], tuy_chon=True),
    ]


@dataclass
class Skeleton:
    sections: list[Section]
    parts: list[Part]
    numbering: Numbering
    closing: list[str] | None  # None: the default closing sentence


def skeleton(narrative: Narrative, unit: Unit, outline: Outline | None = None) -> Skeleton:
    """The office's outline where the report answers one, else the report's own skeleton, else the unit's,
    else NĐ 30's five sections."""

    unit_default = unit.bao_cao
    sections: list[Section] | None = narrative.muc
    parts: list[Part] | None = narrative.phan
    party = unit.the_thuc == "dang"
    if outline is not None:
        unit_default = outline.bao_cao
        sections, parts = unit_default.muc, unit_default.phan
        if sections is None and parts is None:
            sections = default_skeleton(party)
    if sections is None and parts is None and unit_default is not None:
        sections, parts = unit_default.muc, unit_default.phan
    if sections is None and parts is None:
        sections = default_skeleton(party)
    numbering = narrative.danh_so or (unit_default.danh_so if unit_default else None) or Numbering()
    closing = narrative.ket_luan
    if closing is None and unit_default is not None:
        closing = unit_default.ket_luan
    return Skeleton(sections or [], parts or [], numbering, closing)


def placed_parts(s: Skeleton) -> set[str]:
    """Every part some section or item of the skeleton gathers."""

    def walk(items: list[Item]):
        for item in items:
            yield from item.gom
            yield from walk(item.muc)

    sections = s.sections + [sec for part in s.parts for sec in part.muc]
    return {name for sec in sections for name in (*sec.gom, *walk(sec.items))}


def check_placed(
    narrative: Narrative,
    source: Source | None,
    s: Skeleton,
    outline: Outline | None = None,
    drafted: frozenset[str] = frozenset(),
) -> None:
    """A part the unit wrote must stand somewhere in the skeleton: a written paragraph is never dropped. A part
    that still holds danvan's own draft (`drafted`) is not the unit's: it goes where the skeleton has room."""
    placed = placed_parts(s)
    missing = [
        name
        for name in WRITTEN_PARTS
        if getattr(narrative, name) and name not in drafted and PLACED_AS.get(name, name) not in placed
    ]
    skeleton_named = f"đề cương của {outline.co_quan}" if outline is not None else "khung báo cáo"
    fix = (
        "hãy đưa nội dung này vào phần khác mà đề cương có, hoặc hỏi cơ quan gửi đề cương"
        if outline is not None
        else "hãy thêm 'gom: [{placed}]' vào một mục của khung (muc), hoặc bỏ phần này"
    )
    if missing and source is not None:
        raise InputError(
            [
                source.problem(
                    (name,),
                    f"phần '{name}' đã viết nhưng {skeleton_named} không có mục nào nhận phần này; "
                    + fix.format(placed=PLACED_AS.get(name, name)),
                    at_key=True,
                )
                for name in missing
            ]
        )


_PLACEHOLDER = re.compile(r"\{(ky_bao_cao|ky_toi|nam)\}")


def fill_placeholders(sections: list[Section], parts: list[Part], values: dict[str, str]) -> tuple[list, list]:
    """Headings may name the period: {ky_bao_cao}, {ky_toi}, {nam}. A heading in capitals gets them in capitals."""

    def heading(text: str) -> str:
        plain = _PLACEHOLDER.sub("", text)
        capitals = plain == vn.upper(plain) and any(c.isalpha() for c in plain)
        return _PLACEHOLDER.sub(lambda m: vn.upper(values[m.group(1)]) if capitals else values[m.group(1)], text)

    def item(i: Item) -> Item:
        return i.model_copy(
            update={"tieu_de": heading(i.tieu_de) if i.tieu_de else None, "muc": [item(c) for c in i.muc]}
        )

    def section(s: Section) -> Section:
        return s.model_copy(
            update={
                "tieu_de": heading(s.tieu_de),
                "muc": [item(i) for i in s.muc],
                "nhiem_vu": [item(i) for i in s.nhiem_vu],
            }
        )

    return [section(s) for s in sections], [
        p.model_copy(update={"tieu_de": heading(p.tieu_de), "muc": [section(s) for s in p.muc]}) for p in parts
    ]
