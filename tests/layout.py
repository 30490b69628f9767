"""Checks of a rendered PDF's layout against NĐ 30 (docs/nd30/: Phụ lục I, its position diagram, Mẫu 1.4), shared by
the plan and report layout tests."""

from __future__ import annotations

from pathlib import Path

PT_PER_MM = 72 / 25.4
PAGE_W_MM = 210
LEFT_MM, RIGHT_MM = 30, 15
TEXT_CENTRE_MM = LEFT_MM + (PAGE_W_MM - LEFT_MM - RIGHT_MM) / 2


def mm(points: float) -> float:
    return points / PT_PER_MM


def find(page, text: str) -> list[dict]:
    """Every place `text` stands on one line of the page (pdfplumber's search, literal)."""
    return page.search(text, regex=False, return_chars=False)


def one(page, text: str) -> dict:
    hits = find(page, text)
    assert hits, f"'{text}' is not on one line of page {page.page_number}"
    return hits[0]


def centre_mm(hit: dict) -> float:
    return mm((hit["x0"] + hit["x1"]) / 2)


def same_line(a: dict, b: dict, tolerance_pt: float = 3) -> bool:
    return abs(a["bottom"] - b["bottom"]) <= tolerance_pt


def size_at(page, hit: dict) -> float:
    """The font size of the first character of a found text."""
    return next(c["size"] for c in page.chars if abs(c["top"] - hit["top"]) < 2 and c["x0"] >= hit["x0"] - 1)


def check_common_layout(
    pdf_path: Path,
    *,
    type_name: str | None,
    issuer: str,
    number: str,
    date_line: str,
    signer_title: str,
    letter_subject: str | None = None,
) -> None:
    """Ô 1–5a and ô 7a/9b positions, page numbers, Quốc hiệu on one line (PL I §II, sample Mẫu 1.4). A công văn
    (Mẫu 1.5) has no tên loại (`type_name` None): its trích yếu 'V/v …' (`letter_subject`, its first line) stands
    under the number, centred on it, 12–13 pt (ô 5b)."""
    import pdfplumber

    with pdfplumber.open(str(pdf_path)) as pdf:
        first = pdf.pages[0]
        half = mm(first.width) / 2
        qh = one(first, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")  # on one line, or search would miss it
        motto = one(first, "Độc lập - Tự do - Hạnh phúc")
        name = one(first, issuer)
        num = one(first, number)
        date = one(first, date_line)
        title = one(first, type_name) if type_name else None
        below = title["top"] if title else date["top"] + 1  # what the letterhead's lines stand above
        if letter_subject is not None:
            subject = one(first, letter_subject)
            assert subject["top"] > num["top"] and abs(centre_mm(subject) - centre_mm(num)) < 3
            assert centre_mm(subject) < half and 12 <= round(size_at(first, subject)) <= 13
        # top band: Quốc hiệu and motto right, the unit left; all above the title
        assert mm(qh["x0"]) > half - 15 and mm(qh["x1"]) <= PAGE_W_MM - RIGHT_MM + 1
        assert centre_mm(motto) > half and abs(centre_mm(motto) - centre_mm(qh)) < 2
        assert centre_mm(name) < half and mm(name["x0"]) >= LEFT_MM - 1
        assert mm(qh["top"]) < 40 and qh["top"] < below and name["top"] < below
        assert motto["top"] > qh["top"]
        # Số under the unit's name (centred on it), the date under the motto, both on one line
        assert same_line(num, date), (num, date)
        assert abs(centre_mm(num) - centre_mm(name)) < 3
        assert abs(centre_mm(date) - centre_mm(motto)) < 3
        assert num["top"] > name["top"] and date["top"] > motto["top"]
        # a solid line under the unit's name and under the motto (underscores, as the decree's sample)
        rules = [w for w in first.extract_words() if set(w["text"]) == {"_"} and w["top"] < below]
        under_motto = [r for r in rules if r["top"] > motto["top"] and abs(centre_mm(r) - centre_mm(motto)) < 2]
        under_name = [
            r
            for r in rules
            if r["top"] > name["top"] and abs(centre_mm(r) - centre_mm(name)) < 2 and r["top"] < num["top"]
        ]
        assert (
            under_motto
            and abs((under_motto[0]["x1"] - under_motto[0]["x0"]) - (motto["x1"] - motto["x0"])) < 4 * PT_PER_MM
        )
        name_width = name["x1"] - name["x0"]
        assert under_name and 0.3 * name_width <= under_name[0]["x1"] - under_name[0]["x0"] <= 0.55 * name_width
        # one of the decree's sets of sizes, held together (PL I §II.1, §II.4): Quốc hiệu 12, Tiêu ngữ 13, date 13
        assert [round(size_at(first, hit)) for hit in (qh, motto, date)] == [12, 13, 13]
        # title centred on the text area
        assert title is None or abs(centre_mm(title) - TEXT_CENTRE_MM) < 2
        # no page number on page 1: nothing printed in the top margin
        assert not [w for w in first.extract_words() if w["top"] < 20 * PT_PER_MM - 2]
        # "2" centred in the top margin of page 2 (unless a Phụ lục, numbered on its own, starts there)
        second = pdf.pages[1] if len(pdf.pages) > 1 else None
        if second is not None and [w["text"] for w in second.extract_words()[:2]] != ["Phụ", "lục"]:
            top_words = [w for w in second.extract_words() if w["bottom"] < 20 * PT_PER_MM]
            assert [w["text"] for w in top_words] == ["2"]
            assert abs(centre_mm(top_words[0]) - TEXT_CENTRE_MM) < 2
        # Nơi nhận at the left, the signer's title at the right, on the same band of the same page
        last = next(p for p in reversed(pdf.pages) if p.search("Nơi nhận:", regex=False))
        noi_nhan = one(last, "Nơi nhận:")
        signer = one(last, signer_title)
        assert mm(noi_nhan["x0"]) < LEFT_MM + 3
        assert centre_mm(signer) > TEXT_CENTRE_MM
        assert abs(noi_nhan["top"] - signer["top"]) < 6
        # every character inside the page's margins (a landscape appendix page is wider)
        for page in pdf.pages:
            width = mm(page.width)
            for ch in page.chars:
                assert mm(ch["x0"]) >= LEFT_MM - 1.5 and mm(ch["x1"]) <= width - RIGHT_MM + 1.5, (
                    page.page_number,
                    ch["text"],
                )
