"""Adding a segment works as the README says (README, "Adding a segment").

In a copy of the project, the README's steps are followed word for word: its example SQL
and YAML blocks become the segment's two files and its id becomes one registry line. The
same steps are followed a second time with the example moved into an existing family
(`value/`, family value_and_lifecycle), so a user segment in a new family and one in an
existing family are both covered. The copy is then built on the demo data (every model,
data test and unit test) and checked as a user would: the new segments are in the
catalogue and the memberships with their members, and the built-in segments still equal
the oracle's fixture (the checks of tests/test_demo_warehouse.py, on the copy's warehouse).
Nothing else is needed: no oracle code, no demo rows, no fixture.
"""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from pathlib import Path

import pytest

from tests import test_demo_warehouse as demo_checks
from tests.dbt_harness import PROJECT_DIR, Warehouse, build_warehouse

# A second full build of the demo (about a minute), in a copy of the project.
pytestmark = pytest.mark.slow

# Not copied: the environment, build output and local warehouses (as a fresh clone).
SKIPPED = {".venv", "target", "logs", "warehouse", "bench", "dbt_packages", ".git",
           ".pytest_cache", ".ruff_cache", "__pycache__", "spark-warehouse", "metastore_db"}

SEGMENTS_DIR = Path("models/marts/segments")
REGISTRY = Path("macros/segment_registry.sql")
# The second copy of the README's example: the same segment in an existing family.
EXISTING_FAMILY = ("value", "value_and_lifecycle")


def _readme_section() -> str:
    readme = (PROJECT_DIR / "README.md").read_text()
    start = readme.index("## Adding a segment")
    end = readme.index("\n## ", start + 1)
    return readme[start:end]


def _fenced(section: str, language: str) -> str:
    """The one fenced block of ``language`` in the section, dedented."""
    blocks = re.findall(rf"^( *)```{language}\n(.*?)^\1```$", section, re.M | re.S)
    assert len(blocks) == 1, f"the README's 'Adding a segment' needs one ```{language} block"
    return textwrap.dedent(blocks[0][1])


def readme_example() -> dict[str, str]:
    """What the README's steps write: the SQL file's path, the SQL, the YAML, the id."""
    section = _readme_section()
    sql_path = re.search(r"`(models/marts/segments/\w+/seg_\w+\.sql)`", section)
    assert sql_path, "step 1 names the SQL file"
    yml_name = re.search(r"`(seg_\w+\.yml)`", section)
    assert yml_name, "step 2 names the YAML file"
    registry_line = re.search(r"`'(\w+)',`", section)
    assert registry_line, "step 3 shows the registry line"
    segment_id = registry_line.group(1)
    assert Path(sql_path.group(1)).name == f"seg_{segment_id}.sql"
    assert yml_name.group(1) == f"seg_{segment_id}.yml"
    return {"sql_path": sql_path.group(1), "sql": _fenced(section, "sql"),
            "yaml": _fenced(section, "yaml"), "segment_id": segment_id}


def _copy_project(destination: Path) -> Path:
    def ignore(folder: str, names: list[str]) -> set[str]:
        return {name for name in names if name in SKIPPED or name.endswith(".duckdb")}

    shutil.copytree(PROJECT_DIR, destination, ignore=ignore, symlinks=True)
    return destination


def add_segment(project: Path, folder: Path, sql: str, yaml: str, segment_id: str) -> None:
    """README steps 1-3: the SQL file, the YAML beside it, the registry line."""
    (project / folder).mkdir(parents=True, exist_ok=True)
    (project / folder / f"seg_{segment_id}.sql").write_text(sql)
    (project / folder / f"seg_{segment_id}.yml").write_text(yaml)
    registry = (project / REGISTRY).read_text()
    end_of_list = registry.index("    ]) }}")
    (project / REGISTRY).write_text(
        registry[:end_of_list] + f"        '{segment_id}',\n" + registry[end_of_list:])


@pytest.fixture(scope="module")
def added(tmp_path_factory: pytest.TempPathFactory) -> tuple[Warehouse, list[str]]:
    example = readme_example()
    project = _copy_project(tmp_path_factory.mktemp("add_a_segment") / "project")
    segment_id = example["segment_id"]
    add_segment(project, Path(example["sql_path"]).parent, example["sql"], example["yaml"],
                segment_id)
    folder, family = EXISTING_FAMILY
    other_id = f"{segment_id}_{folder}"
    other_yaml = example["yaml"].replace(segment_id, other_id)
    other_yaml, changed = re.subn(r"^(\s*family:) \w+$", rf"\1 {family}", other_yaml,
                                  flags=re.M)
    assert changed == 1, "the README's YAML sets the family once"
    add_segment(project, SEGMENTS_DIR / folder, example["sql"], other_yaml, other_id)
    warehouse = build_warehouse(tmp_path_factory.mktemp("add_a_segment_build"),
                                project_dir=project)
    return warehouse, [segment_id, other_id]


def test_readme_steps_build_with_their_tests(added: tuple[Warehouse, list[str]]) -> None:
    """The build (which fails on any failed test) ran each new model, its unit test and
    its contact-column and rule tests."""
    warehouse, segment_ids = added
    manifest = json.loads((warehouse.workdir / "target" / "manifest.json").read_text())
    statuses = warehouse.node_statuses
    for segment_id in segment_ids:
        model = f"model.ecom_segments.seg_{segment_id}"
        assert statuses.get(model) == "success", segment_id
        unit_tests = [unique_id for unique_id, node in manifest["unit_tests"].items()
                      if node["depends_on"]["nodes"] == [model]]
        assert unit_tests and all(statuses.get(unique_id) == "pass" for unique_id in unit_tests)
        tests = {node["test_metadata"]["name"]: unique_id
                 for unique_id, node in manifest["nodes"].items()
                 if node.get("attached_node") == model and node.get("test_metadata")}
        for name in ("segment_contact_columns_valid", "expression_is_true", "not_null"):
            assert statuses.get(tests.get(name, "")) == "pass", (segment_id, name, tests)


def test_new_segments_in_catalogue_and_memberships(
    added: tuple[Warehouse, list[str]]
) -> None:
    warehouse, segment_ids = added
    families = dict(warehouse.query("select segment_id, family from segments.segment_catalog"))
    assert families[segment_ids[0]] == "custom"
    assert families[segment_ids[1]] == EXISTING_FAMILY[1]
    # Its members, from the facts: the README example's rule.
    expected = {str(row[0]) for row in warehouse.query(
        "select contact_id from marts.fct_contacts"
        " where order_count >= 2 and days_since_last_order <= 60 and can_email")}
    assert expected, "the demo data has members for the README's example"
    memberships = warehouse.memberships()
    for segment_id in segment_ids:
        members = {contact for contact, segment in memberships if segment == segment_id}
        assert members == expected, segment_id
        count = warehouse.query("select member_count from segments.segment_catalog"
                                f" where segment_id = '{segment_id}'")
        assert count == [(len(expected),)]


def test_built_in_segments_still_equal_the_fixture(
    added: tuple[Warehouse, list[str]]
) -> None:
    """The fixture checks a user runs with `make test`, on the copy: they compare the
    built-in segments and list the user's."""
    warehouse, segment_ids = added
    assert demo_checks._user_segment_ids(warehouse) == sorted(segment_ids)
    demo_checks.test_every_segment_has_expected_members(warehouse)
    demo_checks.test_memberships_table_matches_fixture(warehouse)
    demo_checks.test_lifecycle_stages_match_fixture(warehouse)
    for segment_id in demo_checks.FIXTURE_SEGMENT_IDS:
        demo_checks.test_segment_membership_matches_fixture(warehouse, segment_id)
