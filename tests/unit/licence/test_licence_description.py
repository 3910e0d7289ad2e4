"""The vendor's description is checked against every rule before it is signed."""
import json
from datetime import date

import pytest
import yaml

from installer.licence import LicenceError
from installer.licence.description import load_description
from tests.unit.licence.licence_testkit import description

TODAY = date(2026, 3, 1)


def problems_in(tmp_path, data=None, text=None, name="desc.yaml") -> str:
    path = tmp_path / name
    path.write_text(text if text is not None else yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(LicenceError) as err:
        load_description(str(path), TODAY)
    return err.value.render("en")


def loads(tmp_path, data, name="desc.yaml"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False) if name.endswith(".json")
                    else yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_description(str(path), TODAY)


@pytest.mark.parametrize("name", ["desc.yaml", "desc.json"])
def test_yaml_and_json_descriptions_load_with_defaults(tmp_path, name):
    lic = loads(tmp_path, description(issued=None, support=None), name)
    assert (lic.issued, lic.valid_from, lic.support, lic.client_name) == (TODAY, TODAY, "basic", "北京示例科技有限公司")


@pytest.mark.parametrize("kind, edition", [("saas", "standard"), ("private", "basic"), ("hybrid", "professional")])
def test_edition_must_belong_to_the_kind(tmp_path, kind, edition):
    text = problems_in(tmp_path, description(kind=kind, edition=edition, features=[], bindings={}))
    assert f"edition: '{edition}' is not one of" in text


@pytest.mark.parametrize("edition, users", [("basic", 100), ("professional", 500), ("enterprise", None)])
def test_saas_user_limit_comes_from_the_edition(tmp_path, edition, users):
    lic = loads(tmp_path, description(kind="saas", edition=edition, users=None, features=[], bindings={}))
    assert lic.users == users


def test_saas_user_limit_other_than_the_edition_is_refused(tmp_path):
    text = problems_in(tmp_path, description(kind="saas", edition="basic", users=300, features=[], bindings={}))
    assert "users: SaaS basic is for 100 users" in text


def test_only_private_licences_may_be_perpetual(tmp_path):
    assert loads(tmp_path, description(expires="never")).perpetual
    text = problems_in(tmp_path, description(kind="saas", edition="basic", users=None, expires="never",
                                             features=[], bindings={}))
    assert "only a private deployment licence may be perpetual" in text


def test_hybrid_gets_the_hybrid_ai_feature_and_private_may_not_have_it(tmp_path):
    assert "hybrid-ai" in loads(tmp_path, description(kind="hybrid")).features
    assert "'hybrid-ai' goes with kind hybrid" in problems_in(tmp_path, description(features=["hybrid-ai",
                                                                                             "multi-node"]))


def test_several_servers_need_multi_node(tmp_path):
    assert "more than one server needs the 'multi-node' feature" in problems_in(tmp_path, description(features=[]))


def test_every_problem_is_reported_at_once_with_suggestions(tmp_path):
    text = problems_in(tmp_path, description(expiry="2027-01-01", expires=None, users=-5, support="gold",
                                             client={"id": "Client 1", "name": "x"}))
    for expected in ["expiry: unknown key (did you mean 'expires'?)", "expires: 'None' is not a date",
                     "users: '-5' is not a whole number", "support: 'gold' is not one of",
                     "client.id: 'Client 1' is not valid"]:
        assert expected in text


def test_dates_must_be_real_dates_and_in_order(tmp_path):
    assert "'2026-02-30' is not a date" in problems_in(tmp_path, description(expires="2026-02-30"))
    assert "expires: is before valid_from" in problems_in(tmp_path, description(valid_from="2028-01-01"))


def test_duplicate_yaml_keys_are_refused(tmp_path):
    assert "appears twice" in problems_in(tmp_path, text="licence_id: A\nlicence_id: B\n")


def test_unreadable_or_non_mapping_description_is_explained(tmp_path):
    assert "must be a mapping" in problems_in(tmp_path, text="- a list\n")
    assert "not readable JSON" in problems_in(tmp_path, text="{oops", name="desc.json")
