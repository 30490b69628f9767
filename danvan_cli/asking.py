"""`new-plan`'s questions: each answer checked as it is typed (or given as an option, or piped in), the unit's
folder, kind, signer and capacity asked for what cannot be guessed."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from danvan_cli.errors import (
    AnswersMissing,
    InputError,
    ValueNotAllowed,
    WizardStopped,
)
from danvan_cli.models import Unit
from danvan_cli.scaffold import MODELS, Answers, _head_of, folder_name_for, infer_kind, signing_authority, unit_text
from danvan_cli.validation import validate
from danvan_cli.vnformat import (
    parse_date,
    typed_date,
)
from danvan_cli.workspace import valid_unit_name
from danvan_cli.yamlsource import parse_text

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


# What a new unit.yaml needs: (answer field, question, required)
UNIT_QUESTIONS = [
    ("ten_co_quan", "Tên cơ quan ban hành (ví dụ: Trường Tiểu học Xuân Phương)", True),
    (
        "co_quan_chu_quan",
        "Cơ quan chủ quản trực tiếp (ví dụ: UBND phường Xuân Phương; Enter để bỏ trống)",
        False,
    ),
    ("chu_viet_tat", "Chữ viết tắt của cơ quan trong ký hiệu văn bản (ví dụ: THXP)", True),
    ("dia_danh", "Địa danh ghi trước ngày tháng (ví dụ: Xuân Phương)", True),
    (
        "co_quan_cap_tren",
        "Cơ quan cấp trên nhận báo cáo (ví dụ: Ủy ban nhân dân phường Xuân Phương; Enter để bỏ trống)",
        False,
    ),
    ("chuc_vu", "Chức vụ người ký (ví dụ: {head}; Phó {head} khi cấp phó ký thay)", True),
    ("ho_ten", "Họ và tên người ký (ví dụ: Nguyễn Văn An)", True),
]


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


def choose_kind(given: str | None, name: str, the_thuc: str | None, ask: Questions | Asker | None) -> str:
    """The unit's kind: the one given, else what its name says (a Party format says 'dang'), else asked; refused with
    the choices when no one can say."""
    questions = ask if isinstance(ask, Questions) else Questions(ask)
    if given is not None:
        if given not in MODELS:
            raise ValueNotAllowed(f"'{given}' không có; chọn một trong: {', '.join(MODELS)}", "loai")
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
    raise ValueNotAllowed(
        f"không đoán được loại đơn vị từ tên '{name}' để chọn mẫu kế hoạch; hãy chọn một loại ({choices})", "loai"
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
    for field_name, _, required in UNIT_QUESTIONS:
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
    mistake is what was asked, named by its field."""
    for name, _, _ in UNIT_QUESTIONS:
        value = getattr(answers, name)
        if value is not None and (problem := answer_problem(answers, name)):
            raise ValueNotAllowed(f"'{value}': {problem}", name)
    if answers.quyen_han is not None and (problem := answer_problem(answers, "quyen_han")):
        raise ValueNotAllowed(f"'{'; '.join(answers.quyen_han)}': {problem}", "quyen_han")


def _gather_unit(answers: Answers, ask: Questions | Asker | None) -> Answers:
    """The new unit's details: each asked (with an example; the signer's title with the head's of its kind as the
    default), each checked as it is typed and asked again with what is wrong; then who signs in what capacity
    where the title does not tell it, and a Party unit's term. Without anyone to answer: the options, or the
    options still needed, named."""
    questions = ask if isinstance(ask, Questions) else Questions(ask)
    missing = []
    head, _ = _head_of(answers.loai, "")
    for name, question, required in UNIT_QUESTIONS:
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
            missing.append(name)
        if name == "chuc_vu" and answers.chuc_vu:
            _gather_authority(answers, questions)
    if answers.loai == "dang" and answers.nhiem_ky is None:
        answers.nhiem_ky = _ask_day(
            questions, "Ngày bắt đầu nhiệm kỳ cấp ủy hiện tại (ngày bế mạc đại hội), ví dụ 20/08/2025", None
        )
        if answers.nhiem_ky is None:
            missing.append("nhiem_ky")
    if missing:
        raise AnswersMissing(f"đơn vị '{answers.unit}' chưa có unit.yaml; cần thêm: {', '.join(missing)}", missing)
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
