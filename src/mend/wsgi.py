import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mend.settings")
application = get_wsgi_application()

# Load the URLs (and with them every view and API schema) now rather than on the first request:
# `mend serve --prod` loads this module once before gunicorn forks its workers, so they share
# it and answer their first request as fast as any other.
from django.urls import get_resolver  # noqa: E402 - needs the settings above

get_resolver().url_patterns  # noqa: B018
