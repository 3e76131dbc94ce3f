import pytest

from portal.models import Role
from tests.factories import UserFactory, member


@pytest.fixture
def sn_liaison(db):
    """A reviewer of Shaanxi."""
    return UserFactory(username="t-sn-liaison", procuratorate=member("SN"), roles=[Role.LIAISON])


@pytest.fixture
def gs_researcher(db):
    return UserFactory(
        username="t-gs-researcher", procuratorate=member("GS"), roles=[Role.RESEARCHER]
    )


@pytest.fixture
def xj_prosecutor(db):
    """An outsider to Shaanxi's drafts."""
    return UserFactory(
        username="t-xj-prosecutor", procuratorate=member("XJ"), roles=[Role.PROSECUTOR]
    )
