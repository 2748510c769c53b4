"""Rates and sensitivities: δ-scaling, direct integration, linearity in the flux, an analytic
estimate, the closed-form sensitivity, the paper's tables, and the command line."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import warnings

import numpy as np
import pytest
from scipy import integrate

import mcpria_lite as ml
from mcpria_lite import methods as ml_methods
from mcpria_lite import paper
from mcpria_lite import sources as fluxes
from mcpria_lite.rates import event_rates as rates
from mcpria_lite import kinematics as kin
from mcpria_lite.inference.sensitivities import DM_CONVENTION, NEUTRINO_EPA_REGULATOR_KEV, dm_table, neutrino_table
from mcpria_lite.units import ALPHA, HBARC2_KEV2_CM2, M_E, SECONDS_PER_DAY

NU = fluxes.solar_neutrinos()


def test_delta_scaling_neutrinos_and_dark_cosmic_rays():
    T = np.array([0.1, 1.0, 5.0])
    for flux, n in [(NU, 2.0), (fluxes.dark_cosmic_rays(1.0, alpha=2.7), 3.7), (fluxes.dark_cosmic_rays(1.0, alpha=2.0), 3.0)]:
        a = ml.dR_dT("Ge", T, flux, "FEA", delta=1.0)
        b = ml.dR_dT("Ge", T, flux, "FEA", delta=1e-8)
        np.testing.assert_allclose(b / a, 1e-8**n, rtol=1e-10)
        assert rates.rate_scaling_exponent(flux) == n


def _direct_rate(target, T, flux, method, **kw):
    """ρ_A ∫ dE dφ/dE dσ/dT with scipy quad (continuum) plus the lines, per day."""
    tg = ml.target(target)
    m = flux.m_keV
    E_lo = float(ml_methods.E_lower_limit(T, m, method))
    lo = max(E_lo, flux.E_min_keV)

    def f(E):
        return float(flux.dphi_dE(E) * ml.dsigma_dT(tg, T, E, m, method=method, **kw))

    total = 0.0
    if np.isfinite(flux.E_max_keV):
        edges = np.geomspace(lo, flux.E_max_keV, 6)
    else:
        edges = np.concatenate([np.geomspace(lo, 1e4 * lo, 8), [np.inf]])
    with warnings.catch_warnings():  # the comparison decides; quad may flag round-off near 1e-9
        warnings.simplefilter("ignore", integrate.IntegrationWarning)
        for a, b in zip(edges[:-1], edges[1:]):
            if b > a:
                total += integrate.quad(f, a, b, limit=200, epsrel=1e-9, epsabs=0)[0]
    for E_line, phi in flux.lines:
        if E_line > E_lo:
            total += phi * float(ml.dsigma_dT(tg, T, E_line, m, method=method, **kw))
    return total * tg.atoms_per_kg * SECONDS_PER_DAY


@pytest.mark.parametrize(
    "target,T,flux,method",
    [
        ("Ge", 0.1, fluxes.solar_neutrinos(("pp", "7Be")), "FEA"),
        ("Xe", 0.5, fluxes.solar_neutrinos(("pp", "7Be", "pep")), "RIA"),
        ("Ge", 0.1, fluxes.dark_cosmic_rays(0.1), "FEA"),
        ("Ge", 0.1, fluxes.dark_cosmic_rays(0.1), "RIA"),
        ("Xe", 0.5, fluxes.dark_cosmic_rays(10.0), "EPA"),
    ],
)
def test_rate_equals_direct_integration(target, T, flux, method):
    got = float(ml.dR_dT(target, T, flux, method))
    ref = _direct_rate(target, T, flux, method)
    assert got == pytest.approx(ref, rel=2e-4)


def test_rate_is_linear_in_the_flux():
    T = np.array([0.2, 2.0])
    both = ml.dR_dT("Xe", T, fluxes.solar_neutrinos(("pp", "7Be")), "RIA")
    pp = ml.dR_dT("Xe", T, fluxes.solar_neutrinos(("pp",)), "RIA")
    be = ml.dR_dT("Xe", T, fluxes.solar_neutrinos(("7Be",)), "RIA")
    np.testing.assert_allclose(both, pp + be, rtol=1e-12)


def test_neutrino_fea_rate_against_analytic_estimate():
    """For T ≪ E_ν the free cross section is 2πα²/(m_eT²)(1 − O(T/E, m_eT/E²)), so the FEA rate is
    ≈ ρ_A Z_eff 2πα²/(m_eT²) Φ_total: a check with the flux total and no quadrature."""
    tg = ml.target("Ge")
    T = 0.1
    zeff = float(ml.rates.cross_sections.z_effective(tg, T))  # 4s, 4p and 3d: 14 electrons below 100 eV
    assert zeff == 14
    est = tg.atoms_per_kg * zeff * 2 * np.pi * ALPHA**2 / (M_E * T**2) * HBARC2_KEV2_CM2 * NU.total() * SECONDS_PER_DAY
    got = float(ml.dR_dT(tg, T, NU, "FEA"))
    assert got == pytest.approx(est, rel=0.02)


def test_sensitivity_closed_form_solves_rate_equals_background():
    flux = fluxes.dark_cosmic_rays(1.0, **DM_CONVENTION)
    for method in ("FEA", "RIA", "EPA"):
        d = ml.sensitivity("Xe", flux, method, 0.5, 1e-4)
        assert float(ml.dR_dT("Xe", 0.5, flux, method, delta=d)) == pytest.approx(1e-4, rel=1e-10)
    d = ml.sensitivity("Ge", NU, "RIA", detector="HPGe")
    assert float(ml.dR_dT("Ge", 0.1, NU, "RIA", delta=d)) == pytest.approx(0.1, rel=1e-10)


def test_method_lower_energy_limits():
    """FEA needs the free endpoint; RIA and EPA only E′ > m (for fast projectiles)."""
    T, m = 0.1, 1.0
    assert float(ml_methods.E_lower_limit(T, m, "FEA")) == pytest.approx(float(kin.E_min(T, m)))
    assert float(ml_methods.E_lower_limit(T, m, "EPA")) == pytest.approx(m + T)
    assert float(ml_methods.E_lower_limit(T, m, "RIA")) == pytest.approx(m + T)
    assert float(ml_methods.E_lower_limit(T, m, "FEA")) > 4 * (m + T)


# --- the paper's tables ---------------------------------------------------------------------------
DM = dm_table()
NU_TABLE = neutrino_table()


@pytest.mark.parametrize("row", [r for r in DM if r.method in ("FEA", "RIA")], ids=lambda r: f"{r.target}-{r.method}-{r.m_keV:g}")
def test_dm_table_fea_ria_reproduce_the_paper(row):
    """FEA and RIA: every entry within 15 % of the paper (FEA 8 %, RIA 13 % with the convention of the chapter)."""
    assert row.ratio == pytest.approx(1.0, abs=0.15)


@pytest.mark.parametrize("row", [r for r in DM if r.method == "EPA"], ids=lambda r: f"{r.target}-EPA-{r.m_keV:g}")
def test_dm_table_epa(row):
    """Ge EPA within 25 %; Xe EPA sits 1.3–1.7× above the paper in δ (≈ 3.4× in rate): the paper's
    Xe numbers need σ_γ(500 eV) ≈ 3.5 Mb where the tables give < 1.1 Mb (see the chapter)."""
    if row.target == "Ge":
        assert row.ratio == pytest.approx(1.0, abs=0.25)
    else:
        assert 1.3 < row.ratio < 1.7


@pytest.mark.parametrize("row", NU_TABLE, ids=lambda r: f"{r.target}-{r.method}")
def test_neutrino_table(row):
    if row.target == "Xe" and row.method == "EPA":
        assert 1.6 < row.ratio < 2.1  # the same Xe photoabsorption discrepancy (δ² ∝ 1/rate)
    else:
        assert row.ratio == pytest.approx(1.0, abs=0.15)


def test_ria_beats_fea_at_low_mass():
    """The RIA (and EPA) lower energy limit makes the low-mass reach several times better than
    the FEA's, as in the paper."""
    for t in ("Ge", "Xe"):
        f = next(r for r in DM if r.target == t and r.m_keV == 0.01 and r.method == "FEA")
        r = next(r for r in DM if r.target == t and r.m_keV == 0.01 and r.method == "RIA")
        assert f.delta / r.delta > 2


def test_paper_values_are_the_published_tables():
    assert paper.DM_SENSITIVITY["Ge"]["FEA"][100.0] == 3.7e-7
    assert paper.NEUTRINO_SENSITIVITY["Xe"]["EPA"] == 9e-14
    assert NEUTRINO_EPA_REGULATOR_KEV == 1e-4


def test_cli_tables_csv():
    out = subprocess.run(
        [sys.executable, "-m", "mcpria_lite", "tables", "--format", "csv"], capture_output=True, text=True, check=True
    ).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 2 * 5 * 3 + 2 * 3
    for r in rows:
        assert float(r["ratio"]) == pytest.approx(float(r["delta"]) / float(r["paper"]), rel=2e-2)
    ge = next(r for r in rows if r["table"] == "neutrino" and r["target"] == "Ge" and r["method"] == "FEA")
    ours = next(x for x in NU_TABLE if x.target == "Ge" and x.method == "FEA")
    assert float(ge["delta"]) == pytest.approx(ours.delta, rel=1e-4)


def test_cli_markdown_single_target():
    out = subprocess.run(
        [sys.executable, "-m", "mcpria_lite", "tables", "--target", "Xe"], capture_output=True, text=True, check=True
    ).stdout
    assert "Xe" in out and "| Ge |" not in out and out.count("| m_χ (keV)") == 1


@pytest.mark.parametrize(
    "kwargs,name",
    [
        (dict(T_keV=-1.0), "T_keV"),
        (dict(T_keV=np.nan), "T_keV"),
        (dict(delta=0.0), "delta"),
        (dict(method="RPA"), "method"),
        (dict(flux="pp"), "flux"),
    ],
)
def test_rate_bad_input(kwargs, name):
    args = dict(target="Ge", T_keV=0.1, flux=NU, method="FEA", delta=1.0)
    args.update(kwargs)
    with pytest.raises(ValueError, match=name):
        ml.dR_dT(**args)


def test_sensitivity_bad_input():
    with pytest.raises(ValueError, match="threshold_keV"):
        ml.sensitivity("Ge", NU, "FEA", -0.1, 0.1)
    with pytest.raises(ValueError, match="background_cpkkd"):
        ml.sensitivity("Ge", NU, "FEA", 0.1, 0.0)
