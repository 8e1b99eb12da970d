"""A long conversation reads in pages: every reply has a lasting address that finds its page,
posting lands on the page of the new reply, and a member can jump to what is new."""

import re

import pytest

from leerkring import conversations
from leerkring.mail import thread_path
from leerkring.models import Thread
from leerkring.search.documents import describe
from leerkring.views.threads import REPLIES_PER_PAGE

from .conftest import Circles


def thread_url(circle, thread):
    return circle.url + circle.reverse_subpage("thread", args=[thread.pk])


def shown_reply_ids(response):
    return [
        int(found)
        for found in re.findall(r'<li class="reply" id="reactie-(\d+)"', response.content.decode())
    ]


def facilitator_answers(circles, thread, text, parent=None):
    return conversations.post_reply(
        thread, circles.users["facilitator"], text, parent=parent, rate_exempt=True
    )


@pytest.fixture
def long_talk(circles):
    """60 replies in the closed circle: 59 at the top level and, last of all, an answer to
    the very first, which tree order puts on page 1."""
    circle = circles.closed_circle
    thread = conversations.start_thread(
        circle, circles.users["member"], title="Warmtenet in de wijk", body="Wie weet meer?"
    )
    replies = [facilitator_answers(circles, thread, f"Antwoord {n}") for n in range(59)]
    late_answer = facilitator_answers(circles, thread, "Nog een aanvulling", parent=replies[0])
    return circle, thread, replies, late_answer


def test_a_long_thread_shows_one_page_of_replies_with_links_to_the_others(
    client, circles, long_talk
):
    circle, thread, replies, late_answer = long_talk
    circles.login(client, "member")

    first = client.get(thread_url(circle, thread))
    last = client.get(thread_url(circle, thread), {"page": 3})

    assert shown_reply_ids(first)[:3] == [replies[0].pk, late_answer.pk, replies[1].pk]
    assert len(shown_reply_ids(first)) == REPLIES_PER_PAGE
    assert shown_reply_ids(last) == [reply.pk for reply in replies[49:]]
    html = first.content.decode()
    assert "60 reacties" in html  # the heading counts the whole conversation
    assert '<span aria-current="page">1</span>' in html
    assert 'href="?page=2#replies-heading"' in html and 'rel="next"' in html
    assert 'rel="next"' not in last.content.decode()


@pytest.mark.parametrize("value", ["abc", "-1", "0", "99999", "9" * 40, "<script>"])
def test_a_page_number_that_is_not_one_shows_a_page_anyway(client, circles, long_talk, value):
    circle, thread, _replies, _late = long_talk
    circles.login(client, "member")

    response = client.get(thread_url(circle, thread), {"page": value})

    assert response.status_code == 200
    assert len(shown_reply_ids(response)) in (REPLIES_PER_PAGE, 10)


def test_the_address_of_a_reply_leads_to_the_page_it_is_on(client, circles, long_talk):
    circle, thread, replies, late_answer = long_talk
    circles.login(client, "member")

    on_page_two = client.get(circle.reply_path(thread.pk, replies[30].pk))
    nested = client.get(circle.reply_path(thread.pk, late_answer.pk))

    assert on_page_two.status_code == 302
    assert (
        on_page_two["Location"] == f"{thread_url(circle, thread)}?page=2#reactie-{replies[30].pk}"
    )
    assert nested["Location"] == f"{thread_url(circle, thread)}#reactie-{late_answer.pk}"
    assert replies[30].pk in shown_reply_ids(client.get(on_page_two["Location"]))


def test_the_address_of_a_reply_in_a_closed_circle_tells_an_outsider_nothing(
    client, circles, long_talk
):
    circle, thread, replies, _late = long_talk
    other = Thread.objects.create(
        circle=circles.open_circle,
        title="Elders",
        body="Iets anders",
        author=circles.users["member"],
    )
    answers = {}
    for role in Circles.ROLES:
        client.logout()
        circles.login(client, role)
        answers[role] = client.get(circle.reply_path(thread.pk, replies[0].pk)).status_code
    # A reply asked for under another conversation is not there.
    circles.login(client, "member")
    wrong_thread = client.get(circles.open_circle.reply_path(other.pk, replies[0].pk))

    assert answers == {
        "anonymous": 404, "outsider": 404, "requester": 404, "member": 302,
        "facilitator": 302, "other_facilitator": 404, "coordinator": 302,
        "other_coordinator": 404,
    }  # fmt: skip
    assert wrong_thread.status_code == 404


def test_posting_a_reply_lands_on_the_page_that_shows_it(client, circles, long_talk):
    circle, thread, _replies, _late = long_talk
    circles.login(client, "member")

    response = client.post(thread_url(circle, thread), {"text": "Wij ook, in Zutphen."})

    reply = conversations.replies_of(thread).last()
    assert reply.comment == "Wij ook, in Zutphen."
    assert response["Location"] == f"{thread_url(circle, thread)}?page=3#reactie-{reply.pk}"


def test_a_member_can_jump_to_the_first_reply_since_the_last_visit(client, circles, long_talk):
    circle, thread, replies, _late = long_talk
    circles.login(client, "member")
    client.get(thread_url(circle, thread), {"page": 3})  # read to the end
    fresh = facilitator_answers(circles, thread, "Nieuw: de subsidie is rond", replies[40])
    facilitator_answers(circles, thread, "En nog iets", parent=replies[45])

    first_page = client.get(thread_url(circle, thread)).content.decode()
    listing_after_page_one = client.get(circle.url + circle.reverse_subpage("thread_list"))
    client.get(thread_url(circle, thread), {"page": 3})
    listing_after_the_end = client.get(circle.url + circle.reverse_subpage("thread_list"))

    jump = circle.reply_path(thread.pk, fresh.pk)
    assert f'href="{jump}"' in first_page
    assert "Naar de eerste ongelezen reactie" in first_page
    assert client.get(jump)["Location"].endswith(f"?page=2#reactie-{fresh.pk}")
    # Page 1 alone is not the whole conversation; the list keeps it unread until the end.
    assert listing_after_page_one.context["threads"][0].is_read is False
    assert listing_after_the_end.context["threads"][0].is_read is True


def test_links_in_emails_and_search_go_through_the_lasting_address(circles, long_talk):
    circle, thread, replies, _late = long_talk

    assert thread_path(thread, replies[30]) == circle.reply_path(thread.pk, replies[30].pk)
    assert describe(replies[30]).url == circle.reply_path(thread.pk, replies[30].pk)


# --- One set of action forms per page ----------------------------------------------------


def action_url(circle, thread, reply, action):
    return circle.url + circle.reverse_subpage("reply_action", args=[thread.pk, reply.pk, action])


@pytest.mark.parametrize("role", ["member", "facilitator"])
def test_the_page_has_one_action_form_whatever_the_number_of_replies(
    client, circles, long_talk, role
):
    circle, thread, replies, _late = long_talk
    circles.login(client, role)
    other = conversations.start_thread(circle, circles.users["member"], title="Kort", body="?")
    facilitator_answers(circles, other, "Eén antwoord")

    short = client.get(thread_url(circle, other)).content.decode()
    long = client.get(thread_url(circle, thread)).content.decode()

    assert short.count("<form") == long.count("<form")
    assert short.count("csrfmiddlewaretoken") == long.count("csrfmiddlewaretoken")
    # Each reaction button names its reply and submits the page's one form.
    useful = (
        f'form="reply-actions" formaction="{action_url(circle, thread, replies[1], "reageren")}"'
    )
    assert useful in long
    assert '<form id="reply-actions" method="post"' in long


def test_a_reaction_through_the_page_form_lands_back_on_the_reply(client, circles, long_talk):
    circle, thread, replies, _late = long_talk
    circles.login(client, "member")
    reply = replies[40]  # on page 2

    response = client.post(action_url(circle, thread, reply, "reageren"), {"kind": "nuttig"})

    assert response.status_code == 303
    assert response["Location"].endswith(f"?page=2#reactie-{reply.pk}")
    page = client.get(response["Location"]).content.decode()
    assert re.search(
        rf'formaction="[^"]*/{reply.pk}/reageren/" name="kind" value="nuttig" '
        r'class="reaction reaction--mine" aria-pressed="true">',
        page,
    )


@pytest.mark.parametrize(
    "role,action,field,value,done",
    [
        ("facilitator", "verbergen", "reason", "Te persoonlijk", "De reactie is verborgen."),
        ("member", "melden", "reason", "Dit klopt niet", "De begeleiders kijken ernaar."),
        ("facilitator", "tip", "title", "Begin bij de buurt", "De reactie is nu een tip"),
    ],
)
def test_steps_that_ask_for_words_open_a_page_of_their_own(
    client, circles, long_talk, role, action, field, value, done
):
    circle, thread, replies, _late = long_talk
    circles.login(client, role)
    reply = replies[30]
    address = action_url(circle, thread, reply, action)
    assert (
        f'href="{address}"' in client.get(thread_url(circle, thread), {"page": 2}).content.decode()
    )

    asked = client.get(address)
    assert asked.status_code == 200
    assert "Antwoord 30" in asked.content.decode()  # the reply it is about, quoted
    assert circle.reply_path(thread.pk, reply.pk) in asked.content.decode()  # cancel

    empty = client.post(address, {field: "   "})
    assert empty.status_code == 400 and 'aria-invalid="true"' in empty.content.decode()

    taken = client.post(address, {field: value}, follow=True)
    assert taken.redirect_chain[0][0].endswith(f"?page=2#reactie-{reply.pk}")
    assert done in taken.content.decode()


def test_someone_who_may_not_take_a_step_does_not_get_its_page(client, circles, long_talk):
    circle, thread, replies, _late = long_talk
    circles.login(client, "member")
    assert client.get(action_url(circle, thread, replies[0], "verbergen")).status_code == 403
    assert client.get(action_url(circle, thread, replies[0], "tip")).status_code == 403
    client.logout()
    circles.login(client, "outsider")
    assert client.get(action_url(circle, thread, replies[0], "melden")).status_code == 404


def test_names_and_reasons_in_replies_are_shown_as_text(client, circles, long_talk):
    circle, thread, replies, _late = long_talk
    facilitator = circles.users["facilitator"]
    facilitator.first_name, facilitator.last_name = "<script>alert(1)</script>", "Ünal"
    facilitator.save()
    conversations.hide_reply(replies[0], facilitator, '<img src=x onerror="alert(2)">')
    circles.login(client, "facilitator")

    page = client.get(thread_url(circle, thread)).content.decode()

    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; Ünal" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in page


def test_reply_dates_read_in_the_reader_s_language(client, circles, long_talk):
    circle, thread, replies, _late = long_talk
    conversations.reply_model().objects.filter(pk=replies[0].pk).update(
        submit_date="2026-03-05T09:07:00+00:00"
    )
    circles.login(client, "member")

    page = client.get(thread_url(circle, thread)).content.decode()

    # Amsterdam time, one hour ahead of UTC in March.
    assert '<time datetime="2026-03-05T10:07:00+0100">5 maart 2026, 10:07</time>' in page
