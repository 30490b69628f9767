"""Report packages: the data a report shows, travelling beside its .docx and PDF to the office above.

A unit keeps its data on its own computer and sends its report up by e-mail, Zalo or a USB stick; the office
above never holds the unit's YAML. So every report `report` and `export` write gets a package
(`<stem>.danvan.json`): the unit, the period and its data window, the report's number and date, its citation
of the plan, each task's standing, the figures of the period and of the year so far, the self-assessment, the
outline it answers and the SHA-256 of the documents it travels with. It is made from the very `ReportData`
the document is rendered from, never from anything else.

The office reads packages from an inbox folder (`aggregate --inbox`, `status --all --inbox`). A package is
someone else's file: read with a size cap as JSON only (no code, no references), checked against its schema
(docs/goi-bao-cao.schema.json, made from `ReportPackage`), its strings NFC and free of control characters.
Whatever does not pass is refused with the reason, and nothing of it is summed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal, Protocol, TypeVar

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from danvan_cli import __version__
from danvan_cli.context import ReportFace, document_header
from danvan_cli.errors import (
    PackagePastLimit,
)
from danvan_cli.files import read_bytes, write_text_atomic
from danvan_cli.loading import LoadedOutline, LoadedPlan
from danvan_cli.models import OUTLINE_FORMAT, OUTLINE_VERSION, Outline, ReportSkeleton, Unit
from danvan_cli.periods import Period, ReportPeriod, label, label_with_year
from danvan_cli.progress import ProgressLog
from danvan_cli.report import ReportData
from danvan_cli.report_skeleton import default_skeleton
from danvan_cli.scaffold import infer_kind
from danvan_cli.score_units import unit_score
from danvan_cli.validation import describe
from danvan_cli.vnformat import XML_FORBIDDEN, Number, number


class ReportInputs(Protocol):
    """What a package is made from (report_inputs.ReportInputs, which reads the outline's problems from here)."""

    @property
    def loaded(self) -> LoadedPlan: ...
    @property
    def period(self) -> ReportPeriod: ...
    @property
    def log(self) -> ProgressLog: ...
    @property
    def data(self) -> ReportData: ...
    @property
    def outline(self) -> LoadedOutline | None: ...
    @property
    def plan_citation(self) -> str | None: ...
    @property
    def stem(self) -> str: ...


FORMAT = "danvan/goi-bao-cao"
# 2: each figure says its kind (loai: a count adds up, a rate never does); a package of version 1 is still read,
# its figures' kinds read from their names and units.
VERSION = 2
SUFFIX = ".danvan.json"
# The largest a figure of a period can be: each entry of a log at most 10^15, a log at most some 10,000 entries.
MOST_IN_A_YEAR = 10**15 * 10**4
# A real package is a few kilobytes (a hundred tasks and figures: about 40 KB); anything this large is not one.
MAX_PACKAGE_BYTES = 1024 * 1024
MAX_TEXT = 20_000  # characters of a text: a task's title, a unit of measure, a subject
MAX_NAME = 2_000  # characters of a name: a unit's, a figure's, an office's
MAX_ITEMS = 2_000  # tasks, and figures, in one package

# ---------------------------------------------------------------- the schema


# Direction controls (a right-to-left override turns 'Trường A' into what it is not on paper): no unit's name or
# figure needs them, and a document must print what it says.
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str) -> str:
    """Strings as any user text is read (yamlsource): NFC, without the characters XML cannot hold, and without
    direction controls. Whatever a unit can write, its office can receive, and prints as it reads."""

    return _BIDI_CONTROLS.sub("", XML_FORBIDDEN.sub("", unicodedata.normalize("NFC", text)))


Text = Annotated[str, Field(max_length=MAX_TEXT), AfterValidator(clean_text)]
Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME), AfterValidator(clean_text)]
# Figures travel as decimal strings ('1200', '12.5'): exact, where a JSON number would pass through a float.
# Never negative (a unit's figures are 0 to 10^15 each); long enough for any sum and any decimal a unit can write.
Amount = Annotated[str, Field(pattern=r"^[0-9]{1,24}(\.[0-9]{1,30})?$")]
FileName = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$")]
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,99}$")]
PeriodCode = Period


class _Part(BaseModel):
    # strict: JSON's own types only ("2026" is no year, 2.026e3 no whole number), as the published schema says
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class PackageUnit(_Part):
    ma: Slug = Field(description="tên thư mục của đơn vị trong danvan, ví dụ mn-hung-an")
    ten: Name = Field(description="tên cơ quan ban hành báo cáo")
    chu_viet_tat: Name = Field(description="chữ viết tắt trong ký hiệu văn bản")
    co_quan_chu_quan: Text | None = Field(description="cơ quan chủ quản trực tiếp")
    loai: Text | None = Field(description="loại đơn vị: truong, xa, co_quan, dang (suy từ tên)")
    the_thuc: Literal["nha_nuoc", "dang"] = Field(description="thể thức: NĐ 30 hoặc Đảng (HD 36)")


class PackagePeriod(_Part):
    ma: PeriodCode = Field(description="kỳ báo cáo")
    nam: int = Field(ge=1900, le=2200, description="năm kế hoạch")
    ten: Name = Field(description="tên kỳ như văn bản in, ví dụ 6 tháng đầu năm 2022")
    tu_ngay: dt.date = Field(description="ngày đầu của cửa sổ số liệu")
    den_ngay: dt.date = Field(description="ngày cuối của số liệu báo cáo thể hiện")
    han: dt.date | None = Field(description="hạn nộp theo chế độ báo cáo của kế hoạch")


class PackageFile(_Part):
    ten: FileName = Field(description="tên tệp đi kèm, cùng thư mục với gói")
    sha256: Sha256


class PackageDocument(_Part):
    so: int | None = Field(ge=1, le=99999, description="số văn bản; null khi là dự thảo")
    so_ky_hieu: Name = Field(description="số và ký hiệu như văn bản in, ví dụ Số: 12/BC-MNHA")
    ngay: dt.date = Field(description="ngày của văn bản")
    trich_yeu: Text
    ke_hoach: Text | None = Field(description="câu dẫn kế hoạch của đơn vị, như văn bản in; null khi không có")
    docx: PackageFile
    pdf: PackageFile | None


class PackageOutline(_Part):
    co_quan: Name = Field(description="cơ quan gửi đề cương")
    chu_de: Text
    sha256: Sha256 = Field(description="SHA-256 của tệp đề cương đơn vị đã dùng")


class PackageTask(_Part):
    ma: Text | None = Field(description="mã nhiệm vụ trong kế hoạch")
    ten: Text
    tinh_trang: Literal["chưa thực hiện", "đang thực hiện", "hoàn thành", "tạm dừng"]
    phan_tram: int | None = Field(ge=0, le=100)
    han: dt.date
    qua_han: bool


class PackageFigure(_Part):
    ten: Name = Field(description="tên số liệu như đơn vị ghi, hoặc như đề cương hỏi")
    don_vi_tinh: Text = Field(description="đơn vị tính; rỗng khi không rõ")
    loai: Literal["so_dem", "so_luong", "tien", "hien_co", "ty_le"] | None = Field(
        default=None,
        description="loại số liệu: so_dem, so_luong, tien (cộng dồn), hien_co (số hiện có), ty_le (tỷ lệ, không "
        "cộng); gói phiên bản 1 không có",
    )
    ky_nay: Amount | None = Field(description="trong kỳ; null khi kỳ này không ghi")
    luy_ke: Amount | None = Field(description="lũy kế từ đầu năm; null khi cả năm chưa ghi")
    cung_ky: Amount | None = Field(description="cùng kỳ năm trước; null khi không có nhật ký năm trước")


class PackageScore(_Part):
    tu_cham: Amount | None = Field(description="tổng điểm đơn vị tự chấm")
    tong_diem: Amount | None = Field(description="tổng điểm xếp loại (điểm thẩm định khi đã có)")
    da_tham_dinh: bool
    xep_loai: Text | None
    khong_xep_loai: Text | None
    van_de: Text | None = Field(description="vì sao chưa có điểm, ví dụ: chưa tự chấm")
    diem_toi_da_tu_cham: Amount | None = Field(default=None, description="tổng điểm các tiêu chí đơn vị tự chấm")
    diem_toi_da: Amount | None = Field(default=None, description="tổng điểm của bộ tiêu chí")
    tham_dinh_tu_cham: Amount | None = Field(
        default=None, description="điểm thẩm định trên các tiêu chí đơn vị tự chấm (để so với điểm tự chấm)"
    )
    chua_xep_loai: Text | None = Field(default=None, description="vì sao chưa có mức xếp loại")
    tieu_chi: Text | None = Field(default=None, description="bộ tiêu chí đã dùng, như được dẫn")


class ReportPackage(_Part):
    """Gói báo cáo danvan: số liệu của một báo cáo, đi kèm tệp .docx và .pdf của báo cáo đó."""

    dinh_dang: Literal["danvan/goi-bao-cao"]
    phien_ban: int = Field(ge=1, le=VERSION)
    phan_mem: Text = Field(description="phiên bản danvan đã tạo gói")
    don_vi: PackageUnit
    ky: PackagePeriod
    van_ban: PackageDocument
    de_cuong: PackageOutline | None
    nhiem_vu: list[PackageTask] = Field(max_length=MAX_ITEMS)
    so_lieu: list[PackageFigure] = Field(max_length=MAX_ITEMS)
    cung_ky_nam_truoc: dict[Name, Amount] | None = Field(
        description="mọi số liệu cùng kỳ năm trước (kể cả số liệu năm nay chưa ghi); null khi không có nhật ký năm trước"
    )
    tu_cham: PackageScore | None


P = TypeVar("P", bound=_Part)


def json_schema() -> dict:
    """The JSON Schema of a package, as docs/goi-bao-cao.schema.json holds it."""
    schema = ReportPackage.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://danvan.vn/schema/goi-bao-cao-v{VERSION}.json"
    return schema


# ---------------------------------------------------------------- making one


def amount(value: Number | None) -> str | None:
    if value is None:
        return None
    return str(value) if isinstance(value, int) else format(Decimal(value).normalize(), "f")


def number_from(text: str | None) -> Number | None:
    if text is None:
        return None
    return int(text) if re.fullmatch(r"-?[0-9]+", text) else Decimal(text)


def package_name(stem: str) -> str:
    return stem + SUFFIX


def package_data(inputs: ReportInputs, face: ReportFace) -> ReportPackage:
    """The package of the report rendered from `inputs` with `face`, built as its model from the report's data
    (`ReportData`), each part checked against the format's limits as it is made (PackagePastLimit, naming the
    limit, before any of the report's files is written). The documents it travels with stand under the report's
    own names until `with_files` names them with their hashes."""

    loaded, data, unit, period, stem = inputs.loaded, inputs.data, inputs.loaded.unit, inputs.period, inputs.stem

    score = None
    if period.code == "year":
        s = unit_score(loaded, inputs.log)
        score = _part(
            stem,
            ("tu_cham",),
            PackageScore,
            tu_cham=amount(s.own_total),
            tong_diem=amount(s.total),
            da_tham_dinh=s.appraised,
            xep_loai=s.band,
            khong_xep_loai=s.not_rated,
            van_de=s.problem,
            diem_toi_da_tu_cham=amount(s.own_maximum),
            diem_toi_da=amount(s.maximum),
            tham_dinh_tu_cham=amount(s.appraised_own),
            chua_xep_loai=s.pending,
            tieu_chi=s.criteria,
        )
    outline = inputs.outline
    unhashed = {"sha256": "0" * 64}  # the length of a hash, for the limits; `with_files` gives the real one
    return _part(
        stem,
        (),
        ReportPackage,
        dinh_dang=FORMAT,
        phien_ban=VERSION,
        phan_mem=f"danvan {__version__}",
        don_vi=_part(
            stem,
            ("don_vi",),
            PackageUnit,
            ma=loaded.unit_name,
            ten=unit.name,
            chu_viet_tat=unit.chu_viet_tat,
            co_quan_chu_quan=unit.parent_name,
            loai=infer_kind(unit.name),
            the_thuc=unit.the_thuc,
        ),
        ky=_part(
            stem,
            ("ky",),
            PackagePeriod,
            ma=period.code,
            nam=period.year,
            ten=period.title,
            tu_ngay=period.start,
            den_ngay=data.until,
            han=period.due,
        ),
        van_ban=_part(
            stem,
            ("van_ban",),
            PackageDocument,
            so=face.number,
            so_ky_hieu=document_header(unit, face.number, "BC", face.date)["so_ky_hieu"],
            ngay=face.date,
            trich_yeu=face.subject,
            ke_hoach=inputs.plan_citation,
            docx=PackageFile(ten=f"{stem}.docx", **unhashed),
            pdf=PackageFile(ten=f"{stem}.pdf", **unhashed),
        ),
        de_cuong=_part(
            stem,
            ("de_cuong",),
            PackageOutline,
            co_quan=outline.outline.co_quan,
            chu_de=outline.outline.chu_de,
            sha256=outline.sha256,
        )
        if outline is not None
        else None,
        nhiem_vu=[
            _part(
                stem,
                ("nhiem_vu", i),
                PackageTask,
                ma=t.task.ma,
                ten=t.title,
                tinh_trang=t.status,
                phan_tram=t.percent,
                han=t.deadline,
                qua_han=t.late,
            )
            for i, t in enumerate(data.facts.state)
        ],
        so_lieu=[
            _part(
                stem,
                ("so_lieu", i),
                PackageFigure,
                ten=line.name,
                don_vi_tinh=line.measure,
                loai=line.kind,
                ky_nay=amount(line.now),
                luy_ke=amount(line.to_date),
                cung_ky=amount(line.before),
            )
            for i, line in enumerate(data.figures)
        ],
        cung_ky_nam_truoc={k: amount(v) for k, v in data.last_year.items()} if data.last_year is not None else None,
        tu_cham=score,
    )


def _part(stem: str, where: tuple, model: type[P], **fields) -> P:
    """One part of a report's package, as its model; a value past the format's limits is PackagePastLimit, naming
    the place and the limit: a report whose package could not be sent is never half made."""

    try:
        return model(**fields)
    except ValidationError as exc:
        error = exc.errors()[0]
        at, what = describe(error, model, fields)
        place = ".".join(str(p) for p in (*where, *([at] if at != "(gốc)" else [])))
        raise PackagePastLimit(
            f"{stem}{SUFFIX}: gói số liệu của báo cáo vượt giới hạn của định dạng gói báo cáo (phiên bản {VERSION}) ở "
            f"'{place or '(gốc)'}': {what}. Cơ quan cấp trên không nhận được gói như vậy, nên danvan chưa ghi tệp nào "
            "của báo cáo; hãy bớt nhiệm vụ, số liệu hay độ dài chữ cho vừa"
        ) from None


def _text(package: ReportPackage) -> str:
    return json.dumps(package.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n"


def with_files(package: ReportPackage, docx: Path, pdf: Path | None) -> str:
    """The package's text, naming the documents it travels with and their SHA-256 as they are on disk."""

    def entry(path: Path | None) -> PackageFile | None:
        if path is None:
            return None
        return PackageFile(ten=path.name, sha256=hashlib.sha256(read_bytes(path, limit=1 << 30)).hexdigest())

    document = package.van_ban.model_copy(update={"docx": entry(docx), "pdf": entry(pdf)})
    return _text(package.model_copy(update={"van_ban": document}))


def check_before_writing(package: ReportPackage, stem: str) -> None:
    """A report's package held against the size an office takes in (its every other limit was checked as it was
    made), before any of the report's files is written: a report whose package could not be sent is never half
    made, its .docx on disk and its package missing."""

    size = len(_text(package).encode("utf-8"))
    if size > MAX_PACKAGE_BYTES:
        raise PackagePastLimit(
            f"{stem}{SUFFIX}: gói số liệu của báo cáo sẽ lớn {number(round(size / 1024))} KB, quá giới hạn "
            f"{number(MAX_PACKAGE_BYTES // 1024)} KB cơ quan cấp trên nhận; danvan chưa ghi tệp nào của báo cáo. Hãy "
            "bớt số liệu hay rút ngắn tên nhiệm vụ, số liệu cho vừa"
        )


def outline_problems(outline, source) -> list:
    """What an office's outline asks that no report package could carry: more figures than a package holds, a
    name or a unit of measure longer than it takes, more than its size (even with every figure blank). Each at
    its place in the outline, so that the office fixes it before any unit makes a report."""

    problems = []
    figures = outline.so_lieu
    if len(figures) > MAX_ITEMS:
        problems.append(
            source.problem(
                ("so_lieu", MAX_ITEMS),
                f"đề cương hỏi {number(len(figures))} số liệu; gói báo cáo (.danvan.json) mang tối đa "
                f"{number(MAX_ITEMS)} số liệu: hãy bớt số liệu, hoặc chia thành hai đề cương",
            )
        )
    for key, limit in (("co_quan", MAX_NAME), ("chu_de", MAX_TEXT)):
        if len(getattr(outline, key)) > limit:
            problems.append(source.problem((key,), f"dài quá {number(limit)} ký tự, giới hạn của gói báo cáo"))
    for i, figure in enumerate(figures[:MAX_ITEMS]):
        if len(figure.ten) > MAX_NAME:
            problems.append(
                source.problem(
                    ("so_lieu", i, "ten"), f"tên số liệu dài quá {number(MAX_NAME)} ký tự, giới hạn của gói báo cáo"
                )
            )
        if len(figure.don_vi_tinh or "") > MAX_TEXT:
            problems.append(
                source.problem(
                    ("so_lieu", i, "don_vi_tinh"),
                    f"đơn vị tính dài quá {number(MAX_TEXT)} ký tự, giới hạn của gói báo cáo",
                )
            )
    # the outline's share of a package (each figure twice: this year's line and last year's), every value blank
    least = sum(
        len(json.dumps({"ten": f.ten, "don_vi_tinh": f.don_vi_tinh or "", "ky_nay": None, "luy_ke": None,
                        "cung_ky": None}, ensure_ascii=False, indent=1).encode("utf-8")) + len(f.ten.encode("utf-8"))
        for f in figures
    )  # fmt: skip
    if not problems and least > MAX_PACKAGE_BYTES:
        problems.append(
            source.problem(
                ("so_lieu",),
                f"các số liệu đề cương hỏi làm gói báo cáo lớn ít nhất {number(least // 1024)} KB, quá giới hạn "
                f"{number(MAX_PACKAGE_BYTES // 1024)} KB cơ quan nhận: hãy bớt số liệu hay rút ngắn tên",
            )
        )
    return problems


def write_package(package: ReportPackage, docx: Path, pdf: Path | None) -> Path:
    """The package (`package_data`) beside the report's .docx, naming its documents, written atomically (never
    through a link)."""

    path = docx.with_name(package_name(docx.stem))
    write_text_atomic(path, with_files(package, docx, pdf))
    return path


# ---------------------------------------------------------------- the office's outline


def outline_text(office: str, office_unit: Unit, period: str | None, year: int | None) -> str:
    """de-cuong.yaml as the office sends it: its report skeleton (unit.yaml bao_cao, else the usual report's)
    and the figures it consolidates (tong_hop.so_lieu), in order, with their units of measure."""

    config = office_unit.tong_hop
    skeleton = office_unit.bao_cao or ReportSkeleton(muc=default_skeleton())
    data = {
        "dinh_dang": OUTLINE_FORMAT,
        "phien_ban": OUTLINE_VERSION,
        "co_quan": office_unit.name,
        "ma_co_quan": office,
        "chu_de": config.chu_de if config else "công tác dân vận chính quyền",
        "ky": period,
        "nam": year,
        "bao_cao": skeleton.model_dump(mode="json", exclude_none=True, exclude_defaults=True),
        "so_lieu": [f.model_dump(mode="json", exclude_none=True) for f in config.so_lieu] if config else [],
    }

    body = ""
    for key, value in data.items():  # each key with what it means, as the files new-plan writes
        if value is None:
            continue
        text = Outline.model_fields[key].description or key
        body += f"# {text[:1].upper()}{text[1:]}\n"
        body += yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=1000)
    which = "các báo cáo"
    if period:
        which = f"báo cáo {label_with_year(period, year) if year else label(period)}"
    return (
        f"# Đề cương {which} của {office_unit.name} gửi các đơn vị.\n"
        "# Đơn vị nhận: đặt tệp này, giữ nguyên tên, vào thư mục năm (plans/<đơn vị>/<năm>/), hoặc dựng báo cáo\n"
        "#   bằng: danvan report --period <kỳ> --de-cuong <tệp này>\n"
        "# Báo cáo sẽ theo các phần, mục và tiêu đề dưới đây; bảng số liệu theo đúng danh mục so_lieu (số liệu đơn vị\n"
        "# chưa ghi in '—'). Gửi lại cơ quan tệp .docx, .pdf và gói số liệu .danvan.json cùng tên.\n"
        "# gom: phần danvan điền vào mục đó (dac_diem_tinh_hinh, lanh_dao_chi_dao, ket_qua_noi_bat, ket_qua,\n"
        "#   bang_so_lieu, danh_gia_chung, uu_diem, ton_tai_han_che, nguyen_nhan, bai_hoc_kinh_nghiem, phuong_huong,\n"
        "#   de_xuat_kien_nghi). tuy_chon: true: mục được bỏ khi đơn vị không có nội dung; mục khác chưa có nội dung\n"
        "#   thì danvan hỏi đơn vị, và báo cáo chưa được ban hành khi chưa trả lời.\n" + body
    )
