"""The Essig et al. (2017) electron-yield model and the n_e spectrum of a halo spectrum."""
import numpy as np
import pytest
from dataclasses import replace
from scipy.stats import binom

from mcpria_lite.detection.electron_yield import ESSIG2017_XE, SecondaryQuantaModel, ne_spectrum, parameter_variants
from mcpria_lite.methods.halo_models import atomic_model
from mcpria_lite.particles.dark_matter import HaloDarkMatter
from mcpria_lite.rates.halo_rates import halo_spectrum


def test_parameters_as_published():
    assert ESSIG2017_XE.W_keV == 0.0138 and ESSIG2017_XE.f_R == 0.0 and ESSIG2017_XE.Nex_over_Ni == 0.2
    assert ESSIG2017_XE.f_e == pytest.approx(1 / 1.2)
    assert [ESSIG2017_XE.extra(s) for s in ("5p", "5s", "4d", "4p", "4s", "3d")] == [0, 0, 4, 6, 3, 0]


def test_probabilities_are_binomial_and_normalised():
    P = ESSIG2017_XE.probabilities(np.array([0, 3, 6]), 12)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=1e-12)
    assert P[0, 1] == 1.0                                           # no quanta: the primary electron alone
    np.testing.assert_allclose(P[2, 1:8], binom.pmf(np.arange(7), 6, 1 / 1.2), rtol=1e-12)
    # with recombination the primary survives with 1 − f_R
    m = replace(ESSIG2017_XE, f_R=0.2)
    assert m.probabilities(0, 3)[1] == pytest.approx(0.8) and m.probabilities(0, 3)[0] == pytest.approx(0.2)


def test_ne_spectrum_keeps_the_rate_and_moves_with_W():
    """Σ_n R(n_e) is the spectrum's integral (every event has some n_e); a larger W gives fewer electrons."""
    s = halo_spectrum(HaloDarkMatter(1e5, 1e-38), atomic_model("DFS", "Xe"))
    R = ne_spectrum(s, n_max=60)
    assert R.sum() == pytest.approx(s.rate(), rel=1e-9)
    mean = lambda r: (np.arange(r.size) * r).sum() / r.sum()  # noqa: E731
    assert mean(ne_spectrum(s, parameter_variants()["W = 15.6 eV"], n_max=60)) < mean(R)
    assert mean(ne_spectrum(s, parameter_variants()["no extra quanta"], n_max=60)) < mean(R)


def test_a_4d_hole_gives_six_quanta_at_30_eV():
    """E_er = 30 eV in 4d: floor(30/13.8) = 2 quanta + 4 from the hole: ⟨n_e⟩ = 1 + 6 f_e = 6."""
    P = ESSIG2017_XE.probabilities(2 + ESSIG2017_XE.extra("4d"), 20)
    assert (np.arange(21) * P).sum() == pytest.approx(6.0)


def test_argon_model_is_obscuras_pdf():
    """obscura's PDF_ne for argon: P(n_e) = Binomial(n_e − 1; floor(E_er/19.6 eV), 1/1.2), no extra quanta."""
    from mcpria_lite.detection.electron_yield import OBSCURA_AR, YIELD_MODELS

    assert YIELD_MODELS["Ar"] is OBSCURA_AR and OBSCURA_AR.extra("3s") == 0 and OBSCURA_AR.extra("2p") == 0
    for E_er in (0.005, 0.05, 0.3):
        nQ = int(np.floor(E_er / 0.0196))
        np.testing.assert_allclose(OBSCURA_AR.probabilities(nQ, 30)[1:], binom.pmf(np.arange(30), nQ, 1 / 1.2), atol=1e-15)
    assert "W = 23.6 eV" in parameter_variants(OBSCURA_AR)


@pytest.mark.parametrize("kw,name", [({"W_keV": 0.0}, "W_keV"), ({"f_R": 1.0}, "f_R"), ({"Nex_over_Ni": -0.1}, "Nex_over_Ni"),
                                     ({"extra_quanta": {"4d": 1.5}}, "extra_quanta")])
def test_bad_parameters(kw, name):
    with pytest.raises(ValueError, match=name):
        SecondaryQuantaModel(**kw)


def test_binomial_pmf_is_scipy_stats():
    """The package's binomial (used instead of importing scipy.stats) against scipy.stats.binom.pmf,
    including k outside 0…n and p near 0 and 1."""
    from scipy import stats

    from mcpria_lite.detection.electron_yield import binomial_pmf

    n, k = np.arange(0, 60)[:, None], np.arange(-2, 65)[None, :]
    for p in (0.83, 0.2, 0.5, 1e-6, 1 - 1e-9):
        np.testing.assert_allclose(binomial_pmf(k, n, p), stats.binom.pmf(k, n, p), rtol=1e-11, atol=1e-15)
    np.testing.assert_allclose(binomial_pmf(k, n, 0.83).sum(axis=1), 1.0, rtol=1e-13)
