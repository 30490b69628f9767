"""Make the year's plan: from the built-in model (the seed's structure) or by carrying last year's over.

Files are produced as text so that every key keeps its Vietnamese comment; a carried-over plan
keeps the user's own comments, order and wording, with only the year, dates and number moved on.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from danvan_cli.errors import (
    AlreadyThere,
    InputError,
    PlanExists,
    Problem,
    UsageProblem,
    WizardStopped,
    display_path,
)
from danvan_cli.files import keep_backup, present, write_atomic, write_text_atomic
from danvan_cli.loading import check_plan, collective_body, load_unit
from danvan_cli.models import Plan, Unit
from danvan_cli.validation import validate
from danvan_cli.vnformat import (
    collapse_whitespace,
    fold_diacritics,
    parse_date,
    rewrite_date,
    slug,
    typed_date,
    written_dates,
)
from danvan_cli.workspace import CRITERIA_FILE, PLAN_FILE, PROFILE_FILE, Workspace, plan_year, valid_unit_name
from danvan_cli.yamlsource import parse_text, quote, read_user_bytes, read_user_text

BUILTIN = Path(__file__).resolve().parent / "builtin"
Asker = Callable[[str, str | None], str]


class _AnswersEnded(Exception):
    """Answers piped into new-plan ran out: the questions left take the options and defaults, as with --yes."""


class Questions:
    """Who answers new-plan's questions: a person at a terminal, answers piped in (one a line: when they run out,
    the rest take the options and defaults, as with --yes), or nobody (--yes)."""

    def __init__(self, ask: Asker | None) -> None:
        self._ask = ask

    def __call__(self, question: str, default: str | None) -> str | None:
        """The answer, stripped; None when nobody answers (any more)."""
        if self._ask is None:
            return None
        try:
            return self._ask(question, default).strip()
        except _AnswersEnded:
            self._ask = None
            return None


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
    ("chuc_vu", "Chức vụ người ký (ví dụ: {head}; Phó {head} khi cấp phó ký thay)", "--chuc-vu", True),
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

    folded = " ".join(fold_diacritics(name).lower().split())
    for words, short in FOLDER_PREFIXES:
        if folded.startswith(words + " "):
            return f"{short}-{slug(folded[len(words) + 1 :], 40)}"
    return slug(folded, 40)


def _ask_folder(questions: Questions) -> str | None:
    """The unit's folder name; a real name typed there ('Trường Tiểu học Xuân Phương') gets a proposal, asked again."""
    question = "Tên thư mục đơn vị (chữ thường không dấu và '-', ví dụ th-xuan-phuong)"
    default = None
    while (answer := questions(question, default)) is not None:
        if valid_unit_name(answer):
            return answer
        if answer:
            default = folder_name_for(answer)
            question = (
                f"'{answer}' không dùng được làm tên thư mục (chỉ chữ thường không dấu, số và '-'); "
                f"đề xuất: {default} (Enter để dùng, hoặc gõ tên khác)"
            )
    return None


def rich_asker(piped: bool = False) -> Asker:
    """Questions asked on the terminal; `piped`: answers read one a line from what was piped in, each shown after
    its question (nothing echoes it), and their end is no stop: the rest take the options and defaults."""
    from rich.prompt import Prompt  # noqa: PLC0415 (rich only when asking)

    def ask(question: str, default: str | None) -> str:
        try:
            answer = Prompt.ask(question, default=default if default is not None else "", show_default=bool(default))
        except EOFError:
            if piped:
                print()
                raise _AnswersEnded() from None
            # Ctrl-D at the terminal: the questions stop, nothing has been written
            raise WizardStopped(f"đã dừng khi đang hỏi (hết dữ liệu nhập); chưa ghi tệp nào. {NO_QUESTIONS}") from None
        if piped:
            print(answer)
        return answer

    return ask


# How to make a plan with no question asked, in one line (said where the questions cannot be answered).
NO_QUESTIONS = (
    "Không muốn trả lời từng câu: danvan new-plan --yes --unit <thư mục> --ten-co-quan … --chu-viet-tat … "
    "--dia-danh … --chuc-vu … --ho-ten … (xem danvan new-plan -h)"
)


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


_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")


def carry_over_text(
    text: str, from_year: int, to_year: int, *, so: int | None, ngay: dt.date | None
) -> tuple[str, int, list[int]]:
    """Last year's plan text moved to `to_year`: ISO dates shifted, the plan's own dates (its report deadlines and
    windows, its tasks' deadlines) moved wherever the text writes them, "năm <year>" in
    running text moved on, the number cleared (a new plan starts as a draft), comments and order kept.

    Other dates and mentions of the old year (most often those of documents cited, "ngày 28/01/2022") are
    left as written, since moving them would cite documents that do not exist; their lines are returned
    for the clerk to read (and `validate` names them until they are changed or marked as meant). Returns the
    text, how many places of running text were moved (the plan's own dates and "năm <year>"), and those lines."""

    delta = to_year - from_year

    def moved(day: dt.date) -> dt.date:
        y = day.year + delta
        return day.replace(year=y, day=28) if (day.month, day.day) == (2, 29) and not _leap(y) else day.replace(year=y)

    owned = _own_dates(text)
    year_mention = re.compile(rf"\b(năm|NĂM)(\s+){from_year}(?!\d)")
    count = 0

    def between(part: str) -> str:
        """Running text between dates: "năm <year>" moved on (inside a date, 'năm 2022' is that date's)."""
        nonlocal count
        part, n = year_mention.subn(rf"\g<1>\g<2>{to_year}", part)
        count += n
        return part

    pieces, at = [], 0
    for start, end, day in written_dates(text):
        pieces.append(between(text[at:start]))
        if day in owned:
            pieces.append(rewrite_date(text[start:end], moved(day)))
            count += 1
        else:
            pieces.append(text[start:end])
        at = end
    text = "".join(pieces) + between(text[at:])
    text = _ISO_DATE.sub(lambda m: moved(dt.date.fromisoformat(m.group(0))).isoformat() if _real(m) else m[0], text)
    text = _set_top_level(text, "so", str(so) if so else "")
    if ngay is not None:
        text = _set_top_level(text, "ngay", ngay.isoformat())
    left = [i for i, line in enumerate(text.splitlines(), start=1) if re.search(rf"(?<!\d){from_year}(?!\d)", line)]
    return text, count, left


def _real(m: re.Match) -> bool:
    try:
        dt.date.fromisoformat(m.group(0))
    except ValueError:
        return False
    return True


# The keys under which a plan writes a date its words may repeat: its tasks' and reports' deadlines and windows (its
# own issue date is no deadline its words speak of, and a document it cites may well share it).
_OWN_DATE_KEYS = {"han", "han_nop", "tu_ngay", "den_ngay"}


def _own_dates(text: str) -> set[dt.date]:
    """The dates the plan itself sets (not those of documents it cites); none where the text does not read."""

    try:
        data = parse_text(Path(PLAN_FILE), text).data
    except InputError:
        return set()  # problems are said at the old plan's file when the new text is checked
    found: set[dt.date] = set()
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if key in _OWN_DATE_KEYS and isinstance(value, str):
                    with contextlib.suppress(ValueError):
                        found.add(parse_date(value))
                stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)
    return found


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


def choose_kind(given: str | None, name: str, the_thuc: str | None, ask: Questions | Asker | None) -> str:
    """The unit's kind: --loai, else what its name says (a Party format says 'dang'), else asked; refused with
    the choices when no one can say."""
    questions = ask if isinstance(ask, Questions) else Questions(ask)
    if given is not None:
        if given not in MODELS:
            raise UsageProblem(f"--loai '{given}' không có; chọn một trong: {', '.join(MODELS)}")
        return given
    found = "dang" if the_thuc == "dang" else infer_kind(name)
    if found is not None:
        return found
    choices = "; ".join(f"{key}: {label}" for key, (label, _) in MODELS.items())
    question = f"Loại đơn vị ({choices})"
    while (answer := questions(question, "truong-hoc")) is not None:
        if answer in MODELS:
            return answer
        question = f"'{answer}' không có; nhập một trong: {', '.join(MODELS)}"
    raise UsageProblem(
        f"không đoán được loại đơn vị từ tên '{name}' để chọn mẫu kế hoạch; hãy chọn bằng --loai ({choices})"
    )


# Where each answer stands in unit.yaml (for the problems of one answer, checked as it is typed).
_ANSWER_AT = {
    "chuc_vu": ("nguoi_ky", "chuc_vu"),
    "ho_ten": ("nguoi_ky", "ho_ten"),
    "quyen_han": ("nguoi_ky", "quyen_han"),
}
_PLACEHOLDER = "X"  # stands for a required answer not given yet, while another is checked


def answer_problem(answers: Answers, name: str) -> str | None:
    """What is wrong with one answer, as unit.yaml would say it ('chu_viet_tat: …'), or None: the unit's text
    made with it (and a stand-in for each answer still to come) and checked as the file will be."""

    trial = dataclasses.replace(answers)
    for field_name, _, _, required in UNIT_QUESTIONS:
        if required and field_name != name and not getattr(trial, field_name):
            setattr(trial, field_name, _PLACEHOLDER)
    source = parse_text(Path("unit.yaml"), unit_text(trial))
    try:
        validate(source, Unit)
    except InputError as exc:
        loc = _ANSWER_AT.get(name, (name,))
        lines = {at[0] for where, at in source.value_at.items() if where[: len(loc)] == loc}
        lines |= {source.key_at[loc][0]} if loc in source.key_at else set()
        for problem in exc.problems:
            if problem.line in lines:
                return problem.message
    return None


def check_given(answers: Answers) -> None:
    """The unit's details given as options, each checked before any question is asked or file written: a
    mistake is the command line's, named by its option."""
    for name, _, flag, _ in UNIT_QUESTIONS:
        value = getattr(answers, name)
        if value is not None and (problem := answer_problem(answers, name)):
            raise UsageProblem(f"{flag} '{value}': {problem}")
    if answers.quyen_han is not None and (problem := answer_problem(answers, "quyen_han")):
        raise UsageProblem(f"--quyen-han '{'; '.join(answers.quyen_han)}': {problem}")


def _gather_unit(answers: Answers, ask: Questions | Asker | None) -> Answers:
    """The new unit's details: each asked (with an example; the signer's title with the head's of its kind as the
    default), each checked as it is typed and asked again with what is wrong; then who signs in what capacity
    where the title does not tell it, and a Party unit's term. Without anyone to answer: the options, or the
    options still needed, named."""
    questions = ask if isinstance(ask, Questions) else Questions(ask)
    missing = []
    head, _ = _head_of(answers.loai, "")
    for name, question, flag, required in UNIT_QUESTIONS:
        question = question.format(head=head)
        asked = question
        default = head if name == "chuc_vu" else None
        while not getattr(answers, name):
            value = questions(asked, default)
            if value is None:
                break
            setattr(answers, name, value or None)
            problem = answer_problem(answers, name) if value else None
            if problem:
                setattr(answers, name, None)
                asked = f"{problem}; nhập lại — {question}"
            elif not required:
                break
            else:
                asked = f"Cần điền: {question}"
        if required and not getattr(answers, name):
            missing.append(flag)
        if name == "chuc_vu" and answers.chuc_vu:
            _gather_authority(answers, questions)
    if answers.loai == "dang" and answers.nhiem_ky is None:
        answers.nhiem_ky = _ask_day(
            questions, "Ngày bắt đầu nhiệm kỳ cấp ủy hiện tại (ngày bế mạc đại hội), ví dụ 20/08/2025", None
        )
        if answers.nhiem_ky is None:
            missing.append("--nhiem-ky")
    if missing:
        raise UsageProblem(
            f"đơn vị '{answers.unit}' chưa có unit.yaml; cần thêm: {', '.join(missing)} (hoặc chạy không có --yes "
            "để trả lời từng câu hỏi: gõ trên màn hình lệnh, hoặc đưa các câu trả lời vào, mỗi dòng một câu)"
        )
    return answers


def _gather_authority(answers: Answers, questions: Questions) -> None:
    """In what capacity the signer signs, where the kind of unit and the title do not tell it: asked (checked as
    typed); with no one to answer, none (the head's own signature), said in a note by the caller."""
    if (
        answers.quyen_han is not None
        or signing_authority(answers.loai, answers.ten_co_quan or "", answers.chuc_vu or "") is not None
    ):
        return
    party = answers.loai == "dang"
    kinds = (
        "T/M (thay mặt cấp ủy), K/T (ký thay), T/L (thừa lệnh)"
        if party
        else "TM. (thay mặt tập thể), KT. (ký thay), TL. (thừa lệnh), TUQ. (thừa ủy quyền), Q. (quyền)"
    )
    question = (
        f"{answers.chuc_vu} ký với thẩm quyền nào? {kinds}; nhiều dòng cách nhau bằng dấu ';', ví dụ: "
        f"{'T/L Ban Thường vụ' if party else 'TL. Chủ tịch'} (Enter nếu ký trực tiếp, không có dòng thẩm quyền)"
    )
    while (value := questions(question, None)) is not None:
        answers.quyen_han = [line.strip() for line in value.split(";") if line.strip()]
        problem = answer_problem(answers, "quyen_han")
        if not problem:
            return
        answers.quyen_han = None
        question = f"{problem}; nhập lại (ví dụ: {'T/L Ban Thường vụ' if party else 'TL. Chủ tịch'})"


def _ask_day(questions: Questions, question: str, default: dt.date | None) -> dt.date | None:
    """A date as the clerk types it (25/01/2027 or 2027-01-25), asked again with the reason when it is not one;
    the default (or None) when no one answers."""

    shown = typed_date(default) if default else None
    while (answer := questions(question, shown)) is not None:
        if not answer and default is not None:
            return default
        try:
            return parse_date(answer)
        except ValueError as exc:
            question = f"{exc}; nhập lại, ví dụ {shown or '20/08/2025'}"
    return default


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
    """The year's plan (and a new unit's unit.yaml): from the options, asking `ask` for the rest, each answer
    checked as it is typed; options checked before anything is asked."""
    today = dt.date.today()
    questions = Questions(ask)
    source_unit = source_year = source_path = None
    if from_dir is not None:
        source_unit, source_year, source_path = _plan_source_dir(from_dir)
    check_given(answers)

    unit = answers.unit or source_unit or _ask_folder(questions)
    if not unit:
        raise UsageProblem("cần --unit: tên thư mục đơn vị, ví dụ mn-hung-an")
    if not valid_unit_name(unit):
        raise UsageProblem(
            f"tên đơn vị '{unit}' không hợp lệ: chỉ gồm chữ thường không dấu, số và '-', ví dụ: mn-hung-an"
        )
    answers.unit = unit
    default_year = source_year + 1 if source_year else today.year
    year = answers.year
    question = f"Năm kế hoạch, ví dụ {default_year}"
    while year is None and (answer := questions(question, str(default_year))) is not None:
        answer = answer or str(default_year)
        year = int(answer) if plan_year(answer) is not None else None
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
            answers.loai = choose_kind(answers.loai, unit_model.name, unit_model.the_thuc, questions)
    else:
        while answers.ten_co_quan is None and (name := questions(UNIT_QUESTIONS[0][1], None)) is not None:
            answers.ten_co_quan = name or None
        if answers.ten_co_quan and source_path is None:  # (a missing name is reported with the other answers)
            answers.loai = choose_kind(answers.loai, answers.ten_co_quan, None, questions)
        _gather_unit(answers, questions)
        if (
            answers.quyen_han is None
            and signing_authority(answers.loai, answers.ten_co_quan or "", answers.chuc_vu or "") is None
        ):
            created.notes.append(
                f"Chưa rõ '{answers.chuc_vu}' ký với thẩm quyền nào (TM., KT., TL., TUQ., Q.): unit.yaml để người ký "
                "ký trực tiếp; nếu không đúng, thêm quyen_han vào nguoi_ky trong unit.yaml (hoặc dùng --quyen-han)."
            )
        text = unit_text(answers)

        validate(parse_text(unit_path, text), Unit)
        write_text_atomic(unit_path, text, root=ws.plans_dir)
        created.files.append(unit_path)
        ten_co_quan, co_quan_cap_tren = answers.ten_co_quan or "", answers.co_quan_cap_tren

    so = answers.so
    question = "Số văn bản, ví dụ 12 (Enter để để trống: dự thảo chưa có số)"
    while so is None and (raw := questions(question, "")):
        if re.fullmatch(r"[0-9]{1,5}", raw) and int(raw) >= 1:
            so = int(raw)
        else:
            question = f"'{raw}' không phải số văn bản; nhập một số từ 1 đến 99999, ví dụ 12 (Enter để để trống)"
    ngay = answers.ngay
    if source_path is not None and source_year is not None:
        old = read_user_text(source_path)
        text, moved, left = carry_over_text(old, source_year, year, so=so, ngay=ngay)
        created.notes.append(
            f"Đã chuyển kế hoạch {source_year} sang {year}: đổi các ngày của kế hoạch (ngày ban hành, hạn nộp báo cáo, "
            f"hạn nhiệm vụ), kể cả {moved} chỗ lời văn nhắc đến hạn hoặc 'năm {source_year}'; số văn bản để trống "
            "(dự thảo)."
        )
        if left:
            created.notes.append(
                f"Còn {len(left)} dòng ghi {source_year} chưa đổi (thường là số, ngày của văn bản được dẫn): "
                f"dòng {', '.join(map(str, left))} của {display_path(plan_path)} — hãy sửa cho đúng năm {year}; "
                "ngày nào đúng là vậy thì ghi dòng chú thích “# giữ nguyên” ngay trên đoạn đó. danvan validate nhắc "
                "các ngày này cho đến khi được sửa hoặc đánh dấu."
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
            default_day = today if today.year == year else dt.date(year, 1, 15)
            ngay = _ask_day(questions, "Ngày ban hành, ví dụ 25/01/2027", default_day) or default_day
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
