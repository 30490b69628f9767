"""Write docs/glossary.md from the field descriptions in danvan_cli/models/, and docs/templates.md from
the names the document contexts give templates (danvan_cli/context.py): one source of truth for each."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from danvan_cli import models  # noqa: E402

FILES = [
    ("unit.yaml", models.Unit),
    ("unit.yaml → nguoi_ky", models.Signer),
    ("unit.yaml → nhiem_ky[] (Party units)", models.Term),
    ("unit.yaml → mau", models.Templates),
    ("unit.yaml → tong_hop (the office above)", models.Consolidation),
    ("unit.yaml → tong_hop → so_lieu[]", models.DeclaredFigure),
    ("plan.yaml", models.Plan),
    ("plan.yaml → muc[]", models.Section),
    ("plan.yaml → muc[] → nhiem_vu[]", models.Task),
    ("plan.yaml → che_do_bao_cao[]", models.ReportDue),
    ("progress.yaml → each entry", models.ProgressEntry),
    ("reports/<period>.yaml", models.Narrative),
    ("so-van-ban-di.yaml → each entry (written by --final)", models.RegisterEntry),
    ("tieu-chi.yaml (criteria for the self-assessment)", models.Criteria),
    ("tieu-chi.yaml → nhom[]", models.CriteriaGroup),
    ("tieu-chi.yaml → nhom[] → tieu_chi[]", models.Criterion),
    ("tieu-chi.yaml → xep_loai[]", models.Band),
    ("tu-cham.yaml (the unit's self-assessment)", models.SelfAssessment),
    ("tu-cham.yaml → diem[], cap_tren[]", models.Score),
]


def glossary() -> str:
    out = [
        "# Glossary: the keys of the YAML files",
        "",
        "Keys are the names of the NĐ 30 components without diacritics, so that a clerk reads them as the",
        "parts of the paper document. Generated from `danvan_cli/models/` by `python tools/glossary.py`.",
        "",
    ]
    for title, model in FILES:
        out += [
            f"## {title}",
            "",
            "| key | English | Vietnamese (as in the YAML comments) | required |",
            "|---|---|---|---|",
        ]
        for name, info in model.model_fields.items():
            en = (info.json_schema_extra or {}).get("en", "")
            out.append(f"| `{name}` | {en} | {info.description or ''} | {'yes' if info.is_required() else ''} |")
        out.append("")
    return "\n".join(out)


TEMPLATE_KINDS = {
    "ke_hoach": ("Kế hoạch", "templates/ke-hoach.docx (Đảng: ke-hoach-dang.docx)"),
    "bao_cao": ("Báo cáo", "templates/bao-cao.docx (Đảng: bao-cao-dang.docx)"),
    "bao_cao_tong_hop": ("Báo cáo tổng hợp", "templates/bao-cao-tong-hop.docx"),
    "so_van_ban_di": ("Sổ đăng ký văn bản đi", "templates/so-van-ban-di.docx"),
    "cong_van": ("Công văn của cơ quan tổng hợp", "templates/cong-van.docx (Đảng: cong-van-dang.docx)"),
}


def template_reference() -> str:
    from danvan_cli.context import TEMPLATE_NAMES

    out = [
        "# Tên dùng được trong mẫu văn bản (templates)",
        "",
        "Mẫu văn bản là tệp Word (.docx) có thẻ Jinja, ví dụ `{{ ten_co_quan }}`. Một đơn vị có thể dùng mẫu riêng",
        "(`mau:` trong unit.yaml, đường dẫn tính từ thư mục đơn vị). `danvan validate` kiểm tra mẫu riêng: thẻ đúng",
        "cú pháp, và mọi tên mẫu dùng đều có trong bảng dưới. Mẫu chạy trong môi trường cách ly (sandbox), mọi",
        "giá trị được thoát ký tự XML. Tạo bởi `python tools/glossary.py` từ `danvan_cli/context.py`.",
        "",
    ]
    for kind, names in TEMPLATE_NAMES.items():
        title, builtin = TEMPLATE_KINDS[kind]
        out += [f"## {title} (`mau: {{{kind}: …}}`; mẫu có sẵn: {builtin})", "", "| tên | nội dung |", "|---|---|"]
        out += [f"| `{name}` | {text} |" for name, text in names.items()]
        out.append("")
    return "\n".join(out)


def main() -> None:
    docs = ROOT / "docs"
    docs.mkdir(exist_ok=True)
    for name, text in (("glossary.md", glossary()), ("templates.md", template_reference())):
        (docs / name).write_text(text, encoding="utf-8")
        print(docs / name)


if __name__ == "__main__":
    main()
