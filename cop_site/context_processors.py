from wagtail.models import Site


def navigation(request):
    """The pages of the site root that editors chose to show in the main menu."""

    def menu_pages():
        site = Site.find_for_request(request)
        if site is None:
            return []
        return list(site.root_page.get_children().live().public().in_menu())

    # Evaluated only when a template loops over it, so JSON views pay nothing.
    return {"main_menu_pages": menu_pages}
