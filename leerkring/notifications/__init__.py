"""Who hears about what happens in a conversation, and how they stop hearing about it.

What someone hears about follows from what they follow (:class:`~leerkring.models.Follow`)
and their :class:`~leerkring.models.NotificationSettings`. Whether they may hear about it is
decided when a message is sent, from the circle's *current active members* only: someone who
left a closed circle, or never was in it, hears nothing of it, whatever they still follow.

Every notification carries a signed one-click unsubscribe link (RFC 8058) that works without
logging in.

- :mod:`.following`: following and muting threads and circles, mentions, and who of a
  circle's members a message reaches;
- :mod:`.unsubscribe`: the signed unsubscribe links and what following one stops;
- :mod:`.notifying`: the instant emails (new conversation, reply, mention, flag);
- :mod:`.digests`: the daily and weekly digests.

``notifying`` and ``digests`` use ``following`` and ``unsubscribe``, never the other way
round; all of them send through :mod:`leerkring.mail`.
"""
