"""The words danvan drafts where a unit wrote none: sentences a clerk would have written (pure functions).

A task's results become one or two sentences: what was done, when, with what figures, citing the documents
that prove it. Tasks with nothing recorded are named together once, where the report evaluates. Nothing of
the tool reaches the paper: no "nhật ký", no percentages, no placeholders. The same data always gives the
same text, word for word.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from danvan_cli import vnformat as vn

if TYPE_CHECKING:
    from danvan_cli.models import ProgressEntry, Unit
    from danvan_cli.vnformat import Number

# A result is written by a clerk either as what was done ("Tổ chức tuyên truyền …"), so that the unit
# ("nhà trường") stands before it and its capital goes, or as who did it ("Chi bộ đăng ký …", "Hội nghị viên
# chức được tổ chức …"), kept as written. These openings name a doer; two-word verbs that begin like them
# ("Tổ chức", "Ban hành", "Công khai", "Phòng, chống") are actions.
DOER_WORDS = {
    "ban", "bch", "bí", "cán", "cha", "chi", "chủ", "công", "cô", "các", "cơ", "giáo", "hiệu", "học", "hội",
    "liên", "lãnh", "mặt", "ngày", "nhà", "nhân", "những", "phòng", "phó", "phụ", "sở", "thanh", "thường", "toàn", "trẻ",
    "trường", "tập", "tổ", "ủy", "uỷ", "văn", "đoàn", "đảng", "đồng", "đội", "100%",
}  # fmt: skip
ACTION_PAIRS = {
    "ban hành", "bí thư", "chi trả", "chủ động", "chủ trì", "công bố", "công khai", "cơ cấu", "học tập", "phòng chống",
    "phòng,", "thanh tra", "toàn diện", "tổ chức", "tập huấn", "tập trung", "đoàn kết", "đồng hành", "hội ý",
    "hội thảo", "nhân rộng", "văn nghệ",
}  # fmt: skip


def subject_of(unit: Unit) -> str:
    """How a unit names itself in its report's running text: 'nhà trường', 'Ủy ban nhân dân xã', 'Chi bộ'."""
    if unit.xung_ho:
        return unit.xung_ho
    name = unit.name
    lowered = vn.fold_diacritics(name).lower()
    if lowered.startswith(("truong ", "truong:")):
        return "nhà trường"
    if lowered.startswith(("uy ban nhan dan", "ubnd")):
        level = next(
            (
                w
                for w in ("xã", "phường", "thị trấn", "đặc khu", "tỉnh", "thành phố")
                if f" {w} " in f" {name.lower()} "
            ),
            "",
        )
        return f"Ủy ban nhân dân {level}".strip()
    for body in ("Chi bộ", "Đảng ủy", "Đảng bộ", "Ban Dân vận", "Phòng", "Sở", "Ban"):
        if name.startswith(body):
            return body
    return name


def clause(text: str) -> tuple[str, bool]:
    """A clerk's result as the rest of a sentence. Written as an action, its first word is lowered so the unit
    can stand before it; written with its doer (or starting with a name, an abbreviation or a figure), it is
    kept as written. Returns the clause and whether it is an action."""
    text = vn.collapse_whitespace(text).rstrip(" .;")
    words = text.split(" ", 2)
    first = words[0]
    pair = " ".join(words[:2]).lower()
    plain = first[:1].isupper() and first[1:].islower()  # 'Tổ', not 'UBND', 'COVID-19' or '15'
    if not plain:
        return text, False
    if first.lower() in DOER_WORDS and pair not in ACTION_PAIRS and pair.replace(",", "") not in ACTION_PAIRS:
        return text, False
    return first.lower() + text[len(first) :], True


def quoted(titles: Sequence[str]) -> str:
    """“A”, “B” và “C”: task titles in a sentence, each quoted so that its own capitals stay."""
    # a title that quotes something keeps its own quotes as single ones inside ours: “Phong trào ‘Dân vận khéo’”
    items = [
        f"“{vn.collapse_whitespace(t).rstrip('.').replace('“', '‘').replace('”', '’').replace(chr(34), chr(39))}”"
        for t in titles
    ]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " và " + items[-1]


def figure_phrase(name: str, value: Number) -> str:
    """'số buổi tuyên truyền: 2' as running text: '02 buổi tuyên truyền'; another name: 'kinh phí 12.500.000'."""
    name = vn.collapse_whitespace(name)
    written = vn.number(value)
    if isinstance(value, int) or float(value).is_integer():
        written = f"{int(value):02d}" if 0 < int(value) < 10 else written
    if name.lower().startswith("số "):
        return f"{written} {name[3:]}"
    return f"{name} {written}"


def figures_sentence(figures: dict[str, Number]) -> str:
    if not figures:
        return ""
    return "Kết quả: " + ", ".join(figure_phrase(n, v) for n, v in figures.items()) + "."


def evidence(entries: Sequence[ProgressEntry]) -> str:
    """The documents that prove the work ('Biên bản …', 'Công văn số …'), in brackets after the sentence."""
    seen: list[str] = []
    for entry in entries:
        for item in entry.minh_chung:
            text = vn.collapse_whitespace(item)
            if text and text not in seen:
                seen.append(text)
    # each as written; a separator only where the clerk did not already end with one
    joined = "".join(
        t if i == len(seen) - 1 else (t + " " if t.endswith((";", ".")) else t + "; ") for i, t in enumerate(seen)
    )
    return f" ({joined})" if seen else ""


def results_paragraphs(subject: str, entries: Sequence[ProgressEntry], figures: dict[str, Number]) -> list[str]:
    """A task's results in the period: when and what (one sentence for one or two activities, one for more),
    then the figures, with the documents that prove them."""
    ordered = sorted(entries, key=lambda e: e.ngay)
    if not ordered:
        return []
    drafted = [(entry, *clause(entry.ket_qua)) for entry in ordered]
    actions = [d for d in drafted if d[2]]
    grouped = len(actions) > 2  # three or more actions read as one sentence over their span
    sentences: list[tuple[dt.date, str]] = []
    if grouped:
        parts = [f"{text} (ngày {vn.short_date(entry.ngay)})" for entry, text, _ in actions]
        first, last = actions[0][0].ngay, actions[-1][0].ngay
        span = f"Từ ngày {vn.short_date(first)} đến ngày {vn.short_date(last)}"
        listed = f"{'; '.join(parts[:-1])} và {parts[-1]}"
        sentences.append((first, f"{span}, {subject} đã {listed}{evidence([d[0] for d in actions])}."))
    for entry, text, action in drafted:
        if action and grouped:
            continue
        who = f"{subject} " if action else ""
        sentences.append((entry.ngay, f"Ngày {vn.short_date(entry.ngay)}, {who}{text}{evidence([entry])}."))
    sentences.sort(key=lambda s: s[0])
    text = " ".join(s for _, s in sentences)
    total = figures_sentence(figures)
    return [f"{text} {total}".strip()]


def task_state_sentence(done: bool, late: bool, deadline: dt.date) -> str:
    if done:
        return "Nhiệm vụ đã hoàn thành."
    if late:
        return f"Nhiệm vụ chưa hoàn thành, đã quá hạn (hạn {vn.short_date(deadline)})."
    return ""


def strengths(done_titles: list[str], ongoing_titles: list[str]) -> list[str]:
    out = []
    if done_titles:
        out.append(f"Hoàn thành {'nhiệm vụ' if len(done_titles) == 1 else 'các nhiệm vụ'} {quoted(done_titles)}.")
    if ongoing_titles:
        which = "Nhiệm vụ" if len(ongoing_titles) == 1 else "Các nhiệm vụ"
        out.append(f"{which} {quoted(ongoing_titles)} được triển khai, có kết quả cụ thể trong kỳ.")
    return out


def weaknesses(idle_titles: list[str], late: list[tuple[str, dt.date]]) -> list[str]:
    out = []
    if idle_titles:
        which = "Nhiệm vụ" if len(idle_titles) == 1 else "Các nhiệm vụ"
        out.append(f"{which} {quoted(idle_titles)} chưa triển khai trong kỳ.")
    for title, deadline in late:
        out.append(f"Nhiệm vụ {quoted([title])} đã quá hạn (hạn {vn.short_date(deadline)}) nhưng chưa hoàn thành.")
    return out


def causes(difficulties: list[tuple[str, str]]) -> list[str]:
    """The difficulties recorded with the work, each named with its task: the causes the data can give."""
    return [
        f"Khó khăn khi thực hiện nhiệm vụ {quoted([title])}: {vn.lower_first(vn.collapse_whitespace(text)).rstrip('.')}."
        for title, text in difficulties
    ]


def directions(
    ongoing_titles: list[str], idle_titles: list[str], due_next: list[tuple[str, dt.date]], next_title: str
) -> list[str]:
    """What remains, grouped: tasks under way, tasks not started, deadlines in the coming period."""
    out = []
    if ongoing_titles:
        out.append(
            f"Tiếp tục triển khai {'nhiệm vụ' if len(ongoing_titles) == 1 else 'các nhiệm vụ'} {quoted(ongoing_titles)}."
        )
    if idle_titles:
        out.append(
            f"Triển khai {'nhiệm vụ' if len(idle_titles) == 1 else 'các nhiệm vụ'} chưa thực hiện: {quoted(idle_titles)}."
        )
    if due_next:
        listed = "; ".join(f"{quoted([t])} (hạn {vn.short_date(d)})" for t, d in due_next)
        out.append(f"Hoàn thành các nhiệm vụ có hạn trong {next_title}: {listed}.")
    if not out:
        out.append("Duy trì và phát huy các kết quả đã đạt được.")
    return out


def profile_paragraphs(subject: str, year: int, figures: dict[str, Number], facts: list[str]) -> list[str]:
    """The unit described from its yearly profile: '{Năm 2022}, nhà trường có 12 lớp, 356 trẻ, …'."""
    out = []
    if figures:
        listed = ", ".join(figure_phrase(n, v) for n, v in figures.items())
        out.append(f"Năm {year}, {subject} có {listed}.")
    out += [vn.collapse_whitespace(f) for f in facts]
    return out


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


_SENTENCE_END = re.compile(r"[.!?…]$")


def as_sentence(text: str) -> str:
    text = vn.collapse_whitespace(text)
    return text if _SENTENCE_END.search(text) else text + "."
