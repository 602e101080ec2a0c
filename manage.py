#!/usr/bin/env python
"""Django's command-line utility for Tandem."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
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
