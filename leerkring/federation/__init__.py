"""ActivityPub federation of a network's key lessons (docs/architecture.md, "Federation").

``actors`` finds the networks that federate and gives each its ``NetworkActor`` and key
(``keys``); ``documents`` builds the JSON(-LD) documents other servers read; ``views``
answers WebFinger and the actor's collections. ``inbox`` checks what other servers post
and ``handlers`` acts on it; ``publishing`` tells followers what changed among the key
lessons, ``following`` follows other sites' networks and features their lessons, and
``delivery`` signs and posts every activity in the background, with retries.
"""
