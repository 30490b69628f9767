"""don-vi.yaml: the office's roster."""

import datetime as dt

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from danvan_cli.models.common import Day, _empty_list, _f, _Strict


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
