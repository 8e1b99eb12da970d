"""Initiative editors write and submit stories in the admin; coordinators approve them."""

import pytest
from django.urls import reverse
from wagtail.models import Page, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from practices.models import PracticeCasePage

from .factories import OrganisationFactory, PracticeCasePageFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def story_form(title="Huisarts als verbinder in het dorp", **extra):
    theme = ThemeFactory(slug="informele-netwerken")
    return nested_form_data(
        {
            "title": title,
            "slug": "huisarts-als-verbinder",
            "summary": "De oud-huisarts koppelt dorpsactiviteiten aan het project.",
            "place": "Stad aan 't Haringvliet",
            "municipality": "Goeree-Overflakkee",
            "publisher": OrganisationFactory().pk,
            "organisations": [],
            "themes": [theme.pk],
            "phase": "2-karakteriseren",
            "track": "A",
            "body": streamfield(
                [("paragraph", rich_text("<p>Een sportdag werd een infoavond.</p>"))]
            ),
            "lessons_learned": rich_text("<p>Zoek de verbinders.</p>"),
            "contact_name": "",
            "contact_role": "",
            "contact_email": "",
            **extra,
        }
    )


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=["practices", "practicecasepage", parent.pk])


def test_editor_can_create_and_submit_for_moderation(client, practice_index, editor):
    client.force_login(editor)

    response = client.post(add_url(practice_index), {**story_form(), "action-submit": "Submit"})

    assert response.status_code == 302
    story = PracticeCasePage.objects.get(title="Huisarts als verbinder in het dorp")
    assert story.owner == editor
    assert not story.live
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(story.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


def test_editor_cannot_publish(client, practice_index, editor):
    client.force_login(editor)

    client.post(add_url(practice_index), {**story_form(), "action-publish": "Publish"})

    story = PracticeCasePage.objects.get(title="Huisarts als verbinder in het dorp")
    assert not story.live
    client.logout()
    assert story.title not in client.get(practice_index.url).text


def test_editor_cannot_edit_another_editors_story(client, practice_index, editor, other_editor):
    theirs = PracticeCasePageFactory(
        parent=practice_index, title="Van de ander", owner=other_editor
    )
    client.force_login(editor)

    edit = client.get(reverse("wagtailadmin_pages:edit", args=[theirs.pk]))
    post = client.post(
        reverse("wagtailadmin_pages:edit", args=[theirs.pk]), story_form(title="Overgenomen")
    )

    assert edit.status_code in (302, 403)
    assert post.status_code in (302, 403)
    theirs.refresh_from_db()
    assert theirs.title == "Van de ander"


def test_editor_can_edit_own_story(client, practice_index, editor):
    mine = PracticeCasePageFactory(parent=practice_index, title="Mijn verhaal", owner=editor)
    client.force_login(editor)

    response = client.get(reverse("wagtailadmin_pages:edit", args=[mine.pk]))

    assert response.status_code == 200


def test_editor_cannot_add_pages_elsewhere(client, network, editor):
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=["practices", "practiceindexpage", network.pk])

    response = client.get(url)

    assert response.status_code in (302, 403)


def test_coordinator_approval_publishes_the_story(client, practice_index, editor, coordinator):
    client.force_login(editor)
    client.post(add_url(practice_index), {**story_form(), "action-submit": "Submit"})
    story = PracticeCasePage.objects.get(title="Huisarts als verbinder in het dorp")
    task_state = story.current_workflow_task_state

    client.force_login(coordinator)
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[story.pk, "approve", task_state.pk],
        ),
        {"comment": ""},
    )

    assert response.status_code in (200, 302)
    story.refresh_from_db()
    assert story.live
    client.logout()
    assert "Huisarts als verbinder in het dorp" in client.get(practice_index.url).text


def test_new_practice_index_gets_editor_rights_and_workflow(network):
    from .factories import PracticeIndexPageFactory

    index = PracticeIndexPageFactory(parent=network, slug="verhalen")

    assert index.get_workflow() is not None
    assert (
        Page.objects.get(pk=index.pk)
        .group_permissions.filter(
            group__name="Initiatiefredacteuren", permission__codename="add_page"
        )
        .exists()
    )


def test_the_editors_dashboard_offers_to_write_a_story(client, practice_index, editor):
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Schrijf een praktijkverhaal" in page
    assert f'href="{add_url(practice_index)}"' in page
    assert client.get(add_url(practice_index)).status_code == 200


def test_no_story_button_for_whoever_may_not_add_stories(client, practice_index, django_user_model):
    from django.contrib.auth.models import Permission

    reader = django_user_model.objects.create_user("admin-reader", password="x")
    reader.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(reader)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert "Schrijf een praktijkverhaal" not in response.content.decode()
