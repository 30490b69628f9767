"""A document's body as a clerk writes it (a plan's, a report's skeleton, an outline's): parts, sections,
items, tasks, the numbering of each level."""

from typing import Literal, get_args

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from danvan_cli.models.common import TASK_ID_PATTERN, Day, Paragraphs, _empty_list, _f, _Strict

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


class ReportSkeleton(_Strict):
    """How a unit's reports are laid out: their sections in order, headings as printed, and what each holds."""

    muc: list[Section] | None = _f(
        "các mục của báo cáo theo thứ tự (tiêu đề in như viết; gom: phần danvan điền vào); bỏ trống dùng khung của "
        "đơn vị, hoặc khung NĐ 30 năm mục",
        "the report's sections, in order",
        default=None,
    )
    phan: list[Part] | None = _f("các phần của báo cáo (khi báo cáo chia phần)", "the report's parts", default=None)
    danh_so: Numbering | None = _f("cách đánh số các cấp (nếu khác mặc định)", "numbering styles", default=None)
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
