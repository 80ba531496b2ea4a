"""Shared set-up for the harnesses: import gwlint from this checkout, validate the model as in tests."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
os.environ.setdefault("GWLINT_VALIDATE_MODEL", "1")
