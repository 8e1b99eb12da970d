"""Members write Markdown; what reaches other members' browsers can never run."""

from html.parser import HTMLParser

import pytest

from leerkring.markdown import ALLOWED_TAGS, render_markdown

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">klik</a>',
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](  javascript:alert(1))",
    "[klik](java&#x09;script:alert(1))",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![plaatje](javascript:alert(1))",
    '![plaatje](https://example.org/x.png" onerror="alert(1))',
    "<a href='vbscript:msgbox(1)'>vb</a>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<img src="x" onerror="alert(1)"',
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<object data="javascript:alert(1)"></object>',
    "<form action=javascript:alert(1)><button>x</button></form>",
    '[x](https://example.org "" onmouseover="alert(1)")',
    "<!--><script>alert(1)</script>-->",
    "`<script>alert(1)</script>`\n\n    <script>alert(1)</script>",
]


class MarkupAudit(HTMLParser):
    """Collects every tag and attribute that survived into the output."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.attributes = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend(attrs)

    handle_startendtag = handle_starttag


def audit(html):
    parser = MarkupAudit()
    parser.feed(str(html))
    return parser


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_payload_survives_as_markup(payload):
    result = audit(render_markdown(payload))

    assert set(result.tags) <= ALLOWED_TAGS
    for name, value in result.attributes:
        assert name in {"href", "title", "rel"}, (name, value)
        if name == "href":
            assert value.split(":", 1)[0].lower() in {"http", "https", "mailto"}, value


def test_there_are_at_least_twenty_payloads():
    assert len(XSS_PAYLOADS) >= 20


def test_markdown_still_does_what_members_expect():
    html = render_markdown(
        "**Vet** en *schuin*\n\n- een\n- twee\n\n> citaat\n\n[Gelders Energieakkoord](https://example.org)"
    )

    assert "<strong>Vet</strong>" in html
    assert "<em>schuin</em>" in html
    assert "<li>een</li>" in html
    assert "<blockquote>" in html
    assert '<a href="https://example.org" rel="nofollow ugc noopener noreferrer">' in html


def test_raw_html_is_shown_as_text_not_dropped():
    assert "&lt;b&gt;niet vet&lt;/b&gt;" in render_markdown("<b>niet vet</b>")


def test_huge_input_is_cut_not_crashed():
    assert len(render_markdown("a" * 1_000_000)) < 30_000


# Texts that made Python-Markdown search for a closing bracket or parenthesis to the end of
# the paragraph from every "[": 20,000 "[" took 65 s to render, once per page view.
RUNAWAY_TEXTS = {
    "unclosed brackets": "[" * 20_000,
    "images never closed": "![" * 5_000,
    "links whose address never closes": "[a](" * 2_500,
    "brackets among emphasis": "[*_" * 3_333,
}


@pytest.mark.parametrize("text", RUNAWAY_TEXTS.values(), ids=RUNAWAY_TEXTS.keys())
def test_brackets_that_open_nothing_reach_markdown_escaped_and_show_as_typed(text):
    from leerkring.markdown import LINK_OPENING, UNESCAPED_BRACKET, bound_link_search

    bounded = bound_link_search(text)

    openings = [m.start() for m in UNESCAPED_BRACKET.finditer(bounded)]
    assert all(LINK_OPENING.match(bounded, start) for start in openings)
    assert render_markdown(text).count("[") == text.count("[")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("[de kaart](https://example.org/kaart)", '<a href="https://example.org/kaart"'),
        ("zie [1]\n\n[1]: https://example.org/bron", '<a href="https://example.org/bron"'),
        ("[ ] nog doen, [x] gedaan", "[ ] nog doen, [x] gedaan"),
        ("`lijst[0` en verder", "<code>lijst[0</code>"),
        ("```\nrijen = [[[\n```", "rijen = [[["),
    ],
)
def test_links_checkboxes_and_code_keep_their_brackets(source, expected):
    assert expected in render_markdown(source)


def test_a_reply_is_rendered_when_written_and_pages_show_the_stored_html(client, circles):
    from leerkring import conversations
    from leerkring.models import ReplyMeta, Thread

    thread = conversations.start_thread(
        circles.open_circle, circles.users["member"], title="Warmtescan", body="Wie **deed** mee?"
    )
    text = "We deden het met *twaalf* huishoudens."
    reply = conversations.post_reply(thread, circles.users["member"], text)

    assert ReplyMeta.objects.get(reply=reply).html == str(render_markdown(text))
    assert "<strong>deed</strong>" in Thread.objects.get(pk=thread.pk).body_html
    # What the page shows is the stored HTML, not the text rendered on every view.
    ReplyMeta.objects.filter(reply=reply).update(html="<p>uit de opslag</p>")
    Thread.objects.filter(pk=thread.pk).update(body_html="<p>opening uit de opslag</p>")
    page = client.get(circles.open_circle.url + f"gesprekken/{thread.pk}/").content.decode()
    assert "<p>uit de opslag</p>" in page
    assert "<p>opening uit de opslag</p>" in page


def test_an_edit_stores_the_new_html(circles):
    from leerkring import conversations
    from leerkring.models import ReplyMeta

    member = circles.users["member"]
    thread = conversations.start_thread(circles.open_circle, member, title="Scan", body="Wie?")
    reply = conversations.post_reply(thread, member, "Eerst *zo*.")
    conversations.edit_reply(reply, member, "Toch **anders**.")

    stored = ReplyMeta.objects.get(reply=reply)
    assert "<strong>anders</strong>" in stored.html
    assert "zo" not in stored.html
    assert stored.edited_at is not None


def test_texts_stored_by_older_rules_are_rendered_as_shown_until_the_command_runs(client, circles):
    from django.core.management import call_command

    from leerkring import conversations
    from leerkring.markdown import RENDERING
    from leerkring.models import ReplyMeta, Thread

    member = circles.users["member"]
    thread = conversations.start_thread(circles.open_circle, member, title="Scan", body="*Wie*?")
    reply = conversations.post_reply(thread, member, "Met **twaalf** huizen.")
    conversations.hide_reply(reply, circles.users["facilitator"], "Dubbel geplaatst")
    ReplyMeta.objects.filter(reply=reply).update(html="<p>oud</p>", rendering="0")
    Thread.objects.filter(pk=thread.pk).update(body_html="<p>oud begin</p>", body_rendering="0")
    client.force_login(circles.users["facilitator"])
    page = client.get(circles.open_circle.url + f"gesprekken/{thread.pk}/").content.decode()
    assert "<strong>twaalf</strong>" in page and "<em>Wie</em>" in page
    assert "<p>oud" not in page

    call_command("rerender_texts", verbosity=0)

    stored = ReplyMeta.objects.get(reply=reply)
    assert (stored.rendering, "<strong>twaalf</strong>" in stored.html) == (RENDERING, True)
    assert stored.hidden_reason == "Dubbel geplaatst"  # its other details are kept
    assert Thread.objects.get(pk=thread.pk).body_rendering == RENDERING
