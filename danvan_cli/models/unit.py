"""unit.yaml: the unit, its signer, its templates, its declared figures, the office's consolidation."""

from typing import Annotated, Literal

from pydantic import BeforeValidator, model_validator
from pydantic_core import PydanticCustomError

from danvan_cli.figures import MONEY_UNITS, PERCENT, RATE, FigureSpec, inferred, key, kind_for, kind_value, split_unit
from danvan_cli.models.common import Day, Figure, Line, LinedText, Signer, _empty_list, _f, _Strict
from danvan_cli.models.sections import ReportSkeleton


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
