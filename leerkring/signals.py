"""Signals for changes made with ``QuerySet.update()``, which sends no ``post_save``.

Other apps (the search index) listen to them to stay current.
"""

from django.dispatch import Signal

# sender: the reply model (conversations.reply_model()); reply: the reply whose text or
# visibility changed.
reply_changed = Signal()
# sender: Thread; thread: the thread that moved to another circle.
thread_moved = Signal()
