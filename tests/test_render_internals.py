"""render.py drives docxtpl's internals (not its public `render`): it opens a template once, keeps docxtpl's
clean-up of the XML, and zips the package itself, so that an export of many documents is fast. These tests
say exactly what changed when docxtpl is upgraded past the versions pyproject.toml pins."""

from __future__ import annotations

import inspect
import io
import zipfile

import docxtpl
import pytest
from conftest import docx_paragraphs

# Every member of DocxTemplate that render.py calls or reads, with the parameters it passes.
INTERNALS = {
    "render_init": ["self"],
    "get_xml": ["self"],
    "patch_xml": ["self", "src_xml"],
    "render_xml_part": ["self", "src_xml", "part", "context", "jinja_env"],
    "fix_tables": ["self", "xml"],
    "fix_docpr_ids": ["self", "tree"],
    "get_headers_footers": ["self", "uri"],
    "build_headers_footers_xml": ["self", "context", "uri", "jinja_env"],
}


@pytest.mark.parametrize("name", sorted(INTERNALS))
def test_every_internal_render_py_calls_is_there_with_the_same_parameters(name):
    member = getattr(docxtpl.DocxTemplate, name, None)
    assert member is not None, f"docxtpl {docxtpl.__version__}: DocxTemplate.{name} is gone; update render.py"
    params = list(inspect.signature(member).parameters)
    assert params[: len(INTERNALS[name])] == INTERNALS[name], (
        f"docxtpl {docxtpl.__version__}: DocxTemplate.{name}{inspect.signature(member)} changed; update render.py"
    )


def test_the_header_and_footer_relationships_are_the_ones_word_uses():
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    assert ns + "header" == docxtpl.DocxTemplate.HEADER_URI
    assert ns + "footer" == docxtpl.DocxTemplate.FOOTER_URI


def _seed_contexts(plans):
    import datetime as dt

    from danvan_cli import context as ctx
    from danvan_cli.documents import gather_report, render_report
    from danvan_cli.loading import load_plan
    from danvan_cli.render import builtin_templates_dir
    from danvan_cli.workspace import Workspace

    loaded = load_plan(Workspace(plans), "mn-hung-an", 2022)
    yield builtin_templates_dir() / "ke-hoach.docx", ctx.plan_context(loaded.unit, loaded.plan)
    inputs = gather_report(loaded, "6m", dt.date(2022, 5, 13))
    from danvan_cli.report import report_context

    report, _ = report_context(loaded.unit, loaded.plan, inputs.narrative, inputs.data, face=inputs.face())
    report["cham_diem"] = None
    yield builtin_templates_dir() / "bao-cao.docx", report
    assert render_report  # the path documents.py takes is the one measured here


def _texts(data: bytes, path) -> tuple[list[str], list[str]]:
    """The body's paragraphs (tables included) and the text of every header and footer part."""
    import re

    path.write_bytes(data)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = sorted(n for n in z.namelist() if re.fullmatch(r"word/(header|footer)\d*\.xml", n))
        margins = [re.sub(r"<[^>]+>", "", z.read(n).decode("utf-8")) for n in parts]
    return docx_paragraphs(path), margins


def test_rendering_through_the_internals_gives_what_docxtpl_itself_gives(plans, tmp_path):
    """The document render.py makes has the same text, paragraph by paragraph, as docxtpl's public render of
    the same template and context: the internals still do what render.py relies on them for."""
    from danvan_cli import render

    for template, context in _seed_contexts(plans):
        ours = render.render_docx(template, context)
        reference = docxtpl.DocxTemplate(str(template))
        env = render._environment()
        env.autoescape = True
        reference.render(render.xml_safe(context), jinja_env=env)
        buffer = io.BytesIO()
        reference.save(buffer)
        theirs = buffer.getvalue()
        body, margins = _texts(ours, tmp_path / "ours.docx")
        assert (body, margins) == _texts(theirs, tmp_path / "theirs.docx"), (
            f"{template.name}: render.py and docxtpl's render differ"
        )
        assert any("KẾ HOẠCH" in p or "BÁO CÁO" in p for p in body)  # a real document, not two empty ones
