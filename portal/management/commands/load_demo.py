"""Demo data: a capital-city and a county procuratorate per province and their users."""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_noop

from portal.models import Procuratorate, Role, User
from portal.reference import ensure_reference_data
from portal.second_factor import demo_second_factor_enrol
from portal.services import notify, user_sync_staff_flag

DEMO_PASSWORD = "demo"  # noqa: S105 - documented in the README, demo machines only

# province: (capital-city procuratorate, county/basic procuratorate below it); each row is
# code, Chinese name, English name, level, and the abbreviation of its document numbers.
TREE = {
    "GS": (
        (
            "GS-LZ",
            "兰州市人民检察院",
            "Lanzhou Municipal People's Procuratorate",
            "prefecture",
            "兰",
        ),
        ("GS-LZ-YZ", "榆中县人民检察院", "Yuzhong County People's Procuratorate", "county", "榆中"),
    ),
    "SN": (
        ("SN-XA", "西安市人民检察院", "Xi'an Municipal People's Procuratorate", "prefecture", "西"),
        ("SN-XA-LT", "蓝田县人民检察院", "Lantian County People's Procuratorate", "county", "蓝田"),
    ),
    "QH": (
        (
            "QH-XN",
            "西宁市人民检察院",
            "Xining Municipal People's Procuratorate",
            "prefecture",
            "西宁",
        ),
        (
            "QH-XN-DT",
            "大通回族土族自治县人民检察院",
            "Datong Hui and Tu Autonomous County People's Procuratorate",
            "county",
            "大通",
        ),
    ),
    "NX": (
        (
            "NX-YC",
            "银川市人民检察院",
            "Yinchuan Municipal People's Procuratorate",
            "prefecture",
            "银",
        ),
        (
            "NX-YC-YN",
            "永宁县人民检察院",
            "Yongning County People's Procuratorate",
            "county",
            "永宁",
        ),
    ),
    "XJ": (
        (
            "XJ-UR",
            "乌鲁木齐市人民检察院",
            "Ürümqi Municipal People's Procuratorate",
            "prefecture",
            "乌",
        ),
        (
            "XJ-UR-UC",
            "乌鲁木齐县人民检察院",
            "Ürümqi County People's Procuratorate",
            "county",
            "乌县",
        ),
    ),
    "BT": (
        (
            "BT-12",
            "新疆生产建设兵团人民检察院第十二师分院",
            "XPCC Procuratorate, 12th Division Branch",
            "xpcc_branch",
            "兵十二",
        ),
        (
            "BT-12-UK",
            "乌鲁木齐垦区人民检察院",
            "Ürümqi Reclamation Area People's Procuratorate",
            "basic",
            "乌垦",
        ),
    ),
}

# Prefectures along the provincial borders, below their province, for the symposiums of
# adjacent procuratorates (§10): 天水–宝鸡, 庆阳–延安, 平凉–固原, 临夏–海东, 酒泉–哈密.
BORDER_PREFECTURES = {
    "GS": [
        ("GS-TS", "天水市人民检察院", "Tianshui Municipal People's Procuratorate", "天"),
        ("GS-QY", "庆阳市人民检察院", "Qingyang Municipal People's Procuratorate", "庆"),
        ("GS-PL", "平凉市人民检察院", "Pingliang Municipal People's Procuratorate", "平"),
        (
            "GS-LX",
            "临夏回族自治州人民检察院",
            "People's Procuratorate of the Linxia Hui Autonomous Prefecture",
            "临夏",
        ),
        ("GS-JQ", "酒泉市人民检察院", "Jiuquan Municipal People's Procuratorate", "酒"),
    ],
    "SN": [
        ("SN-BJ", "宝鸡市人民检察院", "Baoji Municipal People's Procuratorate", "宝"),
        ("SN-YA", "延安市人民检察院", "Yan'an Municipal People's Procuratorate", "延"),
    ],
    "NX": [("NX-GY", "固原市人民检察院", "Guyuan Municipal People's Procuratorate", "固")],
    "QH": [("QH-HD", "海东市人民检察院", "Haidong Municipal People's Procuratorate", "海东")],
    "XJ": [("XJ-HM", "哈密市人民检察院", "Hami Municipal People's Procuratorate", "哈")],
}

# user-name suffix: (role, title)
PEOPLE = [
    ("prosecutor", Role.PROSECUTOR, "检察官"),
    ("liaison", Role.LIAISON, "联络员"),
    ("chief", Role.CHIEF, "检察长"),
    ("researcher", Role.RESEARCHER, "研究人员"),
    ("chair", Role.CHAIR, "轮值办公室工作人员"),
    ("city-prosecutor", Role.PROSECUTOR, "检察官"),
    ("head", Role.DEPARTMENT_HEAD, "部门负责人"),
    ("city-chief", Role.CHIEF, "检察长"),
]
# The people at the capital-city procuratorate; the others act for the provincial one.
CITY_PEOPLE = {"city-prosecutor", "city-chief"}
NAMES = {
    "GS": ["张伟", "李静", "王强", "刘洋", "陈敏", "杨磊", "周勇", "赵岩"],
    "SN": ["赵军", "孙丽", "周涛", "吴芳", "郑浩", "冯雪", "钱坤", "李娜"],
    "QH": ["马骏", "韩梅", "朱斌", "何琳", "罗刚", "高原", "孔亮", "沈冰"],
    "NX": ["林峰", "郭倩", "梁宇", "宋佳", "谢鹏", "唐颖", "马超", "杜鹃"],
    "XJ": ["艾力", "古丽", "许明", "邓华", "曹阳", "彭静", "阿迪", "王蕾"],
    "BT": ["袁博", "蒋萍", "蔡军", "魏霞", "薛亮", "叶红", "田野", "江涛"],
}
# Telephone area codes of the provincial capitals (the XPCC sits in Ürümqi).
AREA_CODES = {"GS": "0931", "SN": "029", "QH": "0971", "NX": "0951", "XJ": "0991", "BT": "0991"}
WELCOME = gettext_noop("Welcome to the Northwest Procuratorial Cooperation Portal, %(name)s.")


def demo_usernames() -> list[str]:
    """Every demo user name, as the README lists them."""
    return [f"{code.lower()}-{suffix}" for code in TREE for suffix, _, _ in PEOPLE]


class Command(BaseCommand):
    help = "Create (or bring up to date) the demo procuratorates and users; safe to run twice."

    @transaction.atomic
    def handle(self, *args, **options):
        ensure_reference_data(Procuratorate, Group)
        # Hashing is slow on purpose; the demo accounts share one hash of the one password.
        password = make_password(DEMO_PASSWORD)
        created_users = []
        for code, (city, county) in TREE.items():
            province = Procuratorate.objects.get(code=code)
            city_node = self.procuratorate(city, parent=province)
            # The city offices have neither department head nor liaison: their chief signs
            # without 核稿 (the procuratorate's own setting).
            Procuratorate.objects.filter(pk=city_node.pk).update(signoff_review=False)
            self.procuratorate(county, parent=city_node)
            for border, name_zh, name_en, short_name in BORDER_PREFECTURES.get(code, []):
                self.procuratorate(
                    (border, name_zh, name_en, "prefecture", short_name), parent=province
                )
            for (suffix, role, title), full_name in zip(PEOPLE, NAMES[code], strict=True):
                username = f"{code.lower()}-{suffix}"
                user, created = User.objects.get_or_create(
                    username=username,
                    defaults={
                        "full_name": full_name,
                        "title": title,
                        "email": f"{username}@demo.invalid",
                        "phone": f"{AREA_CODES[code]}-8{len(username):03d}{ord(suffix[0]):04d}",
                        "procuratorate": city_node if suffix in CITY_PEOPLE else province,
                    },
                )
                if created:
                    user.password = password
                    user.save(update_fields=["password"])
                    created_users.append(user)
                user.groups.add(Group.objects.get(name=role))
                user_sync_staff_flag(user=user)
                demo_second_factor_enrol(user=user)
        admin, created = User.objects.get_or_create(
            username="admin",
            defaults={"full_name": "系统管理员", "is_superuser": True, "is_staff": True},
        )
        if created:
            admin.password = password
            admin.save(update_fields=["password"])
        demo_second_factor_enrol(user=admin)
        for user in created_users:
            notify(
                recipients=[user],
                verb=WELCOME,
                params={"name": user.full_name},
                target=user.procuratorate,
                email=False,
            )
        if settings.SIGNING_DEMO_CA:
            # Every issued document is signed: each demo procuratorate gets its certificate.
            call_command("make_demo_certificates", stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {User.objects.count()} users, "
                f"{Procuratorate.objects.count()} procuratorates ({len(created_users)} users new)."
            )
        )
        # Each app may bring its own demo data in a `demo` module with a `load()` function.
        for app in apps.get_app_configs():
            if module_has_submodule(app.module, "demo"):
                summary = import_module(f"{app.name}.demo").load()
                self.stdout.write(self.style.SUCCESS(f"{app.verbose_name}: {summary}"))

    def procuratorate(self, row, *, parent):
        code, name_zh, name_en, level, short_name = row
        node, _ = Procuratorate.objects.update_or_create(
            code=code,
            defaults={
                "name_zh": name_zh,
                "name_en": name_en,
                "short_name": short_name,
                "level": level,
                "parent": parent,
                "province": parent.province,
            },
        )
        return node
