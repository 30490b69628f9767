"""plan.yaml: the plan, its body, its declared figures, its chế độ báo cáo."""

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from danvan_cli.models.common import CitedDocument, Day, LinedText, Paragraphs, Whole, _empty_list, _f, _Strict
from danvan_cli.models.sections import Item, Numbering, Part, Section
from danvan_cli.models.unit import DeclaredFigure
from danvan_cli.periods import Period


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
    trich_yeu: LinedText = _f(
        "trích yếu nội dung, dòng in đậm dưới chữ KẾ HOẠCH; viết một dòng (danvan ngắt cho cân), hoặc danh sách các "
        "dòng muốn xuống dòng",
        "summary line under the document type; a list gives its lines",
        min_length=1,
    )
    mo_dau: Paragraphs = _f(
        "các đoạn mở đầu (căn cứ, 'Thực hiện…')", "opening paragraphs (grounds)", default_factory=_empty_list
    )
    thuc_hien: list[CitedDocument] = _f(
        "văn bản của cấp trên mà kế hoạch này thực hiện (kế hoạch, công văn…): câu mở đầu của báo cáo dẫn các văn "
        "bản này trước kế hoạch của đơn vị; bỏ trống thì danvan đọc từ câu 'Thực hiện …' của mo_dau",
        "the higher-level documents the plan answers (cited in its reports' opening)",
        default_factory=_empty_list,
    )
    muc: list[Section] = _f(
        "các mục I., II., III.… của kế hoạch", "sections I., II., III.…", default_factory=_empty_list
    )
    phan: list[Part] = _f(
        "các phần (Phần I, Phần II…) khi kế hoạch chia phần; mỗi phần có các mục I., II.… (dùng muc hoặc phan)",
        "parts, when the plan has parts (use muc or phan)",
        default_factory=_empty_list,
    )
    danh_so: Numbering = _f("cách đánh số các cấp (nếu khác mặc định)", "numbering styles", default_factory=Numbering)
    ket_luan: Paragraphs = _f(
        "đoạn kết thúc, ví dụ: 'Trên đây là kế hoạch…'", "closing paragraph(s)", default_factory=_empty_list
    )
    so_lieu: list[DeclaredFigure] = _f(
        "các số liệu kế hoạch theo dõi: tên, đơn vị tính, loại (so_dem, so_luong, tien, hien_co, ty_le) và chỉ tiêu "
        "(nếu có); khi đã khai báo, nhật ký chỉ nhận số liệu có trong danh sách này",
        "the plan's figures: name, unit, kind and target",
        default_factory=_empty_list,
    )
    che_do_bao_cao: list[ReportDue] = _f(
        "chế độ báo cáo: các kỳ báo cáo và hạn nộp", "reporting schedule", default_factory=_empty_list
    )
    noi_nhan: list[str] | None = _f(
        "nơi nhận riêng của văn bản này (nếu khác danh sách của đơn vị)",
        "recipients for this document, if not the unit's",
        default=None,
    )

    @model_validator(mode="after")
    def _sections_or_parts(self):
        if bool(self.muc) == bool(self.phan):
            raise PydanticCustomError(
                "vn_outline", "kế hoạch cần các mục (muc) hoặc các phần (phan), và chỉ một trong hai", {}
            )
        return self

    @property
    def sections(self) -> list[Section]:
        return self.muc or [s for part in self.phan for s in part.muc]

    @property
    def tasks(self) -> list[Item]:
        """Every task of the plan, in the order the plan gives them."""

        def walk(items: list[Item]):
            for item in items:
                if item.is_task:
                    yield item
                yield from walk(item.muc)

        return [t for s in self.sections for t in walk(s.items)]

    def located_tasks(self) -> list[tuple[tuple, Item]]:
        """Every task with its place in the file (('phan', 0, 'muc', 1, 'muc', 2), task), at any depth."""

        def walk(items: list[Item], loc: tuple):
            for i, item in enumerate(items):
                if item.is_task:
                    yield (*loc, i), item
                yield from walk(item.muc, (*loc, i, "muc"))

        def section_tasks(section: Section, loc: tuple):
            yield from walk(section.muc, (*loc, "muc"))
            yield from walk(section.nhiem_vu, (*loc, "nhiem_vu"))

        if self.muc:
            return [t for si, s in enumerate(self.muc) for t in section_tasks(s, ("muc", si))]
        return [
            t
            for pi, part in enumerate(self.phan)
            for si, s in enumerate(part.muc)
            for t in section_tasks(s, ("phan", pi, "muc", si))
        ]
