"""progress.yaml: the progress log, an entry per thing done for a task."""

from typing import Literal

from pydantic import RootModel, model_validator
from pydantic_core import PydanticCustomError

from danvan_cli.models.common import (
    TASK_ID_PATTERN,
    Day,
    Figure,
    Paragraphs,
    Whole,
    _empty_dict,
    _empty_list,
    _f,
    _Strict,
)

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
