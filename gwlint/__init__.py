"""gwlint: a static analyzer for Amazon API Gateway configurations."""

import os as _os

__version__ = "0.1.0"

# Installed, the built-in rules are the subpackage gwlint/rules. In a source checkout they are the
# top-level rules/ directory (mapped to gwlint.rules by the build); when this checkout's gwlint/ is
# imported without that mapping (`python -m gwlint` in the repository root, where the current
# directory wins over an installed copy, or PYTHONPATH=.), look for gwlint.rules in the checkout too.
_here = _os.path.dirname(_os.path.abspath(__file__))
if not _os.path.isdir(_os.path.join(_here, "rules")) and \
        _os.path.isfile(_os.path.join(_os.path.dirname(_here), "rules", "__init__.py")):
    __path__.append(_os.path.dirname(_here))  # noqa: F821 (a package's __path__)
