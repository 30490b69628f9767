"""reports/<period>.yaml, the report's own words, and tinh-hinh.yaml, the unit this year."""

from danvan_cli.models.common import (
    CitedDocument,
    Day,
    Figure,
    LinedText,
    Paragraphs,
    Whole,
    _empty_dict,
    _empty_list,
    _f,
    _Strict,
)
from danvan_cli.models.sections import ReportSkeleton


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
