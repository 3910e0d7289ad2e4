"""A fix names the value to give the way the admin's front end does: `ssl check` flags, answer-file keys
(install, validate), or the wizard's fields, in both languages."""
import pytest

from installer import i18n
from tests.unit.tls.tls_testkit import codes


@pytest.mark.parametrize("front, en, zh", [
    ("flags", "(--ca)", "（--ca）"),
    ("answers", "(tls.ca)", "（tls.ca）"),
    ("wizard", "(the Private CA field)", "（“私有 CA”字段）"),
])
def test_the_ca_fix_names_the_place_of_each_front_end(files, pki, front, en, zh):
    cert, key = pki.leaf()
    report = files.check_leaf(cert, key, ca=None)  # a private root, and no CA given
    i18n.set_front_end(front)
    assert codes(report) == ["tls.chain_incomplete"]
    fix = report.problems[0].fix
    assert en in fix.render("en") and zh in fix.render("zh"), fix.both()
