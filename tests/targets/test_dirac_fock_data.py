"""Checks of the committed Dirac–Hartree–Fock Compton-profile tables.

The tables ``src/mcpria_lite/data/atoms/dirac_fock_{Ge,Xe}.json`` are produced by
``scripts/dirac_fock_profiles.py`` (pyscf, not needed here). These tests read only the JSON and
compare it with physics requirements (normalisation, symmetry, positivity, monotonicity) and with
independent tabulations: Biggs et al. (1975) profiles and Elam et al. edge energies via xraylib.
"""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest
import xraylib

ELEMENTS = {"Ge": 32, "Xe": 54}
IUPAC_ORDER = ["K", "L1", "L2", "L3", "M1", "M2", "M3", "M4", "M5",
               "N1", "N2", "N3", "N4", "N5", "N6", "N7", "O1", "O2", "O3", "O4", "O5"]
XRAYLIB_SHELL = {name: getattr(xraylib, f"{name}_SHELL") for name in IUPAC_ORDER}
#: (l, 2j) of each IUPAC subshell letter index within a principal shell
IUPAC_LJ = [(0, 1), (1, 1), (1, 3), (2, 3), (2, 5), (3, 5), (3, 7)]
#: Occupations of the Biggs et al. (1975) configurations (xraylib's per-electron partial profiles
#: are multiplied by these): Xe, Dirac–HF, all subshells full; Ge, non-relativistic HF, whose
#: 4p² appears in xraylib as N2 1 + N3 1 (our Ge table splits it 2/3 + 4/3, so Ge is compared
#: through totals only).
BIGGS_OCC = {
    "Ge": {"K": 2, "L1": 2, "L2": 2, "L3": 4, "M1": 2, "M2": 2, "M3": 4, "M4": 4, "M5": 6,
           "N1": 2, "N2": 1, "N3": 1},
    "Xe": {"K": 2, "L1": 2, "L2": 2, "L3": 4, "M1": 2, "M2": 2, "M3": 4, "M4": 4, "M5": 6,
           "N1": 2, "N2": 2, "N3": 4, "N4": 4, "N5": 6, "O1": 2, "O2": 2, "O3": 4},
}


def load(symbol: str) -> dict:
    res = resources.files("mcpria_lite").joinpath("data", "atoms", f"dirac_fock_{symbol}.json")
    return json.loads(res.read_text())


@pytest.fixture(scope="module", params=sorted(ELEMENTS))
def table(request):
    return load(request.param)


def integral_full_line(pz: np.ndarray, J: np.ndarray) -> float:
    """∫_{-∞}^{∞} J dp_z for an even J tabulated on p_z ≥ 0.

    Trapezoid on the nodes plus the tail beyond the last node, extrapolated with the local power
    law J ∝ p_z^{-m} through the last two nodes (∫_P^∞ = J(P) P / (m − 1)).
    """
    core = np.trapezoid(J, pz)
    m = -np.log(J[-1] / J[-2]) / np.log(pz[-1] / pz[-2])
    tail = J[-1] * pz[-1] / (m - 1.0) if m > 1.0 and J[-1] > 0 else 0.0
    return 2.0 * (core + tail)


def biggs_per_shell(Z: int, iupac: str, pz) -> np.ndarray:
    return np.array([xraylib.ComptonProfile_Partial(Z, XRAYLIB_SHELL[iupac], float(p)) for p in np.atleast_1d(pz)])


# ------------------------------------------------------------------------------------------------
# format and bookkeeping
# ------------------------------------------------------------------------------------------------
def test_schema(table):
    for key in ("element", "Z", "method", "basis", "total_energy_hartree", "provenance", "pz_au", "shells"):
        assert key in table
    assert table["Z"] == ELEMENTS[table["element"]]
    assert table["method"] == "Dirac-Hartree-Fock (pyscf scf.DHF)"
    prov = table["provenance"]
    for key in ("script", "date_utc", "pyscf_version", "numpy_version", "speed_of_light_au",
                "occupation_scheme", "wall_time_total_s", "orbital_norm_max_abs_deviation"):
        assert key in prov
    # relativity needs the physical speed of light (1/α, CODATA: 137.036)
    assert prov["speed_of_light_au"] == pytest.approx(137.036, abs=1e-3)
    assert prov["scf_converged"] is True
    # DHF total energies are far below the non-relativistic ones (Ge −2075.4, Xe −7232.1 Eh)
    nonrel = {"Ge": -2075.36, "Xe": -7232.14}[table["element"]]
    assert table["total_energy_hartree"] < nonrel - 10.0


def test_grid(table):
    pz = np.asarray(table["pz_au"])
    assert pz[0] == 0.0
    assert np.all(np.diff(pz) > 0)
    assert pz[-1] >= 136.0  # covers the whole kinematic range m_e c = 137 a.u.
    assert 100.0 in pz  # the default profile cut p_max = 100 a.u. is a node
    for sh in table["shells"]:
        assert len(sh["J"]) == pz.size


def test_shell_order_and_names(table):
    names = [s["iupac"] for s in table["shells"]]
    assert names == sorted(names, key=IUPAC_ORDER.index), "shells must run innermost outward"
    for s in table["shells"]:
        n = int(s["name"][0])
        letter = "KLMNOPQ"[n - 1]
        k = 0 if s["iupac"] == "K" else int(s["iupac"][1:]) - 1
        l, twoj = IUPAC_LJ[k]
        assert s["iupac"][0] == letter
        assert s["name"] == f"{n}{'spdf'[l]}{twoj}/2"
        assert 0 < s["occupancy"] <= twoj + 1


def test_occupancies_sum_to_Z(table):
    assert sum(s["occupancy"] for s in table["shells"]) == pytest.approx(table["Z"], abs=1e-9)


def test_orbital_norms_recorded(table):
    devs = table["provenance"]["orbital_norm_max_abs_deviation"]
    assert set(devs) == {s["name"] for s in table["shells"]}
    assert max(devs.values()) < 1e-4


# ------------------------------------------------------------------------------------------------
# profile physics
# ------------------------------------------------------------------------------------------------
def test_each_shell_normalised_to_occupancy(table):
    pz = np.asarray(table["pz_au"])
    for s in table["shells"]:
        integral = integral_full_line(pz, np.asarray(s["J"]))
        assert integral == pytest.approx(s["occupancy"], rel=1e-3), s["name"]


def test_total_normalised_to_Z(table):
    pz = np.asarray(table["pz_au"])
    total = sum(integral_full_line(pz, np.asarray(s["J"])) for s in table["shells"])
    assert total == pytest.approx(table["Z"], rel=1e-3)


def test_positive_and_monotone(table):
    for s in table["shells"]:
        J = np.asarray(s["J"])
        assert np.all(J > 0), s["name"]
        # J(p_z) = ½∫_{|p_z|}^∞ p ρ(p) dp with ρ ≥ 0: non-increasing in |p_z|
        assert np.all(np.diff(J) <= 0), s["name"]


def test_even_no_cusp_at_origin(table):
    """An even, smooth J has J'(0) = 0: J(0) − J(h) ≈ (J(h) − J(2h))/3, not ≈ (J(h) − J(2h))."""
    pz = np.asarray(table["pz_au"])
    assert pz[1] == pytest.approx(0.05) and pz[2] == pytest.approx(0.10)
    for s in table["shells"]:
        J = np.asarray(s["J"])
        d1, d2 = J[0] - J[1], J[1] - J[2]
        assert 0 <= d1 < 0.5 * d2 + 1e-12 * J[0], s["name"]


# ------------------------------------------------------------------------------------------------
# comparison with independent tabulations
# ------------------------------------------------------------------------------------------------
def test_total_J0_vs_biggs():
    """J(0): Biggs et al. (1975) Ge 7.03 (non-relativistic HF), Xe 9.74 a.u.⁻¹ (Dirac–HF)."""
    # Xe: same physics (relativistic HF), 1 %; Ge: relativity contracts the s shells (J(0) lower)
    for symbol, ref, tol in (("Ge", 7.03, 0.02), ("Xe", 9.74, 0.01)):
        J0 = sum(s["J"][0] for s in load(symbol)["shells"])
        assert J0 == pytest.approx(ref, rel=tol), symbol


def test_xe_subshell_J0_vs_biggs_dirac_hf():
    """Xe: both sets are relativistic and j-resolved, so each subshell J(0) should agree."""
    t = load("Xe")
    Z = t["Z"]
    assert [s["iupac"] for s in t["shells"]] == list(BIGGS_OCC["Xe"])
    for s in t["shells"]:
        ref = biggs_per_shell(Z, s["iupac"], 0.0)[0] * BIGGS_OCC["Xe"][s["iupac"]]
        assert s["occupancy"] == BIGGS_OCC["Xe"][s["iupac"]]
        assert s["J"][0] == pytest.approx(ref, rel=0.01), s["name"]


def test_xe_subshell_profiles_vs_biggs_over_the_range():
    """Xe subshell profiles agree with Biggs' Dirac–HF ones where J carries the weight (J > 1 % of J(0))."""
    t = load("Xe")
    pz = np.asarray(t["pz_au"])
    for s in t["shells"]:
        J = np.asarray(s["J"])
        nodes = np.array([0.0, 0.5, 1.0, 2.0, 4.0, 7.0, 10.0, 15.0, 20.0, 30.0, 40.0, 60.0])
        mine = np.interp(nodes, pz, J)
        ref = biggs_per_shell(t["Z"], s["iupac"], nodes) * s["occupancy"]
        sel = ref > 0.01 * ref[0]
        np.testing.assert_allclose(mine[sel], ref[sel], rtol=0.05, err_msg=s["name"])


def test_binding_energies_vs_elam():
    """Koopmans K-shell binding vs Elam et al. edges (xraylib): within 2 %; L2–L3 spin–orbit splitting within 10 %."""
    for symbol, Z in ELEMENTS.items():
        b = {s["iupac"]: s["binding_keV"] for s in load(symbol)["shells"]}
        assert b["K"] == pytest.approx(xraylib.EdgeEnergy(Z, xraylib.K_SHELL), rel=0.02), symbol
        split = b["L2"] - b["L3"]
        ref = xraylib.EdgeEnergy(Z, xraylib.L2_SHELL) - xraylib.EdgeEnergy(Z, xraylib.L3_SHELL)
        assert split == pytest.approx(ref, rel=0.10), symbol
        # binding energies fall from the inside out within each (l, j) series
        for lj in IUPAC_LJ:
            series = [s["binding_keV"] for s in load(symbol)["shells"]
                      if (0 if s["iupac"] == "K" else int(s["iupac"][1:]) - 1) == IUPAC_LJ.index(lj)]
            assert series == sorted(series, reverse=True)
            assert all(x > 0 for x in series)


def test_ge_relativistic_k_tail_above_biggs():
    """Relativity raises the Ge K-shell high-momentum tail above the non-relativistic Biggs one."""
    t = load("Ge")
    pz = np.asarray(t["pz_au"])
    K = next(s for s in t["shells"] if s["iupac"] == "K")
    i = int(np.flatnonzero(pz == 100.0)[0])
    ratio = K["J"][i] / (biggs_per_shell(32, "K", 100.0)[0] * 2)
    assert 1.2 < ratio < 1.8
    # while near p_z = 0 the two agree (the bulk of the K shell is barely relativistic at Z = 32)
    assert K["J"][0] == pytest.approx(biggs_per_shell(32, "K", 0.0)[0] * 2, rel=0.04)


def test_small_component_p12_tail():
    """The small component of a p1/2 spinor is s-like (l' = 2j − l = 0), so at large p_z the 2p1/2
    profile per electron exceeds the 2p3/2 one; non-relativistically they would be equal.
    For Xe the ratio matches Biggs' Dirac–HF tables."""
    for symbol in ELEMENTS:
        t = load(symbol)
        pz = np.asarray(t["pz_au"])
        i = int(np.flatnonzero(pz == 100.0)[0])
        sh = {s["iupac"]: s for s in t["shells"]}
        per_e = {k: sh[k]["J"][i] / sh[k]["occupancy"] for k in ("L2", "L3")}
        ratio = per_e["L2"] / per_e["L3"]
        assert ratio > 1.3, symbol
        if symbol == "Xe":
            ref = biggs_per_shell(54, "L2", 100.0)[0] / biggs_per_shell(54, "L3", 100.0)[0]
            assert ratio == pytest.approx(ref, rel=0.1)
