"""macros/_macros.yml documents every macro that models, tests, analyses and hooks call.

A newcomer reading a model meets these macros first; the docs site shows their YAML. The
check reads the macro signatures from macros/**/*.sql and the calls from the files that
use them, so a new macro called from a model, or a changed signature, fails here until
its entry is written. Engine implementations (``<engine>__name``) sit behind a dispatching
macro and are documented by it.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests.dbt_harness import PROJECT_DIR

MACRO_DEFINITION = re.compile(r"\{%-?\s*macro\s+([a-z_0-9]+)\(([^)]*)\)")
ENGINE_PREFIXES = ("default__", "duckdb__", "spark__", "postgres__")


def _definitions() -> dict[str, list[str]]:
    """Macro name -> argument names, from every macro file."""
    found: dict[str, list[str]] = {}
    for path in sorted((PROJECT_DIR / "macros").rglob("*.sql")):
        for match in MACRO_DEFINITION.finditer(path.read_text()):
            arguments = [part.split("=")[0].strip() for part in match.group(2).split(",")]
            found[match.group(1)] = [name for name in arguments if name]
    return found


def _callers() -> list[Path]:
    files = [PROJECT_DIR / "dbt_project.yml"]
    for folder in ("models", "tests", "analyses"):
        for pattern in ("*.sql", "*.yml"):
            files.extend(sorted((PROJECT_DIR / folder).rglob(pattern)))
    return files


def _called_directly(definitions: dict[str, list[str]]) -> dict[str, str]:
    """Macro name -> one file that calls it, for the project macros called outside macros/."""
    called: dict[str, str] = {}
    texts = {path: path.read_text() for path in _callers()}
    for name in definitions:
        if name.startswith(ENGINE_PREFIXES):
            continue
        call = re.compile(r"(?<![a-z_0-9.])" + re.escape(name) + r"\(")
        for path, text in texts.items():
            if call.search(text):
                called[name] = str(path.relative_to(PROJECT_DIR))
                break
    return called


def _documented() -> dict[str, dict]:
    entries = yaml.safe_load((PROJECT_DIR / "macros" / "_macros.yml").read_text())["macros"]
    return {entry["name"]: entry for entry in entries}


def test_every_directly_called_macro_is_documented() -> None:
    definitions = _definitions()
    called = _called_directly(definitions)
    assert called, "no macro call found: the scan is broken"
    documented = _documented()
    missing = {name: caller for name, caller in sorted(called.items())
               if name not in documented}
    assert not missing, (
        "macros called from models/tests/hooks but not documented in macros/_macros.yml "
        f"(name: a caller): {missing}")


def test_documented_macros_exist_with_their_arguments() -> None:
    definitions = _definitions()
    problems = []
    for name, entry in _documented().items():
        if name not in definitions:
            problems.append(f"{name}: no such macro")
            continue
        if not str(entry.get("description", "")).strip():
            problems.append(f"{name}: no description")
        documented = [argument["name"] for argument in entry.get("arguments", [])]
        if documented != definitions[name]:
            problems.append(f"{name}: documents {documented}, the macro takes "
                            f"{definitions[name]}")
        problems.extend(f"{name}({argument['name']}): no description"
                        for argument in entry.get("arguments", [])
                        if not str(argument.get("description", "")).strip())
    assert not problems, "\n".join(problems)
