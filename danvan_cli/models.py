"""The typed shape of the user's files.

Keys are the NĐ 30 component names without diacritics, so a clerk reads them as the parts of
the paper document. Each field carries its Vietnamese explanation (`description`, used in the
comments of generated YAML and in error messages) and its English gloss (`en`, for the
glossary in docs/).
"""

import datetime as dt
import math
from decimal import Decimal
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, RootModel, field_validator, model_validator
from pydantic_core import PydanticCustomError

from danvan_cli.figures import MONEY_UNITS, PERCENT, RATE, FigureSpec, inferred, key, kind_for, kind_value, split_unit
from danvan_cli.periods import Period
from danvan_cli.vnformat import FIRST_YEAR, LAST_YEAR, parse_date, parse_number, upper

AUTHORITY_PREFIXES = ("KT.", "TM.", "Q.", "TL.", "TUQ.")
TASK_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,39}$"


def _one_or_many(value):
    """A single paragraph may be written without the list around it."""
    return [value] if isinstance(value, str) else value


# One paragraph, or a list of them; always a list once validated.
Paragraphs = Annotated[list[str], BeforeValidator(_one_or_many)]


# The largest figure a report shows: a commune's budget in đồng fits; a typing slip of extra digits does not.
MAX_FIGURE = 10**15


def _written(value):
    """The text a number was written as (the YAML reader keeps it), or the value itself."""
    text = getattr(value, "text", None)
    return text if isinstance(text, str) else value


def _number(value):
    """A figure or a count as a Vietnamese clerk writes it (1.200, 1,5), never a boolean, never inf or nan."""

    if isinstance(value, bool):
        raise PydanticCustomError(
            "vn_number", "cần một con số, không phải giá trị đúng/sai ({value})", {"value": value}
        )
    written = _written(value)
    if isinstance(written, str):
        try:
            return parse_number(written)
        except ValueError as exc:
            raise PydanticCustomError("vn_number", "{reason}", {"reason": str(exc)}) from None
    if isinstance(written, float) and not math.isfinite(written):
        raise PydanticCustomError("vn_number", "cần một con số hữu hạn, không phải {value}", {"value": written})
    if isinstance(written, float):  # not read from text (a value made in code): its shortest repr, exactly
        written = Decimal(str(written))
    if isinstance(written, Decimal) and written == written.to_integral_value():
        return int(written)
    return written


def _whole(value):
    number = _number(value)
    if isinstance(number, Decimal):
        raise PydanticCustomError("vn_number", "cần một số nguyên, không phải {value}", {"value": _written(value)})
    return number


def _day(value):
    """A date as YYYY-MM-DD or as a clerk types it (21/11/2022), within years a plan can have."""

    written = _written(value)
    if isinstance(written, str):
        try:
            return parse_date(written)
        except ValueError as exc:
            raise PydanticCustomError("vn_date", "{reason}", {"reason": str(exc)}) from None
    if isinstance(written, dt.date) and not FIRST_YEAR <= written.year <= LAST_YEAR:
        raise PydanticCustomError("vn_date", "năm {year} nằm ngoài khoảng 1900–2999", {"year": written.year})
    return written


# A figure (số liệu) or points: read from the text as written, whole numbers kept whole.
# Decimals are exact (Decimal, never float): 0,1 + 0,2 is 0,3, and 2,675 is printed as 2,675.
Figure = Annotated[int | Decimal, BeforeValidator(_number), Field(ge=0, le=MAX_FIGURE)]
# A count: a document's number, a percentage.
Whole = Annotated[int, BeforeValidator(_whole)]
Day = Annotated[dt.date, BeforeValidator(_day)]


def _empty_list() -> list:
    # Not default_factory=list: pydantic reads a factory's signature, and a builtin's is parsed from text with
    # Python's tokenizer, whose first use costs 15 ms of every start.
    return []


def _empty_dict() -> dict:
    return {}


def _f(vi: str, en: str, **kw):
    return Field(description=vi, json_schema_extra={"en": en}, **kw)


class _Strict(BaseModel):
    # A number in a text field is the text as written (`ma: 1.10` is "1.10"; the YAML reader keeps it).
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, coerce_numbers_to_str=True, defer_build=True)


# A line of text that must say something (a recipient, a place of archive): blank is refused, not printed as '- ;'.
Line = Annotated[str, Field(min_length=1)]

STATE_AUTHORITIES = ("TM.", "KT.", "TL.", "TUQ.", "Q.")  # NĐ 30 Điều 13
PARTY_AUTHORITIES = ("T/M", "K/T", "T/L")  # HD 36-HD/VPTW
AUTHORITIES = STATE_AUTHORITIES + PARTY_AUTHORITIES


class Signer(_Strict):
    quyen_han: str | list[str] | None = _f(
        "thẩm quyền ký (NĐ 30 Điều 13): bỏ trống khi người đứng đầu ký; một dòng như 'KT. Hiệu trưởng', hoặc nhiều "
        "dòng như ['TM. Ủy ban nhân dân', 'KT. Chủ tịch']; các chữ đầu dòng: TM. (thay mặt tập thể), KT. (ký thay), "
        "TL. (thừa lệnh), TUQ. (thừa ủy quyền), Q. (quyền); văn bản của Đảng: T/M, K/T, T/L",
        "signing authority lines (TM., KT., TL., TUQ., Q.; Party: T/M, K/T, T/L)",
        default=None,
    )
    thay_cho: str | None = _f(
        "cách viết cũ: chức vụ hoặc tập thể được ký thay, viết sau quyen_han khi quyen_han chỉ là chữ tắt (KT.)",
        "older form: the head or body signed for, after a bare prefix",
        default=None,
    )
    chuc_vu: str = _f("chức vụ của người ký, ví dụ: Hiệu trưởng, Phó Chủ tịch", "signer's title", min_length=1)
    ho_ten: str = _f("họ và tên người ký (không ghi học hàm, học vị)", "signer's full name", min_length=1)

    @field_validator("quyen_han")
    @classmethod
    def _authority_lines(cls, value):
        lines = [value] if isinstance(value, str) else list(value or [])
        for line in lines:
            if not any(line == prefix or line.startswith(prefix + " ") for prefix in AUTHORITIES):
                raise PydanticCustomError(
                    "vn_authority",
                    "dòng thẩm quyền '{line}' phải bắt đầu bằng một trong: {allowed}",
                    {"line": line, "allowed": ", ".join(AUTHORITIES)},
                )
        return value

    @model_validator(mode="after")
    def _says_for_whom(self):
        """'KT.' alone would print a signature line with nothing after it: for whom is it signed?"""
        lines = [self.quyen_han] if isinstance(self.quyen_han, str) else list(self.quyen_han or [])
        for i, line in enumerate(lines):
            bare = line in AUTHORITIES and line != "Q."
            if bare and not (isinstance(self.quyen_han, str) and self.thay_cho):
                raise PydanticCustomError(
                    "vn_authority",
                    "dòng thẩm quyền '{line}' cần ghi rõ thay mặt, ký thay hay thừa lệnh ai, ví dụ '{line} Hiệu trưởng'"
                    " (hoặc thêm thay_cho)",
                    {"line": line},
                )
            if line == "Q." and i != len(lines) - 1:
                raise PydanticCustomError(
                    "vn_authority", "'Q.' (quyền) đứng ở dòng cuối, ngay trước chức vụ: ví dụ ['Q. Giám đốc']", {}
                )
        return self

    @property
    def authority(self) -> list[str]:
        """The authority lines as written: ['TM. Ủy ban nhân dân', 'KT. Chủ tịch']; a bare prefix takes thay_cho."""
        if self.quyen_han is None:
            return []
        if isinstance(self.quyen_han, str):
            if self.quyen_han in AUTHORITIES and self.quyen_han != "Q.":
                return [f"{self.quyen_han} {self.thay_cho or ''}".strip()]
            return [self.quyen_han]
        return list(self.quyen_han)

    def title_lines(self) -> list[str]:
        """The signature block's capitalised lines above the signature, as NĐ 30 Điều 13 and Phụ lục I show them:
        'TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH'; 'Q. GIÁM ĐỐC' on one line."""

        lines = self.authority
        if lines and lines[-1] == "Q.":
            return [upper(line) for line in lines[:-1]] + [f"Q. {upper(self.chuc_vu)}"]
        return [upper(line) for line in lines] + [upper(self.chuc_vu)]


class Templates(_Strict):
    ke_hoach: str | None = _f(
        "mẫu .docx riêng cho kế hoạch (đường dẫn tính từ thư mục đơn vị)", "custom plan template", default=None
    )
    bao_cao_tong_hop: str | None = _f(
        "mẫu .docx riêng cho báo cáo tổng hợp", "custom consolidated-report template", default=None
    )
    bao_cao: str | None = _f(
        "mẫu .docx riêng cho báo cáo (đường dẫn tính từ thư mục đơn vị)", "custom report template", default=None
    )
    so_van_ban_di: str | None = _f(
        "mẫu .docx riêng cho sổ đăng ký văn bản đi (đường dẫn tính từ thư mục đơn vị)",
        "custom outgoing-register template",
        default=None,
    )
    cong_van: str | None = _f(
        "mẫu .docx riêng cho công văn của cơ quan tổng hợp (gửi đề cương, đôn đốc báo cáo)",
        "custom template of the office's công văn (outline sent, reminder)",
        default=None,
    )


def _kind(value):
    """A figure's kind as a clerk may type it ('tỷ lệ', 'số đếm') is read as its YAML name."""

    if isinstance(value, str):
        return kind_value(value) or value
    return value


FigureKind = Annotated[Literal["so_dem", "so_luong", "tien", "hien_co", "ty_le"], BeforeValidator(_kind)]


class DeclaredFigure(_Strict):
    ten: str = _f(
        "tên số liệu, đúng như ghi trong nhật ký, ví dụ: số buổi tuyên truyền; có thể ghi kèm đơn vị trong ngoặc, "
        "ví dụ: tỷ lệ hồ sơ nộp trực tuyến (%), kinh phí vận động (triệu đồng)",
        "figure name as recorded (a unit may follow in brackets)",
        min_length=1,
    )
    don_vi_tinh: str | None = _f(
        "đơn vị tính, ví dụ: buổi, lượt người, văn bản, %, triệu đồng (bỏ trống khi tên đã nói: 'số buổi …', '… (%)')",
        "unit of measure (read from the name where it says)",
        default=None,
    )
    loai: FigureKind | None = _f(
        "loại số liệu: so_dem (đếm được, cộng dồn, số nguyên: buổi, lượt người), so_luong (cộng dồn, có thể lẻ: km, "
        "tấn), tien (tiền, cộng dồn), hien_co (số hiện có, lũy kế: lấy giá trị mới nhất, không cộng; ví dụ số mô "
        "hình đã đăng ký, số đảng viên), ty_le (tỷ lệ: không cộng; tính từ tu_so và mau_so, hoặc lấy giá trị mới "
        "nhất); bỏ trống thì danvan suy từ đơn vị tính (% là tỷ lệ, đồng là tiền, còn lại là số đếm)",
        "kind: count, amount, money, level (latest value) or rate (never summed)",
        default=None,
    )
    chi_tieu: Figure | None = _f(
        "chỉ tiêu cả năm (nếu kế hoạch đặt), ví dụ 10 (buổi), 70 (%): báo cáo ghi 'đạt …% chỉ tiêu'",
        "the year's target, where the plan sets one",
        default=None,
    )
    tu_so: str | None = _f(
        "chỉ cho tỷ lệ: tên số liệu làm tử số, ví dụ: số hồ sơ nộp trực tuyến",
        "a rate's numerator figure",
        default=None,
    )
    mau_so: str | None = _f(
        "chỉ cho tỷ lệ: tên số liệu làm mẫu số, ví dụ: số hồ sơ tiếp nhận", "a rate's denominator figure", default=None
    )

    @model_validator(mode="after")
    def _unit_and_kind(self):

        bare, bracketed = split_unit(self.ten)
        if self.don_vi_tinh and bracketed and bracketed.casefold() != self.don_vi_tinh.strip().casefold():
            raise PydanticCustomError(
                "vn_figure_unit",
                "tên '{ten}' ghi đơn vị ({bracketed}) khác don_vi_tinh '{unit}'; hãy để một đơn vị",
                {"ten": self.ten, "bracketed": bracketed, "unit": self.don_vi_tinh},
            )
        unit = self.don_vi_tinh or bracketed or inferred(bare).unit
        if not unit:
            raise PydanticCustomError(
                "vn_figure_unit",
                "số liệu '{ten}' cần đơn vị tính: ghi don_vi_tinh (ví dụ: buổi, lượt người, %, triệu đồng), hoặc ghi "
                "đơn vị trong ngoặc sau tên",
                {"ten": self.ten},
            )
        if (self.tu_so or self.mau_so) and (self.loai or inferred(bare).kind) != RATE:
            raise PydanticCustomError("vn_figure_parts", "tu_so và mau_so chỉ dùng cho số liệu loại ty_le (tỷ lệ)", {})
        if bool(self.tu_so) != bool(self.mau_so):
            raise PydanticCustomError("vn_figure_parts", "tỷ lệ tính từ các phần cần cả tu_so và mau_so", {})
        if self.loai == "tien" and unit.casefold() not in MONEY_UNITS:
            raise PydanticCustomError(
                "vn_figure_unit",
                "số liệu loại tien cần đơn vị tiền: {allowed}, không phải '{unit}'",
                {"allowed": ", ".join(sorted(MONEY_UNITS)), "unit": unit},
            )
        if unit == PERCENT and self.chi_tieu is not None and self.chi_tieu > 100:
            raise PydanticCustomError("vn_figure_target", "chỉ tiêu của một tỷ lệ phần trăm không quá 100", {})
        return self

    @property
    def spec(self):
        """The figure as reports treat it (figures.FigureSpec)."""

        bare, bracketed = split_unit(self.ten)
        unit = (self.don_vi_tinh or "").strip() or bracketed or inferred(bare).unit
        return FigureSpec(
            bare,
            unit,
            self.loai or kind_for(bare, unit),
            declared=True,
            target=self.chi_tieu,
            numerator=key(self.tu_so) if self.tu_so else None,
            denominator=key(self.mau_so) if self.mau_so else None,
        )

    @property
    def unit(self) -> str:
        return self.spec.unit


class Consolidation(_Strict):
    don_vi: list[str] = _f(
        "các đơn vị gửi báo cáo lên (tên thư mục, dùng được * và ?), ví dụ: mn-*; mặc định mọi đơn vị khác",
        "the units reporting here (folder-name patterns)",
        default_factory=lambda: ["*"],
    )
    chu_de: str = _f(
        "lĩnh vực tổng hợp, ví dụ: công tác dân vận chính quyền",
        "subject of the consolidation",
        default="công tác dân vận chính quyền",
    )
    so_lieu: list[DeclaredFigure] = _f(
        "danh mục số liệu được cộng dồn; số liệu của đơn vị không có trong danh mục được liệt kê riêng, không cộng",
        "declared figures (only these are summed)",
        default_factory=_empty_list,
    )


class Term(_Strict):
    tu: Day = _f("ngày bắt đầu nhiệm kỳ cấp ủy (ngày bế mạc đại hội), YYYY-MM-DD", "first day of the committee's term")
    den: Day | None = _f(
        "ngày kết thúc nhiệm kỳ; bỏ trống là đến khi nhiệm kỳ sau bắt đầu",
        "last day of the term (empty: until the next)",
        default=None,
    )

    @model_validator(mode="after")
    def _ends_after_it_starts(self):
        if self.den is not None and self.den < self.tu:
            raise PydanticCustomError("vn_term", "nhiệm kỳ kết thúc (den) trước khi bắt đầu (tu)", {})
        return self


class CitedDocument(_Strict):
    loai: str = _f(
        "tên loại văn bản được dẫn, ví dụ: Công văn, Kế hoạch, Hướng dẫn", "type of the document cited", min_length=1
    )
    so: str | None = _f("số và ký hiệu, viết như trên văn bản, ví dụ: 15/PGDĐT-GDMN", "number and symbol", default=None)
    ngay: Day | None = _f("ngày ban hành (YYYY-MM-DD hoặc 03/02/2024)", "date of the document cited", default=None)
    co_quan: str | None = _f("cơ quan ban hành, ví dụ: Phòng Giáo dục và Đào tạo", "issuing body", default=None)
    trich_yeu: str | None = _f(
        "trích yếu, ví dụ: về việc báo cáo kết quả thực hiện …", "summary line of the document cited", default=None
    )


class ReportSkeleton(_Strict):
    """How a unit's reports are laid out: their sections in order, headings as printed, and what each holds."""

    muc: "list[Section] | None" = _f(
        "các mục của báo cáo theo thứ tự (tiêu đề in như viết; gom: phần danvan điền vào); bỏ trống dùng khung của "
        "đơn vị, hoặc khung NĐ 30 năm mục",
        "the report's sections, in order",
        default=None,
    )
    phan: "list[Part] | None" = _f("các phần của báo cáo (khi báo cáo chia phần)", "the report's parts", default=None)
    danh_so: "Numbering | None" = _f("cách đánh số các cấp (nếu khác mặc định)", "numbering styles", default=None)
    ket_luan: Paragraphs | None = _f(
        "đoạn kết thúc; bỏ trống dùng câu mặc định 'Trên đây là báo cáo …', [] để không có",
        "closing paragraph(s); [] for none",
        default=None,
    )

    @model_validator(mode="after")
    def _one_outline(self):
        if self.muc is not None and self.phan is not None:
            raise PydanticCustomError("vn_outline", "khung báo cáo dùng muc hoặc phan, không dùng cả hai", {})
        return self


def _lines(value):
    """A name written as a list of lines keeps its line breaks (joined with a newline)."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n".join(v.strip() for v in value if v.strip())
    return value


# A name of the letterhead or a trích yếu: one text (broken where it reads naturally), or a list of its lines
# as printed.
LinedText = Annotated[str, BeforeValidator(_lines)]


class Unit(_Strict):
    co_quan_chu_quan: LinedText | None = _f(
        "tên cơ quan, tổ chức chủ quản trực tiếp (nếu có), dòng trên cùng bên trái; viết một dòng, hoặc danh sách "
        "các dòng muốn xuống dòng, ví dụ ['ỦY BAN NHÂN DÂN', 'TỈNH NINH BÌNH']",
        "direct managing body (top-left, first line); a list gives its lines",
        default=None,
    )
    ten_co_quan: LinedText = _f(
        "tên cơ quan, tổ chức ban hành văn bản; viết một dòng, hoặc danh sách các dòng muốn xuống dòng",
        "issuing body; a list gives its lines",
        min_length=1,
    )
    xung_ho: str | None = _f(
        "cách đơn vị tự gọi mình trong lời văn báo cáo, ví dụ: Nhà trường, UBND xã, Chi bộ (mặc định suy từ tên)",
        "how the unit names itself in running text",
        default=None,
    )
    chu_viet_tat: str = _f(
        "chữ viết tắt tên cơ quan dùng trong ký hiệu văn bản: chữ in hoa và số, nối bằng '-' hoặc '.' (có thể có "
        "'&'), tối đa 20 ký tự, ví dụ MNHA trong 05/KH-MNHA, TH.TTCG trong 02/BC-TH.TTCG",
        "abbreviation used in the document symbol",
        pattern=r"^[0-9A-ZĐ&]+([.-][0-9A-ZĐ&]+)*$",
        max_length=20,
    )
    dia_danh: str = _f("địa danh ghi trước ngày tháng, ví dụ: Hùng An", "place name before the date", min_length=1)
    co_quan_cap_tren: str | None = _f(
        "cơ quan cấp trên nhận báo cáo (dòng 'Kính gửi:' của báo cáo)",
        "office above that receives reports (Kính gửi)",
        default=None,
    )
    nguoi_ky: Signer = _f("người ký văn bản", "signer")
    noi_nhan: list[Line] = _f(
        "danh sách nơi nhận, mỗi dòng một nơi, không cần gạch đầu dòng và dấu chấm phẩy; dòng 'Lưu: VT.' được thêm tự động",
        "recipients (Nơi nhận), one per line",
        default_factory=_empty_list,
    )
    luu: str = _f(
        "nơi lưu, ghi sau 'Lưu:' ở cuối Nơi nhận, ví dụ: VT hoặc VT, TCCB",
        "archive line after 'Lưu:'",
        default="VT",
        min_length=1,
    )
    the_thuc: Literal["nha_nuoc", "dang"] = _f(
        "thể thức văn bản: nha_nuoc (Nghị định 30/2020/NĐ-CP, mặc định) hoặc dang (Hướng dẫn 36-HD/VPTW, cho chi bộ, đảng bộ)",
        "document format: the State's (NĐ 30) or the Party's (HD 36)",
        default="nha_nuoc",
    )
    nhiem_ky: list[Term] = _f(
        "chỉ cho văn bản của Đảng: các nhiệm kỳ cấp ủy; số văn bản được đánh từ 01 cho mỗi tên loại trong một nhiệm kỳ",
        "Party units: the committee's terms (numbering runs per document type through a term)",
        default_factory=_empty_list,
    )
    mau: Templates | None = _f("mẫu văn bản riêng của đơn vị (nếu có)", "the unit's own templates", default=None)
    so_lieu: list[DeclaredFigure] = _f(
        "các số liệu đơn vị theo dõi mọi năm (tên, đơn vị tính, loại); kế hoạch năm có thể khai báo thêm hoặc ghi đè",
        "the figures the unit keeps every year (a plan may add to them or override them)",
        default_factory=_empty_list,
    )
    bao_cao: ReportSkeleton | None = _f(
        "khung báo cáo dùng chung cho mọi báo cáo của đơn vị (mục, tiêu đề, thứ tự); reports/<kỳ>.yaml có thể ghi đè",
        "the unit's default report skeleton",
        default=None,
    )

    @property
    def name(self) -> str:
        """The issuing body's name on one line, as running text cites it."""
        return " ".join(self.ten_co_quan.split())

    @property
    def parent_name(self) -> str | None:
        return " ".join(self.co_quan_chu_quan.split()) if self.co_quan_chu_quan else None

    tong_hop: Consolidation | None = _f(
        "chỉ cho cơ quan nhận báo cáo: đơn vị nào gửi lên và danh mục số liệu để tổng hợp",
        "for the office above: what it consolidates",
        default=None,
    )


# The parts of a report danvan knows how to fill: what a section of the report's skeleton can hold (`gom`).
ReportPart = Literal[
    "dac_diem_tinh_hinh",
    "lanh_dao_chi_dao",
    "ket_qua_noi_bat",
    "ket_qua",
    "bang_so_lieu",
    "danh_gia_chung",
    "uu_diem",
    "ton_tai_han_che",
    "nguyen_nhan",
    "bai_hoc_kinh_nghiem",
    "phuong_huong",
    "de_xuat_kien_nghi",
]
REPORT_PARTS: tuple[str, ...] = get_args(ReportPart)
_OPTIONAL = (
    "chỉ cho khung báo cáo: true nếu mục này được bỏ khi không có nội dung (số thứ tự các mục sau được dồn lên); "
    "mục không tùy chọn mà chưa có nội dung thì danvan hỏi đơn vị và không cấp số chính thức khi chưa trả lời"
)
_GOM = (
    "phần nội dung danvan điền vào đây (báo cáo): dac_diem_tinh_hinh, lanh_dao_chi_dao (công tác lãnh đạo, chỉ "
    "đạo), ket_qua_noi_bat, ket_qua (kết quả từng nhiệm vụ), bang_so_lieu (bảng số liệu), danh_gia_chung (câu đánh "
    "giá chung), uu_diem, ton_tai_han_che, nguyen_nhan, bai_hoc_kinh_nghiem, phuong_huong, de_xuat_kien_nghi"
)


class Item(_Strict):
    """One entry of an outline below a section: 1., then a) (or 1.1.), then -, then +; numbered automatically.
    An item with a `ma` is a task: progress is recorded against it and reports show its results."""

    ma: str | None = _f(
        "mã nhiệm vụ (nếu mục này là một nhiệm vụ cần theo dõi), duy nhất trong kế hoạch, chỉ gồm chữ thường không "
        "dấu, số và '-', ví dụ: tuyen-truyen",
        "task id: makes the item a task (used by progress entries)",
        default=None,
        pattern=TASK_ID_PATTERN,
    )
    tieu_de: str | None = _f(
        "tiêu đề của mục, in đậm ở cấp 1. (ví dụ: Mục đích), in thường ở cấp a)", "heading of the item", default=None
    )
    ten_ngan: str | None = _f(
        "tên ngắn gọn của nhiệm vụ dùng trong bảng theo dõi và báo cáo", "short name of a task", default=None
    )
    noi_dung: Paragraphs = _f(
        "nội dung: một đoạn, hoặc danh sách nhiều đoạn; không có tiêu đề thì số thứ tự đứng trước đoạn đầu",
        "text (one or more paragraphs)",
        default_factory=_empty_list,
    )
    muc: "list[Item]" = _f(
        "các mục con ở cấp dưới (a), b)… rồi -, +)", "sub-items one level down", default_factory=_empty_list
    )
    cac_diem: list[str] = _f(
        "các điểm a), b), c)… chỉ có một đoạn văn (cách viết ngắn của muc)",
        "lettered points a), b)…",
        default_factory=_empty_list,
    )
    han: Day | None = _f(
        "hạn hoàn thành của nhiệm vụ (YYYY-MM-DD); bỏ trống là cuối năm kế hoạch", "deadline of a task", default=None
    )
    phu_trach: str | None = _f("người hoặc bộ phận phụ trách nhiệm vụ", "who is in charge of a task", default=None)
    thuong_xuyen: bool | None = _f(
        "nhiệm vụ thường xuyên (true) hay có thời hạn (false); bỏ trống: nhiệm vụ không ghi han là thường xuyên. "
        "Báo cáo không bao giờ ghi nhiệm vụ thường xuyên là đã hoàn thành, và luôn đưa nó vào phương hướng kỳ tới",
        "a standing task (never 'done'); default: a task without a deadline",
        default=None,
    )
    gom: list[ReportPart] = _f(_GOM, "built-in report content placed here (reports)", default_factory=_empty_list)
    tuy_chon: bool = _f(_OPTIONAL, "report skeletons: may be left out when it has nothing", default=False)

    @model_validator(mode="after")
    def _meaningful(self):
        if not (self.tieu_de or self.noi_dung or self.muc or self.cac_diem or self.gom):
            raise PydanticCustomError(
                "vn_empty_item", "mục này trống: cần tieu_de, noi_dung, muc hoặc gom (báo cáo)", {}
            )
        if self.ma is None and (self.han or self.phu_trach or self.ten_ngan or self.thuong_xuyen is not None):
            raise PydanticCustomError(
                "vn_task_only",
                "han, phu_trach, ten_ngan, thuong_xuyen chỉ dùng cho nhiệm vụ: hãy thêm 'ma' cho mục này",
                {},
            )
        if self.ma is not None and not (self.tieu_de or self.noi_dung or self.ten_ngan):
            raise PydanticCustomError("vn_task_text", "nhiệm vụ '{ma}' cần noi_dung hoặc tieu_de", {"ma": self.ma})
        return self

    @property
    def is_task(self) -> bool:
        return self.ma is not None

    @property
    def standing(self) -> bool:
        """A standing task (thường xuyên): carried on through the year, never finished."""
        return self.thuong_xuyen if self.thuong_xuyen is not None else self.han is None

    @property
    def printed_title(self) -> str:
        """What the document prints after the item's number (its heading, else its first paragraph): what an
        import of the document reads back as the item's text."""
        return self.tieu_de or (self.noi_dung[0] if self.noi_dung else self.ten_ngan or "")

    @property
    def children(self) -> "list[Item]":
        """Sub-items, the short-form points included (as items of one paragraph each)."""
        return [*self.muc, *(Item(noi_dung=[point]) for point in self.cac_diem)]


Task = Item  # a task is an item with an id


class Section(_Strict):
    """A mục of the document: I., II., …"""

    tieu_de: str = _f(
        "tên mục, viết như muốn in (số La Mã I., II.… được đánh tự động), ví dụ: MỤC ĐÍCH, YÊU CẦU",
        "section heading, printed as written (numbered I., II.… automatically)",
        min_length=1,
    )
    noi_dung: Paragraphs = _f(
        'các đoạn văn của mục; đoạn gạch đầu dòng viết trong ngoặc kép, ví dụ: "- Nội dung"',
        "paragraphs of the section",
        default_factory=_empty_list,
    )
    muc: list[Item] = _f(
        "các mục 1., 2.… của mục này", "numbered items 1., 2.… of the section", default_factory=_empty_list
    )
    nhiem_vu: list[Item] = _f(
        "các nhiệm vụ được đánh số 1., 2.… tiếp theo các mục (mỗi nhiệm vụ cần 'ma')",
        "numbered tasks of the section, after its items (each needs an id)",
        default_factory=_empty_list,
    )
    gom: list[ReportPart] = _f(_GOM, "built-in report content placed here (reports)", default_factory=_empty_list)
    tuy_chon: bool = _f(_OPTIONAL, "report skeletons: may be left out when it has nothing", default=False)

    @model_validator(mode="after")
    def _tasks_have_ids(self):
        for task in self.nhiem_vu:
            if task.ma is None:
                raise PydanticCustomError(
                    "vn_task_id",
                    "mỗi mục trong nhiem_vu cần 'ma' (mã nhiệm vụ); mục không theo dõi thì viết trong muc",
                    {},
                )
        return self

    @property
    def items(self) -> list[Item]:
        return [*self.muc, *self.nhiem_vu]


class Part(_Strict):
    """A phần above the sections: 'Phần I' (or 'PHẦN THỨ NHẤT', or 'A.') with its heading in capitals."""

    tieu_de: str = _f("tiêu đề của phần, ví dụ: ĐÁNH GIÁ KẾT QUẢ …", "heading of the part", min_length=1)
    noi_dung: Paragraphs = _f(
        "các đoạn văn ngay dưới tiêu đề phần", "paragraphs of the part", default_factory=_empty_list
    )
    muc: list[Section] = _f("các mục I., II.… của phần", "sections of the part", default_factory=_empty_list)


class Numbering(_Strict):
    phan: Literal["phan_la_ma", "phan_thu", "chu_cai"] = _f(
        "cách ghi phần: phan_la_ma ('Phần I', NĐ 30), phan_thu ('PHẦN THỨ NHẤT'), chu_cai ('A.')",
        "how parts are numbered",
        default="phan_la_ma",
    )
    diem: Literal["chu_cai", "so_thap_phan"] = _f(
        "cách đánh số cấp dưới 1.: chu_cai (a), b), NĐ 30) hoặc so_thap_phan (1.1., 1.2.)",
        "numbering below 1.: a) or 1.1.",
        default="chu_cai",
    )


class ReportDue(_Strict):
    ky: Period = _f("kỳ báo cáo: 6m, 9m, year, q1–q4, m1–m12", "reporting period")
    han_nop: Day = _f("hạn nộp báo cáo (YYYY-MM-DD)", "due date")
    tu_ngay: Day | None = _f(
        "ngày đầu kỳ số liệu, nếu khác quy định của NĐ 09/2019", "data window start, if not NĐ 09's", default=None
    )
    den_ngay: Day | None = _f(
        "ngày cuối kỳ số liệu, nếu khác quy định của NĐ 09/2019", "data window end, if not NĐ 09's", default=None
    )


class Plan(_Strict):
    so: Whole | None = _f(
        "số văn bản; bỏ trống khi còn là dự thảo (in ra 'Số:      /KH-…')",
        "document number; empty for a draft",
        default=None,
        ge=1,
        le=99999,
    )
    ngay: Day = _f("ngày ban hành (YYYY-MM-DD)", "date of issue")
    chu_de: str = _f(
        "lĩnh vực của kế hoạch, viết thường, ví dụ: công tác dân vận chính quyền (dùng cho tên tệp và trích yếu báo cáo)",
        "the plan's subject, used in file names and report titles",
        min_length=1,
    )
    trich_yeu: LinedText = _f(
        "trích yếu nội dung, dòng in đậm dưới chữ KẾ HOẠCH; viết một dòng (danvan ngắt cho cân), hoặc danh sách các "
        "dòng muốn xuống dòng",
        "summary line under the document type; a list gives its lines",
        min_length=1,
    )
    mo_dau: Paragraphs = _f(
        "các đoạn mở đầu (căn cứ, 'Thực hiện…')", "opening paragraphs (grounds)", default_factory=_empty_list
    )
    thuc_hien: list[CitedDocument] = _f(
        "văn bản của cấp trên mà kế hoạch này thực hiện (kế hoạch, công văn…): câu mở đầu của báo cáo dẫn các văn "
        "bản này trước kế hoạch của đơn vị; bỏ trống thì danvan đọc từ câu 'Thực hiện …' của mo_dau",
        "the higher-level documents the plan answers (cited in its reports' opening)",
        default_factory=_empty_list,
    )
    muc: list[Section] = _f(
        "các mục I., II., III.… của kế hoạch", "sections I., II., III.…", default_factory=_empty_list
    )
    phan: list[Part] = _f(
        "các phần (Phần I, Phần II…) khi kế hoạch chia phần; mỗi phần có các mục I., II.… (dùng muc hoặc phan)",
        "parts, when the plan has parts (use muc or phan)",
        default_factory=_empty_list,
    )
    danh_so: Numbering = _f("cách đánh số các cấp (nếu khác mặc định)", "numbering styles", default_factory=Numbering)
    ket_luan: Paragraphs = _f(
        "đoạn kết thúc, ví dụ: 'Trên đây là kế hoạch…'", "closing paragraph(s)", default_factory=_empty_list
    )
    so_lieu: list[DeclaredFigure] = _f(
        "các số liệu kế hoạch theo dõi: tên, đơn vị tính, loại (so_dem, so_luong, tien, hien_co, ty_le) và chỉ tiêu "
        "(nếu có); khi đã khai báo, nhật ký chỉ nhận số liệu có trong danh sách này",
        "the plan's figures: name, unit, kind and target",
        default_factory=_empty_list,
    )
    che_do_bao_cao: list[ReportDue] = _f(
        "chế độ báo cáo: các kỳ báo cáo và hạn nộp", "reporting schedule", default_factory=_empty_list
    )
    noi_nhan: list[str] | None = _f(
        "nơi nhận riêng của văn bản này (nếu khác danh sách của đơn vị)",
        "recipients for this document, if not the unit's",
        default=None,
    )

    @model_validator(mode="after")
    def _sections_or_parts(self):
        if bool(self.muc) == bool(self.phan):
            raise PydanticCustomError(
                "vn_outline", "kế hoạch cần các mục (muc) hoặc các phần (phan), và chỉ một trong hai", {}
            )
        return self

    @property
    def sections(self) -> list[Section]:
        return self.muc or [s for part in self.phan for s in part.muc]

    @property
    def tasks(self) -> list[Item]:
        """Every task of the plan, in the order the plan gives them."""

        def walk(items: list[Item]):
            for item in items:
                if item.is_task:
                    yield item
                yield from walk(item.muc)

        return [t for s in self.sections for t in walk(s.items)]

    def located_tasks(self) -> list[tuple[tuple, Item]]:
        """Every task with its place in the file (('phan', 0, 'muc', 1, 'muc', 2), task), at any depth."""

        def walk(items: list[Item], loc: tuple):
            for i, item in enumerate(items):
                if item.is_task:
                    yield (*loc, i), item
                yield from walk(item.muc, (*loc, i, "muc"))

        def section_tasks(section: Section, loc: tuple):
            yield from walk(section.muc, (*loc, "muc"))
            yield from walk(section.nhiem_vu, (*loc, "nhiem_vu"))

        if self.muc:
            return [t for si, s in enumerate(self.muc) for t in section_tasks(s, ("muc", si))]
        return [
            t
            for pi, part in enumerate(self.phan)
            for si, s in enumerate(part.muc)
            for t in section_tasks(s, ("phan", pi, "muc", si))
        ]


TaskStatus = Literal["chưa thực hiện", "đang thực hiện", "hoàn thành", "tạm dừng"]
STATUSES = ("chưa thực hiện", "đang thực hiện", "hoàn thành", "tạm dừng")


class ProgressEntry(_Strict):
    nhiem_vu: str | None = _f(
        "mã nhiệm vụ trong kế hoạch (khóa 'ma' của nhiệm vụ); bỏ trống khi việc không thuộc nhiệm vụ nào, "
        "khi đó ghi linh_vuc",
        "task id from the plan",
        default=None,
        pattern=TASK_ID_PATTERN,
    )
    linh_vuc: str | None = _f(
        "đầu mục của việc trong báo cáo khi việc không gắn với nhiệm vụ của kế hoạch, ví dụ: Công tác tuyên truyền",
        "a free heading, for work not tied to a task of the plan",
        default=None,
    )
    ngay: Day = _f("ngày thực hiện (YYYY-MM-DD)", "date of the work")
    ket_qua: str = _f("việc đã làm, kết quả đạt được", "what was done", min_length=1)
    trang_thai: TaskStatus | None = _f(
        "trạng thái nhiệm vụ sau việc này: chưa thực hiện, đang thực hiện, hoàn thành, tạm dừng",
        "task status after this entry",
        default=None,
    )
    phan_tram: Whole | None = _f(
        "mức độ hoàn thành nhiệm vụ, từ 0 đến 100 (%)", "percentage done", default=None, ge=0, le=100
    )
    so_lieu: dict[str, Figure] = _f(
        "số liệu: tên số liệu và con số, ví dụ 'số buổi tuyên truyền: 2'",
        "named figures (name: number)",
        default_factory=_empty_dict,
    )
    so_lieu_moi: dict[str, Figure] = _f(
        "số liệu chưa khai báo trong so_lieu của kế hoạch, ghi có chủ ý (danvan progress add --moi): được dùng, và "
        "validate nhắc khai báo",
        "figures the plan does not declare, recorded on purpose",
        default_factory=_empty_dict,
    )
    minh_chung: Paragraphs = _f("minh chứng: biên bản, công văn số…", "evidence", default_factory=_empty_list)
    kho_khan: str | None = _f("khó khăn, vướng mắc (nếu có)", "difficulties", default=None)
    nguyen_nhan: str | None = _f(
        "nguyên nhân của khó khăn, hạn chế (nếu đã rõ): in vào phần Nguyên nhân của báo cáo",
        "the cause of the difficulty, as the clerk knows it",
        default=None,
    )
    chi_dao: bool = _f(
        "true nếu việc này là công tác lãnh đạo, chỉ đạo (họp triển khai, ban hành văn bản chỉ đạo): báo cáo đưa vào "
        "mục Công tác lãnh đạo, chỉ đạo",
        "leadership work (a meeting or a directing document)",
        default=False,
    )
    dien_hinh: str | None = _f(
        "điển hình, khen thưởng gắn với việc này (nếu có), ví dụ: Mô hình … được UBND xã tặng Giấy khen",
        "a good example or commendation",
        default=None,
    )

    @property
    def figures(self) -> dict:
        """Every figure the entry records: the declared ones and the new ones."""
        return {**self.so_lieu, **self.so_lieu_moi}

    @model_validator(mode="after")
    def _task_or_heading(self):
        if (self.nhiem_vu is None) == (self.linh_vuc is None):
            raise PydanticCustomError(
                "vn_entry_kind",
                "mỗi mục cần đúng một trong hai: nhiem_vu (mã nhiệm vụ của kế hoạch) hoặc linh_vuc (đầu mục tự do)",
                {},
            )
        return self

    @property
    def heading(self) -> str:
        """What the entry is filed under: its task id, or its free heading."""
        return self.nhiem_vu or self.linh_vuc or ""


class ProgressLog(RootModel[list[ProgressEntry]]):
    """progress.yaml: one entry per thing done, oldest first, appended to (never rewritten)."""


def _paragraphs(vi: str, en: str):
    return _f(vi, en, default_factory=_empty_list)


class Narrative(ReportSkeleton):
    """reports/<kỳ>.yaml: one report's own words, and, where it differs from the unit's, its own outline."""

    so: Whole | None = _f(
        "số văn bản của báo cáo; bỏ trống khi còn là dự thảo",
        "report number; empty for a draft",
        default=None,
        ge=1,
        le=99999,
    )
    ngay: Day | None = _f(
        "ngày ban hành báo cáo (YYYY-MM-DD); mặc định là trước hạn nộp một ngày", "date of the report", default=None
    )
    trich_yeu: LinedText | None = _f(
        "trích yếu riêng (mặc định lấy theo kế hoạch và kỳ báo cáo); một dòng, hoặc danh sách các dòng",
        "custom summary line; a list gives its lines",
        default=None,
    )
    dac_diem_tinh_hinh: Paragraphs = _paragraphs("Đặc điểm tình hình: các đoạn văn", "situation")
    lanh_dao_chi_dao: Paragraphs = _paragraphs(
        "Công tác lãnh đạo, chỉ đạo, triển khai: văn bản đã ban hành, hội nghị đã tổ chức", "leadership and direction"
    )
    ket_qua_noi_bat: Paragraphs = _paragraphs(
        "đoạn mở đầu mục Kết quả thực hiện (nếu có)", "highlights before the tasks' results"
    )
    danh_gia_chung: Paragraphs = _paragraphs(
        "câu đánh giá chung đầu mục Đánh giá chung (mức độ thực hiện kế hoạch)", "overall evaluation"
    )
    uu_diem: Paragraphs = _paragraphs("Ưu điểm", "strengths")
    ton_tai_han_che: Paragraphs = _paragraphs("Tồn tại, hạn chế", "shortcomings")
    nguyen_nhan: Paragraphs = _paragraphs("Nguyên nhân (chung)", "causes")
    nguyen_nhan_khach_quan: Paragraphs = _paragraphs("Nguyên nhân khách quan của hạn chế", "objective causes")
    nguyen_nhan_chu_quan: Paragraphs = _paragraphs("Nguyên nhân chủ quan của hạn chế", "subjective causes")
    bai_hoc_kinh_nghiem: Paragraphs = _paragraphs("Bài học kinh nghiệm (báo cáo năm)", "lessons learnt")
    phuong_huong: Paragraphs = _paragraphs("Phương hướng, nhiệm vụ kỳ tới", "next period's work")
    de_xuat_kien_nghi: Paragraphs = _paragraphs("Đề xuất, kiến nghị với cấp trên", "requests to the level above")
    noi_nhan: list[str] | None = _f(
        "nơi nhận riêng của báo cáo (mặc định: 'Như trên' và nơi nhận của đơn vị)",
        "recipients, if not the default",
        default=None,
    )
    chu_de: str | None = _f(
        "lĩnh vực của báo cáo, viết thường, khi đơn vị không có kế hoạch năm nay (mặc định lấy theo kế hoạch)",
        "the report's subject where the unit has no plan",
        default=None,
    )
    thuc_hien: list[CitedDocument] = _f(
        "các văn bản báo cáo này thực hiện (công văn, kế hoạch của cấp trên…): câu mở đầu 'Thực hiện …' dẫn các văn bản này",
        "documents the report answers (cited in its opening)",
        default_factory=_empty_list,
    )
    mo_dau: Paragraphs | None = _f(
        "đoạn mở đầu viết sẵn (thay cho câu mở đầu tự dựng); [] để không có đoạn mở đầu",
        "opening paragraph(s) as written; [] for none",
        default=None,
    )


class Profile(_Strict):
    """tinh-hinh.yaml: the unit as it stands this year, for the 'đặc điểm tình hình' of its reports."""

    so_lieu: dict[str, Figure] = _f(
        "các con số về đơn vị, ví dụ 'số lớp: 12', 'số trẻ: 356', 'số đảng viên: 12'",
        "the unit's figures this year",
        default_factory=_empty_dict,
    )
    dac_diem: Paragraphs = _f(
        "các câu về đặc điểm của đơn vị", "sentences describing the unit", default_factory=_empty_list
    )
    thuan_loi: Paragraphs = _f("thuận lợi", "advantages", default_factory=_empty_list)
    kho_khan: Paragraphs = _f("khó khăn", "difficulties", default_factory=_empty_list)


class RegisterEntry(_Strict):
    so: Whole = _f("số văn bản, từ 1, liên tiếp trong năm", "number, from 1 within the year", ge=1)
    ky_hieu: str = _f("ký hiệu văn bản, ví dụ KH-MNHA", "symbol, e.g. KH-MNHA", min_length=1)
    ngay: Day = _f("ngày văn bản", "date of the document")
    ten_loai: str = _f("tên loại văn bản: Kế hoạch, Báo cáo…", "document type", min_length=1)
    trich_yeu: str = _f("trích yếu nội dung", "summary line", min_length=1)
    nguoi_ky: str = _f("người ký", "signer", min_length=1)
    noi_nhan: list[str] = _f("nơi nhận", "recipients", default_factory=_empty_list)
    tep: str = _f(
        "tên tệp văn bản (không có đuôi), để một văn bản chỉ nhận một số",
        "file stem: one number per document",
        min_length=1,
    )

    @property
    def reference(self) -> str:
        """Số, ký hiệu as printed: '01/KH-MNHA' (State) or '05-KH/CB' (Party), as the entry's ký hiệu says which."""
        return f"{self.so:02d}-{self.ky_hieu}" if "/" in self.ky_hieu else f"{self.so:02d}/{self.ky_hieu}"


class RegisterLog(RootModel[list[RegisterEntry]]):
    """so-van-ban-di.yaml: one entry per document issued, in the order numbers were given."""


class Criterion(_Strict):
    ma: str = _f("mã tiêu chí, duy nhất trong bộ tiêu chí, ví dụ 1.1", "criterion id", min_length=1)
    ten: str = _f("nội dung tiêu chí", "what is assessed", min_length=1)
    diem_toi_da: Figure = _f("điểm tối đa của tiêu chí", "maximum points", gt=0)


class CriteriaGroup(_Strict):
    ma: str = _f("mã nhóm tiêu chí, ví dụ I", "group id", min_length=1)
    ten: str = _f("tên nhóm tiêu chí", "group name", min_length=1)
    cap_tren_cham: bool = _f(
        "true nếu nhóm này do cấp trên chấm (đơn vị không tự chấm)", "scored by the level above", default=False
    )
    tieu_chi: list[Criterion] = _f("các tiêu chí của nhóm", "criteria of the group", min_length=1)


class Band(_Strict):
    nhan: str = _f("tên mức xếp loại, ví dụ: Tốt, Khá, Trung bình, Yếu", "classification label", min_length=1)
    tu: Figure = _f("từ số điểm này (tính cả điểm này)", "from (inclusive)", ge=0)
    den: Figure = _f(
        "đến dưới số điểm này; mức cao nhất tính cả điểm này", "to (exclusive, inclusive for the top band)", ge=0
    )


class Criteria(_Strict):
    vi_du: bool = _f(
        "true: bộ tiêu chí còn là mẫu (của danvan, hay chép từ đơn vị khác), chưa phải bộ tiêu chí đơn vị được giao; "
        "validate nhắc cho đến khi thay bằng bộ tiêu chí thật và xóa dòng này",
        "a sample's criteria, not the unit's own yet",
        default=False,
    )
    ten: str = _f("tên bộ tiêu chí", "name of the criteria", min_length=1)
    can_cu: str | None = _f(
        "văn bản ban hành bộ tiêu chí, ví dụ Quyết định số …/…/QĐ-UBND của tỉnh", "issuing document", default=None
    )
    doi_tuong: str | None = _f(
        "đối tượng áp dụng, ví dụ: các cơ quan hành chính nhà nước, đơn vị sự nghiệp công lập trên địa bàn tỉnh",
        "who is assessed",
        default=None,
    )
    hieu_luc: Day | None = _f(
        "ngày bộ tiêu chí bắt đầu áp dụng (có hiệu lực), ví dụ 01/01/2026",
        "the day the criteria take effect",
        default=None,
    )
    thay_the: str | None = _f(
        "bộ tiêu chí, văn bản mà bộ tiêu chí này thay thế (nếu có), ví dụ: Quyết định số 02/2020/QĐ-UBND",
        "what the criteria replace",
        default=None,
    )
    tong_diem: Figure = _f("tổng điểm tối đa (thường là 100)", "total points", default=100, gt=0)
    nhom: list[CriteriaGroup] = _f(
        "các nhóm tiêu chí (hoặc viết tieu_chi: danh sách tiêu chí không chia nhóm)",
        "groups of criteria",
        default_factory=_empty_list,
    )
    tieu_chi: list[Criterion] = _f(
        "các tiêu chí khi bộ tiêu chí không chia nhóm",
        "criteria, when they are not grouped",
        default_factory=_empty_list,
    )
    xep_loai: list[Band] = _f(
        "các mức xếp loại theo tổng điểm; bỏ trống khi văn bản chưa quy định (chỉ in điểm, không xếp loại)",
        "classification bands (none: points only, no band)",
        default_factory=_empty_list,
    )

    @model_validator(mode="after")
    def _groups_or_list(self):
        if bool(self.nhom) == bool(self.tieu_chi):
            raise PydanticCustomError(
                "vn_criteria",
                "bộ tiêu chí cần các nhóm (nhom) hoặc danh sách tiêu chí (tieu_chi), và chỉ một trong hai",
                {},
            )
        return self

    @property
    def groups(self) -> list[CriteriaGroup]:
        """The groups; a flat list is one group without a name (no group row is printed for it)."""
        return self.nhom or [CriteriaGroup(ma="-", ten="-", tieu_chi=self.tieu_chi)]

    @property
    def flat(self) -> bool:
        return not self.nhom


class Score(_Strict):
    ma: str = _f("mã tiêu chí được chấm", "criterion id", min_length=1)
    diem: Figure | None = _f(
        "số điểm chấm; bỏ trống khi chưa chấm", "points given (empty: not scored yet)", default=None
    )
    minh_chung: Paragraphs = _f("minh chứng cho số điểm", "evidence", default_factory=_empty_list)
    tien_do: list[str] = _f(
        "các mục tiến độ làm căn cứ, dạng <mã nhiệm vụ>@<YYYY-MM-DD>",
        "progress entries cited, task@date",
        default_factory=_empty_list,
    )


class SelfAssessment(_Strict):
    tieu_chi: str = _f(
        "tệp bộ tiêu chí, đường dẫn tính từ thư mục năm (mặc định tieu-chi.yaml)",
        "criteria file",
        default="tieu-chi.yaml",
    )
    diem: list[Score] = _f(
        "điểm đơn vị tự chấm, mỗi tiêu chí một lần", "the unit's own scores", default_factory=_empty_list
    )
    cap_tren: list[Score] = _f(
        "điểm cấp trên chấm (khi đã có): tiêu chí thuộc nhóm cấp trên chấm, hoặc tiêu chí đơn vị đã tự chấm mà cấp "
        "trên thẩm định lại (in hai cột: điểm tự chấm, điểm thẩm định; xếp loại theo điểm thẩm định)",
        "scores by the level above: its own criteria, or the unit's re-scored (appraisal)",
        default_factory=_empty_list,
    )
    khong_xep_loai: str | None = _f(
        "lý do đơn vị không đủ điều kiện xếp loại (nếu có), ví dụ: có cán bộ vi phạm bị kỷ luật; khi ghi, đơn vị "
        "không được xếp loại dù đạt bao nhiêu điểm",
        "why the unit cannot be rated, whatever its points",
        default=None,
    )


OUTLINE_FORMAT = "danvan/de-cuong"
OUTLINE_VERSION = 1


class Outline(_Strict):
    """de-cuong.yaml: the outline an office above sends its units for a report: the sections and headings the
    report must have, and the figures it wants, in order, with their units of measure."""

    dinh_dang: Literal["danvan/de-cuong"] = _f(
        "loại tệp: danvan/de-cuong (đề cương báo cáo)", "file kind: a danvan outline", default="danvan/de-cuong"
    )
    phien_ban: Whole = _f("phiên bản định dạng đề cương", "outline format version", default=1, ge=1)
    co_quan: str = _f("cơ quan ban hành đề cương (cơ quan nhận báo cáo)", "the office that sends it", min_length=1)
    ma_co_quan: str | None = _f("tên thư mục của cơ quan trong danvan", "the office's folder name", default=None)
    chu_de: str = _f("lĩnh vực báo cáo, ví dụ: công tác dân vận chính quyền", "the report's subject", min_length=1)
    ky: Period | None = _f("kỳ báo cáo đề cương dành cho (bỏ trống: mọi kỳ)", "period it is for (any)", default=None)
    nam: Whole | None = _f("năm báo cáo (bỏ trống: mọi năm)", "year it is for (any)", default=None)
    bao_cao: ReportSkeleton = _f(
        "khung báo cáo: các phần, mục và tiêu đề theo thứ tự (gom: phần danvan điền vào)", "the report skeleton"
    )
    so_lieu: list[DeclaredFigure] = _f(
        "các số liệu cơ quan cần, theo thứ tự, kèm đơn vị tính",
        "the figures wanted, in order",
        default_factory=_empty_list,
    )


class RosterUnit(_Strict):
    ma: str = _f(
        "tên thư mục của đơn vị trong danvan, như trong gói báo cáo đơn vị gửi, ví dụ: th-ngoc-thanh",
        "the unit's folder name (as its packages name it)",
        pattern=r"^[a-z0-9][a-z0-9-]{0,99}$",
    )
    ten: str = _f(
        "tên đầy đủ của đơn vị, như in trên văn bản, ví dụ: Trường Tiểu học Ngọc Thanh", "full name", min_length=1
    )
    chu_viet_tat: str | None = _f("chữ viết tắt của đơn vị", "abbreviation", default=None)
    loai: str | None = _f(
        "loại đơn vị (để nhóm trong phụ lục), ví dụ: truong-hoc, ubnd-xa, co-quan, dang", "kind of unit", default=None
    )
    tu_ngay: Day | None = _f(
        "đơn vị thuộc danh sách từ ngày này (sáp nhập, chuyển về sau ngày 01/7/2025); bỏ trống: từ trước",
        "a member from this day",
        default=None,
    )
    den_ngay: Day | None = _f(
        "đơn vị thuộc danh sách đến hết ngày này (giải thể, sáp nhập, chuyển đi); bỏ trống: đến nay",
        "a member until this day",
        default=None,
    )

    @model_validator(mode="after")
    def _in_order(self):
        if self.tu_ngay and self.den_ngay and self.den_ngay < self.tu_ngay:
            raise PydanticCustomError("vn_roster_dates", "den_ngay ở trước tu_ngay", {})
        return self

    def belongs(self, start: dt.date, end: dt.date) -> bool:
        """Whether the unit belongs to the office at some day of the window."""
        return (self.tu_ngay is None or self.tu_ngay <= end) and (self.den_ngay is None or self.den_ngay >= start)


class Roster(_Strict):
    """don-vi.yaml of an office: its units, named in full, with the dates they belong from and to."""

    don_vi: list[RosterUnit] = _f(
        "các đơn vị báo cáo lên cơ quan, mỗi đơn vị một mục", "the units reporting here", default_factory=_empty_list
    )
