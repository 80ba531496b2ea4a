"""Copy the repository's fixtures and examples into fuzz/corpus/{loaders,check} as seeds."""

import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

for target in ("loaders", "check"):
    folder = os.path.join(HERE, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    for source in ("fixtures", "examples"):
        for directory, _, names in os.walk(os.path.join(ROOT, source)):
            for name in names:
                if name.endswith((".yaml", ".yml", ".json")):
                    path = os.path.join(directory, name)
                    if os.path.getsize(path) < 20_000:
                        shutil.copy(path, os.path.join(folder, f"{os.path.basename(directory)}_{name}"))
