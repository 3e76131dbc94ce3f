import pytest

from portal.models import Role
from tests.factories import UserFactory, member


@pytest.fixture
def xj_prosecutor(db):
    """An outsider to Shaanxi's drafts."""
    return UserFactory(
        username="t-xj-prosecutor", procuratorate=member("XJ"), roles=[Role.PROSECUTOR]
    )
