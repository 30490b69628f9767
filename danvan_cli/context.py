"""Document context: pure functions from the loaded plan to the values a template shows.

Everything a template prints is decided here, as plain text; templates only place it.
"""

from __future__ import annotations

from danvan_cli import vnformat as vn

# Average advance of a capital in Times New Roman bold at 13 pt, and of an underscore at 13 pt, in mm
# (from "TRƯỜNG MẦM NON HÙNG AN" ≈ 67.6 mm over 22 characters; an underscore is half an em).
_CAPS_13PT_MM = 3.07
_BOLD_14PT_MM = 2.55
_UNDERSCORE_13PT_MM = 2.29


# Every name a template can use, by document kind, with what it holds: the reference `validate` checks a
# unit's own templates against, and docs/templates.md prints (tools/glossary.py writes it; a test keeps it true).
_HEADER = {
    "co_quan_chu_quan": "tên cơ quan chủ quản (in hoa), dòng trên cùng bên trái; rỗng nếu không có",
    "ten_co_quan": "tên cơ quan ban hành (in hoa, đậm)",
    "gach_co_quan": "đường kẻ dưới tên cơ quan (dấu gạch dưới, dài 1/3–1/2 tên)",
    "so_ky_hieu": "dòng số, ký hiệu: 'Số: 05/KH-MNHA' (Đảng: 'Số 05-KH/CB')",
    "dia_danh_ngay": "địa danh và ngày tháng: 'Hùng An, ngày 25 tháng 01 năm 2022'",
    "chuc_vu_ky": "danh sách các dòng thẩm quyền, chức vụ của người ký (in hoa)",
    "ho_ten_ky": "họ tên người ký",
    "ten_loai": "tên loại văn bản (in hoa): KẾ HOẠCH, BÁO CÁO",
    "trich_yeu": "trích yếu nội dung",
    "gach_trich_yeu": "đường kẻ dưới trích yếu",
    "kinh_gui": "cơ quan nhận ở dòng 'Kính gửi:' (rỗng nếu không có)",
    "noi_nhan": "danh sách các dòng Nơi nhận, mỗi dòng '- …;', dòng cuối '- Lưu: VT.'",
}
_BODY = "danh sách đoạn văn; mỗi đoạn có kieu ('muc' I., 'khoan' 1., 'doan' văn bản thường) và van_ban"
TEMPLATE_NAMES: dict[str, dict[str, str]] = {
    "ke_hoach": {**_HEADER, "noi_dung": f"thân kế hoạch: {_BODY}"},
    "bao_cao": {
        **_HEADER,
        "phan_dau": f"thân báo cáo trước bảng số liệu: {_BODY}",
        "bang_so_lieu": "bảng số liệu: tieu_de, co_cung_ky (có cột cùng kỳ năm trước), dong (tt, ten, ky_nay, "
        "luy_ke, cung_ky, so_sanh)",
        "phan_sau": f"thân báo cáo sau bảng số liệu: {_BODY}",
        "cham_diem": "phụ lục tự chấm điểm (báo cáo năm), hoặc rỗng: tieu_de, kem_theo, can_cu, dong, ket_luan",
    },
    "bao_cao_tong_hop": {
        **_HEADER,
        "phan_dau": f"thân báo cáo trước bảng số liệu: {_BODY}",
        "bang_so_lieu": "bảng tổng hợp: tieu_de, co_cung_ky, dong (tt, ten, dvt, ky_nay, cung_ky, so_sanh)",
        "phan_sau": f"thân báo cáo sau bảng số liệu: {_BODY}",
        "phu_luc": "phụ lục theo từng đơn vị: tieu_de, kem_theo, dong (tt, don_vi, bao_cao, nhiem_vu, qua_han, so_lieu)",
    },
    "so_van_ban_di": {
        "ten_co_quan": "tên cơ quan (in hoa)",
        "nam": "năm của sổ",
        "dong": "các văn bản: so_ky_hieu, ngay, trich_yeu, nguoi_ky, noi_nhan, luu, ghi_chu",
    },
}


def rule_under(text: str, *, char_mm: float, line_mm: float, fraction: float = 0.4) -> str:
    """A solid line of underscores about `fraction` of the text's (longest) line, as NĐ 30 asks (1/3–1/2)."""
    width = min(len(text) * char_mm, line_mm)
    return "_" * max(6, round(width * fraction / _UNDERSCORE_13PT_MM))


def subject_rule(subject: str) -> str:
    """The short line under a trích yếu (14 pt bold, on a 165 mm text line)."""
    return rule_under(subject, char_mm=_BOLD_14PT_MM, line_mm=165, fraction=0.35)


def block(kind: str, text: str) -> dict:
    """One body paragraph: kind is 'muc' (I. HEADING), 'khoan' (1. Heading) or 'doan' (running text)."""
    return {"kieu": kind, "van_ban": vn.collapse_whitespace(text)}


def section_heading(index: int, title: str) -> dict:
    return block("muc", f"{vn.roman(index)}. {vn.upper(title)}")


def task_blocks(number: int, task) -> list[dict]:
    """'1. text' as one paragraph, or '1. Heading' then its paragraphs; points as a), b), đ)…"""
    out: list[dict] = []
    paragraphs = list(task.noi_dung)
    if task.tieu_de:
        out.append(block("khoan", f"{number}. {task.tieu_de}"))
        out += [block("doan", p) for p in paragraphs]
    else:
        first, *rest = paragraphs or [""]
        out.append(block("doan", f"{number}. {first}"))
        out += [block("doan", p) for p in rest]
    out += [block("doan", f"{vn.point_letter(i)}) {p}") for i, p in enumerate(task.cac_diem)]
    return out


def plan_body(plan) -> list[dict]:
    blocks = [block("doan", p) for p in plan.mo_dau]
    for i, section in enumerate(plan.muc, start=1):
        blocks.append(section_heading(i, section.tieu_de))
        blocks += [block("doan", p) for p in section.noi_dung]
        for n, task in enumerate(section.nhiem_vu, start=1):
            blocks += task_blocks(n, task)
    blocks += [block("doan", p) for p in plan.ket_luan]
    return blocks


def recipients(items: list[str], archive: str, *, first: str | None = None) -> list[str]:
    """Nơi nhận lines: '- X;' each, 'Như trên' first for a document with Kính gửi, '- Lưu: VT.' last."""
    names = ([first] if first else []) + [vn.collapse_whitespace(i).rstrip(";.") for i in items]
    return [f"- {n};" for n in names] + [f"- Lưu: {archive.rstrip('.')}."]


def document_header(unit, number: int | None, type_abbr: str, date) -> dict:
    """Ô 1–4 and the signature: what every document of the unit shares."""
    issuer = vn.upper(unit.ten_co_quan)
    return {
        "co_quan_chu_quan": vn.upper(unit.co_quan_chu_quan) if unit.co_quan_chu_quan else "",
        "ten_co_quan": issuer,
        "gach_co_quan": rule_under(issuer, char_mm=_CAPS_13PT_MM, line_mm=68),
        "so_ky_hieu": vn.number_line(number, type_abbr, unit.chu_viet_tat, party=unit.the_thuc == "dang"),
        "dia_danh_ngay": vn.place_and_date(unit.dia_danh, date),
        "chuc_vu_ky": unit.nguoi_ky.title_lines(),
        "ho_ten_ky": unit.nguoi_ky.ho_ten,
    }


def plan_context(unit, plan, number: int | None = None) -> dict:
    """Everything the Kế hoạch template shows; `number` is the register's when the plan was finalised."""
    context = document_header(unit, number or plan.so, "KH", plan.ngay)
    context.update(
        {
            "ten_loai": "KẾ HOẠCH",
            "trich_yeu": vn.sentence_case(vn.collapse_whitespace(plan.trich_yeu)),
            "gach_trich_yeu": subject_rule(plan.trich_yeu),
            "kinh_gui": "",
            "noi_dung": plan_body(plan),
            # A plan goes to the office above first (it asked for it), then to the unit's own list.
            "noi_nhan": recipients(
                plan.noi_nhan if plan.noi_nhan is not None else unit.noi_nhan, unit.luu, first=unit.co_quan_cap_tren
            ),
        }
    )
    return context


def plan_topic(plan) -> str:
    return vn.collapse_whitespace(plan.chu_de)


def plan_file_stem(unit, plan, year: int) -> str:
    """Stable, readable output name with the unit's abbreviation: KH-MNHA-2022-cong-tac-dan-van-chinh-quyen."""
    return f"KH-{vn.abbreviation_slug(unit.chu_viet_tat)}-{year}-{vn.slug(plan.chu_de)}"


# ---------------------------------------------------------------- the Báo cáo


def report_file_stem(unit, period) -> str:
    """BC-MNHA-2022-6-thang-dau-nam, BC-MNHA-2022-quy-i, BC-MNHA-2022-nam."""
    from danvan_cli.periods import label

    return f"BC-{vn.abbreviation_slug(unit.chu_viet_tat)}-{period.year}-{vn.slug(label(period.period))}"


def plan_citation(unit, plan, number: int | None) -> str:
    """'Kế hoạch số 05/KH-MNHA ngày 25 tháng 01 năm 2022 của … về …' (Party: 'số 05-KH/CB'); `number` is the
    plan's own or the register's, a blank to fill by hand where neither has one."""
    cited = vn.citation("Kế hoạch", number, "KH", unit.chu_viet_tat, plan.ngay, party=unit.the_thuc == "dang")
    subject = vn.collapse_whitespace(plan.trich_yeu)
    return f"{cited} của {unit.ten_co_quan} về {subject[:1].lower()}{subject[1:]}"


def _entry_line(entry) -> str:
    text = f"- Ngày {vn.short_date(entry.ngay)}: {vn.collapse_whitespace(entry.ket_qua).rstrip('.;')}"
    if entry.so_lieu:
        text += f" ({vn.figures_text(entry.so_lieu)})"
    if entry.minh_chung:
        text += f". Minh chứng: {'; '.join(vn.collapse_whitespace(m) for m in entry.minh_chung)}"
    return text + "."


def _status_line(standing) -> str:
    from danvan_cli.standing import DONE

    text = f"- Tình trạng: {standing.status}"
    if standing.percent is not None and standing.status != DONE:
        text += f" ({standing.percent}%)"
    if standing.late:
        text += f"; quá hạn (hạn {vn.short_date(standing.deadline)})"
    return text + "."


def _names(standings) -> str:
    return "; ".join(f"{s.number}. {s.title}" for s in standings)


def change_text(now: float, before: float | None) -> str:
    if before is None:
        return "–"
    diff = now - before
    if diff == 0:
        return "bằng"
    return f"{'tăng' if diff > 0 else 'giảm'} {vn.number(abs(diff))}"


def figures_table(in_period: dict, year_to_date: dict, last_year: dict | None) -> dict:
    """Rows of the report's figures table: this period, the year to date, and the same period last year."""
    names = list(dict.fromkeys([*year_to_date, *in_period]))
    rows = []
    for i, name in enumerate(names, start=1):
        now = in_period.get(name, 0)
        before = last_year.get(name, 0) if last_year is not None else None
        rows.append(
            {
                "tt": str(i),
                "ten": name,
                "ky_nay": vn.number(now),
                "luy_ke": vn.number(year_to_date.get(name, 0)),
                "cung_ky": vn.number(before) if before is not None else "–",
                "so_sanh": change_text(now, before),
            }
        )
    return {"dong": rows, "co_cung_ky": last_year is not None}


# The parts of a report a unit writes in reports/<period>.yaml; what it leaves out is drafted from the log.
NARRATIVE_PARTS = (
    "dac_diem_tinh_hinh",
    "ket_qua_noi_bat",
    "uu_diem",
    "ton_tai_han_che",
    "nguyen_nhan",
    "phuong_huong",
    "de_xuat_kien_nghi",
)


def written_parts(narrative) -> list[str]:
    """The narrative parts the unit wrote itself."""
    return [name for name in NARRATIVE_PARTS if getattr(narrative, name)]


def report_context(
    unit,
    plan,
    year: int,
    period,
    log,
    narrative,
    as_of,
    *,
    year_start,
    previous_entries=None,
    number: int | None = None,
    plan_number: int | None = None,
) -> tuple[dict, list[str]]:
    """Everything the Báo cáo template shows, and the names of the parts drafted from the data
    because the narrative file did not give them."""
    from danvan_cli.periods import a_year_earlier, next_period
    from danvan_cli.standing import DONE, entries_between, standings, sum_figures

    date = period.date_on(as_of)
    until = period.until(as_of)
    partial = until < period.end
    state = standings(plan, log, year, until)
    in_window = {s.task.ma: entries_between(s.entries, period.start, until) for s in state}
    unit_name = unit.ten_co_quan
    title = period.title
    drafted: list[str] = []

    def part(written: list[str], name: str, draft: list[str]) -> list[str]:
        if written:
            return written
        drafted.append(name)
        return draft

    with_results = [s for s in state if in_window[s.task.ma]]
    done = [s for s in state if s.status == DONE]
    late = [s for s in state if s.late]
    without = [s for s in state if not in_window[s.task.ma]]
    unfinished = [s for s in state if s.status != DONE]
    difficulties = [vn.collapse_whitespace(e.kho_khan) for entries in in_window.values() for e in entries if e.kho_khan]

    cut = f" (số liệu tính đến ngày {vn.short_date(until)})" if partial else ""
    body = [
        block(
            "doan",
            f"Thực hiện {plan_citation(unit, plan, plan_number)}, {unit_name} báo cáo kết quả thực hiện {plan.chu_de} {title}{cut} như sau:",
        )
    ]
    body.append(section_heading(1, "Đặc điểm tình hình"))
    situation = [
        f"Trong kỳ báo cáo ({period.window_text(until)}), {unit_name} triển khai {len(state)} nhiệm vụ theo kế hoạch; "
        f"{len(with_results)}/{len(state)} nhiệm vụ có kết quả được ghi nhận, {len(done)} nhiệm vụ đã hoàn thành."
    ]
    body += [block("doan", p) for p in part(narrative.dac_diem_tinh_hinh, "đặc điểm tình hình", situation)]
    body.append(section_heading(2, "Kết quả thực hiện"))
    body += [block("doan", p) for p in narrative.ket_qua_noi_bat]
    for s in state:
        body.append(block("khoan", f"{s.number}. {s.title}"))
        entries = in_window[s.task.ma]
        body += [block("doan", _entry_line(e)) for e in entries] or [
            block("doan", "- Trong kỳ báo cáo chưa có kết quả được ghi nhận.")
        ]
        body.append(block("doan", _status_line(s)))

    all_entries = [e for entries in (s.entries for s in state) for e in entries]
    last_year = None
    if previous_entries is not None:
        last_year = sum_figures(entries_between(previous_entries, a_year_earlier(period.start), a_year_earlier(until)))
    table = figures_table(
        sum_figures([e for es in in_window.values() for e in es]),
        sum_figures(entries_between(all_entries, year_start, until)),
        last_year,
    )
    table["tieu_de"] = f"Bảng tổng hợp số liệu {title}" + (
        " và so với cùng kỳ năm trước" if last_year is not None else ""
    )

    after = [section_heading(3, "Đánh giá chung"), block("khoan", "1. Ưu điểm")]
    strengths = []
    if done:
        strengths.append(f"Hoàn thành {len(done)} nhiệm vụ: {_names(done)}.")
    ongoing = [s for s in with_results if s.status != DONE]
    if ongoing:
        strengths.append(f"{len(ongoing)} nhiệm vụ đang triển khai, có kết quả cụ thể trong kỳ: {_names(ongoing)}.")
    if not strengths:
        strengths.append("Trong kỳ chưa có nhiệm vụ nào có kết quả được ghi nhận.")
    after += [block("doan", p) for p in part(narrative.uu_diem, "ưu điểm", strengths)]
    after.append(block("khoan", "2. Tồn tại, hạn chế"))
    weaknesses = []
    if late:
        weaknesses.append(f"Có {len(late)} nhiệm vụ quá hạn chưa hoàn thành: {_names(late)}.")
    if without:
        weaknesses.append(f"Có {len(without)} nhiệm vụ chưa có kết quả được ghi nhận trong kỳ: {_names(without)}.")
    if not weaknesses:
        weaknesses.append("Không có nhiệm vụ quá hạn; mọi nhiệm vụ đều có kết quả được ghi nhận trong kỳ.")
    after += [block("doan", p) for p in part(narrative.ton_tai_han_che, "tồn tại, hạn chế", weaknesses)]
    after.append(block("khoan", "3. Nguyên nhân"))
    causes = [f"- {d.rstrip('.')}." for d in difficulties] or [
        "Nhật ký tiến độ không ghi nhận khó khăn, vướng mắc trong kỳ."
    ]
    after += [block("doan", p) for p in part(narrative.nguyen_nhan, "nguyên nhân", causes)]

    _, _, next_title = next_period(period.period, year)
    after.append(section_heading(4, f"Phương hướng, nhiệm vụ {next_title}"))
    plans_next = [
        f"- {'Tiếp tục thực hiện' if s.entries else 'Triển khai thực hiện'} nhiệm vụ {s.number}: {s.title}."
        for s in unfinished
    ] or ["- Duy trì và phát huy kết quả đã đạt được ở tất cả các nhiệm vụ của kế hoạch."]
    after += [block("doan", p) for p in part(narrative.phuong_huong, "phương hướng, nhiệm vụ", plans_next)]
    after.append(section_heading(5, "Đề xuất, kiến nghị"))
    after += [block("doan", p) for p in part(narrative.de_xuat_kien_nghi, "đề xuất, kiến nghị", ["Không có."])]
    after.append(block("doan", f"Trên đây là báo cáo kết quả thực hiện {plan.chu_de} {title} của {unit_name}./."))

    subject = narrative.trich_yeu or f"Kết quả thực hiện {plan.chu_de} {title}"
    context = document_header(unit, number or narrative.so, "BC", date)
    context.update(
        {
            "ten_loai": "BÁO CÁO",
            "trich_yeu": vn.sentence_case(vn.collapse_whitespace(subject)),
            "gach_trich_yeu": subject_rule(subject),
            "kinh_gui": unit.co_quan_cap_tren or "",
            "phan_dau": body,
            "bang_so_lieu": table,
            "phan_sau": after,
            "noi_nhan": recipients(
                narrative.noi_nhan if narrative.noi_nhan is not None else unit.noi_nhan,
                unit.luu,
                first="Như trên" if unit.co_quan_cap_tren else None,
            ),
        }
    )
    return context, drafted
