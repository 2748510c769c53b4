"""The Elam tables read with sqlite3 (mcpria_lite.targets.elam) are xraydb's own numbers, for every element."""

from __future__ import annotations

import pytest
import xraydb

from mcpria_lite.targets import elam


@pytest.mark.parametrize("Z", range(1, 99))
def test_same_numbers_as_xraydb(Z):
    want = {k: e.energy for k, e in xraydb.xray_edges(Z).items()}
    assert elam.edges_eV(Z) == want
    assert elam.element_name(Z) == xraydb.atomic_name(Z)
    assert elam.molar_mass(Z) == xraydb.atomic_mass(Z)


def test_unknown_element_is_an_error():
    with pytest.raises(ValueError, match="Z must be"):
        elam.molar_mass(150)
