"""ActivityPub federation of a network's key lessons (docs/architecture.md, "Federation").

``actors`` finds the networks that federate and gives each its ``NetworkActor`` and key
(``keys``); ``documents`` builds the JSON(-LD) documents other servers read; ``views``
answers WebFinger and the actor's collections. This first slice publishes and sends
nothing: its inbox refuses every activity.
"""
