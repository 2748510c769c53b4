"""Profile likelihood, upper limits and toy coverage on the XENONnT SR0 release."""

import numpy as np
import pytest
from scipy import optimize, stats

from mcpria_lite import detection as ex
from mcpria_lite.inference import likelihood as lk


@pytest.fixture(scope="module")
def sr0():
    return ex.xenonnt_sr0()


@pytest.fixture(scope="module")
def mu_signal(sr0):
    return ex.neutrino_signal(sr0, "magnetic-moment", "FEA")


def test_critical_value_is_the_one_sided_quantile():
    # Cowan et al. (2011): q̃ ~ ½δ + ½χ²₁, so P(q̃ > c) = 0.1 ⇔ P(χ²₁ > c) = 0.2
    assert lk.critical_value(0.9) == pytest.approx(stats.chi2.ppf(0.8, 1))
    assert lk.critical_value(0.9) == pytest.approx(1.2816**2, rel=1e-4)
    assert lk.critical_value(0.95) == pytest.approx(2.706, rel=1e-3)


def test_background_alone_describes_the_events(sr0):
    g = lk.goodness_of_fit(sr0)
    # best-fit normalisation within its quoted uncertainty (1.3/15.8) of the collaboration's B0
    assert abs(g.b_hat - 1.0) < sr0.background.relative_uncertainty
    assert g.chi2_pvalue > 0.01 and g.ks_pvalue > 0.01
    assert sum(g.observed) == 433


def test_magnetic_moment_limit_reproduces_the_published_one(sr0, mu_signal):
    # XENONnT, PRL 129, 161805 (2022): μ_ν < 6.3e-12 μ_B (90 % C.L.)
    res = lk.upper_limit(sr0, mu_signal)
    assert res.limit == pytest.approx(6.3e-12, rel=0.3)
    assert res.critical_value == pytest.approx(1.6424, rel=1e-4)
    assert 0 < res.signal_counts_at_limit < 50


def test_limit_of_a_counting_experiment():
    # signal with the background's shape and a very tight background constraint: a counting
    # experiment with n = N_B observed, −2 ln λ(S) = 2[S − n ln(1 + S/n)]
    rng = np.random.default_rng(5)
    n = 400
    B = rng.uniform(1.0, 2.0, n)
    L = lk.UnbinnedLikelihood(B, float(n), (B / n)[None], np.array([1.0]), (1.0,), sigma_b=1e-7)
    up, (t_hat, b_hat, _) = L.upper_limit(0.9)
    c = stats.chi2.ppf(0.8, 1)
    expected = optimize.brentq(lambda S: 2 * (S - n * np.log1p(S / n)) - c, 1e-6, 10 * np.sqrt(n))
    assert t_hat == pytest.approx(0.0, abs=1e-6 * np.sqrt(n))
    assert up == pytest.approx(expected, rel=1e-4)
    assert up == pytest.approx(1.2816 * np.sqrt(n), rel=0.05)


def test_toy_coverage_is_ninety_percent_in_the_asymptotic_regime(sr0, mu_signal):
    # θ with ~40 expected signal events (≈ 2σ of its fitted uncertainty): Cowan's asymptotics hold
    cov = lk.coverage(sr0, mu_signal, 1.2e-11, n_toys=400, seed=11)
    assert cov.covered_fraction == pytest.approx(0.90, abs=0.045)


def test_toy_coverage_is_conservative_near_the_boundary(sr0, mu_signal):
    # a signal small compared with its uncertainty: θ̂ ≥ 0 makes q̃ smaller than ½χ²₁, the limit over-covers
    cov = lk.coverage(sr0, mu_signal, 4e-12, n_toys=300, seed=12)
    assert cov.covered_fraction > 0.9


def test_toys_are_reproducible(sr0, mu_signal):
    a = lk.coverage(sr0, mu_signal, 1e-11, n_toys=50, seed=3)
    b = lk.coverage(sr0, mu_signal, 1e-11, n_toys=50, seed=3)
    np.testing.assert_array_equal(a.q_tilde, b.q_tilde)


def test_expected_limits_bracket_the_observed_scale(sr0, mu_signal):
    e = lk.expected_limits(sr0, mu_signal, n_toys=100, seed=4)
    lo, med, hi = e["limits"]
    assert lo < med < hi
    assert 3e-12 < med < 2e-11


def test_bad_input(sr0, mu_signal):
    with pytest.raises(ValueError, match="cl"):
        lk.critical_value(1.2)
    with pytest.raises(ValueError, match="cl"):
        lk.upper_limit(sr0, mu_signal, cl=0.3)
    with pytest.raises(ValueError, match="n_toys"):
        lk.coverage(sr0, mu_signal, 1e-11, n_toys=0)
    with pytest.raises(ValueError, match="theta_true"):
        lk.coverage(sr0, mu_signal, -1e-11)
    with pytest.raises(ValueError, match="sigma_b"):
        lk.UnbinnedLikelihood([1.0], 1.0, [[1.0]], [1.0], (2,), sigma_b=0.0)
    with pytest.raises(ValueError, match="signal_density"):
        lk.UnbinnedLikelihood([1.0, 2.0], 1.0, [[1.0]], [1.0], (2,), sigma_b=0.1)


def test_asymptotic_coverage_of_the_fixed_critical_value():
    # Cowan et al. (2011) eq. (65): exactly cl once μ/σ ≥ Φ⁻¹(cl), over-coverage below
    np.testing.assert_allclose(lk.asymptotic_coverage([1.3, 2.0, 10.0]), 0.9, rtol=1e-12)
    small = lk.asymptotic_coverage([1e-3, 0.3, 1.0])
    assert np.all(np.diff(small) < 0) and small[0] > 0.999 and small[-1] > 0.9


def test_asimov_significance_grows_linearly_with_the_signal_counts(sr0, mu_signal):
    # μ/σ ∝ S for a signal small against the background; S ∝ μ_ν²
    z1 = lk.significance_of_signal(sr0, mu_signal, 4e-12)
    z2 = lk.significance_of_signal(sr0, mu_signal, 4e-12 * np.sqrt(2))
    assert z2 / z1 == pytest.approx(2.0, rel=0.02)


def test_profile_b_survives_a_free_normalisation_and_huge_signals(sr0, mu_signal):
    # σ_b = 10: b effectively free; the scan over θ reaches signals far above the data
    import dataclasses

    free = dataclasses.replace(sr0, background=dataclasses.replace(sr0.background, relative_uncertainty=10.0))
    L = lk.UnbinnedLikelihood.from_signal(free, ex.neutrino_signal(free, "magnetic-moment", "FEA"))
    b = L.profile_b(1e-9)  # ~10⁶ signal events: b̂ at its boundary 0
    assert b == pytest.approx(0.0, abs=1e-9)
    res = lk.upper_limit(free, mu_signal)
    assert res.limit == pytest.approx(lk.upper_limit(sr0, mu_signal).limit, rel=0.05)


def test_restricting_the_window_keeps_the_events_inside(sr0):
    sub = sr0.with_window(2.0, 30.0)
    assert sub.n_events == int(np.sum(sr0.events_keV >= 2.0))
    assert sub.background_counts() < sr0.background_counts()
    with pytest.raises(ValueError, match="inside the release's window"):
        sr0.with_window(0.5, 30.0)
