"""Whether a guarded model's direct grant tables hold any row, kept in Django's cache.

Most models are never shared by grant, yet every list would pay guardian's two subqueries to
find that out. The policy asks `grants_exist(model)` first, and the answer is cached: one key
per model, set when a grant row is written, dropped when one is deleted, and read back with
`.exists()` on a miss.

Only "there may be grants" is safe when stale (the list pays the subqueries and finds what the
tables hold); "there are none" is not (a grantee would get 404). So a write sets the key at
once and again after its commit, a delete drops it, a miss is stored only if no write came
first (`cache.add`), and "none" is kept for `GRANTS_ABSENT_CACHE_SECONDS` only: with a
process-local cache, another process learns of a model's first grant within that time.
"""

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import ForeignKey, Model
from django.db.models.signals import post_delete, post_save
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

GRANT_TABLE_BASES = (UserObjectPermissionBase, GroupObjectPermissionBase)


def flag_key(model: type[Model]) -> str:
    """The cache key of one guarded model's answer."""
    return f"portal:grants-exist:{model._meta.label_lower}"


def grants_exist(model: type[Model]) -> bool:
    """Whether a user or group grant row exists for any object of `model` (cached)."""
    key = flag_key(model)
    answer = cache.get(key)
    if answer is None:
        answer = (
            get_user_obj_perms_model(model).objects.exists()
            or get_group_obj_perms_model(model).objects.exists()
        )
        # `add`: a grant written meanwhile has set True, which must not be overwritten.
        cache.add(key, answer, None if answer else settings.GRANTS_ABSENT_CACHE_SECONDS)
    return answer


def forget(*models: type[Model]) -> None:
    """Drop the cached answers of these guarded models (of every one when none is named)."""
    cache.delete_many([flag_key(model) for model in models or guarded_models()])


def guarded_models() -> list[type[Model]]:
    """Every model that has direct grant tables."""
    return sorted({guarded_by(table) for table in grant_tables()}, key=flag_key)


def grant_tables() -> list[type[Model]]:
    """Every direct (foreign-key) user or group grant table of every app."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, GRANT_TABLE_BASES)
        and isinstance(model._meta.get_field("content_object"), ForeignKey)
    ]


def guarded_by(table: type[Model]) -> type[Model]:
    """The model whose objects a direct grant table's rows open."""
    return table._meta.get_field("content_object").related_model


def grant_written(sender, instance, **kwargs) -> None:
    """A grant row was saved: its model has grants, now and once the change commits."""
    key = flag_key(guarded_by(sender))
    cache.set(key, True, None)
    transaction.on_commit(lambda: cache.set(key, True, None), robust=True)


def grant_deleted(sender, instance, **kwargs) -> None:
    """A grant row was deleted: ask the tables again once the change commits (or not)."""
    key = flag_key(guarded_by(sender))
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key), robust=True)


def watch_grant_tables() -> None:
    """Keep the answers up to date as grant rows come and go (called once, at start-up).

    Guardian writes one grant with `get_or_create` and removes grants with a queryset's
    `delete`, which both send these signals; a `bulk_create` of grant rows would not.
    """
    for table in grant_tables():
        post_save.connect(grant_written, sender=table, dispatch_uid=f"grant-written-{table}")
        post_delete.connect(grant_deleted, sender=table, dispatch_uid=f"grant-deleted-{table}")
