"""The typed shape of the user's files.

Keys are the NĐ 30 component names without diacritics, so a clerk reads them as the parts of
the paper document. Each field carries its Vietnamese explanation (`description`, used in the
comments of generated YAML and in error messages) and its English gloss (`en`, for the
glossary in docs/).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator

PERIODS = ("6m", "9m", "year", "q1", "q2", "q3", "q4", *(f"m{i}" for i in range(1, 13)))
Period = Literal["6m", "9m", "year", "q1", "q2", "q3", "q4", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10", "m11", "m12"]
AUTHORITY_PREFIXES = ("KT.", "TM.", "Q.", "TL.", "TUQ.")
TASK_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,39}$"


def _f(vi: str, en: str, **kw):
    return Field(description=vi, json_schema_extra={"en": en}, **kw)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Signer(_Strict):
    quyen_han: Optional[Literal["KT.", "TM.", "Q.", "TL.", "TUQ."]] = _f(
        "thẩm quyền ký: bỏ trống khi thủ trưởng ký; KT. (ký thay), TM. (thay mặt), Q. (quyền), TL. (thừa lệnh), TUQ. (thừa ủy quyền)",
        "signing authority prefix (KT., TM., Q., TL., TUQ.)",
        default=None,
    )
    thay_cho: Optional[str] = _f(
        "chức vụ hoặc tập thể được ký thay (viết sau KT./TM./TL./TUQ.), ví dụ: Hiệu trưởng",
        "the head or body signed for, after the prefix",
        default=None,
    )
    chuc_vu: str = _f("chức vụ của người ký, ví dụ: Hiệu trưởng, Phó Hiệu trưởng", "signer's title", min_length=1)
    ho_ten: str = _f("họ và tên người ký (không ghi học hàm, học vị)", "signer's full name", min_length=1)

    def title_lines(self) -> list[str]:
        """The signature block's capitalised lines above the signature, as NĐ 30 ô 7a shows them."""
        from danvan_cli.vnformat import upper

        if self.quyen_han in ("KT.", "TM.", "TL.", "TUQ."):
            return [f"{self.quyen_han} {upper(self.thay_cho or '')}", upper(self.chuc_vu)]
        if self.quyen_han == "Q.":
            return [f"Q. {upper(self.chuc_vu)}"]
        return [upper(self.chuc_vu)]


class Templates(_Strict):
    ke_hoach: Optional[str] = _f("mẫu .docx riêng cho kế hoạch (đường dẫn tính từ thư mục đơn vị)", "custom plan template", default=None)
    bao_cao: Optional[str] = _f("mẫu .docx riêng cho báo cáo (đường dẫn tính từ thư mục đơn vị)", "custom report template", default=None)


class Unit(_Strict):
    co_quan_chu_quan: Optional[str] = _f(
        "tên cơ quan, tổ chức chủ quản trực tiếp (nếu có), dòng trên cùng bên trái", "direct managing body (top-left, first line)", default=None
    )
    ten_co_quan: str = _f("tên cơ quan, tổ chức ban hành văn bản", "issuing body", min_length=1)
    chu_viet_tat: str = _f(
        "chữ viết tắt tên cơ quan dùng trong ký hiệu văn bản, chữ in hoa, ví dụ MNHA trong 05/KH-MNHA",
        "abbreviation used in the document symbol",
        pattern=r"^[0-9A-ZĐ]+(-[0-9A-ZĐ]+)*$",
    )
    dia_danh: str = _f("địa danh ghi trước ngày tháng, ví dụ: Hùng An", "place name before the date", min_length=1)
    co_quan_cap_tren: Optional[str] = _f(
        "cơ quan cấp trên nhận báo cáo (dòng 'Kính gửi:' của báo cáo)", "office above that receives reports (Kính gửi)", default=None
    )
    nguoi_ky: Signer = _f("người ký văn bản", "signer")
    noi_nhan: list[str] = _f(
        "danh sách nơi nhận, mỗi dòng một nơi, không cần gạch đầu dòng và dấu chấm phẩy; dòng 'Lưu: VT.' được thêm tự động",
        "recipients (Nơi nhận), one per line",
        default_factory=list,
    )
    luu: str = _f("nơi lưu, ghi sau 'Lưu:' ở cuối Nơi nhận, ví dụ: VT hoặc VT, TCCB", "archive line after 'Lưu:'", default="VT")
    mau: Optional[Templates] = _f("mẫu văn bản riêng của đơn vị (nếu có)", "the unit's own templates", default=None)


class Task(_Strict):
    ma: str = _f(
        "mã nhiệm vụ, duy nhất trong kế hoạch, chỉ gồm chữ thường không dấu, số và '-', ví dụ: tuyen-truyen",
        "task id (stable, used by progress entries)",
        pattern=TASK_ID_PATTERN,
    )
    tieu_de: Optional[str] = _f("tiêu đề của nhiệm vụ (in đậm, nếu có)", "task heading (bold), optional", default=None)
    ten_ngan: Optional[str] = _f("tên ngắn gọn dùng trong bảng theo dõi", "short name for tables", default=None)
    noi_dung: Union[str, list[str]] = _f("nội dung nhiệm vụ; một đoạn, hoặc danh sách nhiều đoạn", "task text (one or more paragraphs)")
    cac_diem: list[str] = _f("các điểm a), b), c)… của nhiệm vụ (nếu có)", "lettered points a), b)…", default_factory=list)
    han: Optional[dt.date] = _f("hạn hoàn thành (YYYY-MM-DD); bỏ trống là cuối năm kế hoạch", "deadline; default 31 December", default=None)
    phu_trach: Optional[str] = _f("người hoặc bộ phận phụ trách", "who is in charge", default=None)

    @field_validator("noi_dung")
    @classmethod
    def _paragraphs(cls, v):
        return [v] if isinstance(v, str) else v

    @property
    def paragraphs(self) -> list[str]:
        return self.noi_dung  # type: ignore[return-value]


class Section(_Strict):
    tieu_de: str = _f("tên mục, ví dụ: MỤC ĐÍCH, YÊU CẦU (số La Mã I., II.… được đánh tự động)", "section heading (numbered I., II.… automatically)", min_length=1)
    noi_dung: list[str] = _f(
        "các đoạn văn của mục; đoạn gạch đầu dòng viết trong ngoặc kép, ví dụ: \"- Nội dung\"",
        "paragraphs of the section",
        default_factory=list,
    )
    nhiem_vu: list[Task] = _f("các nhiệm vụ được đánh số 1., 2.… trong mục", "numbered tasks of the section", default_factory=list)


class ReportDue(_Strict):
    ky: Period = _f("kỳ báo cáo: 6m, 9m, year, q1–q4, m1–m12", "reporting period")
    han_nop: dt.date = _f("hạn nộp báo cáo (YYYY-MM-DD)", "due date")
    tu_ngay: Optional[dt.date] = _f("ngày đầu kỳ số liệu, nếu khác quy định của NĐ 09/2019", "data window start, if not NĐ 09's", default=None)
    den_ngay: Optional[dt.date] = _f("ngày cuối kỳ số liệu, nếu khác quy định của NĐ 09/2019", "data window end, if not NĐ 09's", default=None)


class Plan(_Strict):
    so: Optional[int] = _f("số văn bản; bỏ trống khi còn là dự thảo (in ra 'Số:      /KH-…')", "document number; empty for a draft", default=None, ge=1, le=99999)
    ngay: dt.date = _f("ngày ban hành (YYYY-MM-DD)", "date of issue")
    chu_de: str = _f(
        "lĩnh vực của kế hoạch, viết thường, ví dụ: công tác dân vận chính quyền (dùng cho tên tệp và trích yếu báo cáo)",
        "the plan's subject, used in file names and report titles",
        min_length=1,
    )
    trich_yeu: str = _f("trích yếu nội dung, dòng in đậm dưới chữ KẾ HOẠCH", "summary line under the document type", min_length=1)
    mo_dau: list[str] = _f("các đoạn mở đầu (căn cứ, 'Thực hiện…')", "opening paragraphs (grounds)", default_factory=list)
    muc: list[Section] = _f("các mục I., II., III.… của kế hoạch", "sections I., II., III.…", min_length=1)
    ket_luan: list[str] = _f("đoạn kết thúc, ví dụ: 'Trên đây là kế hoạch…'", "closing paragraph(s)", default_factory=list)
    che_do_bao_cao: list[ReportDue] = _f("chế độ báo cáo: các kỳ báo cáo và hạn nộp", "reporting schedule", default_factory=list)
    noi_nhan: Optional[list[str]] = _f("nơi nhận riêng của văn bản này (nếu khác danh sách của đơn vị)", "recipients for this document, if not the unit's", default=None)

    @field_validator("mo_dau", "ket_luan", mode="before")
    @classmethod
    def _one_or_many(cls, v):
        return [v] if isinstance(v, str) else v

    @property
    def tasks(self) -> list[Task]:
        return [t for s in self.muc for t in s.nhiem_vu]
