#!/usr/bin/env python
"""Django's command-line utility for Tandem."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # manage.py is a developer's tool; servers (gunicorn via config.wsgi, Celery, the Docker
    # image) default to production, and the image sets TANDEM_ENV=production for its commands.
    os.environ.setdefault("TANDEM_ENV", "development")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        # Configuration mistakes deserve one clear sentence, not a traceback.
        sys.stderr.write(f"Tandem cannot start: {error}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
