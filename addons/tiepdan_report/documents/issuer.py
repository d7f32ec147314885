"""The issuing body's block for NĐ 30 documents, from the issuing user's agency (legal-research.md §4)."""

from dataclasses import dataclass

PROVINCE = "Đồng Tháp"
PROVINCE_PARENT = "UBND TỈNH ĐỒNG THÁP"


@dataclass(frozen=True)
class Issuer:
    parent_body: str  # upright, top left
    body: str  # bold, top left
    suffix: str  # the code after the document type: TB-<suffix>
    place: str  # the administrative unit where the body sits (NĐ 30, Phụ lục I, Mục IV)
    authority: tuple[str, ...]  # the signer's block: ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    name: str  # the body's full name in running text: "Ban Tiếp công dân - Nội chính"


def _place_of(unit_name: str) -> str:
    for prefix in ("Phường ", "Xã ", "Đặc khu "):
        if unit_name.startswith(prefix):
            return unit_name[len(prefix) :]
    return unit_name


def _initials(text: str) -> str:
    return "".join(word[0] for word in text.replace("-", " ").split() if word[0].isupper()) or "CQ"


def issuer_for(agency) -> Issuer:
    kind = agency.kind
    if kind == "ubnd_xa" and agency.unit_id:
        unit = agency.unit
        return Issuer(
            PROVINCE_PARENT,
            f"ỦY BAN NHÂN DÂN\n{unit.name.upper()}",
            "UBND",
            _place_of(unit.name),
            ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
            f"Ủy ban nhân dân {unit.name[:1].lower()}{unit.name[1:]}",
        )
    if kind == "ban_tcd":
        return Issuer(
            PROVINCE_PARENT,
            agency.name.upper().replace(" - ", " -\n"),  # two lines: the column is a third of the page
            "BTCD",
            PROVINCE,
            ("TRƯỞNG BAN",),
            agency.name,
        )
    if kind == "vp_ubnd":
        return Issuer(PROVINCE_PARENT, "VĂN PHÒNG", "VP", PROVINCE, ("CHÁNH VĂN PHÒNG",), agency.name)
    if kind == "ubnd_tinh":
        return Issuer(
            "",
            "ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG THÁP",
            "UBND",
            PROVINCE,
            ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
            agency.name,
        )
    parent = agency.parent.name.upper() if agency.parent_id else PROVINCE_PARENT
    return Issuer(
        parent,
        agency.name.upper(),
        _initials(agency.short_name or agency.name),
        PROVINCE,
        ("THỦ TRƯỞNG CƠ QUAN",),
        agency.name,
    )
