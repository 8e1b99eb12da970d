from django.urls import path

from .views import search, suggest

app_name = "leerkring_search"
urlpatterns = [
    path("", search, name="search"),
    path("suggesties/", suggest, name="suggest"),
]
