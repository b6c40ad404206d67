"""campaign.toml list settings: a plain list replaces the default, `{ extend = [...] }` / `{ remove = [...] }`
edit it in place, and every misuse (an unknown operation, an operation on a setting that is not a list, an
operation that is not a list, items of the wrong type, removing what is not there) fails at load time naming
the setting. Each case is a real campaign.toml written to disk and read by load_config."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from docx_build import DocWriter

from extractors.registry import extract
from pipeline.model.config import ConfigError, default_table, load_config
from pipeline.model.records import Submission

HEAD = '[campaign]\nid = "2024"\nname = "测试"\nyear = 2024\n'
DEFAULT_LEADER = default_table()["labels"]["leader"]


def _load(tmp_path, body: str):
    path = tmp_path / "campaign.toml"
    path.write_text(HEAD + body, encoding="utf-8")
    return load_config(path)


def _error(tmp_path, body: str) -> str:
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, body)
    return str(info.value)


def test_defaults_are_a_real_list_to_extend():
    assert len(DEFAULT_LEADER) >= 2 and all(isinstance(x, str) for x in DEFAULT_LEADER)
    assert "牵头负责人" not in DEFAULT_LEADER


def test_extend_adds_after_the_defaults(tmp_path):
    config = _load(tmp_path, '[labels]\nleader = { extend = ["牵头负责人", "项目牵头人"] }\n')
    assert config.labels.leader == [*DEFAULT_LEADER, "牵头负责人", "项目牵头人"]
    assert config.labels.unit == default_table()["labels"]["unit"]  # the other lists are untouched


def test_extend_as_a_table_header_and_an_item_already_there_is_kept_once(tmp_path):
    config = _load(tmp_path, f'[labels.leader]\nextend = ["{DEFAULT_LEADER[0]}", "牵头负责人"]\n')
    assert config.labels.leader == [*DEFAULT_LEADER, "牵头负责人"]


def test_remove_then_extend(tmp_path):
    gone = DEFAULT_LEADER[-1]
    config = _load(tmp_path, f'[labels]\nleader = {{ remove = ["{gone}"], extend = ["牵头负责人"] }}\n')
    assert config.labels.leader == [*DEFAULT_LEADER[:-1], "牵头负责人"]


def test_nested_lists_extend_too(tmp_path):
    default = default_table()["report"]["sections"]["background"]["names"]
    config = _load(tmp_path, '[report.sections.background]\nnames = { extend = ["建设缘起"] }\n'
                             '[checks.required_fields]\nfields = { remove = ["expected_outcomes"] }\n')
    assert config.report.sections["background"].names == [*default, "建设缘起"]
    assert "expected_outcomes" not in config.checks["required_fields"]["fields"]
    assert "leader" in config.checks["required_fields"]["fields"]


def test_a_plain_list_still_replaces(tmp_path):
    config = _load(tmp_path, '[labels]\nleader = ["牵头负责人"]\n')
    assert config.labels.leader == ["牵头负责人"]


def test_an_empty_list_replaces_with_nothing_but_an_empty_extend_changes_nothing(tmp_path):
    assert _load(tmp_path, '[labels]\nleader = []\n').labels.leader == []
    assert _load(tmp_path, '[labels]\nleader = { extend = [] }\n').labels.leader == DEFAULT_LEADER


@pytest.mark.parametrize("op", ["extnd", "append", "replace"])
def test_unknown_operation_fails_naming_it(tmp_path, op):
    message = _error(tmp_path, f'[labels]\nleader = {{ {op} = ["牵头负责人"] }}\n')
    assert "labels.leader" in message and op in message and str(tmp_path) in message


def test_an_empty_operation_table_fails(tmp_path):
    assert "labels.leader" in _error(tmp_path, "[labels]\nleader = {}\n")


@pytest.mark.parametrize(("body", "name"), [
    ("[ocr]\ndpi = { extend = [300] }\n", "ocr.dpi"),
    ("[similarity]\npinyin = { remove = [true] }\n", "similarity.pinyin"),
    ("[classify.min_score]\nextend = [0.5]\n", "classify.min_score"),
    ('[labels]\nleadr = { extend = ["牵头负责人"] }\n', "labels.leadr"),  # a typo of the setting itself
])
def test_extending_a_non_list_fails_naming_it(tmp_path, body, name):
    message = _error(tmp_path, body)
    assert name in message and "list" in message


@pytest.mark.parametrize("value", ['"牵头负责人"', "3", '{ a = 1 }'])
def test_an_operation_that_is_not_a_list_fails(tmp_path, value):
    message = _error(tmp_path, f"[labels]\nleader = {{ extend = {value} }}\n")
    assert "labels.leader.extend" in message and "list" in message


@pytest.mark.parametrize("items", ["[1]", '["牵头负责人", 2.5]', "[true]", '[["a"]]'])
def test_extending_with_items_of_the_wrong_type_fails(tmp_path, items):
    message = _error(tmp_path, f"[labels]\nleader = {{ extend = {items} }}\n")
    assert "labels.leader" in message and "string" in message


def test_an_extended_list_is_validated_like_a_replaced_one(tmp_path):
    # report.order names section keys: an extension is checked against the known keys as a whole list is
    message = _error(tmp_path, '[report]\norder = { extend = ["appendix"] }\n')
    assert "report.order" in message and "appendix" in message


def test_removing_what_is_not_there_fails(tmp_path):
    message = _error(tmp_path, '[labels]\nleader = { remove = ["负责人x"] }\n')
    assert "labels.leader.remove" in message and "负责人x" in message


def test_operations_work_in_overrides_too():
    config = load_config(overrides={"labels": {"leader": {"extend": ["牵头负责人"]}}})
    assert config.labels.leader == [*DEFAULT_LEADER, "牵头负责人"]
    with pytest.raises(ConfigError, match="labels.leader"):
        load_config(overrides={"labels": {"leader": {"add": ["牵头负责人"]}}})


def _form_with_leader_label(label: str) -> Submission:
    w = DocWriter()
    w.title("党建研究项目申报书")
    rows = [("党支部名称", "外国语学院教工党支部"), ("项目名称", "红烛引航育新人"), (label, "陈明"),
            ("项目简介", "简介。"), ("实施方案", "方案。")]
    t = w.table(len(rows), 2, [4, 11.6])
    for r, (name, value) in enumerate(rows):
        w.put(t.cell(r, 0), name)
        w.put(t.cell(r, 1), value)
    data = w.save("陈明", dt.datetime(2024, 3, 1, 9, 0))
    return Submission(file="申报书.docx", data=data, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                      detected="docx", extension="docx")


def test_an_extended_label_synonym_is_read_from_a_real_form(tmp_path):
    sub = _form_with_leader_label("牵头负责人")
    assert extract(sub, load_config()).fields.leader is None  # not a default synonym
    extended = _load(tmp_path, '[labels]\nleader = { extend = ["牵头负责人"] }\n')
    fields = extract(sub, extended).fields
    assert (fields.leader, fields.brand_name) == ("陈明", "红烛引航育新人")


def test_the_readme_example_loads_as_it_says(tmp_path):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    example = readme.split("A list can also be edited", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    config = _load(tmp_path, example)
    defaults = default_table()
    assert config.labels.leader == [*DEFAULT_LEADER, "牵头负责人"]
    assert config.labels.unit == ["所在单位"]
    assert config.checks["required_fields"]["fields"] == [
        f for f in defaults["checks"]["required_fields"]["fields"] if f != "expected_outcomes"]
    background = defaults["report"]["sections"]["background"]["names"]
    assert config.report.sections["background"].names == [*(n for n in background if n != "背景"), "建设缘起"]
