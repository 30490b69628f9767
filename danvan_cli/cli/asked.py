"""The command line's side of what the library is asked: texts typed as options read into the values the library
takes (a figure as TÊN=SỐ, a status, free text); a refusal of the library (`RequestRefused`, said in domain
terms) said as a mistake of the command line (exit 2) that names the option which carried the value; and, where
the library says what the user could change (`about` of an error or a note), the option that changes it."""

from decimal import Decimal

import typer

from danvan_cli.errors import AnswersMissing, DanvanError, FigureNotDeclared, Note, RequestRefused, UsageProblem

# The library's name for a value (`RequestRefused.about`) → the option that carries it; a command may say
# otherwise for its own options (`run(action, options=…)`).
OPTIONS = {
    "ngay": "--ngay",
    "so": "--so",
    "loai": "--loai",
    "quyen_han": "--quyen-han",
    "nhiem_ky": "--nhiem-ky",
    "tu_thu_muc": "--from",
    "han": "--han",
    "ky_hieu": "--ky-hieu",
    "kinh_gui": "--kinh-gui",
    "lich": "--at",
    "nhat_ky": "--log",
    "thu_muc_xuat": "-o",
    "don_vi": "--unit",
    "nam": "--year",
    "ky": "--period",
    "thu_muc_ke_hoach": "--plans-dir",
    "ten_co_quan": "--ten-co-quan",
    "co_quan_chu_quan": "--co-quan-chu-quan",
    "chu_viet_tat": "--chu-viet-tat",
    "dia_danh": "--dia-danh",
    "co_quan_cap_tren": "--co-quan-cap-tren",
    "chuc_vu": "--chuc-vu",
    "ho_ten": "--ho-ten",
}

# What the command line can do about what the library says (`about`), which the library cannot phrase: it does not
# know the options. Each is said at the end of the library's message or note.
HINTS = {
    "ghi_de": ". Dùng --force nếu thật sự muốn thay",
    "ke_hoach_da_co": " Dùng --force nếu thật sự muốn thay (bản cũ được giữ lại bên cạnh, plan.yaml.bak, plan.yaml.bak2…).",
    "danh_sach_da_co": ", hoặc thêm --force để ghi lại từ các thư mục đơn vị (tệp cũ được giữ thành bản sao)",
    "tieu_chi_da_co": ", hoặc bỏ --tieu-chi",
    "ban_nhap": ", hoặc thêm --draft-ok nếu đã đọc và đồng ý với bản nháp.",
    "ban_nhap_thieu": "; --draft-ok ban hành khi vẫn thiếu",
    "ngay_ke_hoach_bao_cao": " (năm chọn bằng --year, ngày của báo cáo bằng --as-of hoặc --ngay)",
    "don_vi_khac": " (thư mục đơn vị chọn bằng --unit; bỏ --unit để danvan đặt tên)",
    "ngay_ban_hanh": " hoặc bằng --ngay",
    "han_cong_van": " Đổi bằng --han.",
    "nam_da_chon": " Chọn năm khác bằng --year.",
    "tham_quyen": " (hoặc dùng --quyen-han).",
}

# `progress add`: which option (or argument) gave each field of the entry.
ENTRY_OPTIONS = {
    "nhiem_vu": "mã nhiệm vụ",
    "ngay": "--date",
    "ket_qua": "nội dung việc đã làm",
    "trang_thai": "--status",
    "phan_tram": "--percent",
    "so_lieu": "--figure",
    "minh_chung": "--evidence",
    "kho_khan": "--kho-khan",
    "nguyen_nhan": "--nguyen-nhan",
    "dien_hinh": "--dien-hinh",
    "linh_vuc": "--linh-vuc",
}


def phrased(error: DanvanError, options: dict[str, str] | None = None) -> DanvanError:
    """Any failure as the command line says it: a refusal as its mistake (`usage`), another with what the command
    line can do about it."""
    if isinstance(error, RequestRefused):
        return usage(error, options)
    if error.about in HINTS:
        error.message += HINTS[error.about]
    return error


def said(line: str) -> str:
    """A line the library says, with what the command line can do about it."""
    return line + HINTS.get(line.about or "", "") if isinstance(line, Note) else line


def usage(error: RequestRefused, options: dict[str, str] | None = None) -> UsageProblem:
    """The library's refusal as the command line's mistake: 'OPTION VALUE …' when the message starts with the value
    (quoted, a number or a date), 'OPTION: …' otherwise; as it is when no option carried the value."""
    named = {**OPTIONS, **(options or {})}
    if isinstance(error, AnswersMissing):
        return UsageProblem(
            f"{error.message.split(': ')[0]}: {', '.join(named.get(m, m) for m in error.missing)} (hoặc chạy không có "
            "--yes để trả lời từng câu hỏi: gõ trên màn hình lệnh, hoặc đưa các câu trả lời vào, mỗi dòng một câu)"
        )
    flag = named.get(error.about or "")
    message = error.message + HINTS.get(error.about or "", "")
    if isinstance(error, FigureNotDeclared):
        message += ", hoặc thêm --moi nếu đúng là số liệu mới (rồi khai báo nó trong so_lieu của plan.yaml)"
    if flag is None:
        return UsageProblem(message)
    joint = " " if message[:1] and message[0] in "'-0123456789" else ": "
    return UsageProblem(f"{flag}{joint}{message}")


def status_value(text: str) -> str:
    """--status as typed, with or without diacritics: one of the log's statuses."""
    from danvan_cli.models import STATUSES
    from danvan_cli.vnformat import fold_diacritics

    wanted = fold_diacritics(text).lower().strip()
    for status in STATUSES:
        if fold_diacritics(status) == wanted:
            return status
    raise UsageProblem(f"--status '{text}' không hợp lệ; chỉ dùng một trong: {', '.join(STATUSES)}")


def figure(text: str) -> tuple[str, int | Decimal]:
    """`--figure "số lượt người=1.200"`: the name, and the number read as the documents print it."""
    from danvan_cli.models import MAX_FIGURE
    from danvan_cli.vnformat import number, parse_number, shorten

    name, sep, written = text.rpartition("=")
    name = argument_text("--figure", name)
    if not sep or not name:
        raise UsageProblem(f"--figure '{shorten(text)}' không đúng dạng TÊN=SỐ, ví dụ: \"số buổi tuyên truyền=2\"")
    try:
        value = parse_number(written)
    except ValueError as exc:
        raise UsageProblem(f"--figure '{shorten(text)}': {exc}") from None
    if not 0 <= value <= MAX_FIGURE:
        raise UsageProblem(f"--figure '{shorten(text)}': số liệu phải từ 0 đến {number(MAX_FIGURE)}")
    return name, value


def figures(texts: list[str]) -> dict:
    """Every --figure, each name once: two values for one figure would leave one of them unsaid."""
    from danvan_cli.vnformat import shorten

    found: dict = {}
    seen: dict[str, str] = {}
    for text in texts:
        name, value = figure(text)
        key = name.casefold()
        if key in seen:
            raise UsageProblem(
                f"--figure '{shorten(name)}' được ghi hai lần ('{shorten(seen[key])}'); mỗi số liệu ghi một lần, "
                "với tổng của nó"
            )
        seen[key] = text
        found[name] = value
    return found


def argument_text(option: str, text: str) -> str:
    """Text from the command line as the log keeps it (NFC, spaces collapsed); a control character, which
    no keyboard types on purpose, is refused naming the option rather than written into the log."""
    import unicodedata

    bad = next((c for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r"), None)
    if bad is not None:
        raise UsageProblem(
            f"{option}: có ký tự điều khiển U+{ord(bad):04X} (không in được); hãy gõ lại nội dung, không dán ký tự lạ"
        )
    return " ".join(unicodedata.normalize("NFC", text).split())


def optional_text(option: str, text: str | None) -> str | None:
    return argument_text(option, text) if text is not None else None


def period_option(value: str | None) -> str | None:
    """--period as a clerk types it ('6M', '6 tháng', 'nam', 'quy1', 'thang3'), or refused with the nearest."""
    if value is None:
        return None
    from danvan_cli.periods import period_code, period_suggestion

    code = period_code(value)
    if code is None:
        raise typer.BadParameter(period_suggestion(value))
    return code
