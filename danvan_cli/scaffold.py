"""Make the year's plan: from the built-in model (the seed's structure) or by carrying last year's over.

Files are produced as text so that every key keeps its Vietnamese comment; a carried-over plan
keeps the user's own comments, order and wording, with only the year, dates and number moved on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from danvan_cli.signers import collective_body
from danvan_cli.vnformat import (
    collapse_whitespace,
    fold_diacritics,
    slug,
)
from danvan_cli.yamlsource import quote

BUILTIN = Path(__file__).resolve().parent / "builtin"


@dataclass
class Answers:
    unit: str | None = None
    year: int | None = None
    so: int | None = None
    ngay: dt.date | None = None
    ten_co_quan: str | None = None
    co_quan_chu_quan: str | None = None
    chu_viet_tat: str | None = None
    dia_danh: str | None = None
    co_quan_cap_tren: str | None = None
    chuc_vu: str | None = None
    ho_ten: str | None = None
    loai: str | None = None  # the kind of unit, which chooses the built-in model (MODELS)
    quyen_han: list[str] | None = None  # the signer's authority lines; None: as the kind of unit and title say
    nhiem_ky: dt.date | None = None  # a Party committee's term: its first day


# The built-in models, one per kind of unit that does this work: (file in builtin/models, how it is called,
# what the unit calls itself in running text, the signer's default title).
MODELS = {
    "truong-hoc": ("trường học (mầm non, tiểu học, THCS, THPT)", "Hiệu trưởng"),
    "ubnd-xa": ("Ủy ban nhân dân xã, phường, đặc khu", "Chủ tịch"),
    "co-quan": ("cơ quan chuyên môn: sở, phòng, ban hoặc tương đương", "Giám đốc"),
    "dang": ("chi bộ, đảng ủy (thể thức văn bản của Đảng)", "Bí thư"),
}


def infer_kind(name: str) -> str | None:
    """The kind of unit its name says: 'Trường Tiểu học …' a school, 'Ủy ban nhân dân phường …' a commune's
    body, 'Sở …', 'Phòng …' an agency, 'Chi bộ …', 'Đảng ủy …' a Party body; None when the name does not say."""

    folded = " ".join(fold_diacritics(name).lower().split())
    if folded.startswith("truong "):
        return "truong-hoc"
    if folded.startswith(("chi bo", "dang uy", "dang bo", "ban thuong vu", "ban chap hanh dang")):
        return "dang"
    if folded.startswith(("uy ban nhan dan xa", "uy ban nhan dan phuong", "uy ban nhan dan dac khu", "ubnd xa",
                          "ubnd phuong", "ubnd dac khu", "uy ban nhan dan thi tran")):  # fmt: skip
        return "ubnd-xa"
    if folded.startswith(("so ", "phong ", "ban ", "van phong", "chi cuc", "cuc ", "thanh tra", "trung tam")):
        return "co-quan"
    return None


@dataclass
class Created:
    unit: str
    year: int
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# How a unit's folder name shortens the kind of body its name begins with: 'Trường Tiểu học Xuân Phương' → th-xuan-phuong.
FOLDER_PREFIXES = [
    ("truong mam non", "mn"), ("truong mau giao", "mg"), ("truong tieu hoc", "th"), ("truong trung hoc co so", "thcs"),
    ("truong trung hoc pho thong", "thpt"), ("truong thcs", "thcs"), ("truong thpt", "thpt"), ("truong", "truong"),
    ("uy ban nhan dan", "ubnd"), ("ubnd", "ubnd"), ("chi bo", "chi-bo"), ("dang uy", "dang-uy"), ("so", "so"),
    ("phong", "phong"),
]  # fmt: skip


def folder_name_for(name: str) -> str:
    """A folder name proposed for a unit's real name: its kind shortened, its place in ASCII."""

    folded = " ".join(fold_diacritics(name).lower().split())
    for words, short in FOLDER_PREFIXES:
        if folded.startswith(words + " "):
            return f"{short}-{slug(folded[len(words) + 1 :], 40)}"
    return slug(folded, 40)


def _fill(template: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        template = template.replace("{" + key + "}", value)
    return "\n".join(line.rstrip(" \t") for line in template.split("\n"))  # an empty value leaves no trailing space


def builtin_plan_text(
    *,
    year: int,
    so: int | None,
    ngay: dt.date,
    ten_co_quan: str,
    co_quan_cap_tren: str | None,
    kind: str = "truong-hoc",
) -> str:
    """The built-in model of the unit's kind, for its name and year: it names no other unit, place or person, and
    leaves the higher-level document it answers as a visible blank ('Kế hoạch số …/KH-… ngày …')."""
    template = (BUILTIN / "models" / f"{kind}.yaml").read_text(encoding="utf-8")
    return _fill(
        template,
        {
            "nam": str(year),
            "so": str(so) if so else "",
            "ngay": ngay.isoformat(),
            # Substituted inside folded (>-) text, where any character but a line break is literal.
            "ten_co_quan": collapse_whitespace(ten_co_quan),
            "co_quan_cap_tren": collapse_whitespace(co_quan_cap_tren or "cơ quan cấp trên"),
        },
    )


def unit_text(answers: Answers) -> str:
    """A new unit.yaml, every key explained; the signer signs as the kind of unit asks (a commune's Chủ tịch for
    its Ủy ban nhân dân, TM.; a Chi bộ's Bí thư T/M Chi bộ), and a Party unit's term is declared."""
    template = (BUILTIN / "unit.yaml").read_text(encoding="utf-8")
    party = answers.loai == "dang"
    name = answers.ten_co_quan or ""
    authority = answers.quyen_han
    if authority is None:
        authority = signing_authority(answers.loai, name, answers.chuc_vu or "") or []
    return _fill(
        template,
        {
            "the_thuc": "# Thể thức văn bản của Đảng (Hướng dẫn 36-HD/VPTW).\nthe_thuc: dang\n" if party else "",
            "nhiem_ky": _term_lines(answers.nhiem_ky) if party else "",
            "nguoi_ky": signer_note(answers.loai, name, answers.chuc_vu or ""),
            "quyen_han": _authority_lines(authority, party),
            "co_quan_chu_quan": quote(answers.co_quan_chu_quan),
            "ten_co_quan": quote(answers.ten_co_quan),
            "chu_viet_tat": quote((answers.chu_viet_tat or "").upper()),
            "dia_danh": quote(answers.dia_danh),
            "co_quan_cap_tren": quote(answers.co_quan_cap_tren or ""),
            "chuc_vu": quote(answers.chuc_vu),
            "ho_ten": quote(answers.ho_ten),
        },
    )


def _term_lines(first_day: dt.date | None) -> str:
    """A Party unit's terms: the Party numbers its documents from 01 in each committee's term (HD 36)."""
    return (
        "\n# Các nhiệm kỳ cấp ủy: số văn bản của Đảng đánh từ 01 cho mỗi tên loại trong một nhiệm kỳ (HD 36).\n"
        "nhiem_ky:\n"
        "  # Ngày bắt đầu nhiệm kỳ (ngày bế mạc đại hội); khi nhiệm kỳ sau bắt đầu, ghi thêm một dòng - tu: …\n"
        f"  - tu: {first_day.isoformat() if first_day else ''}\n"
    )


def _authority_lines(lines: list[str], party: bool) -> str:
    if not lines:
        return ""
    kinds = (
        "T/M thay mặt cấp ủy, K/T ký thay, T/L thừa lệnh"
        if party
        else "TM. thay mặt tập thể, KT. ký thay người đứng đầu, TL. thừa lệnh, TUQ. thừa ủy quyền, Q. quyền"
    )
    items = "".join(f"    - {quote(line)}\n" for line in lines)
    return f"  # Thẩm quyền ký, mỗi dòng in hoa phía trên chức vụ ({kinds}).\n  quyen_han:\n{items}"


# The titles of the head of each kind of unit: who signs its documents in their own name (or for its collective).
HEADS = {
    "truong-hoc": ("hiệu trưởng",),
    "ubnd-xa": ("chủ tịch",),
    "co-quan": ("giám đốc", "trưởng phòng", "trưởng ban", "chánh văn phòng", "chánh thanh tra", "cục trưởng",
                "chi cục trưởng", "viện trưởng", "thủ trưởng"),
    "dang": ("bí thư",),
}  # fmt: skip


def _head_of(kind: str | None, chuc_vu: str) -> tuple[str, bool]:
    """The head's title a signer's title speaks of, and whether the signer is a deputy ('Phó Chủ tịch' →
    ('Chủ tịch', True)); the kind's head where no title is given yet."""
    title = collapse_whitespace(chuc_vu) or MODELS[kind or "truong-hoc"][1]
    if title.casefold().startswith("phó ") and len(title) > 4:
        return title[4:5].upper() + title[5:], True
    return title, False


def signing_authority(kind: str | None, name: str, chuc_vu: str) -> list[str] | None:
    """The authority lines above a signer's title (NĐ 30 Điều 13; HD 36) where the kind of unit and the title
    tell them: [] for a school's Hiệu trưởng, ['KT. Hiệu trưởng'] for a Phó Hiệu trưởng, ['TM. Ủy ban nhân dân']
    for a commune's Chủ tịch, ['TM. Ủy ban nhân dân', 'KT. Chủ tịch'] for its Phó Chủ tịch, ['T/M Chi bộ'] for a
    Chi bộ's Bí thư or Phó Bí thư. None when they cannot be told (another title: one signing by order?)."""

    party = kind == "dang"
    head, deputy = _head_of(kind, chuc_vu)
    if head.casefold() not in HEADS.get(kind or "truong-hoc", ()):
        return None
    body = collective_body(name, "dang" if party else None)
    if party:
        return [f"T/M {body or _body_kind(name)}"]
    if body is not None:
        return [f"TM. {body}"] + ([f"KT. {head}"] if deputy else [])
    return [f"KT. {head}"] if deputy else []


def signer_note(kind: str | None, name: str, chuc_vu: str) -> str:
    """The comment above nguoi_ky: how this kind of unit signs, and how its deputy does."""

    if kind == "dang":
        return "Thay mặt cấp ủy (T/M), bí thư hoặc phó bí thư ký; chức vụ: Bí thư hoặc Phó Bí thư."
    head, _ = _head_of(kind, chuc_vu)
    body = collective_body(name)
    if body is not None:
        return (
            f"{head} ký thay mặt {body} (TM.); khi Phó {head} ký: quyen_han: [TM. {body}, KT. {head}], chuc_vu: "
            f"Phó {head}."
        )
    return f"{head} ký trực tiếp; khi cấp phó ký thay: quyen_han: KT. {head}, chuc_vu: Phó {head}."


def _body_kind(name: str) -> str:
    """'Chi bộ' of 'Chi bộ Trường Tiểu học …', 'Đảng ủy' of 'Đảng ủy phường …': who a T/M signature is for."""
    for kind in ("Chi bộ", "Đảng ủy", "Đảng bộ", "Ban Thường vụ"):
        if name.strip().lower().startswith(kind.lower()):
            return kind
    return name.strip()
