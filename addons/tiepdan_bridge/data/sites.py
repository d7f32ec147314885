"""The bridge sites of the plan (Kế hoạch, section II.3), loaded by a migration.

Idempotent: sites are matched by code and created only when missing, so whatever an administrator
edited since (address, room, contact, active flag) is kept. It runs from the initial migration and
after every `migrate`/flush (apps.py), like the case module's reference data.
"""

CENTRAL_SITES = [
    # (code, name, level, commune code, address, host agency code, can host)
    (
        "TW-BTCD",
        "Trụ sở Ban Tiếp công dân Trung ương",
        "trung_uong",
        None,
        "Trụ sở Tiếp công dân Trung ương, Hà Nội",
        "ban-tcd-tw",
        True,
    ),
    (
        "TINH-TTHN",
        "Trung tâm Hội nghị tỉnh Đồng Tháp",
        "tinh",
        "28261",
        "Số 6C, đường Rạch Gầm, phường Mỹ Tho, tỉnh Đồng Tháp",
        "vp-ubnd",
        True,
    ),
    (
        "TINH-TTT",
        "Trụ sở Thanh tra tỉnh",
        "tinh",
        "28261",
        "Số 06, Lê Lợi, phường Mỹ Tho, tỉnh Đồng Tháp",
        "thanh-tra-tinh",
        True,
    ),
]


def commune_site_code(unit_code: str) -> str:
    return f"XA-{unit_code}"


def seed_sites(apps, schema_editor=None):
    BridgeSite = apps.get_model("tiepdan_bridge", "BridgeSite")
    Unit = apps.get_model("tiepdan_case", "AdministrativeUnit")
    Agency = apps.get_model("tiepdan_case", "Agency")
    agencies = {a.code: a for a in Agency.objects.all()}
    units = {u.code: u for u in Unit.objects.all()}
    for code, name, level, unit_code, address, host, can_host in CENTRAL_SITES:
        BridgeSite.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "level": level,
                "unit": units.get(unit_code) if unit_code else None,
                "address": address,
                "host_agency": agencies.get(host),
                "can_host": can_host,
            },
        )
    for unit in Unit.objects.exclude(kind="tinh"):
        BridgeSite.objects.get_or_create(
            code=commune_site_code(unit.code),
            defaults={
                "name": f"Điểm tiếp công dân {unit.name}",
                "level": "xa",
                "unit": unit,
                "address": f"Trụ sở Ủy ban nhân dân {unit.name}, tỉnh Đồng Tháp",
                "host_agency": agencies.get(f"ubnd-{unit.code}"),
                "can_host": False,
            },
        )
