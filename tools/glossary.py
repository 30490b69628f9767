"""Write docs/glossary.md from the field descriptions in danvan_cli/models.py (one source of truth)."""

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
        "parts of the paper document. Generated from `danvan_cli/models.py` by `python tools/glossary.py`.",
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


def main() -> None:
    path = ROOT / "docs" / "glossary.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(glossary(), encoding="utf-8")
    print(path)


if __name__ == "__main__":
    main()
