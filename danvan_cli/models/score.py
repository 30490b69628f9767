"""tieu-chi.yaml and tu-cham.yaml: the criteria and the self-assessment."""

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from danvan_cli.models.common import Day, Figure, Paragraphs, _empty_list, _f, _Strict


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
