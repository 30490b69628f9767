"""The words danvan drafts where a unit wrote none: sentences a careful clerk would write (pure functions).

Each activity of the log becomes a sentence with its subject (the unit), its date and the figures that measure
it, woven in with their units; repeated activities are summed up (how many, from when to when), never listed
clause by clause; a numbered document is cited with its own event, a photo or a list is not printed. Task
titles are used as the plain words of a sentence, never as a list of quoted titles. Nothing of the tool reaches
the paper, and the same data always gives the same text, word for word.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from danvan_cli import figures as fig
from danvan_cli import vnformat as vn
from danvan_cli.figures import FigureBook
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
# Words a task's title opens with when it says what to do (a verb), so that "Tiếp tục …" can stand before it;
# a title that names a thing ("Cải cách hành chính …", "Kế hoạch 20-KH/…") is done: "thực hiện …".
VERB_OPENINGS = (
    "tuyên truyền", "tổ chức", "triển khai", "quán triệt", "thực hiện", "phối hợp", "góp ý", "đẩy mạnh",
    "tăng cường", "nâng cao", "xây dựng", "vận động", "tham gia", "củng cố", "kiểm tra", "giám sát", "rà soát",
    "ban hành", "công khai", "tiếp tục", "duy trì", "phát huy", "đổi mới", "hoàn thành", "đánh giá", "tự đánh giá",
    "chỉ đạo", "hướng dẫn", "tập huấn", "học tập", "tiếp nhận", "giải quyết", "tiếp công dân", "tiếp dân",
    "đối thoại", "lãnh đạo", "nắm", "phát động", "biểu dương", "khen thưởng", "chăm lo", "hỗ trợ", "cập nhật",
    "ứng dụng", "lấy ý kiến", "đăng ký", "nhân rộng", "sơ kết", "tổng kết", "bồi dưỡng", "phổ biến", "tiếp xúc",
    "vận hành", "thăm", "tặng", "rèn luyện", "chấn chỉnh", "phòng, chống", "phòng chống", "mời",
)  # fmt: skip
# Document types: a title opening with one and then its number or name keeps its capital ("Kế hoạch 20-KH/…").
DOCUMENT_TYPES = (
    "Kế hoạch", "Nghị quyết", "Chỉ thị", "Quyết định", "Luật", "Nghị định", "Thông tư", "Công văn", "Hướng dẫn",
    "Kết luận", "Quy định", "Đề án", "Chương trình", "Thông báo", "Quy chế", "Điều lệ",
)  # fmt: skip


def subject_of(unit: Unit) -> str:
    """How a unit names itself in its report's running text: 'nhà trường', 'UBND xã', 'Chi bộ'."""
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
        return f"UBND {level}".strip()
    for body in ("Chi bộ", "Đảng ủy", "Đảng bộ", "Ban Dân vận", "Phòng", "Sở", "Ban"):
        if name.startswith(body):
            return body
    return name


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


_SENTENCE_END = re.compile(r"[.!?…]$")


def as_sentence(text: str) -> str:
    text = vn.collapse_whitespace(text)
    return text if _SENTENCE_END.search(text) else text + "."


def curly_quotes(text: str) -> str:
    """Straight double quotes typed in the log become the curly pairs the rest of the document uses."""
    out = []
    opening = True
    for i, c in enumerate(text):
        if c == '"':
            before = text[i - 1] if i else " "
            opening = before.isspace() or before in "([{–—-/" or i == 0
            out.append("“" if opening else "”")
        else:
            out.append(c)
    return "".join(out)


def clean(text: str) -> str:
    """A clerk's text as running text: one line, curly quotes, no trailing stop."""
    return curly_quotes(vn.collapse_whitespace(text)).rstrip(" .;")


def clause(text: str, subject: str = "") -> tuple[str, bool]:
    """A clerk's result as the rest of a sentence. Written as an action, its first word is lowered so the unit
    can stand before it; written with its doer (or starting with a name, an abbreviation or a figure), it is
    kept as written, except that the unit's own common name ('Nhà trường …') loses its capital mid-sentence.
    Returns the clause and whether it is an action."""
    text = clean(text)
    words = text.split(" ", 2)
    first = words[0]
    pair = " ".join(words[:2]).lower()
    if subject and subject[:1].islower() and text.lower().startswith(subject.lower() + " "):
        return subject + text[len(subject) :], False  # 'Nhà trường đã vận động …' → 'nhà trường đã vận động …'
    if first[:1].islower():  # typed without its capital: an action ('tuyên truyền …'), never a sentence alone
        return text, True
    plain = first[:1].isupper() and first[1:].islower()  # 'Tổ', not 'UBND', 'COVID-19' or '15'
    if not plain:
        return text, False
    if first.lower() in DOER_WORDS and pair not in ACTION_PAIRS and pair.replace(",", "") not in ACTION_PAIRS:
        return text, False
    return first.lower() + text[len(first) :], True


def noun(title: str) -> str:
    """A task's title as words inside a sentence: its first letter lowered, except where it names a document
    ('Kế hoạch 20-KH/…', 'Nghị quyết Trung ương 4'), a body or an abbreviation."""
    text = clean(title)
    for doc in DOCUMENT_TYPES:
        if text.startswith(doc + " "):
            after = text[len(doc) + 1 :]
            if after[:1].isupper() or after[:1].isdigit() or after.startswith("số "):
                return text
    return vn.lower_first(text)


def is_verb_phrase(title: str) -> bool:
    folded = clean(title).lower()
    return any(folded == v or folded.startswith((v + " ", v + ",")) for v in VERB_OPENINGS)


# Events a clerk 'holds' (tổ chức) rather than 'carries out' (thực hiện).
EVENTS = ("hội nghị", "hội thảo", "hội thi", "ngày hội", "lớp", "đợt", "buổi", "cuộc", "diễn đàn", "chương trình")


def action(title: str) -> str:
    """A task as something to do, lowered to go after 'Tiếp tục': 'tuyên truyền …', 'thực hiện cải cách …',
    'tổ chức hội nghị …'."""
    words = noun(title)
    if is_verb_phrase(title):
        return words
    folded = words.casefold()
    return f"tổ chức {words}" if folded.startswith(tuple(e + " " for e in EVENTS)) else f"thực hiện {words}"


def matter(title: str) -> str:
    """A task as the subject of a clause: 'việc tuyên truyền …', 'việc thực hiện Kế hoạch 20-KH/…'."""
    return f"việc {action(title)}"


# ---------------------------------------------------------------- evidence

# A numbered document: 'Thông báo số 12/TB-MNHA …', 'Kế hoạch 25/KH-MNHA', 'Công văn số 15/PGDĐT'.
_NUMBERED = re.compile(r"\bsố\s+[0-9]+|\b[0-9]+\s*[/-]\s*[A-ZĐ]")


def cited(entries: Sequence[ProgressEntry], most: int = 2) -> str:
    """The numbered documents that prove the work, in brackets: ' (Thông báo số 12/TB-MNHA ngày 06/5/2022)'. A
    record without a number (a photo, a list, minutes) stays in the unit's evidence file."""
    seen: list[str] = []
    for entry in entries:
        for item in entry.minh_chung:
            text = clean(item)
            if text and _NUMBERED.search(text) and text not in seen:
                seen.append(text)
    if not seen:
        return ""
    shown = "; ".join(seen[:most])
    more = f" và {len(seen) - most} văn bản khác" if len(seen) > most else ""
    return f" ({shown}{more})"


# ---------------------------------------------------------------- the results of a task


@dataclass
class Activity:
    """Entries recording the same thing done (the same words), one sentence for all of them."""

    text: str
    entries: list[ProgressEntry]

    @property
    def first(self) -> dt.date:
        return min(e.ngay for e in self.entries)

    @property
    def last(self) -> dt.date:
        return max(e.ngay for e in self.entries)


def activities(entries: Sequence[ProgressEntry]) -> list[Activity]:
    """The entries grouped by what was done (the same words, whatever their case or spacing), by first date."""
    groups: dict[str, Activity] = {}
    for entry in sorted(entries, key=lambda e: e.ngay):
        k = " ".join(clean(entry.ket_qua).casefold().split())
        if k in groups:
            groups[k].entries.append(entry)
        else:
            groups[k] = Activity(entry.ket_qua, [entry])
    return sorted(groups.values(), key=lambda a: a.first)


def _implied(spec: fig.FigureSpec, value: Number, text: str) -> bool:
    """'1 hội nghị' after 'tổ chức Hội nghị viên chức' says nothing new: a count of one whose unit, or one of the
    things it counts ('số hội nghị, đối thoại với nhân dân' → 'đối thoại với nhân dân'), the sentence names."""
    if spec.kind != fig.COUNT or value != 1:
        return False
    folded = text.casefold()
    counted = spec.name.casefold().removeprefix("số ")
    pieces = [p.strip() for p in counted.split(",") if len(p.split()) >= 2]
    return (bool(spec.unit) and spec.unit.casefold() in folded) or any(p in folded for p in pieces)


def _with_counts(text: str, values: dict[str, fig.FigureValue]) -> tuple[str, set[str]]:
    """A count set into the words it counts: 'tổ chức hội nghị, đối thoại với …' with 14 'số hội nghị, đối
    thoại' → 'tổ chức 14 hội nghị, đối thoại với …'. Returns the text and the figures so placed."""
    placed: set[str] = set()
    for k, fv in values.items():
        spec = fv.spec
        if spec.kind != fig.COUNT or not spec.name.casefold().startswith("số "):
            continue
        counted = spec.name[3:]
        at = text.casefold().find(counted.casefold())
        if at < 0 or (at > 0 and text[at - 1] not in " “"):
            continue
        text = f"{text[:at]}{vn.number(fv.value)} {text[at:]}"
        placed.add(k)
        break  # one number set into the words; the others follow them
    return text, placed


def figures_clause(values: dict[str, fig.FigureValue], text: str, skip: Collection[str] = ()) -> str:
    """', với 242 lượt người tham gia và 6 tin, bài đăng; tỷ lệ … đạt 68,4%; đến nay có 11 mô hình …': the
    figures of an activity after its words, the counted ones first, then rates, then levels."""
    shown = [(k, fv) for k, fv in values.items() if k not in skip and not _implied(fv.spec, fv.value, text)]
    counted = [fig.phrase(fv.spec, fv.value) for _, fv in shown if fv.spec.adds_up]
    rates = [fig.phrase(fv.spec, fv.value) for _, fv in shown if fv.spec.kind == fig.RATE]
    levels = [fig.phrase(fv.spec, fv.value) for _, fv in shown if fv.spec.kind == fig.LEVEL]
    parts = []
    if counted:
        parts.append(f", với {fig.joined(counted)}")
    if rates:
        parts.append(f"{';' if parts else ','} {fig.joined(rates)}")
    if levels:
        parts.append(f"{';' if parts else ','} đến nay có {fig.joined(levels)}")
    return "".join(parts)


def activity_sentence(subject: str, a: Activity, book: FigureBook, *, cite: bool = True) -> str:
    """One activity as a clerk writes it: 'Ngày 18/02/2022, nhà trường tổ chức …, với 32 lượt người tham gia
    (Thông báo số …).'; done several times: 'Từ ngày … đến ngày …, nhà trường tổ chức 14 hội nghị, đối thoại
    với …, với 1.256 lượt người tham gia.'"""
    text, is_action = clause(a.text, subject)
    values = fig.combine(book, a.entries)
    times = len(a.entries)
    if times == 1:
        when = f"Ngày {vn.short_date(a.first)}"
    else:
        when = f"Từ ngày {vn.short_date(a.first)} đến ngày {vn.short_date(a.last)}"
    placed: set[str] = set()
    if times > 1:
        text, placed = _with_counts(text, values)
        if not placed:
            text = f"{text} ({times} lần)"
    who = f"{subject} " if is_action else ""
    return f"{when}, {who}{text}{figures_clause(values, text, placed)}{cited(a.entries) if cite else ''}."


# The activities of one task told one by one; beyond this many, the rest are summed up in one sentence.
MOST_TOLD = 4


def results_sentences(subject: str, entries: Sequence[ProgressEntry], book: FigureBook) -> list[str]:
    """A task's results in the period: each activity in a sentence of its own, in date order; beyond MOST_TOLD
    activities, the most documented are told and the others summed up ('Ngoài ra, …')."""
    acts = activities(entries)
    if not acts:
        return []
    told = acts
    rest: list[Activity] = []
    if len(acts) > MOST_TOLD:
        ranked = sorted(acts, key=lambda a: (-len(a.entries), -bool(cited(a.entries)), a.first))
        keep = {id(a) for a in ranked[:MOST_TOLD]}
        told = [a for a in acts if id(a) in keep]
        rest = [a for a in acts if id(a) not in keep]
    out = [activity_sentence(subject, a, book) for a in told]
    if rest:
        others = [e for a in rest for e in a.entries]
        values = fig.combine(book, others)
        first, last = min(e.ngay for e in others), max(e.ngay for e in others)
        out.append(
            f"Ngoài ra, từ ngày {vn.short_date(first)} đến ngày {vn.short_date(last)}, {subject} còn thực hiện "
            f"{len(rest)} hoạt động khác{figures_clause(values, '')}."
        )
    return [" ".join(out)]


# ---------------------------------------------------------------- the parts of the evaluation


def overall(subject: str, period_title: str, active: int, total: int, done: int, behind: int) -> str:
    """'Nhìn chung, trong 6 tháng đầu năm 2022, nhà trường đã triển khai 6/9 nội dung của kế hoạch, trong đó
    hoàn thành 1 nội dung; 1 nội dung còn chậm so với kế hoạch.'"""
    if not total:
        return ""
    text = f"Nhìn chung, trong {period_title}, {subject} đã triển khai {active}/{total} nội dung của kế hoạch"
    if done:
        text += f", trong đó hoàn thành {done} nội dung"
    if behind:
        text += f"; {behind} nội dung còn chậm so với kế hoạch"
    return text + "."


def targets_met(met: list[tuple[fig.FigureSpec, Number]]) -> str:
    """'Đạt và vượt chỉ tiêu về số buổi tuyên truyền (12/10 buổi).'"""
    if not met:
        return ""
    parts = [f"{s.name} ({vn.number(v)}/{fig.amount_text(s, s.target or 0)})" for s, v in met[:3]]
    return f"Đạt và vượt chỉ tiêu về {fig.joined(parts)}."


def led_areas(subject: str, titles: list[str], people: str) -> str:
    """'Nhà trường đã triển khai có kết quả các nội dung trọng tâm của kế hoạch, nổi bật là việc tuyên truyền …
    và việc thực hiện …; các hoạt động trong kỳ thu hút 288 lượt người tham gia.' — the two tasks most done."""
    if not titles:
        return ""
    best = fig.joined([matter(t) for t in titles[:2]])
    reach = f"; các hoạt động trong kỳ thu hút {people}" if people else ""
    return f"{upper_first(subject)} đã triển khai có kết quả các nội dung trọng tâm của kế hoạch, nổi bật là {best}{reach}."


def on_time(titles: list[str]) -> str:
    if not titles:
        return ""
    return f"Hoàn thành đúng hạn {fig.joined([matter(t) for t in titles[:3]])}."


def behind(title: str, deadline: dt.date) -> str:
    """'Việc thực hiện Kế hoạch 20-KH/… còn chậm so với kế hoạch (hạn 30/4/2022).'"""
    return f"{upper_first(matter(title))} còn chậm so với kế hoạch (hạn {vn.short_date(deadline)})."


def target_missed(spec: fig.FigureSpec, value: Number) -> str:
    """'Chưa đạt chỉ tiêu về số buổi tuyên truyền: mới đạt 8/10 buổi (80%).'"""
    share = fig.rate_of(value, spec.target or 0)
    of = f"{vn.number(value)}/{fig.amount_text(spec, spec.target or 0)}"
    tail = f" ({vn.number(share)}%)" if share is not None and spec.kind != fig.RATE else ""
    return f"Chưa đạt chỉ tiêu về {spec.name}: mới đạt {of}{tail}."


def difficulty(title: str, text: str) -> str:
    """A difficulty the clerk recorded, said where it arose: 'Việc thực hiện phong trào … còn gặp khó khăn: …'."""
    return f"{upper_first(matter(title))} còn gặp khó khăn: {vn.lower_first(clean(text))}."


def profile_paragraphs(subject: str, year: int, values: list[str], facts: list[str]) -> list[str]:
    """The unit described from its yearly profile: 'Năm 2022, nhà trường có 12 lớp, 356 trẻ, …'."""
    out = []
    if values:
        out.append(f"Năm {year}, {subject} có {', '.join(values)}.")
    out += [as_sentence(curly_quotes(f)) for f in facts]
    return out


def actions(items: list[str]) -> list[str]:
    """The direction's actions as sentences (the body numbers them where they stand)."""
    return [as_sentence(upper_first(t)) for t in items]
