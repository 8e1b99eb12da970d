"""gunicorn settings for the site, from the environment: `gunicorn -c cop_site/gunicorn.conf.py`.

Web workers keep no state of their own: sessions and the cache are in the database (or
Redis), uploads in MEDIA_ROOT or object storage, so any number of them can run side by side.
"""

import multiprocessing
import os

wsgi_app = "cop_site.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# gunicorn's rule of thumb, 2 per core plus one, within what one machine's database
# connections comfortably take.
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 9)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced now and then, so that a slow leak never grows without end.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
# The proxy in front sets X-Forwarded-For and -Proto; only it is believed.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
