#!/usr/bin/env python3
"""Validates an OCDS 1.1 release package against the official schemas.

Usage: validate.py PACKAGE.json

The schemas (release-package-schema.json and release-schema.json, OCDS 1.1.5)
are read from the folder in CIVITAS_OCDS_SCHEMA_DIR, by default
../shared/data/ocds-1.1 beside the repository. The Open Contracting
Partnership publishes them at
https://standard.open-contracting.org/schema/1__1__5/ ; nothing is fetched
from the network. The schema's "uri" and "date-time" formats are checked
(rfc3986-validator, rfc3339-validator); without their checkers it refuses
to run.
Exit status: 0 valid, 1 invalid, 2 schemas, format checkers or input
missing.
"""
import json
import os
import sys
from pathlib import Path

PACKAGE = "release-package-schema.json"
RELEASE = "release-schema.json"
PUBLISHED = "https://standard.open-contracting.org/schema/1__1__5/"


def fail(message: str) -> None:
    print(f"ocds-validate: {message}", file=sys.stderr)
    sys.exit(2)


def schema_dir() -> Path:
    configured = os.environ.get("CIVITAS_OCDS_SCHEMA_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[3] / "shared" / "data" / "ocds-1.1"


def main() -> None:
    if len(sys.argv) != 2:
        fail("usage: validate.py PACKAGE.json")
    try:
        from jsonschema import Draft4Validator, FormatChecker
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT4
    except ImportError:
        fail("python package jsonschema>=4.18 is missing: pip install -r scripts/ocds/requirements.txt")

    folder = schema_dir()
    paths = [folder / PACKAGE, folder / RELEASE]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        fail(
            f"OCDS schema not found: {', '.join(missing)}. Download {PACKAGE} and {RELEASE} "
            f"from {PUBLISHED} and set CIVITAS_OCDS_SCHEMA_DIR to their folder."
        )
    package_schema, release_schema = (json.loads(p.read_text()) for p in paths)
    registry = Registry().with_resources(
        (schema["id"], Resource.from_contents(schema, default_specification=DRAFT4))
        for schema in (package_schema, release_schema)
    )
    try:
        document = json.loads(Path(sys.argv[1]).read_text())
    except (OSError, ValueError) as e:
        fail(f"cannot read {sys.argv[1]}: {e}")

    # jsonschema checks a format only if the library that parses it is
    # installed, and skips it silently otherwise: a missing one is an error.
    checker = FormatChecker()
    unchecked = sorted({"uri", "date-time"} - set(checker.checkers))
    if unchecked:
        fail(
            f"no checker for the format(s) {', '.join(unchecked)}: "
            "pip install -r scripts/ocds/requirements.txt (rfc3986-validator, rfc3339-validator)"
        )
    validator = Draft4Validator(package_schema, registry=registry, format_checker=checker)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    for error in errors:
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        print(f"invalid at {where}: {error.message}", file=sys.stderr)
    if errors:
        print(f"ocds-validate: {sys.argv[1]}: {len(errors)} error(s) against {folder}", file=sys.stderr)
        sys.exit(1)
    releases = len(document.get("releases", []))
    print(f"ocds-validate: {sys.argv[1]}: valid OCDS 1.1 release package, {releases} release(s)")


if __name__ == "__main__":
    main()
