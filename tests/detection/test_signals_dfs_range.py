"""A method's range, in the terms of the data set the user asked for (method "DFS" on XENONnT SR0)."""

from __future__ import annotations

import numpy as np
import pytest

from mcpria_lite.detection import releases, signals


def test_range_error_names_the_data_set_and_the_energy_it_needs():
    rel = releases.get("xenonnt-sr0")
    nodes = signals.TNodes(np.array([1.0, 10.0, 75.0]), np.array([1.0, 1.0, 1.0]))
    with pytest.raises(ValueError) as e:
        signals.neutrino_signal(rel, "magnetic-moment", "DFS", nodes=nodes, per_decade=None)
    msg = str(e.value)
    assert "data set 'xenonnt-sr0'" in msg and "energy transfers up to 60 keV" in msg and "75" in msg
    assert "T_keV" not in msg


def test_every_xenonnt_sr0_node_is_inside_the_xe_tables():
    from mcpria_lite.methods.dfs import _tables

    nodes = signals.t_nodes(releases.get("xenonnt-sr0"))
    assert nodes.T_keV.max() < _tables("Xe").T_grid[-1]
