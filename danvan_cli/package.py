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
import fnmatch
import hashlib
import html
import io
import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal, Protocol, TypeVar

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from danvan_cli import __version__
from danvan_cli.context import ReportFace, document_header
from danvan_cli.errors import (
    DanvanError,
    FileNotFound,
    NewerFormat,
    PackageContradicts,
    PackagePastLimit,
    PackageRefused,
    display_path,
    reason,
)
from danvan_cli.figures import ADDS_UP, inferred
from danvan_cli.figures import key as figure_key
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
from danvan_cli.vnformat import XML_FORBIDDEN, Number, date_words, number, sentence_case, shorten


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


def _clean(text: str) -> str:
    """Strings as any user text is read (yamlsource): NFC, without the characters XML cannot hold, and without
    direction controls. Whatever a unit can write, its office can receive, and prints as it reads."""

    return _BIDI_CONTROLS.sub("", XML_FORBIDDEN.sub("", unicodedata.normalize("NFC", text)))


Text = Annotated[str, Field(max_length=MAX_TEXT), AfterValidator(_clean)]
Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME), AfterValidator(_clean)]
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


# ---------------------------------------------------------------- receiving them


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    keys = [k for k, _ in pairs]
    twice = next((k for k in keys if keys.count(k) > 1), None)
    if twice is not None:
        raise PackageRefused(f"khóa '{shown_text(twice)}' xuất hiện hai lần trong cùng một bảng; gói không rõ nghĩa")
    return dict(pairs)


def _reason(exc: DanvanError, path: Path) -> str:
    """A refusal's reason without the file's place (the inbox listing names the file once)."""
    problems = getattr(exc, "problems", None)
    if problems:
        return problems[0].message
    line = exc.lines()[0]
    prefix = display_path(path) + ": "
    return line[len(prefix) :] if line.startswith(prefix) else line


def read_package(path: Path) -> ReportPackage:
    """One package as received: refused (PackageRefused, NewerFormat, with the reason and no file name) unless it
    is a package of this schema whose content holds together."""

    try:
        raw = read_bytes(path, limit=MAX_PACKAGE_BYTES)
    except DanvanError as exc:
        raise PackageRefused(_reason(exc, path)) from None
    except OSError as exc:
        raise PackageRefused(f"không đọc được tệp ({reason(exc)})") from None
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # Notepad's BOM

    def no_constant(name: str):
        raise ValueError(name)

    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=no_constant, object_pairs_hook=_no_duplicate_keys)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise PackageRefused(
            "không đọc được như JSON (UTF-8): tệp hỏng, sai bảng mã, hoặc có số quá dài hay NaN; không phải gói báo "
            "cáo danvan"
        ) from None
    if not isinstance(data, dict) or data.get("dinh_dang") != FORMAT:
        raise PackageRefused(f'không phải gói báo cáo danvan (thiếu "dinh_dang": "{FORMAT}")')
    version = data.get("phien_ban")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise NewerFormat(
            f"gói báo cáo phiên bản {version}, bản danvan này chỉ đọc đến phiên bản {VERSION}; hãy cập nhật danvan "
            "lên bản mới hơn rồi tổng hợp lại"
        )
    try:
        pkg = ReportPackage.model_validate_json(raw)
    except ValidationError as exc:
        where, what = describe(exc.errors()[0], ReportPackage, data)
        raise PackageRefused(f"gói báo cáo sai cấu trúc tại '{where}': {what}") from None
    problem = _incoherent(pkg)
    if problem:
        raise PackageContradicts(problem)
    return pkg


def _incoherent(pkg: ReportPackage) -> str | None:
    """What a package claims that cannot be: dates far from its year, a window that ends before it starts or after
    the report's own date, one figure listed twice (it would be summed twice), a figure no unit can record, a year so
    far below its period, a task not begun at 100 %."""

    year, period = pkg.ky.nam, pkg.ky
    if not 2000 <= year <= 2100:
        return f"năm {year} ngoài khoảng 2000–2100"
    days = {"ky.tu_ngay": period.tu_ngay, "ky.den_ngay": period.den_ngay, "van_ban.ngay": pkg.van_ban.ngay}
    if period.han is not None:
        days["ky.han"] = period.han
    for where, day in days.items():
        if abs(day.year - year) > 1:
            return f"ngày {day:%d/%m/%Y} ở '{where}' không thuộc năm {year} hay năm liền kề"
    if period.den_ngay < period.tu_ngay:
        return "kỳ báo cáo kết thúc trước khi bắt đầu (ky.den_ngay trước ky.tu_ngay)"
    if period.den_ngay > pkg.van_ban.ngay:
        return (
            f"số liệu tính đến ngày {period.den_ngay:%d/%m/%Y}, sau ngày của chính báo cáo "
            f"({pkg.van_ban.ngay:%d/%m/%Y})"
        )
    keys = [figure_key(f.ten) for f in pkg.so_lieu]
    twice = next((f.ten for f, k in zip(pkg.so_lieu, keys, strict=True) if keys.count(k) > 1), None)
    if twice is not None:
        return f"số liệu '{shown_text(twice)}' có hai lần trong gói (cùng tên, khác cách viết); sẽ bị cộng hai lần"
    for f in pkg.so_lieu:
        now, to_date = number_from(f.ky_nay), number_from(f.luy_ke)
        if any(v is not None and v > MOST_IN_A_YEAR for v in (now, to_date)):
            return f"số liệu '{shown_text(f.ten)}' lớn quá mức một đơn vị ghi được trong một năm"
        kind = f.loai or inferred(f.ten).kind
        if kind in ADDS_UP and now is not None and to_date is not None and to_date < now:
            return f"số liệu '{shown_text(f.ten)}': lũy kế từ đầu năm ({f.luy_ke}) nhỏ hơn số của kỳ ({f.ky_nay})"
        if kind == "ty_le" and f.don_vi_tinh == "%" and any(v is not None and v > 100 for v in (now, to_date)):
            return f"tỷ lệ '{shown_text(f.ten)}' quá 100%"
    for task in pkg.nhiem_vu:
        if task.tinh_trang == "chưa thực hiện" and (task.phan_tram or 0) > 0:
            return f"nhiệm vụ '{shown_text(task.ten)}' chưa thực hiện mà đã đạt {task.phan_tram}%"
        if task.tinh_trang == "hoàn thành" and task.phan_tram not in (None, 100):
            return f"nhiệm vụ '{shown_text(task.ten)}' hoàn thành mà mới đạt {task.phan_tram}%"
    return None


def shown_text(text: str, most: int = 60) -> str:
    """Text from someone else's file, safe to print: no control character reaches a terminal, cut at `most`."""

    cleaned = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)
    return shorten(cleaned, most) if len(cleaned) > most else cleaned


@dataclass(frozen=True)
class Refusal:
    """A file of the inbox that is not summed: said on the terminal with its file and its detail, and in the
    report's annex in words a head understands (the unit's name and the reason; no file, no tool word)."""

    file: str  # as the terminal shows it
    unit: str | None  # the unit's full name, where the file says it
    reason: str  # plain words, for the annex
    detail: str = ""  # more, for the terminal

    def terminal(self) -> str:
        return f"{self.file}{f' ({shown_text(self.unit)})' if self.unit else ''}: {self.detail or self.reason}"

    def annex(self) -> str:
        return f"{self.unit or 'Một tệp số liệu không rõ của đơn vị nào'}: {self.reason}"


@dataclass
class Received:
    """What an inbox gave: the packages that passed (one per unit), every refusal with its reason, the units whose
    package was refused (they sent something: the office must see them, not lose them), and how many packages
    of other years were passed over (an inbox kept from year to year)."""

    packages: dict[str, tuple[Path, ReportPackage]]
    refused: list[Refusal]
    failed: dict[str, tuple[str, str]] = field(default_factory=dict)  # unit → (its name, why, in plain words)
    other_years: int = 0
    without_document: list[str] = field(default_factory=list)  # units summed whose report did not arrive with them


_ROW = re.compile(r"<w:tr[ >].*?</w:tr>", re.S)
_CELL = re.compile(r"<w:tc[ >].*?</w:tc>", re.S)


_TEXT_PARTS = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>|<w:noBreakHyphen\s*/>|<w:tab\s*/>|<w:br\s*/>|</w:p>")


def _xml_text(xml: str) -> str:
    """A part of a .docx as its words: the runs of a paragraph joined as Word shows them (Word's non-breaking
    hyphen a '-'), paragraphs, tabs and breaks a space."""

    pieces = []
    for m in _TEXT_PARTS.finditer(xml):
        token = m.group(0)
        if m.group(1) is not None:
            pieces.append(html.unescape(m.group(1)))
        elif token.startswith("<w:noBreakHyphen"):
            pieces.append("-")
        else:
            pieces.append(" ")
    return " ".join("".join(pieces).replace("\u00a0", " ").split())


def disagreement(docx: bytes, pkg: ReportPackage) -> str | None:
    """What a package says that its own document does not: another number, another date, another figure in the
    figures table. A package copied and edited (a higher number, a changed figure) beside the real report is
    caught here, whatever hashes it carries."""

    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as z:
            xml = z.read("word/document.xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        return "văn bản kèm theo không mở được như tệp Word"
    text = _xml_text(xml)
    said = " ".join(pkg.van_ban.so_ky_hieu.replace("\u00a0", " ").split())
    if said not in text:
        return f"gói ghi '{shown_text(said)}' mà văn bản kèm theo không có số, ký hiệu này"
    if date_words(pkg.van_ban.ngay) not in text:
        return f"gói ghi ngày {pkg.van_ban.ngay:%d/%m/%Y} mà văn bản kèm theo không mang ngày này"
    rows = {}
    for row in _ROW.findall(xml):
        cells = [_xml_text(c) for c in _CELL.findall(row)]
        if len(cells) >= 4:
            rows[cells[1].casefold()] = cells[3]  # TT | Số liệu | Đơn vị tính | Kỳ này | …
    for f in pkg.so_lieu:
        now = number_from(f.ky_nay)
        printed = rows.get(sentence_case(f.ten).casefold())
        if now is not None and printed is not None and printed != number(now):
            return f"số liệu '{shown_text(f.ten)}' trong gói là {number(now)} mà văn bản kèm theo ghi {printed}"
    return None


def _document_state(path: Path, entry: PackageFile | None, pkg: ReportPackage | None = None) -> tuple[bool, str | None]:
    """Whether the document a package names arrived beside it, and what is wrong with it: a link in its place
    (it may show any file), a hash that is not the package's (the report was changed after it was made), or a
    package that says what its document does not (`pkg`, for the .docx)."""
    if entry is None:
        return False, None
    beside = path.parent / entry.ten
    if beside.is_symlink():
        return False, f"văn bản kèm theo {entry.ten} là một liên kết (symlink), không phải tệp văn bản thật"
    if not beside.is_file():
        return False, None
    try:
        data = read_bytes(beside, limit=200 * 1024 * 1024)
    except (DanvanError, OSError):
        return False, f"không đọc được văn bản kèm theo {entry.ten}"
    if hashlib.sha256(data).hexdigest() != entry.sha256:
        return False, (
            f"văn bản {entry.ten} bên cạnh không khớp mã SHA-256 trong gói (đã bị sửa hay thay sau khi gói được "
            "tạo); đề nghị đơn vị làm lại báo cáo và gửi lại cả gói"
        )
    if pkg is not None:
        differs = disagreement(data, pkg)
        if differs:
            return False, f"{differs}; gói không khớp văn bản báo cáo, không tổng hợp"
    return True, None


# The reasons a head reads in the annex, by what went wrong (the terminal says more).
PLAIN = {
    "unreadable": "tệp số liệu gửi kèm báo cáo không đọc được hoặc không đúng mẫu",
    "newer": "tệp số liệu do phiên bản phần mềm mới hơn lập; cơ quan cần cập nhật phần mềm rồi tổng hợp lại",
    "incoherent": "số liệu gửi lên tự mâu thuẫn",
    "not_ours": "đơn vị không có trong danh sách đơn vị báo cáo",
    "other_period": "là báo cáo của kỳ khác",
    "document": "văn bản báo cáo gửi kèm không khớp với số liệu (đã bị sửa hay thay sau khi lập)",
    "two_units": "hai đơn vị khác nhau gửi báo cáo dưới cùng một mã đơn vị",
    "superseded": "đơn vị gửi báo cáo khác cho cùng kỳ; dùng báo cáo gửi sau",
    "copy": "bản gửi lại của cùng một báo cáo; chỉ tính một lần",
    "conflict": "đơn vị gửi hai báo cáo cùng số, cùng ngày mà số liệu khác nhau; đề nghị đơn vị gửi lại một báo cáo",
    "undocumented": "số liệu gửi không kèm văn bản báo cáo, khác báo cáo đơn vị đã gửi có văn bản; không dùng",
    "folder": "số liệu của đơn vị đã có tại cơ quan; dùng số liệu đó",
}


def inbox_files(inbox: Path) -> list[Path]:
    """Every file of the inbox that may be a package: `*.danvan.json`, also as a browser renames a second
    download (`….danvan (1).json`) or in capitals. Links are listed too (refused when read)."""
    found = []
    for path in inbox.rglob("*"):
        name = path.name.lower()
        if name.endswith(".json") and ".danvan" in name and (path.is_symlink() or not path.is_dir()):
            found.append(path)
    return sorted(found)


def _same_content(a: ReportPackage, b: ReportPackage) -> bool:
    """Two packages of one report that say the same (the documents they travel with aside)."""
    keep = {"van_ban": {"docx", "pdf"}}
    return a.model_dump(exclude=keep) == b.model_dump(exclude=keep)


def _named(path: Path) -> str | None:
    """The unit's name a package that was refused for what it says still gives (to name it in the annex)."""
    try:
        data = json.loads(path.read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8"))
        name = data["don_vi"]["ten"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return _clean(name) if isinstance(name, str) and 0 < len(name) <= 2000 else None


@dataclass
class _Candidate:
    path: Path
    pkg: ReportPackage
    documented: bool  # its .docx arrived beside it, and is the one it names


def receive(
    inbox: Path,
    office: str,
    office_unit: Unit,
    period: str,
    year: int,
    only: str | None,
    roster: list | None = None,
) -> Received:
    """Every package in `inbox` for the office's `period` and `year`, checked. Only a unit of the roster (its
    `roster.Member`s) is received. Of two packages a unit sent for one period, one that came with its document
    wins over one that did not, then the later report number; one without its document never replaces one with."""

    if not inbox.is_dir() or inbox.is_symlink():
        raise FileNotFound(f"{display_path(inbox)}: không có thư mục nhận gói báo cáo này")
    patterns = office_unit.tong_hop.don_vi if office_unit.tong_hop else ["*"]
    members = {m.unit: m for m in roster} if roster is not None else None
    got = Received({}, [])
    chosen: dict[str, _Candidate] = {}
    conflicts: set[str] = set()

    def ours(unit: str) -> bool:
        if members is not None:
            return unit in members
        return unit != office and any(fnmatch.fnmatchcase(unit, p) for p in patterns)

    def refuse(file: str, unit: str | None, kind: str, detail: str, failed_unit: str | None = None) -> None:
        got.refused.append(Refusal(file, unit, PLAIN[kind], detail))
        if failed_unit is not None:
            got.failed.setdefault(failed_unit, (unit or failed_unit, PLAIN[kind]))

    for path in inbox_files(inbox):
        name = shown_text(path.relative_to(inbox).as_posix(), 120)
        try:
            if path.is_symlink():
                raise PackageRefused("là một liên kết (symlink); danvan không đọc qua liên kết")
            pkg = read_package(path)
        except NewerFormat as exc:
            refuse(name, None, "newer", exc.lines()[0])
            continue
        except PackageContradicts as exc:
            refuse(name, _named(path), "incoherent", exc.lines()[0])
            continue
        except DanvanError as exc:
            refuse(name, None, "unreadable", exc.lines()[0])
            continue
        unit, unit_name = pkg.don_vi.ma, pkg.don_vi.ten
        if members is not None and unit in members:
            unit_name = members[unit].name  # named as the office knows it
        if only and not fnmatch.fnmatchcase(unit, only):
            continue
        if pkg.ky.nam != year and ours(unit):
            got.other_years += 1  # last year's packages, still in the folder: not this report's business
            continue
        if not ours(unit):
            listed = "danh sách đơn vị (don-vi.yaml)" if members is not None else "tong_hop.don_vi"
            refuse(name, unit_name, "not_ours", f"đơn vị {unit} không có trong {listed} của {office_unit.name}")
            continue
        if pkg.ky.ma != period:
            refuse(
                name,
                unit_name,
                "other_period",
                f"gói là báo cáo {label_with_year(pkg.ky.ma, pkg.ky.nam)}, không phải báo cáo {label_with_year(period, year)}",
            )
            continue
        documented, why = _document_state(path, pkg.van_ban.docx, pkg)
        _, pdf_why = _document_state(path, pkg.van_ban.pdf)
        if why or pdf_why:
            refuse(name, unit_name, "document", why or pdf_why or "", failed_unit=unit)
            continue
        new = _Candidate(path, pkg, documented)
        if unit not in chosen:
            chosen[unit] = new
            continue
        old = chosen[unit]
        old_name = shown_text(old.path.relative_to(inbox).as_posix(), 120)
        if (pkg.don_vi.ten, pkg.don_vi.chu_viet_tat) != (old.pkg.don_vi.ten, old.pkg.don_vi.chu_viet_tat):
            detail = (
                f"hai đơn vị khác nhau ({shown_text(old.pkg.don_vi.ten)}; {shown_text(pkg.don_vi.ten)}) cùng mã "
                f"thư mục {unit}: {old_name} và {name}; không tổng hợp gói nào của mã này"
            )
            refuse(name, unit_name, "two_units", detail)
            got.failed[unit] = (unit_name, PLAIN["two_units"])
            conflicts.add(unit)
            continue
        if _same_content(pkg, old.pkg):
            keep, drop = (new, old) if new.documented and not old.documented else (old, new)
            chosen[unit] = keep
            dropped = shown_text(drop.path.relative_to(inbox).as_posix(), 120)
            kept = shown_text(keep.path.relative_to(inbox).as_posix(), 120)
            got.refused.append(Refusal(dropped, unit_name, PLAIN["copy"], f"bản sao của {kept}; chỉ tính một lần"))
            continue
        if new.documented != old.documented:  # a package without its report never displaces one with it
            keep, drop = (new, old) if new.documented else (old, new)
            chosen[unit] = keep
            dropped = shown_text(drop.path.relative_to(inbox).as_posix(), 120)
            got.refused.append(
                Refusal(
                    dropped,
                    unit_name,
                    PLAIN["undocumented"],
                    f"gói không kèm văn bản báo cáo, khác gói có văn bản "
                    f"{shown_text(keep.path.relative_to(inbox).as_posix(), 120)}; không dùng",
                )
            )
            continue
        if _later(pkg, old.pkg) or _later(old.pkg, pkg):
            keep, drop = (new, old) if _later(pkg, old.pkg) else (old, new)
            chosen[unit] = keep
            got.refused.append(
                Refusal(
                    shown_text(drop.path.relative_to(inbox).as_posix(), 120),
                    unit_name,
                    PLAIN["superseded"],
                    f"đơn vị gửi hai gói cho cùng kỳ; dùng gói của báo cáo {_number_text(keep.pkg)} ngày "
                    f"{keep.pkg.van_ban.ngay:%d/%m/%Y} ({shown_text(keep.path.relative_to(inbox).as_posix(), 120)})",
                )
            )
            continue
        detail = (
            f"hai gói {old_name} và {name} cùng số, cùng ngày mà số liệu khác nhau; không rõ gói nào đúng, "
            "đề nghị đơn vị gửi lại một gói"
        )
        refuse(name, unit_name, "conflict", detail)
        got.failed[unit] = (unit_name, PLAIN["conflict"])
        conflicts.add(unit)
    for unit, c in chosen.items():
        if unit in conflicts:
            continue
        got.packages[unit] = (c.path, c.pkg)
        if not c.documented:
            name = members[unit].name if members is not None and unit in members else c.pkg.don_vi.ten
            got.without_document.append(f"{shown_text(c.path.relative_to(inbox).as_posix(), 120)} ({name})")
    for unit in got.packages:
        got.failed.pop(unit, None)  # a unit that sent a good package too is read from it
    return got


def package_years(inbox: Path) -> list[int]:
    """The years of the packages in `inbox` that read as packages (the others are refused later, with reasons)."""
    years = []
    if inbox.is_dir() and not inbox.is_symlink():
        for path in inbox_files(inbox):
            try:
                if not path.is_symlink():
                    years.append(read_package(path).ky.nam)
            except DanvanError:
                continue
    return years


def _number_text(pkg: ReportPackage) -> str:
    return f"số {pkg.van_ban.so:02d}" if pkg.van_ban.so else "chưa có số"


def _later(a: ReportPackage, b: ReportPackage) -> bool:
    """Whether report `a` supersedes `b`: the later number wins (a numbered report over a draft), then the date."""
    return (a.van_ban.so or 0, a.van_ban.ngay) > (b.van_ban.so or 0, b.van_ban.ngay)


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
