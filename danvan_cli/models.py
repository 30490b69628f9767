"""The typed shape of the user's files.

Keys are the NĐ 30 component names without diacritics, so a clerk reads them as the parts of
the paper document. Each field carries its Vietnamese explanation (`description`, used in the
comments of generated YAML and in error messages) and its English gloss (`en`, for the
glossary in docs/).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, RootModel
from pydantic_core import PydanticCustomError

PERIODS = ("6m", "9m", "year", "q1", "q2", "q3", "q4", *(f"m{i}" for i in range(1, 13)))
Period = Literal[
    "6m",
    "9m",
    "year",
    "q1",
    "q2",
    "q3",
    "q4",
    "m1",
    "m2",
    "m3",
    "m4",
    "m5",
    "m6",
    "m7",
    "m8",
    "m9",
    "m10",
    "m11",
    "m12",
]
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
    import math

    from danvan_cli.vnformat import parse_number

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
    if isinstance(written, float) and written.is_integer():
        return int(written)
    return written


def _whole(value):
    number = _number(value)
    if isinstance(number, float):
        raise PydanticCustomError("vn_number", "cần một số nguyên, không phải {value}", {"value": _written(value)})
    return number


def _day(value):
    """A date as YYYY-MM-DD or as a clerk types it (21/11/2022), within years a plan can have."""
    import datetime as dt

    from danvan_cli.vnformat import FIRST_YEAR, LAST_YEAR, parse_date

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
Figure = Annotated[int | float, BeforeValidator(_number), Field(ge=0, le=MAX_FIGURE)]
# A count: a document's number, a percentage.
Whole = Annotated[int, BeforeValidator(_whole)]
Day = Annotated[dt.date, BeforeValidator(_day)]


def _f(vi: str, en: str, **kw):
    return Field(description=vi, json_schema_extra={"en": en}, **kw)


class _Strict(BaseModel):
    # A number in a text field is the text as written (`ma: 1.10` is "1.10"; the YAML reader keeps it).
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, coerce_numbers_to_str=True)


class Signer(_Strict):
    quyen_han: Literal["KT.", "TM.", "Q.", "TL.", "TUQ.", "T/M", "K/T", "T/L"] | None = _f(
        "thẩm quyền ký: bỏ trống khi thủ trưởng ký; KT. (ký thay), TM. (thay mặt), Q. (quyền), TL. (thừa lệnh), TUQ. (thừa ủy quyền); "
        "văn bản của Đảng: T/M, K/T, T/L",
        "signing authority prefix (KT., TM., Q., TL., TUQ.)",
        default=None,
    )
    thay_cho: str | None = _f(
        "chức vụ hoặc tập thể được ký thay (viết sau KT./TM./TL./TUQ.), ví dụ: Hiệu trưởng",
        "the head or body signed for, after the prefix",
        default=None,
    )
    chuc_vu: str = _f("chức vụ của người ký, ví dụ: Hiệu trưởng, Phó Hiệu trưởng", "signer's title", min_length=1)
    ho_ten: str = _f("họ và tên người ký (không ghi học hàm, học vị)", "signer's full name", min_length=1)

    def title_lines(self) -> list[str]:
        """The signature block's capitalised lines above the signature, as NĐ 30 ô 7a shows them."""
        from danvan_cli.vnformat import upper

        if self.quyen_han in ("KT.", "TM.", "TL.", "TUQ.", "T/M", "K/T", "T/L"):
            return [f"{self.quyen_han} {upper(self.thay_cho or '')}", upper(self.chuc_vu)]
        if self.quyen_han == "Q.":
            return [f"Q. {upper(self.chuc_vu)}"]
        return [upper(self.chuc_vu)]


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


class DeclaredFigure(_Strict):
    ten: str = _f(
        "tên số liệu, đúng như các đơn vị ghi trong nhật ký, ví dụ: số buổi tuyên truyền",
        "figure name as units record it",
        min_length=1,
    )
    don_vi_tinh: str = _f("đơn vị tính, ví dụ: buổi, lượt người, văn bản", "unit of measure", min_length=1)


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
        default_factory=list,
    )


class Term(_Strict):
    tu: Day = _f("ngày bắt đầu nhiệm kỳ cấp ủy (ngày bế mạc đại hội), YYYY-MM-DD", "first day of the committee's term")
    den: Day | None = _f(
        "ngày kết thúc nhiệm kỳ; bỏ trống là đến khi nhiệm kỳ sau bắt đầu",
        "last day of the term (empty: until the next)",
        default=None,
    )


class Unit(_Strict):
    co_quan_chu_quan: str | None = _f(
        "tên cơ quan, tổ chức chủ quản trực tiếp (nếu có), dòng trên cùng bên trái",
        "direct managing body (top-left, first line)",
        default=None,
    )
    ten_co_quan: str = _f("tên cơ quan, tổ chức ban hành văn bản", "issuing body", min_length=1)
    chu_viet_tat: str = _f(
        "chữ viết tắt tên cơ quan dùng trong ký hiệu văn bản, chữ in hoa, ví dụ MNHA trong 05/KH-MNHA",
        "abbreviation used in the document symbol",
        pattern=r"^[0-9A-ZĐ]+(-[0-9A-ZĐ]+)*$",
    )
    dia_danh: str = _f("địa danh ghi trước ngày tháng, ví dụ: Hùng An", "place name before the date", min_length=1)
    co_quan_cap_tren: str | None = _f(
        "cơ quan cấp trên nhận báo cáo (dòng 'Kính gửi:' của báo cáo)",
        "office above that receives reports (Kính gửi)",
        default=None,
    )
    nguoi_ky: Signer = _f("người ký văn bản", "signer")
    noi_nhan: list[str] = _f(
        "danh sách nơi nhận, mỗi dòng một nơi, không cần gạch đầu dòng và dấu chấm phẩy; dòng 'Lưu: VT.' được thêm tự động",
        "recipients (Nơi nhận), one per line",
        default_factory=list,
    )
    luu: str = _f(
        "nơi lưu, ghi sau 'Lưu:' ở cuối Nơi nhận, ví dụ: VT hoặc VT, TCCB", "archive line after 'Lưu:'", default="VT"
    )
    the_thuc: Literal["nha_nuoc", "dang"] = _f(
        "thể thức văn bản: nha_nuoc (Nghị định 30/2020/NĐ-CP, mặc định) hoặc dang (Hướng dẫn 36-HD/VPTW, cho chi bộ, đảng bộ)",
        "document format: the State's (NĐ 30) or the Party's (HD 36)",
        default="nha_nuoc",
    )
    nhiem_ky: list[Term] = _f(
        "chỉ cho văn bản của Đảng: các nhiệm kỳ cấp ủy; số văn bản được đánh từ 01 cho mỗi tên loại trong một nhiệm kỳ",
        "Party units: the committee's terms (numbering runs per document type through a term)",
        default_factory=list,
    )
    mau: Templates | None = _f("mẫu văn bản riêng của đơn vị (nếu có)", "the unit's own templates", default=None)
    tong_hop: Consolidation | None = _f(
        "chỉ cho cơ quan nhận báo cáo: đơn vị nào gửi lên và danh mục số liệu để tổng hợp",
        "for the office above: what it consolidates",
        default=None,
    )


class Task(_Strict):
    ma: str = _f(
        "mã nhiệm vụ, duy nhất trong kế hoạch, chỉ gồm chữ thường không dấu, số và '-', ví dụ: tuyen-truyen",
        "task id (stable, used by progress entries)",
        pattern=TASK_ID_PATTERN,
    )
    tieu_de: str | None = _f("tiêu đề của nhiệm vụ (in đậm, nếu có)", "task heading (bold), optional", default=None)
    ten_ngan: str | None = _f("tên ngắn gọn dùng trong bảng theo dõi", "short name for tables", default=None)
    noi_dung: Paragraphs = _f(
        "nội dung nhiệm vụ; một đoạn, hoặc danh sách nhiều đoạn", "task text (one or more paragraphs)", min_length=1
    )
    cac_diem: list[str] = _f(
        "các điểm a), b), c)… của nhiệm vụ (nếu có)", "lettered points a), b)…", default_factory=list
    )
    han: Day | None = _f(
        "hạn hoàn thành (YYYY-MM-DD); bỏ trống là cuối năm kế hoạch", "deadline; default 31 December", default=None
    )
    phu_trach: str | None = _f("người hoặc bộ phận phụ trách", "who is in charge", default=None)


class Section(_Strict):
    tieu_de: str = _f(
        "tên mục, ví dụ: MỤC ĐÍCH, YÊU CẦU (số La Mã I., II.… được đánh tự động)",
        "section heading (numbered I., II.… automatically)",
        min_length=1,
    )
    noi_dung: list[str] = _f(
        'các đoạn văn của mục; đoạn gạch đầu dòng viết trong ngoặc kép, ví dụ: "- Nội dung"',
        "paragraphs of the section",
        default_factory=list,
    )
    nhiem_vu: list[Task] = _f(
        "các nhiệm vụ được đánh số 1., 2.… trong mục", "numbered tasks of the section", default_factory=list
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
    trich_yeu: str = _f(
        "trích yếu nội dung, dòng in đậm dưới chữ KẾ HOẠCH", "summary line under the document type", min_length=1
    )
    mo_dau: Paragraphs = _f(
        "các đoạn mở đầu (căn cứ, 'Thực hiện…')", "opening paragraphs (grounds)", default_factory=list
    )
    muc: list[Section] = _f("các mục I., II., III.… của kế hoạch", "sections I., II., III.…", min_length=1)
    ket_luan: Paragraphs = _f(
        "đoạn kết thúc, ví dụ: 'Trên đây là kế hoạch…'", "closing paragraph(s)", default_factory=list
    )
    che_do_bao_cao: list[ReportDue] = _f(
        "chế độ báo cáo: các kỳ báo cáo và hạn nộp", "reporting schedule", default_factory=list
    )
    noi_nhan: list[str] | None = _f(
        "nơi nhận riêng của văn bản này (nếu khác danh sách của đơn vị)",
        "recipients for this document, if not the unit's",
        default=None,
    )

    @property
    def tasks(self) -> list[Task]:
        return [t for s in self.muc for t in s.nhiem_vu]


TaskStatus = Literal["chưa thực hiện", "đang thực hiện", "hoàn thành", "tạm dừng"]
STATUSES = ("chưa thực hiện", "đang thực hiện", "hoàn thành", "tạm dừng")


class ProgressEntry(_Strict):
    nhiem_vu: str = _f(
        "mã nhiệm vụ trong kế hoạch (khóa 'ma' của nhiệm vụ)", "task id from the plan", pattern=TASK_ID_PATTERN
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
        default_factory=dict,
    )
    minh_chung: Paragraphs = _f("minh chứng: biên bản, công văn số…", "evidence", default_factory=list)
    kho_khan: str | None = _f("khó khăn, vướng mắc (nếu có)", "difficulties", default=None)


class ProgressLog(RootModel[list[ProgressEntry]]):
    """progress.yaml: one entry per thing done, oldest first, appended to (never rewritten)."""


def _paragraphs(vi: str, en: str):
    return _f(vi, en, default_factory=list)


class Narrative(_Strict):
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
    trich_yeu: str | None = _f(
        "trích yếu riêng (mặc định lấy theo kế hoạch và kỳ báo cáo)", "custom summary line", default=None
    )
    dac_diem_tinh_hinh: Paragraphs = _paragraphs("I. Đặc điểm tình hình: các đoạn văn", "I. situation")
    ket_qua_noi_bat: Paragraphs = _paragraphs(
        "đoạn mở đầu mục II. Kết quả thực hiện (nếu có)", "II. highlights before the tasks"
    )
    uu_diem: Paragraphs = _paragraphs("III.1. Ưu điểm", "III.1 strengths")
    ton_tai_han_che: Paragraphs = _paragraphs("III.2. Tồn tại, hạn chế", "III.2 shortcomings")
    nguyen_nhan: Paragraphs = _paragraphs("III.3. Nguyên nhân", "III.3 causes")
    phuong_huong: Paragraphs = _paragraphs("IV. Phương hướng, nhiệm vụ kỳ tới", "IV. next period's work")
    de_xuat_kien_nghi: Paragraphs = _paragraphs("V. Đề xuất, kiến nghị", "V. requests")
    noi_nhan: list[str] | None = _f(
        "nơi nhận riêng của báo cáo (mặc định: 'Như trên' và nơi nhận của đơn vị)",
        "recipients, if not the default",
        default=None,
    )


class RegisterEntry(_Strict):
    so: Whole = _f("số văn bản, từ 1, liên tiếp trong năm", "number, from 1 within the year", ge=1)
    ky_hieu: str = _f("ký hiệu văn bản, ví dụ KH-MNHA", "symbol, e.g. KH-MNHA", min_length=1)
    ngay: Day = _f("ngày văn bản", "date of the document")
    ten_loai: str = _f("tên loại văn bản: Kế hoạch, Báo cáo…", "document type", min_length=1)
    trich_yeu: str = _f("trích yếu nội dung", "summary line", min_length=1)
    nguoi_ky: str = _f("người ký", "signer", min_length=1)
    noi_nhan: list[str] = _f("nơi nhận", "recipients", default_factory=list)
    tep: str = _f(
        "tên tệp văn bản (không có đuôi), để một văn bản chỉ nhận một số",
        "file stem: one number per document",
        min_length=1,
    )


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
    ten: str = _f("tên bộ tiêu chí", "name of the criteria", min_length=1)
    can_cu: str | None = _f(
        "văn bản ban hành bộ tiêu chí, ví dụ Quyết định số 02/2020/QĐ-UBND", "issuing document", default=None
    )
    tong_diem: Figure = _f("tổng điểm tối đa (thường là 100)", "total points", default=100, gt=0)
    nhom: list[CriteriaGroup] = _f("các nhóm tiêu chí", "groups of criteria", min_length=1)
    xep_loai: list[Band] = _f("các mức xếp loại theo tổng điểm", "classification bands", min_length=1)


class Score(_Strict):
    ma: str = _f("mã tiêu chí được chấm", "criterion id", min_length=1)
    diem: Figure = _f("số điểm chấm", "points given", ge=0)
    minh_chung: Paragraphs = _f("minh chứng cho số điểm", "evidence", default_factory=list)
    tien_do: list[str] = _f(
        "các mục tiến độ làm căn cứ, dạng <mã nhiệm vụ>@<YYYY-MM-DD>",
        "progress entries cited, task@date",
        default_factory=list,
    )


class SelfAssessment(_Strict):
    tieu_chi: str = _f(
        "tệp bộ tiêu chí, đường dẫn tính từ thư mục năm (mặc định tieu-chi.yaml)",
        "criteria file",
        default="tieu-chi.yaml",
    )
    diem: list[Score] = _f("điểm đơn vị tự chấm, mỗi tiêu chí một lần", "the unit's own scores", default_factory=list)
    cap_tren: list[Score] = _f(
        "điểm cấp trên chấm (khi đã có)", "scores given by the level above, when known", default_factory=list
    )
