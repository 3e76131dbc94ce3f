"""The portal's URLs for the comparison, lead and PDF tests, with a stand-in for the case page.

The case page (`casebank:case-detail`) belongs to the library's pages; until they are in place
a stand-in answers its name, so that the links these tests follow resolve. Once the real page
exists it is used as it is.
"""

from django.http import HttpResponse
from django.urls import include, path

from casebank import urls as casebank_urls
from portal import urls as portal_urls


def case_page_stand_in(request, pk):
    return HttpResponse(f"case {pk}")


library = list(casebank_urls.urlpatterns)
if not any(getattr(pattern, "name", None) == "case-detail" for pattern in library):
    library.append(path("cases/<int:pk>/", case_page_stand_in, name="case-detail"))

urlpatterns = [
    path("library/", include((library, "casebank")))
    if str(getattr(pattern, "pattern", "")) == "library/"
    else pattern
    for pattern in portal_urls.urlpatterns
]
handler404 = portal_urls.handler404
handler500 = portal_urls.handler500
