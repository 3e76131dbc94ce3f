"""Reference data every installation has: the six members and the roles.

Written by the data migration and ensured again by `load_demo`, so that a database that was
emptied (a flushed test database, say) can be brought back without migrating from zero.
"""

# code, Chinese name, English name, seat, document-number abbreviation
MEMBERS = [
    ("GS", "甘肃省人民检察院", "Gansu Provincial People's Procuratorate", "甘肃省兰州市", "甘"),
    ("SN", "陕西省人民检察院", "Shaanxi Provincial People's Procuratorate", "陕西省西安市", "陕"),
    ("QH", "青海省人民检察院", "Qinghai Provincial People's Procuratorate", "青海省西宁市", "青"),
    (
        "NX",
        "宁夏回族自治区人民检察院",
        "People's Procuratorate of the Ningxia Hui Autonomous Region",
        "宁夏回族自治区银川市",
        "宁",
    ),
    (
        "XJ",
        "新疆维吾尔自治区人民检察院",
        "People's Procuratorate of the Xinjiang Uygur Autonomous Region",
        "新疆维吾尔自治区乌鲁木齐市",
        "新",
    ),
    (
        "BT",
        "新疆生产建设兵团人民检察院",
        "People's Procuratorate of the Xinjiang Production and Construction Corps",
        "新疆维吾尔自治区乌鲁木齐市",
        "兵",
    ),
]
ROLES = [
    "prosecutor",
    "liaison",
    "chair",
    "researcher",
    "chief",
    "administrator",
    "department_head",
]


def ensure_reference_data(procuratorate_model, group_model) -> None:
    """Create the six members and the role groups if missing (models may be historical)."""
    for code, name_zh, name_en, address, short_name in MEMBERS:
        procuratorate_model.objects.get_or_create(
            code=code,
            defaults={
                "name_zh": name_zh,
                "name_en": name_en,
                "level": "provincial",
                "province": code,
                "parent": None,
                "address": address,
                "short_name": short_name,
            },
        )
    for role in ROLES:
        group_model.objects.get_or_create(name=role)
