"""What every file's model shares: strict models, the field helper with its Vietnamese explanation, dates,
whole numbers and figures as a clerk writes them, lines of text, the signer."""

import datetime as dt
import math
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

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


def _lines(value):
    """A name written as a list of lines keeps its line breaks (joined with a newline)."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n".join(v.strip() for v in value if v.strip())
    return value


# A name of the letterhead or a trích yếu: one text (broken where it reads naturally), or a list of its lines
# as printed.
LinedText = Annotated[str, BeforeValidator(_lines)]
