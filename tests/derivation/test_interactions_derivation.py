"""The SymPy derivation of every interaction's ⟨|M|²⟩ against the literature's closed forms, the
antineutrino relation, the absence of magnetic interference for m → 0, the EPA spectra, and an
independent numerical spin sum (numpy Dirac matrices, moving electron, random frame)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from mcpria_lite.particles import _amplitudes_generated as g
from mcpria_lite import derivation as d

CLOSED = d.closed_form_terms()


@pytest.mark.parametrize("powers", list(CLOSED), ids=[d.term_name(p) for p in CLOSED])
def test_free_neutrino_terms_match_vogel_engel_kayser(powers):
    """Weak (Vogel & Engel 1989), magnetic (1/T − 1/E), and every charge/radius term as the vector
    shift g_V → g_V − √2πα δ/(G_F m_eT) + (2√2πα/3G_F)⟨r²⟩ of the weak formula."""
    assert sp.simplify(d.free_dsigma_dT_term("neutrino", powers) - CLOSED[powers]) == 0


def test_neutrino_term_set_is_complete():
    """ν: δ², δ·weak, δ⟨r²⟩, ⟨r²⟩², ⟨r²⟩·weak, μ², weak, and nothing else."""
    assert set(d.amplitude_terms("neutrino")) == set(CLOSED)


def test_magnetic_moment_does_not_interfere_for_massless_projectiles():
    """The helicity flip: no μ·δ, μ·⟨r²⟩ or μ·weak monomial survives for a massless ν (or ν̄),
    while a massive unpolarised projectile has a μ·δ term."""
    for kind in ("neutrino", "antineutrino"):
        for powers in d.amplitude_terms(kind):
            names = dict(powers)
            assert "mu_B" not in names or names == {"mu_B": 2}
    massive = d.amplitude_terms("massive")
    assert (("delta", 1), ("mu_B", 1)) in massive
    assert sp.simplify(massive[(("delta", 1), ("mu_B", 1))].subs(d.m, 0)) == 0


def test_massive_millicharge_term_is_the_round_one_amplitude():
    """The δ² term of the trace engine equals 2e⁴X(s, t, u) (e⁻μ⁻ scattering)."""
    amp = d.amplitude_terms("massive")[(("delta", 2),)]
    e2 = 4 * sp.pi * d.alpha
    on_shell = {d.u_: 2 * d.M2 - d.s_ - d.t_}
    assert sp.simplify((amp - 2 * e2**2 * d.X_stu).subs(on_shell)) == 0


def test_massless_photon_terms_equal_unpolarised():
    """A left-handed massless ν has the same δ², μ², ⟨r²⟩ terms as an unpolarised projectile at m = 0."""
    nu, mas = d.amplitude_terms("neutrino"), d.amplitude_terms("massive")
    for powers in [(("delta", 2),), (("mu_B", 2),), (("r2", 2),), (("delta", 1), ("r2", 1))]:
        assert sp.simplify(nu[powers] - mas[powers].subs(d.m, 0)) == 0


def test_antineutrino_is_neutrino_with_gL_gR_swapped_and_interference_flips():
    assert d.antineutrino_minus_swapped_neutrino(flip_charge=False) == 0
    assert d.antineutrino_minus_swapped_neutrino(flip_charge=True) != 0
    # free cross sections: the δ·weak term of ν̄ at the ν̄'s own charge −δ has the opposite sign
    nu = d.free_dsigma_dT_term("neutrino", (("delta", 1),))
    nub = d.free_dsigma_dT_term("antineutrino", (("delta", 1),))
    vals = {d.G_F: 1.1663787e-17, d.alpha: 1 / 137.036, d.m_e: 511.0, d.T: 1.0, d.E: 400.0,
            d.g_L: 0.7386, d.g_R: 0.2386}
    assert float(nu.subs(vals)) < 0 and float(nub.subs(vals)) < 0  # same sign at the same field charge δ
    # so for projectiles of equal physical charge (ν: δ, ν̄: −δ → coefficient × (−1)) they differ in sign


def test_charge_epa_is_budnev():
    N, _ = d.equivalent_photon_number_sym("massive", "C")
    assert sp.simplify(N - d.budnev_spectrum()) == 0


def test_magnetic_epa_has_no_logarithm_for_massless():
    N0, (a, b) = d.equivalent_photon_number_sym("neutrino", "M")
    assert not N0.has(sp.log)
    ref = d.alpha * d.mu_B**2 / (4 * sp.pi * d.m_e**2) * (1 - d.omega_ / d.E) * (b - a) / d.omega_
    assert sp.simplify(N0 - ref) == 0
    Nm, (a, b) = d.equivalent_photon_number_sym("massive", "M")
    f = sp.lambdify((d.alpha, d.mu_B, d.E, d.omega_, d.m, d.m_e, a, b), Nm - d.magnetic_epa_number())
    assert abs(f(0.1, 1.0, 3.0, 1.0, 0.5, 1.0, 0.01, 0.9)) < 1e-14


# --- an independent numerical spin sum --------------------------------------------------------
def _gammas():
    s = [np.array([[0, 1], [1, 0]], complex), np.array([[0, -1j], [1j, 0]]), np.array([[1, 0], [0, -1]], complex)]
    z, i2 = np.zeros((2, 2)), np.eye(2)
    G = [np.block([[i2, z], [z, -i2]]).astype(complex)] + [np.block([[z, si], [-si, z]]) for si in s]
    return G, 1j * G[0] @ G[1] @ G[2] @ G[3]


G, G5 = _gammas()
ETA = np.array([1.0, -1, -1, -1])


def _sl(p):
    return sum(ETA[i] * p[i] * G[i] for i in range(4))


def _dot(a, b):
    return float(np.sum(ETA * a * b))


def _onshell(mass, vec):
    return np.array([np.sqrt(mass**2 + vec @ vec), *vec])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_numeric_spin_sum_weak_and_charge_neutrino(seed):
    """ν e → ν e with a moving electron in a random frame: the V−A plus photon amplitude summed over
    spins with numpy matrices equals the generated K₁-form terms (final electron on shell)."""
    rng = np.random.default_rng(seed)
    me, alpha, GF, gl, gr, delta = 1.0, 0.3, 0.7, 0.73, 0.24, 0.4
    p = _onshell(me, rng.normal(size=3) * 0.5)
    k = _onshell(0.0, rng.normal(size=3) * 2)
    # choose k′ massless such that p′ = p + k − k′ is on shell: scan a direction, solve for |k′|
    n = rng.normal(size=3)
    n /= np.linalg.norm(n)
    P = p + k
    # (P − k′)² = me² with k′ = κ(1, n): P² − 2κ(P⁰ − P·n) = me²
    kap = (_dot(P, P) - me**2) / (2 * (P[0] - P[1:] @ n))
    kp = kap * np.array([1.0, *n])
    pp = P - kp
    t = _dot(k - kp, k - kp)
    PL = (np.eye(4) - G5) / 2
    vec = [G[i] for i in range(4)]
    weak = [G[i] @ (np.eye(4) - G5) for i in range(4)]
    eV = [G[i] for i in range(4)]
    eA = [G[i] @ G5 for i in range(4)]
    gV, gA = gl + gr, gl - gr
    pieces = [(vec, eV, -4 * np.pi * alpha * delta / t), (weak, eV, -GF / np.sqrt(2) * gV), (weak, eA, GF / np.sqrt(2) * gA)]
    rin, rout = PL @ _sl(k), _sl(kp)
    re_in, re_out = (_sl(p) + me * np.eye(4)) / 2, _sl(pp) + me * np.eye(4)

    def bar(M):
        return G[0] @ M.conj().T @ G[0]

    tot = 0.0
    for A, B, ca in pieces:
        for C, D, cb in pieces:
            for i in range(4):
                for j in range(4):
                    L = np.trace(rout @ A[i] @ rin @ bar(C[j]))
                    Ee = np.trace(re_out @ B[i] @ re_in @ bar(D[j]))
                    tot += ca * cb * ETA[i] * ETA[j] * L * Ee
    K1 = _dot(p, k)
    ours = (
        g.amp2_neutrino_weak(K1, t, me, alpha, GF, gl, gr)
        + delta * g.amp2_neutrino_delta1(K1, t, me, alpha, GF, gl, gr)
        + delta**2 * g.amp2_neutrino_delta2(K1, t, me, alpha, GF, gl, gr)
    )
    assert abs(tot.imag) < 1e-9 * abs(tot.real)
    assert ours == pytest.approx(tot.real, rel=1e-9)
