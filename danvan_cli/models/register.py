"""so-van-ban-di.yaml: the outgoing-document register."""

from pydantic import RootModel

from danvan_cli.models.common import Day, Whole, _empty_list, _f, _Strict


class RegisterEntry(_Strict):
    so: Whole = _f("số văn bản, từ 1, liên tiếp trong năm", "number, from 1 within the year", ge=1)
    ky_hieu: str = _f("ký hiệu văn bản, ví dụ KH-MNHA", "symbol, e.g. KH-MNHA", min_length=1)
    ngay: Day = _f("ngày văn bản", "date of the document")
    ten_loai: str = _f("tên loại văn bản: Kế hoạch, Báo cáo…", "document type", min_length=1)
    trich_yeu: str = _f("trích yếu nội dung", "summary line", min_length=1)
    nguoi_ky: str = _f("người ký", "signer", min_length=1)
    noi_nhan: list[str] = _f("nơi nhận", "recipients", default_factory=_empty_list)
    tep: str = _f(
        "tên tệp văn bản (không có đuôi), để một văn bản chỉ nhận một số",
        "file stem: one number per document",
        min_length=1,
    )

    @property
    def reference(self) -> str:
        """Số, ký hiệu as printed: '01/KH-MNHA' (State) or '05-KH/CB' (Party), as the entry's ký hiệu says which."""
        return f"{self.so:02d}-{self.ky_hieu}" if "/" in self.ky_hieu else f"{self.so:02d}/{self.ky_hieu}"


class RegisterLog(RootModel[list[RegisterEntry]]):
    """so-van-ban-di.yaml: one entry per document issued, in the order numbers were given."""
