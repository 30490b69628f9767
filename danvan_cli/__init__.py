"""danvan: Vietnamese plans and periodic reports laid out as Nghị định 30/2020/NĐ-CP requires."""

__version__ = "0.1.0"
