"""Atomic models for a slow projectile: which methods have one (and why the others do not), the models by
name, and what each returns where it is defined."""
import numpy as np
import pytest

from mcpria_lite.methods import METHODS
from mcpria_lite.methods.halo_models import ATOMIC_MODELS, PREFERENCE, atomic_model, best_model, model_names
from mcpria_lite.targets.ionization_factor import ionization_factor, roberts2023_ionization_factor
from mcpria_lite.units import HARTREE_KEV


@pytest.mark.parametrize("name,why", [("RIA", "final state"), ("RIA-simplified", "final state"),
                                      ("EPA", "off its mass shell"), ("FEA", "free electron at rest")])
def test_methods_without_a_slow_response_say_why(name, why):
    with pytest.raises(ValueError, match="slow projectile") as exc:
        METHODS[name].halo_response("Xe")
    assert why in str(exc.value)


def test_dfs_response_is_the_ionization_factor_over_the_hartree():
    """K = E_H R_L: the DFS model's K is the package's ionization_factor (the same tables) and R_L = K/E_H."""
    r = atomic_model("DFS", "Xe")
    E, q = np.array([0.03, 0.1, 0.5, 2.0]), np.array([5.0, 30.0, 150.0, 600.0])
    np.testing.assert_allclose(r.K(E, q), ionization_factor("Xe", E, q), rtol=1e-12)
    np.testing.assert_allclose(r.R_L(E, q) * HARTREE_KEV, r.K(E, q), rtol=1e-15)


def test_dfs_starts_just_above_the_first_threshold():
    """The tables start at each subshell's threshold node (B + max(0.01 B, 0.1 eV)): for Xe 5p3/2 at
    12.13 eV the first row is 12.25 eV; the 0.12 eV sliver below is refused, not guessed."""
    r = atomic_model("DFS", "Xe")
    assert 0.01213 < r.missing_below_keV < 0.0125
    with pytest.raises(ValueError, match="E_keV"):
        r.R_L(0.0122, 10.0)
    assert r.R_L(0.0126, 10.0) > 0
    assert r.R_L(0.012, 10.0) == 0.0                      # below the 5p3/2 threshold 12.13 eV
    assert atomic_model("DFS-impulse", "Xe").missing_below_keV is None


def test_roberts_model_keeps_the_total_K():
    """The split over subshells is ours; the sum must be the published table's K."""
    r = atomic_model("roberts2023", "Xe")
    E = np.array([0.013, 0.025, 0.08, 0.3, 1.5])
    q = np.array([6.0, 20.0, 60.0, 200.0, 800.0])
    np.testing.assert_allclose(r.K(E, q), roberts2023_ionization_factor(E, q), rtol=1e-12)
    per = np.array([r.K(E, q, subshell=s) for s in r.names])
    assert np.all(per >= 0)
    assert per[[i for i, s in enumerate(r.names) if s.startswith("5p")]].sum(axis=0)[0] == pytest.approx(
        float(roberts2023_ionization_factor(0.013, 6.0)))   # below 20 eV only 5p is open


def test_dfs_plus_roberts_joins_the_two_and_is_deprecated():
    """Deprecated (the DFS tables start at each threshold): still built, with a FutureWarning; not offered."""
    with pytest.warns(FutureWarning, match="deprecated"):
        c = atomic_model("DFS+roberts2023", "Xe")
    d = atomic_model("DFS", "Xe")
    assert "DFS+roberts2023" not in model_names("Xe") and "DFS+roberts2023" in model_names("Xe", deprecated=True)
    assert c.missing_below_keV is None
    below = 0.5 * (0.01213 + d.missing_below_keV)          # between the 5p3/2 edge and DFS's first row
    assert c.R_L(below, 8.0) == pytest.approx(float(roberts2023_ionization_factor(below, 8.0)) / HARTREE_KEV)
    np.testing.assert_allclose(c.R_L([0.015, 0.03, 0.2], [8.0, 9.0, 40.0]), d.R_L([0.015, 0.03, 0.2], [8.0, 9.0, 40.0]),
                               rtol=1e-14)


def test_models_by_element():
    assert set(model_names("Xe", deprecated=True)) == set(ATOMIC_MODELS) - {"darkarc2019"}
    assert "DFS" in model_names("Ar") and "darkarc2019" in model_names("Ar") and "roberts2023" not in model_names("Ar")
    assert "darkarc2019" not in model_names("Xe")
    assert "roberts2023" not in model_names("Ge") and "DFS" in model_names("Ge")
    with pytest.raises(ValueError, match="element"):
        atomic_model("roberts2023", "Ge")
    with pytest.raises(ValueError, match="model"):
        atomic_model("QEdark", "Xe")


def test_hydrogenic_reference_is_soft_at_large_q():
    """Slater-screened hydrogenic orbitals carry too little momentum: at q ≫ √(2m_eE) the reference falls
    below the ab initio response (the talk's point, shown in the book)."""
    h, d = atomic_model("hydrogenic", "Xe"), atomic_model("DFS", "Xe")
    E, q = np.full(3, 0.1), np.array([30.0, 100.0, 300.0])
    assert np.all(h.R_L(E, q) < d.R_L(E, q))


def test_roberts_fast_grid_equals_its_pointwise_values():
    """The grid path of the split Roberts model (K and the DFS shares once per grid) gives the pointwise numbers."""
    from mcpria_lite.rates.halo_rates import _grid

    r = atomic_model("roberts2023", "Xe")
    E, q = _grid(r)[0][::23], np.geomspace(1.0, 1e4, 9)
    EE, QQ = np.meshgrid(E, q, indexing="ij")
    np.testing.assert_allclose(r.on_grid(E, q), np.stack([r.R_L(EE, QQ, subshell=n) for n in r.names]), rtol=1e-12)


def test_every_dfs_element_starts_at_its_first_threshold():
    """Xe 5p3/2, Ge 4p and Ar 3p3/2: the tables' first row lies within max(1 %, 0.1 eV) + 0.05 eV above the
    outermost binding energy (the node convention), and every subshell is there."""
    for el, n_sub in (("Xe", 17), ("Ge", 12), ("Ar", 7)):
        r = atomic_model("DFS", el)
        B = r.threshold_keV
        assert len(r.subshells) == n_sub
        assert B < r.E_min_keV <= B + max(0.01 * B, 1e-4) + 5e-5, (el, B, r.E_min_keV)


def test_best_model_per_element():
    """The best model is the first of PREFERENCE covering the element; never a deprecated one."""
    assert best_model("Xe") == "roberts2023" and best_model("Ge") == "DFS" and best_model("Ar") == "DFS"
    assert best_model("Na") in ("DFS", "hydrogenic")
    for el in ("Xe", "Ge", "Ar", "C"):
        assert not ATOMIC_MODELS[best_model(el)].deprecated and best_model(el) in PREFERENCE


def test_darkarc_model_is_the_table_over_four_E_er():
    """At a node of obscura's DarkARC grid, R_L = W1/(4 E_er) exactly (E_er = k'²/2m_e, E = E_er + B)."""
    from importlib import resources

    from mcpria_lite.units import M_E

    with resources.as_file(resources.files("mcpria_lite") / "data" / "atoms" / "darkarc_W1_Ar.npz") as f:
        z = np.load(f)
        k, q, W, B = z["k_keV"], z["q_keV"], z["W1_3p"].astype(float), 1e-3 * float(z["binding_eV"][0])
    r = atomic_model("darkarc2019", "Ar")
    for i, j in ((40, 50), (55, 80), (70, 120)):
        E_er = k[i] ** 2 / (2 * M_E)
        assert float(r.R_L(E_er + B, q[j], subshell="3p")) == pytest.approx(W[i, j] / (4 * E_er), rel=1e-9)
    assert r.R_L(0.02, 0.5) == 0.0                                       # q below the table: not tabulated


def test_crystal_targets_say_their_tables_are_free_atoms():
    """Si and Ge detectors are crystals: the DFS model of a free atom says so in its description."""
    for el in ("Si", "Ge"):
        assert "not the response of a" in atomic_model("DFS", el).description
    assert "crystal" not in atomic_model("DFS", "Xe").description
