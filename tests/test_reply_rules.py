"""Closed means closed: who may still touch a reply, one door per operation, replayed forms,
deleting with confirmation and undo, and tips that go and come back with their reply."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from leerkring import conversations, curation, tips
from leerkring.choices import MembershipStatus
from leerkring.models import (
    LessonNomination,
    LessonPage,
    Membership,
    Reaction,
    ReplyMeta,
    Thread,
    Tip,
)

from .conftest import Circles

ROLES = Circles.ROLES


def url(circle, route=None, *args):
    return circle.url + (circle.reverse_subpage(route, args=args) if route else "")


def action(circle, thread, reply, name):
    return url(circle, "reply_action", thread.pk, reply.pk, name)


def fresh(reply):
    return XtdComment.objects.get(pk=reply.pk)


def message_texts(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def follow_messages(client, response):
    """The messages shown on the page a redirect leads to."""
    assert response.status_code in (302, 303), response.status_code
    return message_texts(client.get(response["Location"]))


@pytest.fixture
def talk(circles):
    """An open-circle thread with the member's reply under the facilitator's."""
    circle = circles.open_circle
    thread = conversations.start_thread(
        circle, circles.users["member"], title="Warmtenet", body="Wie heeft ervaring?"
    )
    first = conversations.post_reply(thread, circles.users["facilitator"], "Eerste antwoord")
    second = conversations.post_reply(
        thread, circles.users["member"], "Ja, in Tilburg.", parent=first
    )
    return circle, thread, first, second


def leave(circles, circle, role, status):
    Membership.objects.filter(circle=circle, user=circles.users[role]).update(status=status)


# --- Reactions on hidden replies ---------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [("member", 404), ("requester", 404), ("outsider", 404), ("facilitator", 303)],
)
def test_reacting_to_a_hidden_reply_is_404_for_all_but_moderators(
    client, circles, talk, role, expected
):
    circle, thread, first, _second = talk
    conversations.hide_reply(first, circles.users["facilitator"], "Persoonlijk")
    circles.login(client, role)

    response = client.post(action(circle, thread, first, "reageren"), {"kind": "nuttig"})

    assert response.status_code == expected
    assert not Reaction.objects.filter(reply=first).exists()


def test_the_reaction_service_refuses_hidden_replies_too(circles, talk):
    _circle, _thread, first, _second = talk
    conversations.hide_reply(first, circles.users["facilitator"], "Persoonlijk")
    with pytest.raises(Http404):
        conversations.toggle_reaction(fresh(first), circles.users["member"], "nuttig")
    with pytest.raises(conversations.ConversationError):
        conversations.toggle_reaction(fresh(first), circles.users["facilitator"], "nuttig")
    assert not Reaction.objects.exists()


def test_hidden_replies_offer_no_reaction_buttons(client, circles, talk):
    circle, thread, first, _second = talk
    conversations.hide_reply(first, circles.users["facilitator"], "Persoonlijk")
    circles.login(client, "facilitator")  # the author and a moderator: sees the text
    page = client.get(url(circle, "thread", thread.pk)).content.decode()
    assert action(circle, thread, first, "reageren") not in page


# --- Ex-members and locked threads -------------------------------------------------------


@pytest.mark.parametrize("status", [MembershipStatus.REMOVED, MembershipStatus.LEFT])
def test_an_ex_member_can_neither_edit_nor_delete_an_old_reply(client, circles, talk, status):
    circle, thread, _first, second = talk
    leave(circles, circle, "member", status)
    circles.login(client, "member")

    assert client.get(action(circle, thread, second, "bewerken")).status_code == 403
    assert (
        client.post(action(circle, thread, second, "bewerken"), {"text": "Toch anders"})
    ).status_code == 403
    assert client.post(action(circle, thread, second, "verwijderen")).status_code == 403
    assert fresh(second).comment == "Ja, in Tilburg." and not fresh(second).is_removed
    member = circles.users["member"]
    with pytest.raises(conversations.ConversationError):
        conversations.edit_reply(second, member, "Toch anders")
    with pytest.raises(PermissionDenied):
        conversations.delete_reply(second, member)
    page = client.get(url(circle, "thread", thread.pk)).content.decode()
    assert action(circle, thread, second, "bewerken") not in page
    assert action(circle, thread, second, "verwijderen") not in page


def test_an_author_cannot_edit_in_a_locked_thread_but_a_moderator_still_moderates(
    client, circles, talk
):
    circle, thread, first, second = talk
    Thread.objects.filter(pk=thread.pk).update(locked=True)
    circles.login(client, "member")

    assert client.get(action(circle, thread, second, "bewerken")).status_code == 403
    assert (
        client.post(action(circle, thread, second, "bewerken"), {"text": "Achteraf"})
    ).status_code == 403
    assert fresh(second).comment == "Ja, in Tilburg."
    with pytest.raises(conversations.ConversationError):
        conversations.edit_reply(second, circles.users["member"], "Achteraf")

    client.logout()
    circles.login(client, "facilitator")
    hide = client.post(action(circle, thread, second, "verbergen"), {"reason": "Off-topic"})
    assert hide.status_code == 303 and not fresh(second).is_public
    assert client.post(action(circle, thread, second, "tonen")).status_code == 303
    assert fresh(second).is_public


def test_moderation_services_ask_the_access_policy(circles, talk):
    _circle, thread, first, _second = talk
    for role in ("member", "outsider", "other_facilitator", "other_coordinator"):
        with pytest.raises(PermissionDenied):
            conversations.hide_reply(first, circles.users[role], "Weg ermee")
        with pytest.raises(PermissionDenied):
            conversations.show_reply(first, circles.users[role])
        with pytest.raises(PermissionDenied):
            tips.promote_reply(first, circles.users[role], title="Tip")
        with pytest.raises(PermissionDenied):
            conversations.move_thread(thread, circles.closed_circle, circles.users[role])
    assert fresh(first).is_public and not Tip.objects.exists()
    assert Thread.objects.get(pk=thread.pk).circle_id == circles.open_circle.pk


def test_moving_a_thread_to_a_circle_the_moderator_does_not_look_after_is_refused(circles, talk):
    _circle, thread, _first, _second = talk
    with pytest.raises(conversations.ConversationError):
        conversations.move_thread(thread, circles.elsewhere_circle, circles.users["facilitator"])
    moved = conversations.move_thread(thread, circles.closed_circle, circles.users["facilitator"])
    assert moved.circle_id == circles.closed_circle.pk


# --- Replayed forms ----------------------------------------------------------------------


def test_a_replayed_reply_post_creates_one_reply_and_says_so(client, circles, talk):
    circle, thread, _first, _second = talk
    circles.login(client, "member")
    data = {"text": "Dubbel verstuurd?"}

    first_post = client.post(url(circle, "thread", thread.pk), data)
    replay = client.post(url(circle, "thread", thread.pk), data)

    assert first_post.status_code == replay.status_code == 303
    assert conversations.replies_of(thread).filter(comment="Dubbel verstuurd?").count() == 1
    assert any("al" in m for m in follow_messages(client, replay))


def test_the_same_text_later_or_elsewhere_in_the_tree_is_a_new_reply(circles, talk):
    _circle, thread, first, _second = talk
    member = circles.users["member"]
    one = conversations.post_reply(thread, member, "Eens!")
    two = conversations.post_reply(thread, member, "Eens!", parent=first)
    XtdComment.objects.filter(pk=one.pk).update(submit_date=timezone.now() - timedelta(hours=1))
    three = conversations.post_reply(thread, member, "Eens!")
    assert len({one.pk, two.pk, three.pk}) == 3
    assert not three.repeated


def test_a_replayed_new_thread_post_starts_one_thread(client, circles):
    circle = circles.open_circle
    circles.login(client, "member")
    data = {"title": "Subsidie aanvragen", "body": "Wie weet hoe?"}

    first_post = client.post(url(circle, "thread_create"), data)
    replay = client.post(url(circle, "thread_create"), data)

    assert first_post.status_code == replay.status_code == 303
    assert first_post["Location"] == replay["Location"]
    assert Thread.objects.filter(circle=circle, title="Subsidie aanvragen").count() == 1
    assert follow_messages(client, replay)


def publish_lesson(circle, title):
    lesson = circle.add_child(instance=LessonPage(title=title, summary=f"Over {title}."))
    lesson.save_revision().publish()
    return LessonPage.objects.get(pk=lesson.pk)


def test_a_replayed_nomination_nominates_once_and_says_so(client, circles):
    lesson = publish_lesson(circles.open_circle, "Werk samen")
    circles.login(client, "facilitator")
    nominate = url(circles.open_circle, "nominate", lesson.pk)

    first_post = client.post(nominate)
    replay = client.post(nominate)

    assert first_post.status_code == replay.status_code == 303
    assert LessonNomination.objects.filter(lesson=lesson).count() == 1
    assert any("al" in m for m in follow_messages(client, replay))


def test_a_replayed_promotion_makes_one_tip_and_says_so(client, circles, talk):
    circle, thread, first, _second = talk
    circles.login(client, "facilitator")
    data = {"title": "Begin klein"}

    first_post = client.post(action(circle, thread, first, "tip"), data)
    replay = client.post(action(circle, thread, first, "tip"), {"title": "Anders verwoord"})

    assert first_post.status_code == replay.status_code == 303
    assert list(Tip.objects.values_list("title", flat=True)) == ["Begin klein"]
    assert any("al" in m for m in follow_messages(client, replay))


# --- One door per operation --------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("member", False),
        ("outsider", False),
        ("facilitator", True),
        ("other_facilitator", False),
        ("coordinator", True),
        ("other_coordinator", False),
    ],
)
def test_nominating_follows_one_set_of_rules(circles, role, allowed):
    lesson = publish_lesson(circles.open_circle, "Werk samen")
    user = circles.users[role]
    if allowed:
        assert curation.nominate(lesson, circles.region, user).network == circles.region
    else:
        with pytest.raises(PermissionDenied):
            curation.nominate(lesson, circles.region, user)


def test_a_facilitator_nominates_to_the_network_right_above_only(circles):
    lesson = publish_lesson(circles.open_circle, "Werk samen")
    with pytest.raises(PermissionDenied):
        curation.nominate(lesson, circles.network, circles.users["facilitator"])
    with pytest.raises(PermissionDenied):
        curation.nominate(lesson, circles.other_network, circles.users["facilitator"])


def test_a_declined_nomination_is_nominated_again_through_the_view(client, circles):
    lesson = publish_lesson(circles.open_circle, "Werk samen")
    nomination = curation.nominate(lesson, circles.region, circles.users["coordinator"])
    curation.decline(nomination, circles.users["coordinator"], "Nog te vaag")
    circles.login(client, "facilitator")

    client.post(url(circles.open_circle, "nominate", lesson.pk))

    nomination.refresh_from_db()
    assert nomination.status == "nominated" and nomination.decided_by is None


def test_promoting_a_hidden_or_deleted_reply_is_refused(circles, talk):
    _circle, _thread, first, second = talk
    conversations.hide_reply(first, circles.users["facilitator"], "Nee")
    conversations.delete_reply(second, circles.users["member"])
    for reply in (first, second):
        with pytest.raises(conversations.ConversationError):
            tips.promote_reply(fresh(reply), circles.users["facilitator"], title="Tip")
    assert not Tip.objects.exists()


# --- Hostile input on these doors --------------------------------------------------------


@pytest.mark.parametrize("data", [{}, {"title": ""}, {"title": "   "}, {"title": "x" * 100_000}])
def test_tip_titles_empty_or_huge_are_asked_again_with_what_was_typed(client, circles, talk, data):
    circle, thread, first, _second = talk
    circles.login(client, "facilitator")
    response = client.post(action(circle, thread, first, "tip"), {**data, "text": "Mijn uitleg"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'aria-invalid="true"' in page and "Mijn uitleg" in page
    assert not Tip.objects.exists()


def test_a_tip_title_with_html_is_kept_as_text(client, circles, talk):
    circle, thread, first, _second = talk
    circles.login(client, "facilitator")
    response = client.post(action(circle, thread, first, "tip"), {"title": "<b>vet</b>"})
    assert response.status_code == 303
    assert Tip.objects.get().title == "<b>vet</b>"
    page = client.get(url(circle, "thread", thread.pk)).content.decode()
    assert "<b>vet</b>" not in page


@pytest.mark.parametrize("target", ["", "abc", "999999", "<script>"])
def test_moving_to_a_wrong_circle_id_is_a_message(client, circles, talk, target):
    circle, thread, _first, _second = talk
    circles.login(client, "facilitator")
    response = client.post(
        url(circle, "thread_moderate", thread.pk), {"action": "move", "circle": target}
    )
    assert response.status_code == 303
    assert follow_messages(client, response)
    assert Thread.objects.get(pk=thread.pk).circle_id == circle.pk


def test_reacting_with_a_wrong_kind_or_someone_elses_reply_id(client, circles, talk):
    circle, thread, first, _second = talk
    other = conversations.start_thread(
        circles.closed_circle, circles.users["member"], title="Geheim", body="?"
    )
    foreign = conversations.post_reply(other, circles.users["member"], "Niet van hier")
    circles.login(client, "member")
    assert (
        client.post(action(circle, thread, first, "reageren"), {"kind": "x" * 5000}).status_code
        == 303
    )
    assert (
        client.post(action(circle, thread, foreign, "reageren"), {"kind": "nuttig"}).status_code
        == 404
    )
    assert not Reaction.objects.exists()


def test_nominating_someone_elses_lesson_id_is_404(client, circles):
    elsewhere = publish_lesson(circles.elsewhere_circle, "Elders geleerd")
    circles.login(client, "facilitator")
    response = client.post(url(circles.open_circle, "nominate", elsewhere.pk))
    assert response.status_code == 404
    assert not LessonNomination.objects.exists()


def test_a_reply_without_its_details_row_still_shows_and_can_be_edited(client, circles, talk):
    # Replies made outside post_reply (an import, xtd's own tools) have no ReplyMeta.
    circle, thread, _first, second = talk
    ReplyMeta.objects.filter(reply_id=second.pk).delete()
    assert conversations.may_edit(fresh(second), circles.users["member"])
    circles.login(client, "member")
    assert "Ja, in Tilburg." in client.get(url(circle, "thread", thread.pk)).content.decode()


# --- Deleting: confirm, undo for a few minutes -------------------------------------------


def test_deleting_asks_for_confirmation_without_javascript(client, circles, talk):
    circle, thread, _first, second = talk
    circles.login(client, "member")

    confirm = client.get(action(circle, thread, second, "verwijderen"))

    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "Weet je het zeker?" in page and "Ja, in Tilburg." in page
    assert not fresh(second).is_removed  # asking deletes nothing
    thread_page = client.get(url(circle, "thread", thread.pk)).content.decode()
    assert f'href="{action(circle, thread, second, "verwijderen")}"' in thread_page
    # "No, keep it" leads to the reply wherever it is now, not to page 1 of a long thread.
    assert f'href="{circle.reply_path(thread.pk, second.pk)}">Nee, laat staan<' in page


def test_others_cannot_even_see_the_confirmation_page(client, circles, talk):
    circle, thread, _first, second = talk
    for role, status in (("facilitator", 403), ("outsider", 403), ("coordinator", 403)):
        client.logout()
        circles.login(client, role)
        assert client.get(action(circle, thread, second, "verwijderen")).status_code == status


def test_a_deleted_reply_can_be_undone_for_a_few_minutes_with_exactly_its_text(
    client, circles, talk
):
    circle, thread, _first, second = talk
    circles.login(client, "member")

    deleted = client.post(action(circle, thread, second, "verwijderen"))
    assert deleted.status_code == 303
    assert fresh(second).is_removed
    page = client.get(deleted["Location"]).content.decode()
    assert "Ongedaan maken" in page and action(circle, thread, second, "herstellen") in page
    assert "Ja, in Tilburg." not in page

    client.logout()
    circles.login(client, "facilitator")
    other_view = client.get(url(circle, "thread", thread.pk)).content.decode()
    assert "verwijderd" in other_view and "Ja, in Tilburg." not in other_view
    assert "Ongedaan maken" not in other_view
    assert client.post(action(circle, thread, second, "herstellen")).status_code == 303
    assert fresh(second).is_removed  # not theirs to bring back

    client.logout()
    circles.login(client, "member")
    restored = client.post(action(circle, thread, second, "herstellen"))
    assert restored.status_code == 303
    assert not fresh(second).is_removed
    assert fresh(second).comment == "Ja, in Tilburg."
    assert "Ja, in Tilburg." in client.get(url(circle, "thread", thread.pk)).content.decode()
    again = client.post(action(circle, thread, second, "herstellen"))  # replayed
    assert again.status_code == 303 and follow_messages(client, again)


def test_undo_is_refused_after_the_window(client, circles, talk):
    circle, thread, _first, second = talk
    conversations.delete_reply(second, circles.users["member"])
    ReplyMeta.objects.filter(reply_id=second.pk).update(
        removed_at=timezone.now() - timedelta(minutes=6)
    )
    circles.login(client, "member")

    assert "Ongedaan maken" not in client.get(url(circle, "thread", thread.pk)).content.decode()
    response = client.post(action(circle, thread, second, "herstellen"))
    assert response.status_code == 303 and follow_messages(client, response)
    assert fresh(second).is_removed


def test_a_replayed_delete_is_a_message_not_an_error(client, circles, talk):
    circle, thread, _first, second = talk
    circles.login(client, "member")
    client.post(action(circle, thread, second, "verwijderen"))
    replay = client.post(action(circle, thread, second, "verwijderen"))
    assert replay.status_code == 303 and follow_messages(client, replay)


def test_restore_with_wrong_ids_or_get_is_refused_cleanly(client, circles, talk):
    circle, thread, _first, second = talk
    circles.login(client, "member")
    assert client.get(action(circle, thread, second, "herstellen")).status_code == 405
    assert (
        client.post(url(circle, "reply_action", thread.pk, 999999, "herstellen")).status_code == 404
    )


def test_a_deleted_reply_leaves_search_and_comes_back_on_undo(client, circles, talk):
    from leerkring.search.models import SearchDocument

    _circle, _thread, _first, second = talk
    member = circles.users["member"]
    documents = SearchDocument.objects.filter(source_id=second.pk, kind="reply")
    assert documents.exists()
    conversations.delete_reply(second, member)
    assert not documents.exists()
    conversations.restore_reply(second, member)
    assert documents.get().text == "Ja, in Tilburg."


# --- Hiding withdraws a tip --------------------------------------------------------------


def test_hiding_a_reply_withdraws_its_tip_everywhere_and_showing_brings_it_back(
    client, circles, talk
):
    from leerkring.search.models import SearchDocument

    circle, _thread, first, _second = talk
    moderator = circles.users["facilitator"]
    tip = tips.promote_reply(first, moderator, title="Begin klein met een warmtenet")
    tip_docs = SearchDocument.objects.filter(source_id=tip.pk, kind="tip")
    assert tip_docs.exists()
    assert "Begin klein met een warmtenet" in client.get(circle.url).content.decode()
    assert "Begin klein met een warmtenet" in client.get(circles.network.url).content.decode()

    conversations.hide_reply(first, moderator, "Persoonsgegevens")

    assert "Begin klein met een warmtenet" not in client.get(circle.url).content.decode()
    assert "Begin klein" not in client.get(circles.network.url).content.decode()
    assert not tip_docs.exists()
    assert not SearchDocument.objects.filter(source_id=first.pk, kind="reply").exists()

    conversations.show_reply(fresh(first), moderator)

    assert "Begin klein met een warmtenet" in client.get(circle.url).content.decode()
    assert tip_docs.exists()


# --- Buttons that show the state ---------------------------------------------------------


def test_the_tip_button_says_already_a_tip(client, circles, talk):
    circle, thread, first, second = talk
    tips.promote_reply(first, circles.users["facilitator"], title="Begin klein")
    circles.login(client, "facilitator")
    page = client.get(url(circle, "thread", thread.pk)).content.decode()
    assert "Al een tip" in page
    assert action(circle, thread, first, "tip") not in page
    assert action(circle, thread, second, "tip") in page


def test_the_circle_page_knows_which_lessons_are_nominated(client, circles):
    nominated = publish_lesson(circles.open_circle, "Al voorgedragen")
    publish_lesson(circles.open_circle, "Nog niet")
    curation.nominate(nominated, circles.region, circles.users["facilitator"])
    circles.login(client, "facilitator")
    response = client.get(circles.open_circle.url)
    assert response.context["nominated_lesson_ids"] == {nominated.pk}


# --- The join requests page --------------------------------------------------------------


def test_each_radio_sits_beside_its_label_on_the_requests_page(client, circles):
    circles.login(client, "facilitator")
    page = client.get(url(circles.open_circle, "requests")).content.decode()
    assert page.count('<div class="choice"><input type="radio"') == 2


@pytest.mark.parametrize("decision", [None, "", "maybe", "<script>"])
def test_saving_a_decision_without_a_choice_explains_and_keeps_the_note(client, circles, decision):
    circles.login(client, "facilitator")
    request = Membership.objects.get(circle=circles.open_circle, user=circles.users["requester"])
    data = {"note": "Welkom, maar <b>lees</b> eerst de afspraken."}
    if decision is not None:
        data["decision"] = decision

    response = client.post(url(circles.open_circle, "decide", request.pk), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "Kies of je de aanmelding accepteert of afwijst." in page
    assert "Welkom, maar &lt;b&gt;lees&lt;/b&gt; eerst de afspraken." in page
    request.refresh_from_db()
    assert request.status == MembershipStatus.REQUESTED


def test_a_huge_note_is_refused_with_the_choice_kept(client, circles):
    circles.login(client, "facilitator")
    request = Membership.objects.get(circle=circles.open_circle, user=circles.users["requester"])
    response = client.post(
        url(circles.open_circle, "decide", request.pk), {"decision": "decline", "note": "x" * 5000}
    )
    assert response.status_code == 400
    assert 'value="decline" id="decline-' in response.content.decode()
    assert "checked" in response.content.decode()
    request.refresh_from_db()
    assert request.status == MembershipStatus.REQUESTED


def test_deciding_someone_elses_request_id_is_404(client, circles):
    circles.login(client, "facilitator")
    foreign = Membership.objects.get(circle=circles.closed_circle, user=circles.users["requester"])
    response = client.post(url(circles.open_circle, "decide", foreign.pk), {"decision": "accept"})
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == MembershipStatus.REQUESTED
