"""de-cuong-<period>.yaml: the office's outline for its units' reports."""

from typing import Literal

from danvan_cli.models.common import Whole, _empty_list, _f, _Strict
from danvan_cli.models.sections import ReportSkeleton
from danvan_cli.models.unit import DeclaredFigure
from danvan_cli.periods import Period

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
