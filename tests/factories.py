"""Factories for the tests: no JSON fixtures."""

import factory
from django.contrib.auth.models import Group

from portal.models import Procuratorate, User
from portal.reference import ensure_reference_data
from portal.services import user_sync_staff_flag


def member(code: str) -> Procuratorate:
    """One of the six member (provincial) procuratorates.

    The data migration creates them; a transactional test's flush removes them, so they are
    ensured again here.
    """
    ensure_reference_data(Procuratorate, Group)
    return Procuratorate.objects.get(code=code)


class ProcuratorateFactory(factory.django.DjangoModelFactory):
    """A subordinate procuratorate; by default a city one under Gansu."""

    class Meta:
        model = Procuratorate

    code = factory.Sequence(lambda n: f"T-{n}")
    name_zh = factory.Sequence(lambda n: f"测试市{n}人民检察院")
    name_en = factory.Sequence(lambda n: f"Test City {n} People's Procuratorate")
    level = Procuratorate.Level.PREFECTURE
    parent = factory.LazyFunction(lambda: member("GS"))
    province = factory.LazyAttribute(lambda o: o.parent.province)


class UserFactory(factory.django.DjangoModelFactory):
    """A user of a procuratorate (Gansu by default) holding the given roles."""

    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"测试用户{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.invalid")
    procuratorate = factory.LazyFunction(lambda: member("GS"))
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def roles(self, create, roles, **kwargs):
        if roles:
            self.groups.add(*Group.objects.filter(name__in=roles))
        self.save()
        user_sync_staff_flag(user=self)
