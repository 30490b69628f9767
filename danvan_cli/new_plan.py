"""`new-plan`: the year's plan made (from the built-in model of the unit's kind, or carried over from last year), and
the unit's unit.yaml where it is new, every answer checked before anything is written."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from pathlib import Path

from danvan_cli.asking import (
    UNIT_QUESTIONS,
    Asker,
    Questions,
    _ask_day,
    _ask_folder,
    _gather_unit,
    check_given,
    choose_kind,
)
from danvan_cli.carry_over import _check_plan_text, carry_over_text
from danvan_cli.errors import (
    AlreadyThere,
    DateOutOfRange,
    Note,
    PlanExists,
    UnitNotChosen,
    ValueNotAllowed,
    display_path,
)
from danvan_cli.files import keep_backup, present, write_atomic, write_text_atomic
from danvan_cli.loading import load_unit
from danvan_cli.models import Unit
from danvan_cli.scaffold import MODELS, Answers, Created, builtin_plan_text, signing_authority, unit_text
from danvan_cli.validation import validate
from danvan_cli.workspace import CRITERIA_FILE, PLAN_FILE, PROFILE_FILE, Workspace, plan_year, valid_unit_name
from danvan_cli.yamlsource import parse_text, read_user_bytes, read_user_text


def _plan_source_dir(from_dir: Path) -> tuple[str, int, Path]:
    plan_path = from_dir / PLAN_FILE if from_dir.is_dir() else from_dir
    folder = plan_path.parent
    if not present(plan_path) or plan_year(folder.name) is None:
        raise ValueNotAllowed(
            f"'{display_path(from_dir)}': cần thư mục năm của một kế hoạch, ví dụ plans/mn-hung-an/2022", "tu_thu_muc"
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
        raise UnitNotChosen("cần tên thư mục đơn vị, ví dụ mn-hung-an", "don_vi")
    if not valid_unit_name(unit):
        raise ValueNotAllowed(
            f"'{unit}': tên đơn vị chỉ gồm chữ thường không dấu, số và '-', ví dụ: mn-hung-an", "don_vi"
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
        raise ValueNotAllowed(f"năm mới ({year}) phải sau năm của kế hoạch cũ ({source_year})")

    if answers.so is not None and not 1 <= answers.so <= 99999:
        raise ValueNotAllowed(f"{answers.so}: số văn bản từ 1 đến 99999; không ghi số thì kế hoạch là dự thảo", "so")
    if answers.ngay is not None and answers.ngay.year not in (year - 1, year):
        raise DateOutOfRange(
            f"{answers.ngay.strftime('%d/%m/%Y')}: ngày ban hành kế hoạch năm {year} phải trong năm {year} "
            f"(hoặc cuối năm {year - 1})",
            "ngay",
        )
    plan_path = ws.plan_file(unit, year)
    if present(plan_path) and not force:
        raise PlanExists(f"{display_path(plan_path)}: đã có kế hoạch năm {year}; không ghi đè.", "ke_hoach_da_co")

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
                Note(
                    f"Chưa rõ '{answers.chuc_vu}' ký với thẩm quyền nào (TM., KT., TL., TUQ., Q.): unit.yaml để người "
                    "ký ký trực tiếp; nếu không đúng, thêm quyen_han vào nguoi_ky trong unit.yaml",
                    "tham_quyen",
                )
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
            f"{display_path(plan_path)}: một lệnh khác vừa tạo kế hoạch năm {year}; không ghi đè.", "ke_hoach_da_co"
        ) from None
    created.files.append(plan_path)
    return created
