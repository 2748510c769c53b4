"""Array-valued method options broadcast like numpy with T and E (issue 25, item 7).

The EPA's ``Q2_max`` may be an array, one upper virtuality per (T, E). It was paired with the
*flattened* T: an array of shape (6,) against T of shape (2, 3) was silently accepted (values
matched to the wrong points), one of shape (3,), which numpy would broadcast, refused.
"""

from __future__ import annotations

import numpy as np
import pytest

import mcpria_lite as ml

T = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])


def _pointwise(Q2):
    """dσ/dT point by point, each with its own scalar Q2_max (the reference)."""
    Tb, Qb = np.broadcast_arrays(T, Q2)
    return np.array([float(ml.dsigma_dT("Ge", t, 1e3, 1.0, method="EPA", Q2_max=float(q)))
                     for t, q in zip(Tb.ravel(), Qb.ravel())]).reshape(Tb.shape)


@pytest.mark.parametrize("Q2", [np.array([10.0, 20.0, 30.0]),              # broadcasts along the last axis
                                np.array([[10.0], [40.0]]),                # along the first
                                np.arange(1.0, 7.0).reshape(2, 3) * 10.0])  # the full shape
def test_q2_max_broadcasts_like_numpy(Q2):
    got = ml.dsigma_dT("Ge", T, 1e3, 1.0, method="EPA", Q2_max=Q2)
    assert got.shape == T.shape
    np.testing.assert_allclose(got, _pointwise(Q2), rtol=1e-12)


def test_q2_max_that_does_not_broadcast_is_refused_naming_it():
    with pytest.raises(ValueError, match=r"Q2_max \(6,\).*T_keV \(2, 3\)|T_keV \(2, 3\).*Q2_max \(6,\)"):
        ml.dsigma_dT("Ge", T, 1e3, 1.0, method="EPA", Q2_max=np.arange(1.0, 7.0))


def test_q2_max_broadcasts_with_E_too():
    E = np.array([[1e3], [1e4]])
    Q2 = np.array([10.0, 20.0, 30.0])
    got = ml.dsigma_dT("Ge", 2.0, E, 1.0, method="EPA", Q2_max=Q2)
    assert got.shape == (2, 3)
    want = [[float(ml.dsigma_dT("Ge", 2.0, e, 1.0, method="EPA", Q2_max=q)) for q in Q2] for e in E.ravel()]
    np.testing.assert_allclose(got, want, rtol=1e-12)


def test_array_option_in_a_rate_is_refused_naming_it():
    """A rate pairs the options with its flux nodes, not with anything the caller shaped."""
    with pytest.raises(ValueError, match="Q2_max"):
        ml.dR_dT("Ge", np.array([1.0, 2.0]), ml.dark_cosmic_rays(1.0), "EPA", Q2_max=np.array([10.0, 20.0]))
    r = ml.dR_dT("Ge", np.array([1.0, 2.0]), ml.dark_cosmic_rays(1.0), "EPA", Q2_max=10.0)
    assert np.all(np.isfinite(r)) and np.all(r >= 0)
