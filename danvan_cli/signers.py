"""A signer checked as validate reads unit.yaml: the capacity a title signs in (TM., KT., TL., TUQ., Q.), the
collective body a Chủ tịch or Bí thư signs for."""

from __future__ import annotations

from danvan_cli.errors import (
    Warning_,
)
from danvan_cli.models import (
    PARTY_AUTHORITIES,
    STATE_AUTHORITIES,
    Unit,
)
from danvan_cli.proofread import remark_at
from danvan_cli.vnformat import fold_diacritics, upper
from danvan_cli.yamlsource import Source

# Titles that belong to one kind of document: a Party document is signed by the committee's people, a State one
# by the head of the body (NĐ 30 Điều 13; HD 36).
STATE_TITLES = ("hiệu trưởng", "phó hiệu trưởng", "chủ tịch", "phó chủ tịch", "giám đốc", "phó giám đốc",
                "trưởng phòng", "phó trưởng phòng", "thủ trưởng")  # fmt: skip


PARTY_TITLES = ("bí thư", "phó bí thư", "ủy viên ban thường vụ", "chánh văn phòng đảng ủy")


def signer_warnings(unit: Unit, source: Source) -> list[Warning_]:
    """A signature that reads as the other kind of document's: a Chi bộ's plan signed by the Hiệu trưởng, a
    school's signed 'T/M CHI BỘ'. Possible on purpose, so a warning, never an error."""

    party = unit.the_thuc == "dang"
    title = unit.nguoi_ky.chuc_vu.casefold()
    lines = unit.nguoi_ky.authority
    line, col = source.position(("nguoi_ky", "chuc_vu"))
    if party and title in STATE_TITLES:
        why = f"'{unit.nguoi_ky.chuc_vu}' là chức vụ của chính quyền, nhưng văn bản dùng thể thức của Đảng (HD 36)"
    elif not party and (title in PARTY_TITLES or any(a.startswith(PARTY_AUTHORITIES) for a in lines)):
        why = f"người ký '{' / '.join([*lines, unit.nguoi_ky.chuc_vu])}' là của cấp ủy Đảng, nhưng đơn vị dùng thể thức nhà nước"
    elif party and any(a.startswith(STATE_AUTHORITIES) for a in lines):
        why = f"'{lines[0]}' là cách ghi thẩm quyền của văn bản nhà nước, nhưng đơn vị dùng thể thức của Đảng (T/M, K/T, T/L)"
    else:
        return []
    return [Warning_(source.shown, line, col, why + "; hãy kiểm tra the_thuc và nguoi_ky trong unit.yaml")]


# Bodies that work as a collective (NĐ 30 Điều 13.1.a; HD 36 for the Party's committees): their documents are signed
# for the collective, "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH", "T/M CHI BỘ / BÍ THƯ". By how their name begins (folded):
# the collective a signature speaks for.
COLLECTIVES = (
    (("uy ban nhan dan", "ubnd "), "Ủy ban nhân dân"),
    (("hoi dong nhan dan", "hdnd "), "Thường trực Hội đồng nhân dân"),
    (("uy ban mat tran to quoc", "uy ban mttq", "ban thuong truc uy ban mat tran"), "Ban Thường trực"),
)


PARTY_COLLECTIVES = (
    (("chi bo",), "Chi bộ"),
    (("dang uy", "dang bo"), "Đảng ủy"),
    (("ban thuong vu",), "Ban Thường vụ"),
    (("ban chap hanh",), "Ban Chấp hành"),
)


FOR_THE_COLLECTIVE = ("TM.", "T/M", "TL.", "T/L", "TUQ.")  # signed for the collective (or by its order)


def collective_body(name: str, the_thuc: str | None = None) -> str | None:
    """The collective a body's documents are signed for ('Ủy ban nhân dân' for 'Ủy ban nhân dân xã Tân Phú',
    'Chi bộ' for 'Chi bộ Trường Tiểu học …'); None for a body run by its head (a school, a Sở, a Phòng)."""

    folded = " ".join(fold_diacritics(name).lower().split()) + " "
    for starts, body in PARTY_COLLECTIVES if the_thuc == "dang" else COLLECTIVES:
        if folded.startswith(starts):
            return body
    return None


def collective_warnings(unit: Unit, source: Source) -> list[Warning_]:
    """A collective body's documents signed by its head alone ('CHỦ TỊCH' without 'TM. ỦY BAN NHÂN DÂN'), or a
    Party unit that has not declared its committee's term (its first numbered document would be refused)."""

    found: list[Warning_] = []
    body = collective_body(unit.name, unit.the_thuc)
    if body is not None and not any(line.startswith(FOR_THE_COLLECTIVE) for line in unit.nguoi_ky.authority):
        tm = "T/M" if unit.the_thuc == "dang" else "TM."
        head = unit.nguoi_ky.chuc_vu
        deputy = head.casefold().startswith("phó ")
        lines = [f"{tm} {body}"] + ([f"KT. {head[4:][:1].upper()}{head[4:][1:]}"] if deputy and tm == "TM." else [])
        shown = " / ".join(upper(line) for line in [*lines, head])
        found.append(
            remark_at(
                source,
                ("nguoi_ky",),
                f"{unit.name} làm việc theo chế độ tập thể: văn bản ký thay mặt tập thể, “{shown}” "
                f"({'HD 36-HD/VPTW' if tm == 'T/M' else 'NĐ 30 Điều 13'}), nhưng người ký chưa có dòng {tm}",
                kind="người ký",
                fix=f"; hãy thêm vào nguoi_ky: quyen_han: [{', '.join(lines)}]",
            )
        )
    if unit.the_thuc == "dang" and not unit.nhiem_ky:
        found.append(
            remark_at(
                source,
                ("the_thuc",),
                "văn bản của Đảng đánh số từ 01 trong mỗi nhiệm kỳ cấp ủy (HD 36), mà unit.yaml chưa khai báo nhiem_ky: "
                "kế hoạch và báo cáo ban hành chính thức sẽ không cấp được số",
                kind="nhiệm kỳ",
                fix="; hãy thêm nhiem_ky: [{tu: <ngày bế mạc đại hội, ví dụ 2025-08-20>}]",
            )
        )
    return found
