"""Validation: a file's data checked against its model, every mistake said at its line and column, in
Vietnamese, with what is allowed (and the nearest key where one was misspelt)."""

from __future__ import annotations

import difflib
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from danvan_cli.errors import InputError, Problem
from danvan_cli.vnformat import number, shorten
from danvan_cli.yamlsource import NumberText, Source

M = TypeVar("M", bound=BaseModel)


def _unwrap_model(annotation) -> Any:
    """The BaseModel class inside Optional[...] / list[...] / Union[...], if any."""

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _unwrap_model(arg)
        if found is not None:
            return found
    return None


def _model_at(model: Any, loc: tuple) -> Any:
    """The model class that holds the key at the end of `loc`."""
    current = _unwrap_model(model.model_fields["root"].annotation) if "root" in model.model_fields else model
    for part in loc[:-1]:
        if isinstance(part, int) or current is None:
            continue
        info = current.model_fields.get(part)
        current = _unwrap_model(info.annotation) if info else None
    return current


def _data_loc(data: Any, loc: tuple) -> tuple:
    """Drop pydantic's union-member tags from an error location, keeping real keys and indexes."""
    out = []
    current = data
    for part in loc:
        if (isinstance(current, dict) and part in current) or (
            isinstance(current, list) and isinstance(part, int) and part < len(current)
        ):
            current = current[part]
            out.append(part)
        elif (
            isinstance(current, dict)
            and isinstance(part, str)
            and not part.endswith("]")
            and part not in ("str", "int", "list", "date")
        ):
            out.append(part)  # a missing or unknown key: keep it to name it
            current = None
        else:
            current = None
    return tuple(out)


_DATE_REASONS = {
    "day value is outside expected range": "tháng này không có ngày đó",
    "month value is outside expected range": "tháng phải từ 1 đến 12",
    "input is too short": "thiếu ngày hoặc tháng",
    "invalid character in year": "năm phải có bốn chữ số",
}


def _describe(error: Any, model: Any, loc: tuple, raw_key: Any, raw_value: Any) -> str:
    """One validation error in Vietnamese: what is wrong and what is allowed. User text is echoed
    shortened, so that a message never replays a whole file (or a file a path pointed to)."""

    kind = error["type"]
    key = shorten(str(raw_key)) if loc else ""
    value = shorten(str(raw_value)) if isinstance(raw_value, (str, int, float)) else raw_value
    holder = _model_at(model, loc) if loc else model
    info = holder.model_fields.get(raw_key) if holder is not None and isinstance(raw_key, str) else None
    what = f" ({info.description})" if info and info.description else ""
    if kind in ("vn_number", "vn_date"):
        return f"{error['msg']}{what}"
    if kind == "missing":
        return f"thiếu khóa bắt buộc '{key}'{what}"
    if kind == "extra_forbidden":
        allowed = list(holder.model_fields) if holder is not None else []
        guess = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        hint = f"; có phải ý bạn là '{guess[0]}'?" if guess else ""
        listed = f"các khóa được phép: {', '.join(allowed)}"
        return f"khóa '{key}' không hợp lệ ở đây" + (f"{hint} {vn_upper_first(listed)}" if hint else f"; {listed}")
    if kind in ("date_parsing", "date_from_datetime_parsing", "date_type", "date_from_datetime_inexact"):
        reason = str(error.get("ctx", {}).get("error", ""))
        reason_vi = next((vi for en, vi in _DATE_REASONS.items() if en in reason), "không đúng dạng")
        return f"ngày '{value}' không hợp lệ ({reason_vi}); viết ngày/tháng/năm (25/01/2022) hoặc năm-tháng-ngày (2022-01-25)"
    if kind == "literal_error":
        expected = str(error.get("ctx", {}).get("expected", "")).replace("' or '", "', '")
        return f"giá trị '{value}' không được phép; chỉ dùng một trong: {expected}"
    if kind == "string_pattern_mismatch":
        return f"'{value}' không đúng dạng{what}"
    if kind == "too_long":  # a list
        most = error.get("ctx", {}).get("max_length")
        count = len(value) if isinstance(value, list) else None
        return (
            f"'{key}' có quá nhiều mục"
            + (f" ({number(count)})" if count is not None else "")
            + (f"; tối đa {number(most)} mục" if most else "")
            + what
        )
    if kind == "string_too_long":
        most = error.get("ctx", {}).get("max_length")
        return f"'{key}' quá dài" + (f" (tối đa {number(most)} ký tự)" if most else "") + what
    if kind in ("string_too_short", "too_short"):
        if isinstance(raw_key, int) and len(loc) >= 2:
            return f"mục thứ {raw_key + 1} của '{shorten(str(loc[-2]))}' để trống; hãy ghi nội dung hoặc xóa dòng này"
        return f"'{key}' không được để trống{what}"
    if kind == "string_type":
        if isinstance(value, list):
            return (
                f"cần một đoạn chữ, không phải danh sách{what}. Nếu muốn viết đoạn có gạch đầu dòng, "
                'hãy đặt trong ngoặc kép: - "- Nội dung"'
            )
        if isinstance(raw_value, dict):
            return (
                f"cần một đoạn chữ, không phải bảng khóa{what}. Đoạn văn kết thúc bằng dấu hai chấm, hoặc có ': ' ở "
                'giữa, phải đặt trong ngoặc kép: - "… như sau:"'
            )
        return f"cần một đoạn chữ, không phải {_kind_vi(raw_value)}{what}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"cần một số nguyên, không phải '{value}'{what}"
    if kind in ("float_parsing", "float_type"):
        return f"cần một con số (viết không có dấu ngoặc kép), không phải {_kind_vi(raw_value)}{what}"
    if kind == "list_type":
        return f"cần một danh sách (mỗi mục một dòng bắt đầu bằng '- '), không phải {_kind_vi(raw_value)}{what}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"cần một bảng khóa (các dòng dạng `khoa: giá trị`), không phải {_kind_vi(raw_value)}{what}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        ctx = error.get("ctx", {})
        bound = " ".join(f"{ {'ge': '≥', 'le': '≤', 'gt': '>', 'lt': '<'}[k] } {number(v)}" for k, v in ctx.items())
        return f"giá trị {value} ngoài khoảng cho phép ({bound}){what}"
    if kind == "bool_parsing" or kind == "bool_type":
        return f"cần có (true) hoặc không (false), không phải '{value}'{what}"
    return f"giá trị không hợp lệ{what}: {error.get('msg', '')}"


def vn_upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _kind_vi(value: Any) -> str:
    if value is None:
        return "ô trống"
    if isinstance(value, bool):
        return "giá trị đúng/sai"
    if isinstance(value, (int, float, NumberText)):
        return f"con số {value}"
    if isinstance(value, list):
        return "danh sách"
    if isinstance(value, dict):
        return "bảng khóa"

    return f"'{shorten(value)}'"


def _value_at(data: Any, loc: tuple) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def describe(error: Any, model: Any, data: Any) -> tuple[str, str]:
    """A validation error of `data` (not from a YAML file: a received package) as (where, what) in Vietnamese."""
    loc = _data_loc(data, tuple(error["loc"]))
    key = loc[-1] if loc else ""
    where = ".".join(str(p) for p in loc) or "(gốc)"
    return where, _describe(error, model, loc, key, _value_at(data, loc))


def validate(source: Source, model: type[M]) -> M:
    """The file's data as `model`, or InputError with one located problem per mistake."""

    is_list = "root" in model.model_fields
    if is_list and not isinstance(source.data, list):
        raise InputError(
            [
                source.problem(
                    (), f"tệp cần là một danh sách (mỗi mục bắt đầu bằng '- '), không phải {_kind_vi(source.data)}"
                )
            ]
        )
    if not is_list and not isinstance(source.data, dict):
        raise InputError(
            [
                source.problem(
                    (), f"tệp cần là một bảng khóa (các dòng dạng `khoa: giá trị`), không phải {_kind_vi(source.data)}"
                )
            ]
        )
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        problems: dict[tuple, Problem] = {}
        for error in exc.errors():
            loc = _data_loc(source.data, tuple(error["loc"]))
            value = _value_at(source.data, loc)
            at_key = error["type"] == "extra_forbidden"
            key = loc[-1] if loc else ""
            if error["type"] == "missing":
                message = _describe(error, model, loc, key, value)
                problem = source.problem(loc[:-1], message)
            else:
                problem = source.problem(loc, _describe(error, model, loc, key, value), at_key=at_key)
            if loc in problems and error["type"] in ("string_type", "list_type"):
                # A Union[str, list[str]] failing both ways: say so once.
                problem = Problem(
                    problem.path,
                    problem.line,
                    problem.col,
                    f"cần một đoạn chữ hoặc một danh sách các đoạn, không phải {_kind_vi(value)}",
                )
            problems[loc] = problem
        raise InputError(list(problems.values())) from None
