'''## What it does
Reports an exception inside gwlint itself (a rule or the model builder) while checking a file.

## Why is this bad?
It is a bug in gwlint, not in your file: the rule that crashed could not check this file. The other
rules and files are still checked. Please report it with the file (or a reduced copy).

## Example
```yaml
# Any input can trigger it; there is nothing to fix in the template.
Resources: {}
```

Use instead:
```yaml
# Report the bug; meanwhile `--ignore` the crashing rule if it blocks your build.
Resources: {}
```
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule


class InternalError(Rule):
    __doc__ = __doc__
    id = "GW003"
    name = "internal-error"
    severity = Severity.ERROR
    summary = "gwlint crashed while checking this file (a bug in gwlint)"
    target = "engine"

    def check(self, subject):
        return iter(())
