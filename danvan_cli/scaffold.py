"""Make the year's plan: from the built-in model (the seed's structure) or by carrying last year's over.

Files are produced as text so that every key keeps its Vietnamese comment; a carried-over plan
keeps the user's own comments, order and wording, with only the year, dates and number moved on.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from danvan_cli.errors import (
    AlreadyThere,
    InputError,
    PlanExists,
    UsageProblem,
    WizardStopped,
    display_path,
)
from danvan_cli.files import keep_backup, present, write_atomic, write_text_atomic
from danvan_cli.loading import check_plan, load_unit
from danvan_cli.validation import validate
from danvan_cli.vnformat import collapse_whitespace
from danvan_cli.workspace import CRITERIA_FILE, PLAN_FILE, PROFILE_FILE, Workspace, plan_year, valid_unit_name
from danvan_cli.yamlsource import parse_text, quote, read_user_bytes, read_user_text

BUILTIN = Path(__file__).resolve().parent / "builtin"
Asker = Callable[[str, str | None], str]


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
    from danvan_cli.vnformat import fold_diacritics

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


# What a new unit.yaml needs: (answer field, question, flag, required)
UNIT_QUESTIONS = [
    ("ten_co_quan", "Tên cơ quan ban hành (ví dụ: Trường Tiểu học Xuân Phương)", "--ten-co-quan", True),
    (
        "co_quan_chu_quan",
        "Cơ quan chủ quản trực tiếp (ví dụ: UBND phường Xuân Phương; Enter để bỏ trống)",
        "--co-quan-chu-quan",
        False,
    ),
    ("chu_viet_tat", "Chữ viết tắt của cơ quan trong ký hiệu văn bản (ví dụ: THXP)", "--chu-viet-tat", True),
    ("dia_danh", "Địa danh ghi trước ngày tháng (ví dụ: Xuân Phương)", "--dia-danh", True),
    (
        "co_quan_cap_tren",
        "Cơ quan cấp trên nhận báo cáo (ví dụ: Ủy ban nhân dân phường Xuân Phương; Enter để bỏ trống)",
        "--co-quan-cap-tren",
        False,
    ),
    ("chuc_vu", "Chức vụ người ký (ví dụ: Hiệu trưởng)", "--chuc-vu", True),
    ("ho_ten", "Họ và tên người ký (ví dụ: Nguyễn Văn An)", "--ho-ten", True),
]

# How a unit's folder name shortens the kind of body its name begins with: 'Trường Tiểu học Xuân Phương' → th-xuan-phuong.
FOLDER_PREFIXES = [
    ("truong mam non", "mn"), ("truong mau giao", "mg"), ("truong tieu hoc", "th"), ("truong trung hoc co so", "thcs"),
    ("truong trung hoc pho thong", "thpt"), ("truong thcs", "thcs"), ("truong thpt", "thpt"), ("truong", "truong"),
    ("uy ban nhan dan", "ubnd"), ("ubnd", "ubnd"), ("chi bo", "chi-bo"), ("dang uy", "dang-uy"), ("so", "so"),
    ("phong", "phong"),
]  # fmt: skip


def folder_name_for(name: str) -> str:
    """A folder name proposed for a unit's real name: its kind shortened, its place in ASCII."""
    from danvan_cli.vnformat import fold_diacritics, slug

    folded = " ".join(fold_diacritics(name).lower().split())
    for words, short in FOLDER_PREFIXES:
        if folded.startswith(words + " "):
            return f"{short}-{slug(folded[len(words) + 1 :], 40)}"
    return slug(folded, 40)


def _ask_folder(ask: Asker) -> str:
    """The unit's folder name; a real name typed there ('Trường Tiểu học Xuân Phương') gets a proposal, asked again."""
    question = "Tên thư mục đơn vị (chữ thường không dấu và '-', ví dụ th-xuan-phuong)"
    default = None
    while True:
        answer = ask(question, default).strip()
        if valid_unit_name(answer):
            return answer
        if answer:
            default = folder_name_for(answer)
            question = (
                f"'{answer}' không dùng được làm tên thư mục (chỉ chữ thường không dấu, số và '-'); "
                f"đề xuất: {default} (Enter để dùng, hoặc gõ tên khác)"
            )


def rich_asker() -> Asker:
    from rich.prompt import Prompt

    def ask(question: str, default: str | None) -> str:
        try:
            return Prompt.ask(question, default=default if default is not None else "", show_default=bool(default))
        except EOFError:  # Ctrl-D, or input that ends: the questions stop, nothing has been written
            raise WizardStopped("đã dừng khi đang hỏi (hết dữ liệu nhập); chưa ghi tệp nào") from None

    return ask


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
    template = (BUILTIN / "unit.yaml").read_text(encoding="utf-8")
    if answers.loai == "dang":
        template = template.replace(
            "# Người ký. Khi cấp phó ký thay: quyen_han: KT., thay_cho: Hiệu trưởng, chuc_vu: Phó Hiệu trưởng.",
            PARTY_UNIT_LINES + "\n# Người ký: thay mặt cấp ủy (T/M), bí thư hoặc phó bí thư ký.",
            1,
        ).replace(
            "nguoi_ky:\n",
            "nguoi_ky:\n  # Thay mặt cấp ủy (HD 36): T/M Chi bộ, T/M Đảng ủy…\n  quyen_han: {quyen_han}\n",
            1,
        )
    upper_office = answers.co_quan_cap_tren or ""
    return _fill(
        template,
        {
            "co_quan_chu_quan": quote(answers.co_quan_chu_quan),
            "ten_co_quan": quote(answers.ten_co_quan),
            "chu_viet_tat": quote((answers.chu_viet_tat or "").upper()),
            "dia_danh": quote(answers.dia_danh),
            "co_quan_cap_tren": quote(upper_office),
            "chuc_vu": quote(answers.chuc_vu),
            "ho_ten": quote(answers.ho_ten),
            "quyen_han": quote(f"T/M {_body_kind(answers.ten_co_quan or '')}"),
        },
    )


# A Party body's unit.yaml says so, and has a place for its terms (the Party numbers by term, HD 36).
PARTY_UNIT_LINES = """# Thể thức văn bản của Đảng (Hướng dẫn 36-HD/VPTW).
the_thuc: dang
# Các nhiệm kỳ cấp ủy: số văn bản của Đảng đánh từ 01 cho mỗi tên loại trong một nhiệm kỳ. Điền ngày bắt đầu
# nhiệm kỳ (ngày bế mạc đại hội) trước khi ban hành văn bản có số, ví dụ:
# nhiem_ky:
#   - tu: 2025-08-20
"""


def _body_kind(name: str) -> str:
    """'Chi bộ' of 'Chi bộ Trường Tiểu học …', 'Đảng ủy' of 'Đảng ủy phường …': who a T/M signature is for."""
    for kind in ("Chi bộ", "Đảng ủy", "Đảng bộ", "Ban Thường vụ"):
        if name.strip().lower().startswith(kind.lower()):
            return kind
    return name.strip()


_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")


def carry_over_text(
    text: str, from_year: int, to_year: int, *, so: int | None, ngay: dt.date | None
) -> tuple[str, int, list[int]]:
    """Last year's plan text moved to `to_year`: ISO dates shifted, "năm <year>" in running text moved on,
    the number cleared (a new plan starts as a draft), comments and order kept.

    Other mentions of the old year (most often the dates of documents cited, "ngày 28/01/2022") are
    left as written, since moving them would cite documents that do not exist; their line numbers are
    returned for the clerk to read. Returns the text, how many "năm <year>" were moved, and those lines."""
    delta = to_year - from_year

    def shift(m: re.Match) -> str:
        y, mo, d = int(m.group(1)) + delta, int(m.group(2)), int(m.group(3))
        if (mo, d) == (2, 29) and not _leap(y):
            d = 28
        return f"{y:04d}-{mo:02d}-{d:02d}"

    text = _ISO_DATE.sub(shift, text)
    text, mentions = re.subn(rf"\b(năm|NĂM)(\s+){from_year}(?!\d)", rf"\g<1>\g<2>{to_year}", text)
    text = _set_top_level(text, "so", str(so) if so else "")
    if ngay is not None:
        text = _set_top_level(text, "ngay", ngay.isoformat())
    left = [i for i, line in enumerate(text.splitlines(), start=1) if re.search(rf"(?<!\d){from_year}(?!\d)", line)]
    return text, mentions, left


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _set_top_level(text: str, key: str, value: str) -> str:
    """Replace the value of a top-level `key:` line, keeping a trailing comment."""
    pattern = re.compile(rf"^{key}:(?P<value>[^#\n]*?)(?P<comment>[ \t]+#.*)?$", re.M)
    replacement = f"{key}: {value}".rstrip()
    return pattern.sub(lambda m: replacement + (m.group("comment") or ""), text, count=1)


def _check_plan_text(path: Path, text: str, year: int, carried_from: Path | None) -> None:
    """The new plan's text checked before it is written. Problems of a plan carried over from last year are
    shown at last year's file (its lines are the same), since the new one is not written."""
    from danvan_cli.errors import Problem
    from danvan_cli.models import Plan

    source = parse_text(carried_from or path, text)
    try:
        plan = validate(source, Plan)
        problems = check_plan(plan, source, year)
    except InputError as exc:
        problems = exc.problems
    if carried_from is not None:
        problems = [
            Problem(p.path, p.line, p.col, f"{p.message} (khi chuyển sang năm {year}; chưa ghi kế hoạch mới)")
            for p in problems
        ]
    if problems:
        raise InputError(problems)


def choose_kind(given: str | None, name: str, the_thuc: str | None, ask: Asker | None) -> str:
    """The unit's kind: --loai, else what its name says (a Party format says 'dang'), else asked; refused with
    the choices when no one can say."""
    if given is not None:
        if given not in MODELS:
            raise UsageProblem(f"--loai '{given}' không có; chọn một trong: {', '.join(MODELS)}")
        return given
    found = "dang" if the_thuc == "dang" else infer_kind(name)
    if found is not None:
        return found
    choices = "; ".join(f"{key}: {label}" for key, (label, _) in MODELS.items())
    if ask is None:
        raise UsageProblem(
            f"không đoán được loại đơn vị từ tên '{name}' để chọn mẫu kế hoạch; hãy chọn bằng --loai ({choices})"
        )
    question = f"Loại đơn vị ({choices})"
    while True:
        answer = ask(question, "truong-hoc").strip()
        if answer in MODELS:
            return answer
        question = f"'{answer}' không có; nhập một trong: {', '.join(MODELS)}"


def _gather_unit(answers: Answers, ask: Asker | None) -> Answers:
    missing = []
    for name, question, flag, required in UNIT_QUESTIONS:
        asked = question
        while ask is not None and not getattr(answers, name):
            value = ask(asked, None).strip()
            setattr(answers, name, value or None)
            if not required:
                break
            asked = f"Cần điền: {question}"
        if required and not getattr(answers, name):
            missing.append(flag)
    if missing:
        raise UsageProblem(
            f"đơn vị '{answers.unit}' chưa có unit.yaml; cần thêm: {', '.join(missing)} (hoặc chạy không có --yes, trên màn hình lệnh, để trả lời từng câu hỏi)"
        )
    return answers


def _ask_date(ask: Asker, question: str, default: dt.date) -> dt.date:
    """A date as the clerk types it (25/01/2027 or 2027-01-25), asked again with the reason when it is not one."""
    from danvan_cli.vnformat import parse_date, typed_date

    while True:
        answer = ask(question, typed_date(default)).strip()
        try:
            return parse_date(answer) if answer else default
        except ValueError as exc:
            question = f"{exc}; nhập lại, ví dụ {typed_date(default)}"


def _plan_source_dir(from_dir: Path) -> tuple[str, int, Path]:
    plan_path = from_dir / PLAN_FILE if from_dir.is_dir() else from_dir
    folder = plan_path.parent
    if not present(plan_path) or plan_year(folder.name) is None:
        raise UsageProblem(
            f"--from {display_path(from_dir)}: cần thư mục năm của một kế hoạch, ví dụ plans/mn-hung-an/2022"
        )
    return folder.parent.name, int(folder.name), plan_path


def create_plan(
    ws: Workspace, answers: Answers, *, from_dir: Path | None = None, force: bool = False, ask: Asker | None = None
) -> Created:
    today = dt.date.today()
    source_unit = source_year = source_path = None
    if from_dir is not None:
        source_unit, source_year, source_path = _plan_source_dir(from_dir)

    unit = answers.unit or source_unit or (_ask_folder(ask) if ask else None)
    if not unit:
        raise UsageProblem("cần --unit: tên thư mục đơn vị, ví dụ mn-hung-an")
    if not valid_unit_name(unit):
        raise UsageProblem(
            f"tên đơn vị '{unit}' không hợp lệ: chỉ gồm chữ thường không dấu, số và '-', ví dụ: mn-hung-an"
        )
    answers.unit = unit
    default_year = source_year + 1 if source_year else today.year
    year = answers.year
    if year is None and ask is not None:
        question = f"Năm kế hoạch, ví dụ {default_year}"
        while year is None:
            answer = ask(question, str(default_year)).strip() or str(default_year)
            year = int(answer.strip()) if plan_year(answer.strip()) is not None else None
            question = f"Năm '{answer}' không hợp lệ; nhập năm có bốn chữ số"
    year = year or default_year
    if source_year and year <= source_year:
        raise UsageProblem(f"năm mới ({year}) phải sau năm của kế hoạch cũ ({source_year})")

    if answers.so is not None and not 1 <= answers.so <= 99999:
        raise UsageProblem(f"--so {answers.so}: số văn bản từ 1 đến 99999; bỏ --so để kế hoạch là dự thảo chưa có số")
    if answers.ngay is not None and answers.ngay.year not in (year - 1, year):
        raise UsageProblem(
            f"--ngay {answers.ngay.strftime('%d/%m/%Y')}: ngày ban hành kế hoạch năm {year} phải trong năm {year} "
            f"(hoặc cuối năm {year - 1})"
        )
    plan_path = ws.plan_file(unit, year)
    if present(plan_path) and not force:
        raise PlanExists(
            f"{display_path(plan_path)}: đã có kế hoạch năm {year}; không ghi đè. Dùng --force nếu thật sự muốn thay "
            "(bản cũ được giữ lại bên cạnh, plan.yaml.bak, plan.yaml.bak2…)."
        )

    created = Created(unit, year)
    unit_path = ws.unit_file(unit)
    if present(unit_path):
        unit_model, _ = load_unit(ws, unit)
        ten_co_quan, co_quan_cap_tren = unit_model.ten_co_quan, unit_model.co_quan_cap_tren
        if source_path is None:
            answers.loai = choose_kind(answers.loai, unit_model.name, unit_model.the_thuc, ask)
    else:
        if answers.ten_co_quan is None and ask is not None:
            answers.ten_co_quan = ask(UNIT_QUESTIONS[0][1], None).strip() or None
        if answers.ten_co_quan and source_path is None:  # (a missing name is reported with the other answers)
            answers.loai = choose_kind(answers.loai, answers.ten_co_quan, None, ask)
        _gather_unit(answers, ask)
        text = unit_text(answers)
        from danvan_cli.models import Unit

        validate(parse_text(unit_path, text), Unit)
        write_text_atomic(unit_path, text, root=ws.plans_dir)
        created.files.append(unit_path)
        ten_co_quan, co_quan_cap_tren = answers.ten_co_quan or "", answers.co_quan_cap_tren

    so = answers.so
    if so is None and ask is not None:
        question = "Số văn bản, ví dụ 12 (Enter để để trống: dự thảo chưa có số)"
        while True:
            raw = ask(question, "").strip()
            if not raw or (re.fullmatch(r"[0-9]{1,5}", raw) and int(raw) >= 1):
                so = int(raw) if raw else None
                break
            question = f"'{raw}' không phải số văn bản; nhập một số từ 1 đến 99999, ví dụ 12 (Enter để để trống)"
    ngay = answers.ngay
    if source_path is not None and source_year is not None:
        old = read_user_text(source_path)
        text, mentions, left = carry_over_text(old, source_year, year, so=so, ngay=ngay)
        created.notes.append(
            f"Đã chuyển kế hoạch {source_year} sang {year}: đổi các ngày (YYYY-MM-DD) và {mentions} chỗ 'năm {source_year}'; "
            "số văn bản để trống (dự thảo)."
        )
        if left:
            created.notes.append(
                f"Còn {len(left)} dòng ghi {source_year} chưa đổi (thường là ngày của văn bản được trích dẫn, hoặc hạn báo cáo trong lời văn): "
                f"dòng {', '.join(map(str, left))} của {display_path(plan_path)} — hãy đọc lại."
            )
        # The province's criteria carry over as they are, and the unit's profile (tinh-hinh.yaml) as a start for
        # the new year's figures; the scores, the log and the reports of the year do not.
        for name in (CRITERIA_FILE, PROFILE_FILE):
            carried = source_path.parent / name
            target = plan_path.parent / name
            if present(carried) and not present(target):
                with contextlib.suppress(AlreadyThere):
                    write_atomic(target, read_user_bytes(carried), root=ws.plans_dir, new_only=True)
                    created.files.append(target)
                    if name == PROFILE_FILE:
                        created.notes.append(
                            f"Đã chép {display_path(target)} từ năm {source_year}: hãy cập nhật số lớp, số trẻ, đội "
                            f"ngũ… của năm {year}."
                        )
    else:
        if ngay is None:
            ngay = today if today.year == year else dt.date(year, 1, 15)
            if ask is not None:
                ngay = _ask_date(ask, "Ngày ban hành, ví dụ 25/01/2027", ngay)
        text = builtin_plan_text(
            year=year,
            so=so,
            ngay=ngay,
            ten_co_quan=ten_co_quan,
            co_quan_cap_tren=co_quan_cap_tren,
            kind=answers.loai or "truong-hoc",
        )
        created.notes.append(
            f"Kế hoạch dựng từ mẫu cho {MODELS[answers.loai or 'truong-hoc'][0]}: hãy đọc lại, sửa cho đúng đơn vị, "
            "và điền số, ngày của văn bản cấp trên vào chỗ “…”."
        )

    _check_plan_text(plan_path, text, year, source_path)
    if force and present(plan_path):
        backup = keep_backup(plan_path)  # the user's file as it is, whatever its encoding
        created.notes.append(f"Bản cũ được giữ ở {display_path(backup)}.")
    try:
        # without --force, the plan is put in place only if no other run made one meanwhile
        write_text_atomic(plan_path, text, root=ws.plans_dir, new_only=not force)
    except AlreadyThere:
        raise PlanExists(
            f"{display_path(plan_path)}: một lệnh khác vừa tạo kế hoạch năm {year}; không ghi đè. Dùng --force nếu "
            "thật sự muốn thay."
        ) from None
    created.files.append(plan_path)
    return created
