"""Report packages: every report carries its data (.danvan.json), and the office consolidates what it received."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from helpers import located, package_of, report, rewrite, unit_args

from tests.conftest import ROOT, docx_paragraphs

AS_OF = dt.date(2022, 12, 30)  # after every report's date: the unit and the office see the same data
OFFICE = "phong-gd-dt"


def reporting_units(plans: Path, count: int, period: str) -> list[str]:
    """Generated units that reported for `period` (their narrative is written); the others are removed."""
    from danvan_cli.demo import make_demo_units

    names = make_demo_units(plans, count, year=2022)
    kept = []
    for name in names:
        if (plans / name / "2022/reports" / f"{period}.yaml").is_file():
            kept.append(name)
        else:
            shutil.rmtree(plans / name)
    return kept


def send(plans: Path, units: list[str], period: str, outbox: Path) -> list[Path]:
    """Each unit makes its report as it would on its own computer; the packages and documents go to `outbox`."""
    from danvan_cli.documents import make_report
    from danvan_cli.loading import load_plan
    from danvan_cli.workspace import Workspace

    ws = Workspace(plans)
    packages = []
    for unit in units:
        written = make_report(load_plan(ws, unit, 2022), period, outbox / unit, as_of=AS_OF)
        assert written.package is not None and written.package.is_file()
        packages.append(written.package)
    return packages


def office_only(plans: Path, tmp: Path) -> Path:
    """The office's own plans folder: its unit.yaml and its roster (every unit demo-units made), none of their
    data."""
    office_plans = tmp / "office-plans"
    office_plans.mkdir()
    shutil.copytree(plans / OFFICE, office_plans / OFFICE)
    return office_plans


def said(c) -> str:
    """Every refusal as the terminal says it (file, unit, reason)."""
    return "\n".join(r.terminal() for r in c.refused)


def consolidated_text(plans: Path, out: Path, period: str, inbox: Path | None = None) -> list[str]:
    from danvan_cli.office_report import make_consolidated
    from danvan_cli.workspace import Workspace

    _, written, _ = make_consolidated(Workspace(plans), OFFICE, period, 2022, out, as_of=AS_OF, inbox=inbox)
    return docx_paragraphs(written.docx)


@pytest.mark.parametrize("period", ["6m", "year"])
def test_consolidating_packages_gives_the_text_of_consolidating_folders(tmp_path, period):
    plans = tmp_path / "plans"
    units = reporting_units(plans, 12, period)
    assert len(units) >= 9
    packages = send(plans, units, period, tmp_path / "sent")
    inbox = tmp_path / "inbox"
    for package in packages:  # as they arrive: every unit's files in one folder
        for path in package.parent.iterdir():
            shutil.copy(path, inbox / path.name) if inbox.is_dir() else (inbox.mkdir(), shutil.copy(path, inbox))
    from_folders = consolidated_text(plans, tmp_path / "a", period)
    from_packages = consolidated_text(office_only(plans, tmp_path), tmp_path / "b", period, inbox)
    assert from_packages == from_folders
    text = "\n".join(from_folders)
    assert f"có {len(units):02d}/12 đơn vị gửi báo cáo" in text  # against the roster of twelve
    assert "nhận được nhưng không tổng hợp" not in text
    if period == "year":
        assert "Phụ lục II" in text  # the units' scores travelled too


def test_a_package_holds_what_its_report_shows(plans, tmp_path):
    """The seed's report: the package names its document by hash, its figures are the table's, its tasks the plan's."""
    import jsonschema

    from danvan_cli.documents import make_report
    from danvan_cli.loading import load_plan
    from danvan_cli.workspace import Workspace

    loaded = load_plan(Workspace(plans), "mn-hung-an", 2022)
    written = make_report(loaded, "6m", tmp_path / "out", as_of=dt.date(2022, 5, 13))
    assert written.package == written.docx.with_name("BC-MNHA-2022-6-thang-dau-nam.danvan.json")
    data = json.loads(written.package.read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "docs/goi-bao-cao.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert data["van_ban"]["docx"] == {
        "ten": written.docx.name,
        "sha256": hashlib.sha256(written.docx.read_bytes()).hexdigest(),
    }
    assert data["don_vi"]["ma"] == "mn-hung-an" and data["don_vi"]["chu_viet_tat"] == "MNHA"
    assert data["ky"] == {
        "ma": "6m",
        "nam": 2022,
        "ten": "6 tháng đầu năm 2022",
        "tu_ngay": "2021-12-15",
        "den_ngay": "2022-05-13",
        "han": "2022-05-15",
    }
    assert data["van_ban"]["ke_hoach"].startswith("Kế hoạch số ")
    assert len(data["nhiem_vu"]) == len(loaded.tasks)
    # the figures table of the document, row by row
    paragraphs = docx_paragraphs(written.docx)
    for figure in data["so_lieu"]:
        name = figure["ten"][0].upper() + figure["ten"][1:]
        at = paragraphs.index(name)
        assert paragraphs[at + 1] == figure["don_vi_tinh"]
        shown = paragraphs[at + 2].replace(".", "").replace(",", ".")
        assert shown == (figure["ky_nay"] or "0")
    assert any(f["ten"] == "số lượt người tham gia" and f["ky_nay"] for f in data["so_lieu"])


def test_the_published_schema_is_the_one_danvan_checks_against():
    from danvan_cli.package import json_schema

    published = json.loads((ROOT / "docs/goi-bao-cao.schema.json").read_text(encoding="utf-8"))
    assert published == json.loads(json.dumps(json_schema())), "run: python -c 'from danvan_cli.package import …'"


# ---------------------------------------------------------------- what the office refuses


@pytest.fixture
def received(tmp_path):
    """Five units' 6-month packages in an inbox, and the office's own plans folder."""
    plans = tmp_path / "plans"
    units = reporting_units(plans, 5, "6m")
    assert len(units) == 5
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for package in send(plans, units, "6m", tmp_path / "sent"):
        for path in package.parent.iterdir():
            shutil.copy(path, inbox / path.name)
    return office_only(plans, tmp_path), inbox, units


def consolidate_inbox(office_plans: Path, inbox: Path, period: str = "6m", year: int = 2022):
    from danvan_cli.aggregate import consolidate
    from danvan_cli.workspace import Workspace

    return consolidate(Workspace(office_plans), OFFICE, period, year, as_of=AS_OF, inbox=inbox)


def test_every_refusal_is_named_and_nothing_refused_is_summed(received, tmp_path):
    office_plans, inbox, units = received
    first, second, third, fourth, fine = units
    good = consolidate_inbox(office_plans, inbox)
    assert len(good.reporting) == 5 and not good.refused

    # a newer format, a document changed after its package was made, a unit not declared, another period
    rewrite(package_of(inbox, first), lambda d: d.update(phien_ban=3))
    docx = inbox / json.loads(package_of(inbox, second).read_text(encoding="utf-8"))["van_ban"]["docx"]["ten"]
    docx.write_bytes(docx.read_bytes() + b"\0")
    rewrite(package_of(inbox, third), lambda d: d["don_vi"].update(ma="truong-khac"))
    rewrite(package_of(inbox, fourth), lambda d: d["ky"].update(ma="9m"))
    (inbox / "ghi-chu.danvan.json").write_text("không phải JSON", encoding="utf-8")
    c = consolidate_inbox(office_plans, inbox)
    assert [u.unit for u in c.reporting] == [fine]
    assert c.totals == good_totals_of(good, fine)
    terminal = said(c)
    assert "phiên bản 3, bản danvan này chỉ đọc đến phiên bản 2; hãy cập nhật danvan" in terminal
    assert "không khớp mã SHA-256 trong gói" in terminal
    assert "đơn vị truong-khac không có trong danh sách đơn vị (don-vi.yaml)" in terminal
    assert "gói là báo cáo 9 tháng đầu năm 2022, không phải báo cáo 6 tháng đầu năm 2022" in terminal
    assert "ghi-chu.danvan.json: không đọc được như JSON (UTF-8)" in terminal
    assert len(c.refused) == 5

    # and the office's document says so, in the Phụ lục, by unit and in plain words: no tool word on paper
    text = "\n".join(consolidated_text(office_plans, tmp_path / "out", "6m", inbox))
    assert "Báo cáo, số liệu nhận được nhưng không tổng hợp (5):" in text
    assert "văn bản báo cáo gửi kèm không khớp với số liệu" in text
    for word in ("SHA-256", ".danvan.json", "tong_hop", "dinh_dang", "danvan", "don-vi-", ".yaml", "JSON"):
        assert word not in text, word


def good_totals_of(c, unit: str) -> dict:
    """The declared totals when only `unit` is summed."""
    from danvan_cli.aggregate import summed

    only = [u for u in c.units if u.unit == unit]
    return summed(c.office, c.office_unit, c.period, c.year, only).totals


def test_two_packages_of_one_unit_the_later_report_wins_when_its_document_came_with_it(received):
    from danvan_cli.figures import key

    office_plans, inbox, units = received
    path = package_of(inbox, units[0])
    first_figure = json.loads(path.read_text(encoding="utf-8"))["so_lieu"][0]["ten"]
    # the unit remade its report (number 07) and sent it again, with its document
    again = inbox / "gui-lai" / path.name
    again.parent.mkdir()
    shutil.copy(path, again)
    original = json.loads(path.read_text(encoding="utf-8"))
    docx = again.parent / original["van_ban"]["docx"]["ten"]
    shutil.copy(path.parent / docx.name, docx)
    c = consolidate_inbox(office_plans, inbox)
    assert "bản sao của" in said(c)  # the same report twice counts once
    rewrite(
        again,
        lambda d: (
            d["van_ban"].update(
                so=7, so_ky_hieu=d["van_ban"]["so_ky_hieu"].replace(f"{d['van_ban']['so']:02d}/", "07/")
            ),
            d["so_lieu"][0].update(ky_nay="999", luy_ke="999"),
        ),
    )
    # … but a package that says what its document does not is refused: the document still reads its own number
    c = consolidate_inbox(office_plans, inbox)
    used = next(u for u in c.units if u.unit == units[0])
    assert used.figures[key(first_figure)].value != 999
    assert "văn bản kèm theo không có số, ký hiệu này" in said(c)
    # and one edited without its document never replaces the report that came with it
    (again.parent / docx.name).unlink()
    c = consolidate_inbox(office_plans, inbox)
    assert next(u for u in c.units if u.unit == units[0]).figures[key(first_figure)].value != 999
    assert "gói không kèm văn bản báo cáo, khác gói có văn bản" in said(c)


@pytest.mark.parametrize(
    "change, said",
    [
        (lambda d: d["so_lieu"][0].update(ky_nay="1.2e5"), "so_lieu.0.ky_nay"),
        (lambda d: d["so_lieu"][0].update(ky_nay=1200), "so_lieu.0.ky_nay"),
        (lambda d: d.update(them="{{ 7*7 }}"), "'them'"),
        (lambda d: d["don_vi"].update(ma="../../etc"), "don_vi.ma"),
        (lambda d: d["van_ban"]["docx"].update(ten="../bc.docx"), "van_ban.docx.ten"),
        (lambda d: d.update(dinh_dang="khac"), "không phải gói báo cáo danvan"),
        (lambda d: d["so_lieu"][0].update(ky_nay="-1000"), "so_lieu.0.ky_nay"),
        (lambda d: d["ky"].update(nam="2022"), "ky.nam"),
        (lambda d: d["van_ban"].update(ngay="9999-12-31"), "không thuộc năm 2022"),
        (lambda d: d["ky"].update(tu_ngay="2022-12-01"), "kết thúc trước khi bắt đầu"),
        (lambda d: d["so_lieu"].append(dict(d["so_lieu"][0], ten=d["so_lieu"][0]["ten"].upper())), "có hai lần"),
    ],
)
def test_a_hostile_or_broken_package_is_refused_with_its_place(received, change, said):
    office_plans, inbox, units = received
    rewrite(package_of(inbox, units[0]), change)
    c = consolidate_inbox(office_plans, inbox)
    assert len(c.reporting) == 4
    assert len(c.refused) == 1 and said in c.refused[0].terminal(), c.refused


def test_strings_are_cleaned_as_any_user_text(received):
    """NFC, and the characters XML cannot hold and direction controls removed: what yamlsource does to the unit's
    own YAML; the office names the unit as its roster does."""
    from danvan_cli.inbox import read_package

    office_plans, inbox, units = received
    path = package_of(inbox, units[0])
    rewrite(path, lambda d: d["don_vi"].update(ten="Tru\u031bo\u031b\u0300ng\x01 Ma\u0302\u0300m non\x0b\u202e"))
    assert read_package(path).don_vi.ten == "Trường Mầm non"
    c = consolidate_inbox(office_plans, inbox)
    assert not c.refused
    assert next(u.name for u in c.units if u.unit == units[0]) == "Trường Tiểu học Ngọc Thanh số 1"


def test_size_cap_link_and_strange_json_are_refused(received):
    office_plans, inbox, units = received
    (inbox / "lien-ket.danvan.json").symlink_to(package_of(inbox, units[0]))
    (inbox / "lon.danvan.json").write_text('{"dinh_dang": "' + "x" * (1024 * 1024 + 10) + '"}', encoding="utf-8")
    (inbox / "sau.danvan.json").write_text("[" * 100000 + "]" * 100000, encoding="utf-8")
    (inbox / "nan.danvan.json").write_text('{"dinh_dang": NaN}', encoding="utf-8")
    c = consolidate_inbox(office_plans, inbox)
    assert len(c.reporting) == 5
    terminal = said(c)
    assert "lon.danvan.json: " in terminal
    assert "sau.danvan.json: không đọc được như JSON" in terminal
    assert "nan.danvan.json: không đọc được như JSON" in terminal
    assert "lien-ket.danvan.json: là một liên kết" in terminal


def test_folders_and_packages_mix_and_a_unit_never_counts_twice(tmp_path):
    plans = tmp_path / "plans"
    units = reporting_units(plans, 6, "6m")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for package in send(plans, units, "6m", tmp_path / "sent"):
        shutil.copy(package, inbox)
    # the office holds the folders of the first two units, and received everyone's package
    office_plans = office_only(plans, tmp_path)
    for unit in units[:2]:
        shutil.copytree(plans / unit, office_plans / unit)
    c = consolidate_inbox(office_plans, inbox)
    assert sorted(u.unit for u in c.reporting) == sorted(units)
    assert c.from_packages == len(units) - 2
    assert len(c.refused) == 2 and all("dùng dữ liệu thư mục" in r.terminal() for r in c.refused)


def test_a_unit_of_the_roster_that_sent_nothing_is_listed_as_not_reporting_by_its_full_name(received):
    office_plans, inbox, _ = received
    roster = office_plans / OFFICE / "don-vi.yaml"
    roster.write_text(
        roster.read_text(encoding="utf-8") + "  - ma: mn-hoa-sen\n    ten: Trường Mầm non Hoa Sen\n", encoding="utf-8"
    )
    c = consolidate_inbox(office_plans, inbox)
    assert [(u.unit, u.name) for u in c.missing] == [("mn-hoa-sen", "Trường Mầm non Hoa Sen")]
    assert len(c.reporting) == 5


def test_aggregate_and_status_read_the_inbox_from_the_command_line(cli, received):
    office_plans, inbox, units = received
    rewrite(package_of(inbox, units[0]), lambda d: d["ky"].update(ma="9m"))
    shutil.copy(package_of(inbox, units[1]), inbox / "nam-truoc.danvan.json")
    rewrite(inbox / "nam-truoc.danvan.json", lambda d: d["ky"].update(nam=2021))
    result = cli(
        "aggregate", "--plans-dir", str(office_plans), "--unit", OFFICE, "--period", "6m", "--year", "2022",
        "--inbox", str(inbox), "--as-of", "2022-12-30", "-o", str(office_plans.parent / "out"),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "5 đơn vị: 4 đã báo cáo" in result.stdout  # the unit whose package was refused is on the roster
    assert "4 đơn vị tổng hợp từ gói báo cáo" in result.stdout
    assert "Gói báo cáo nhận được nhưng không tổng hợp (1):" in result.stderr
    assert "không phải báo cáo 6 tháng đầu năm 2022" in result.stderr
    assert "Bỏ qua 1 gói báo cáo của năm khác 2022" in result.stderr  # last year's, still in the folder
    result = cli(
        "status", "--all", "--plans-dir", str(office_plans), "--unit", OFFICE, "--period", "6m", "--year", "2022",
        "--inbox", str(inbox), "--as-of", "2022-12-30", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)
    assert len(shown["units"]) == 5 and len(shown["refused_packages"]) == 1
    result = cli("aggregate", "--plans-dir", str(office_plans), "--unit", OFFICE, "--period", "6m", "--year", "2022",
                 "--inbox", str(office_plans.parent / "khong-co"))  # fmt: skip
    assert result.exit_code == 1 and "không có thư mục nhận gói báo cáo này" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.soffice  # export makes the PDFs too where LibreOffice is installed
def test_export_writes_each_report_s_package_and_keeps_it_true(cli, plans, tmp_path):
    out = tmp_path / "exports"
    result = cli("export", "--plans-dir", str(plans), "-o", str(out), "--all", "--today", "2022-12-20")
    assert result.exit_code == 0, result.stderr
    packages = sorted(out.rglob("*.danvan.json"))
    assert [p.name for p in packages] == ["BC-MNHA-2022-6-thang-dau-nam.danvan.json", "BC-MNHA-2022-nam.danvan.json"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["outputs"]["mn-hung-an/2022/BC-MNHA-2022-nam"]
    assert "BC-MNHA-2022-nam.danvan.json" in entry["files"]
    data = json.loads(packages[1].read_text(encoding="utf-8"))
    assert data["van_ban"]["docx"]["ten"] == "BC-MNHA-2022-nam.docx"
    # a package lost is made again; nothing else is
    packages[1].unlink()
    result = cli("export", "--plans-dir", str(plans), "-o", str(out), "--all", "--today", "2022-12-20")
    assert result.exit_code == 0, result.stderr
    assert packages[1].is_file()
    again = json.loads(packages[1].read_text(encoding="utf-8"))
    for kind in ("docx", "pdf"):  # the documents were made again, with the time of making inside them
        if again["van_ban"][kind]:
            made = packages[1].with_name(again["van_ban"][kind]["ten"])
            assert again["van_ban"][kind]["sha256"] == hashlib.sha256(made.read_bytes()).hexdigest()
            del again["van_ban"][kind]["sha256"], data["van_ban"][kind]["sha256"]
    assert again == data


def test_a_figure_the_office_did_not_declare_is_listed_never_summed(received):
    office_plans, inbox, units = received
    before = consolidate_inbox(office_plans, inbox)
    rewrite(package_of(inbox, units[0]), lambda d: d["so_lieu"].append(
        {"ten": "số cây xanh trồng mới", "don_vi_tinh": "cây", "ky_nay": "1200", "luy_ke": "1200", "cung_ky": None}
    ))  # fmt: skip
    c = consolidate_inbox(office_plans, inbox)
    assert c.totals == before.totals
    assert any(name == "số cây xanh trồng mới" and value == 1200 for _, name, value, _ in c.undeclared)
    assert not c.refused


def test_status_without_a_year_takes_the_latest_year_of_the_packages(cli, received):
    office_plans, inbox, _ = received
    result = cli("status", "--all", "--plans-dir", str(office_plans), "--unit", OFFICE, "--period", "6m",
                 "--inbox", str(inbox), "--as-of", "2022-12-30", "--json")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "Năm báo cáo: 2022" in result.stderr
    assert len(json.loads(result.stdout)["units"]) == 5


def test_what_a_unit_can_record_it_can_send(cli, plans, tmp_path):
    """The figures progress add accepts (seven decimals, 10^15, their sums) travel: the package never fails."""
    from conftest import without_declared_figures

    from danvan_cli.inbox import read_package

    without_declared_figures(plans)  # a figure of any name
    for day, value in (
        ("03/03/2022", "0,1234567"),
        ("04/03/2022", "1.000.000.000.000.000"),
        ("05/03/2022", "1.000.000.000.000.000"),
    ):
        result = cli("progress", "add", "--plans-dir", str(plans), "--unit", "mn-hung-an", "tuyen-truyen", "Thử số lớn",
                     "--date", day, "--figure", f"tỷ lệ={value}")  # fmt: skip
        assert result.exit_code == 0, result.stderr
    result = cli("report", *unit_args(plans), "--period", "6m", "--as-of", "2022-05-13", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    package = read_package(tmp_path / "out/BC-MNHA-2022-6-thang-dau-nam.danvan.json")
    assert next(f for f in package.so_lieu if f.ten == "tỷ lệ").ky_nay == "2000000000000000.1234567"


def test_a_unit_whose_package_is_refused_is_listed_with_its_name_never_lost(received, tmp_path):
    office_plans, inbox, units = received
    package = json.loads(package_of(inbox, units[0]).read_text(encoding="utf-8"))
    docx = inbox / package["van_ban"]["docx"]["ten"]
    docx.write_bytes(docx.read_bytes() + b" ")  # edited in Word after the package was made
    c = consolidate_inbox(office_plans, inbox)
    broken = next(u for u in c.units if u.unit == units[0])
    assert broken.name == package["don_vi"]["ten"] and "không khớp với số liệu" in (broken.problem or "")
    assert broken in c.missing and len(c.reporting) == 4
    text = "\n".join(consolidated_text(office_plans, tmp_path / "out", "6m", inbox))
    assert f"{package['don_vi']['ten']} chưa gửi báo cáo" in text


def test_two_units_under_one_folder_name_are_both_refused(received):
    office_plans, inbox, units = received
    path = package_of(inbox, units[0])
    other = inbox / "tinh-khac" / path.name
    other.parent.mkdir()
    shutil.copy(path, other)
    rewrite(other, lambda d: (d["don_vi"].update(ten="Trường Mầm non Tân Lập"), d["van_ban"].update(so=40)))
    c = consolidate_inbox(office_plans, inbox)
    assert units[0] not in {u.unit for u in c.reporting}
    assert "hai đơn vị khác nhau" in said(c) and "Trường Mầm non Tân Lập" in said(c)


def test_one_report_sent_twice_counts_once_and_two_that_differ_count_not_at_all(received):
    office_plans, inbox, units = received
    path = package_of(inbox, units[0])
    copy = inbox / "lan-2" / path.name
    copy.parent.mkdir()
    shutil.copy(path, copy)
    c = consolidate_inbox(office_plans, inbox)
    assert len(c.reporting) == 5 and "bản sao của" in said(c)
    rewrite(copy, lambda d: d["so_lieu"][0].update(ky_nay="103", luy_ke="103"))
    # neither came with its document (the original's was lost on the way): the two differ, neither is taken
    (path.parent / json.loads(path.read_text(encoding="utf-8"))["van_ban"]["docx"]["ten"]).unlink()
    c = consolidate_inbox(office_plans, inbox)
    assert units[0] not in {u.unit for u in c.reporting}
    assert "cùng số, cùng ngày mà số liệu khác nhau" in said(c)


def test_an_inbox_as_it_arrives(received):
    """A second download renamed by the browser, a BOM, a name that would write to the terminal: all handled."""
    office_plans, inbox, units = received
    first = package_of(inbox, units[0])
    first.rename(first.with_name(first.name.replace(".danvan.json", ".danvan (1).json")))
    second = package_of(inbox, units[1])
    second.write_bytes(b"\xef\xbb\xbf" + second.read_bytes())
    (inbox / "x\x1b[2J.danvan.json").write_text("{}", encoding="utf-8")
    c = consolidate_inbox(office_plans, inbox)
    assert len(c.reporting) == 5
    assert [r.terminal() for r in c.refused] == [
        'x\\u001b[2J.danvan.json: không phải gói báo cáo danvan (thiếu "dinh_dang": "danvan/goi-bao-cao")'
    ]


def test_scores_travel_only_with_a_yearly_report(received):
    office_plans, inbox, units = received
    score = {"tu_cham": "95", "tong_diem": "100", "da_tham_dinh": True, "xep_loai": "Xuất sắc", "khong_xep_loai": None,
             "van_de": None}  # fmt: skip
    rewrite(package_of(inbox, units[0]), lambda d: d.update(tu_cham=score))
    c = consolidate_inbox(office_plans, inbox)
    assert all(u.score is None for u in c.units)


def test_duplicate_keys_in_a_package_are_refused(received):
    office_plans, inbox, units = received
    path = package_of(inbox, units[0])
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"so_lieu": [', '"so_lieu": [], "so_lieu": [', 1), encoding="utf-8")
    c = consolidate_inbox(office_plans, inbox)
    assert len(c.reporting) == 4 and "khóa 'so_lieu' xuất hiện hai lần" in said(c)


def test_a_package_that_came_without_its_document_is_summed_and_said(cli, received):
    office_plans, inbox, units = received
    package = json.loads(package_of(inbox, units[0]).read_text(encoding="utf-8"))
    (inbox / package["van_ban"]["docx"]["ten"]).unlink()
    result = cli("aggregate", "--plans-dir", str(office_plans), "--unit", OFFICE, "--period", "6m", "--year", "2022",
                 "--inbox", str(inbox), "--as-of", "2022-12-30", "-o", str(office_plans.parent / "out"))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "5 đơn vị tổng hợp từ gói báo cáo" in result.stdout
    assert "không kèm văn bản .docx (1)" in result.stderr and package["don_vi"]["ten"] in result.stderr


def test_a_report_whose_package_would_pass_the_format_s_limits_is_not_made(cli, plans, tmp_path):
    """The package is built as its model, each part checked as it is made: a task's name longer than a package
    carries is named at its place, and none of the report's files is written."""
    plan = plans / "mn-hung-an/2022/plan.yaml"
    text = plan.read_text(encoding="utf-8")
    long_name = "Tuyên truyền " + "rất dài " * 2600
    plan.write_text(text.replace("ten_ngan: Tuyên truyền về công tác dân vận chính quyền, quy chế dân chủ",
                                 f"ten_ngan: {long_name}", 1), encoding="utf-8")  # fmt: skip
    result = cli("report", "--plans-dir", plans, "--period", "6m", "--as-of", "31/12/2022", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.startswith("BC-MNHA-2022-6-thang-dau-nam.danvan.json: gói số liệu của báo cáo vượt giới hạn")
    assert "ở 'nhiem_vu.0.ten': 'ten' quá dài (tối đa 20.000 ký tự)" in result.stderr
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- hostile input, third campaign (issue 26, docs/reliability.md)


OUTLINE_HEAD = """\
dinh_dang: danvan/de-cuong
co_quan: Ban Dân vận Huyện ủy Văn Lâm
chu_de: công tác dân vận chính quyền
ky: 6m
nam: 2022
bao_cao:
  muc:
    - tieu_de: KẾT QUẢ
      gom: [ket_qua, bang_so_lieu]
so_lieu:
"""


def _outline(tmp_path: Path, figures: list[tuple[str, str]]) -> Path:
    from danvan_cli.yamlsource import quote

    path = tmp_path / "de-cuong.yaml"
    lines = "".join(f"  - {{ten: {quote(name)}, don_vi_tinh: {quote(unit)}}}\n" for name, unit in figures)
    path.write_text(OUTLINE_HEAD + lines, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "figures, where, limit",
    [
        ([(f"số liệu thứ {i}", "lượt") for i in range(2001)], (2011, 5), "mang tối đa 2.000 số liệu"),
        ([("số buổi", "buổi"), ("x" * 2001, "lượt")], (12, 11), "dài quá 2.000 ký tự"),
        ([("số buổi", "b" * 20_001)], (11, 35), "dài quá 20.000 ký tự"),
        ([(f"{i} " + "y" * 1900, "lượt") for i in range(300)], (11, 3), "quá giới hạn 1.024 KB"),
    ],
    ids=["2,001 figures", "a figure's name of 2,001 characters", "a unit of 20,001 characters", "over 1 MB"],
)
def test_an_outline_past_the_packages_limits_is_refused_when_read(cli, plans, tmp_path, figures, where, limit):
    """An outline no report package could answer is refused where it is read, at its place, before anything is
    written (it ended in an internal fault after the .docx was written)."""
    outline = _outline(tmp_path, figures)
    out = tmp_path / "out"
    result, _ = report(cli, plans, "6m", "--as-of", "2022-05-13", "--de-cuong", outline, out=out)
    assert result.exit_code == 1, result.stderr
    problems = located(result.stderr)
    assert problems and problems[0][1:3] == where and limit in problems[0][3], result.stderr
    assert not out.exists()


def test_a_report_whose_package_would_go_past_a_limit_writes_nothing(cli, plans, tmp_path):
    """Whatever else brings a package past its format (here a plan of 2,001 tasks), the report is refused before
    its .docx is written, naming the limit."""
    plan = plans / "mn-hung-an/2022/plan.yaml"
    tasks = "".join(f"      - ma: viec-{i}\n        noi_dung: Việc thứ {i}.\n" for i in range(2001))
    text = plan.read_text(encoding="utf-8")  # the plan's own sections kept, one more holding the tasks
    text = text.replace("\nmuc:\n", f"\nmuc:\n  - tieu_de: NHIỆM VỤ BỔ SUNG\n    nhiem_vu:\n{tasks}", 1)
    plan.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result, _ = report(cli, plans, "6m", "--as-of", "2022-05-13", out=out)
    assert result.exit_code == 1, result.stderr
    assert (
        "'nhiem_vu' có quá nhiều mục (2.010); tối đa 2.000 mục" in result.stderr and "chưa ghi tệp nào" in result.stderr
    )
    assert not out.exists()
