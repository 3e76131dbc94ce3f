"""Who may see and change a saved search: the user who saved it."""

from casebank.search.models import SavedSearch
from portal.permissions import RecipientPolicy

saved_search_policy = RecipientPolicy(SavedSearch, owner_column="user_id")
