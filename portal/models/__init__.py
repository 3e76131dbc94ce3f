"""The portal app's models, one module per concern; import them from here."""

from portal.models.accounts import (  # noqa: F401
    ADMINISTRATOR_GIVEN_ROLES,
    SUPERVISING_ROLES,
    USER_MANAGER_ROLES,
    CaseCategory,
    ChoiceLabels,
    Procuratorate,
    Province,
    Role,
    RoleChange,
    User,
    choice_labels,
    role_names,
    translation_is_english,
)
from portal.models.audit import AuditEntry  # noqa: F401
from portal.models.grants import (  # noqa: F401
    ObjectGrant,
    ProcuratorateGroupObjectPermission,
    ProcuratorateUserObjectPermission,
    UserGroupObjectPermission,
    UserUserObjectPermission,
)
from portal.models.mechanisms import (  # noqa: F401
    DocumentDownload,
    IdempotencyKey,
    IssuedDocument,
    PrivateDocument,
    SharedCacheEntry,
    TimelineEvent,
    download_log,
)
from portal.models.notifications import Notification  # noqa: F401
from portal.models.sessions import SignedInSession  # noqa: F401
from portal.models.signoff import SignedOffDocument, SigningDelegation  # noqa: F401
from portal.models.tokens import ApiToken  # noqa: F401
