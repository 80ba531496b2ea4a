"""Test-wide settings: validate every model element as it is built (see gwlint.model.elements.make)."""

import os

os.environ.setdefault("GWLINT_VALIDATE_MODEL", "1")
