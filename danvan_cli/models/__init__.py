"""The typed shape of the user's files.

Keys are the NĐ 30 component names without diacritics, so a clerk reads them as the parts of
the paper document. Each field carries its Vietnamese explanation (`description`, used in the
comments of generated YAML and in error messages) and its English gloss (`en`, for the
glossary in docs/).

One module per kind of file (common: what they all share); every name is importable from here."""

from danvan_cli.models.common import (
    AUTHORITIES,
    AUTHORITY_PREFIXES,
    MAX_FIGURE,
    PARTY_AUTHORITIES,
    STATE_AUTHORITIES,
    TASK_ID_PATTERN,
    CitedDocument,
    Day,
    Figure,
    Line,
    LinedText,
    Paragraphs,
    Signer,
    Whole,
)
from danvan_cli.models.outline import OUTLINE_FORMAT, OUTLINE_VERSION, Outline
from danvan_cli.models.plan import Plan, ReportDue
from danvan_cli.models.progress import STATUSES, ProgressEntry, ProgressLog, TaskStatus
from danvan_cli.models.register import RegisterEntry, RegisterLog
from danvan_cli.models.report import Narrative, Profile
from danvan_cli.models.roster import Roster, RosterUnit
from danvan_cli.models.score import Band, Criteria, CriteriaGroup, Criterion, Score, SelfAssessment
from danvan_cli.models.sections import REPORT_PARTS, Item, Numbering, Part, ReportPart, ReportSkeleton, Section, Task
from danvan_cli.models.unit import Consolidation, DeclaredFigure, FigureKind, Templates, Term, Unit

__all__ = [
    "AUTHORITIES",
    "AUTHORITY_PREFIXES",
    "MAX_FIGURE",
    "OUTLINE_FORMAT",
    "OUTLINE_VERSION",
    "PARTY_AUTHORITIES",
    "REPORT_PARTS",
    "STATE_AUTHORITIES",
    "STATUSES",
    "TASK_ID_PATTERN",
    "Band",
    "CitedDocument",
    "Consolidation",
    "Criteria",
    "CriteriaGroup",
    "Criterion",
    "Day",
    "DeclaredFigure",
    "Figure",
    "FigureKind",
    "Item",
    "Line",
    "LinedText",
    "Narrative",
    "Numbering",
    "Outline",
    "Paragraphs",
    "Part",
    "Plan",
    "Profile",
    "ProgressEntry",
    "ProgressLog",
    "RegisterEntry",
    "RegisterLog",
    "ReportDue",
    "ReportPart",
    "ReportSkeleton",
    "Roster",
    "RosterUnit",
    "Score",
    "Section",
    "SelfAssessment",
    "Signer",
    "Task",
    "TaskStatus",
    "Templates",
    "Term",
    "Unit",
    "Whole",
]
