"""From deposited energy to the number of electrons n_e a liquid-xenon or liquid-argon TPC sees (the S2-only
analyses).

The secondary-quanta model of Essig, Manalaysay, Mardon, Sorensen & Volansky, Phys. Rev. Lett. 109,
021301 (2012), arXiv:1206.2644, as used by Essig, Volansky & Yu, Phys. Rev. D 96, 043017 (2017),
arXiv:1703.00910 (and implemented in the MIT-licensed obscura code, ``PDF_ne``, which agrees with this
module at f_R = 0):

* an ionisation of subshell i deposits E = B_i + E_er; the ionised (primary) electron is one electron;
* its kinetic energy E_er makes n⁽²⁾ = floor(E_er/W) further quanta, W = 13.8 eV;
* the de-excitation of the hole adds n_i^extra quanta (photons absorbed in the liquid):
  5p 0, 5s 0, 4d 4, 4p 6, 4s 3 (deeper subshells 0), the numbers of Essig et al. (2017) as in obscura;
* each of the n_Q = n⁽²⁾ + n_i^extra quanta is an observable electron with probability
  f_e = (1 − f_R)/(1 + N_ex/N_i), N_ex/N_i = 0.2, f_R = 0 (so f_e = 0.83), independently (binomial).

So P(n_e | E_er, i) = Binomial(n_e − 1; n_Q, f_e) at f_R = 0. For f_R > 0 this module also lets the
primary electron recombine with probability f_R, P = (1 − f_R) Bin(n_e − 1; n_Q, f_e) + f_R Bin(n_e; n_Q, f_e):
an assumption of this package (it reduces to the model above at f_R = 0).

**Liquid argon** (:data:`OBSCURA_AR`, for DarkSide-50): the same model with the parameters the MIT-licensed
obscura code uses for argon (``src/Target_Atom.cpp``: W = 19.6 eV; no extra quanta from any hole; f_R = 0,
N_ex/N_i = 0.2 in its ``PDF_ne``), so f_e = 0.83 and about 23.5 eV per observed electron; its W variation
is 23.6 eV, the mean energy per ion pair measured in liquid argon (Miyajima et al., Phys. Rev. A 9, 1438
(1974)), i.e. every quantum an ion pair. The DarkSide-50 collaboration's own ionisation response (a
calibrated Thomas–Imel model) is not public as numbers; this model is an approximation of it.

Every parameter is a field of :class:`SecondaryQuantaModel` (change it with
``dataclasses.replace``); :func:`parameter_variants` gives the variations the book shows. The rate per
n_e bin of a halo spectrum (:class:`mcpria_lite.rates.halo_rates.HaloSpectrum`) is :func:`ne_spectrum`.
Energies in keV.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Mapping

import numpy as np
from scipy.special import gammaln, xlog1py, xlogy

from .._validate import positive_scalar

__all__ = ["SecondaryQuantaModel", "binomial_pmf", "ESSIG2017_XE", "OBSCURA_AR", "parameter_variants", "ne_spectrum", "YIELD_MODELS"]

_EXTRA_XE = {"5p": 0, "5s": 0, "4d": 4, "4p": 6, "4s": 3}



def binomial_pmf(k, n, p: float) -> np.ndarray:
    """P(k successes in n trials of probability p), C(n, k) pᵏ (1 − p)ⁿ⁻ᵏ; 0 for k < 0 or k > n.

    n (broadcast against k) must hold non-negative whole numbers. Evaluated in logarithms
    (``scipy.special.gammaln``, ``xlogy``, ``xlog1py``), as ``scipy.stats.binom.pmf`` does, without
    importing ``scipy.stats`` (≈ 0.5 s).
    """
    k, n = np.broadcast_arrays(np.asarray(k, float), np.asarray(n, float))
    ok = (k >= 0) & (k <= n)
    kk, nn = np.where(ok, k, 0.0), np.where(ok, n, 0.0)
    log_pmf = gammaln(nn + 1) - gammaln(kk + 1) - gammaln(nn - kk + 1) + xlogy(kk, p) + xlog1py(nn - kk, -p)
    return np.where(ok, np.exp(log_pmf), 0.0)

@dataclass(frozen=True)
class SecondaryQuantaModel:
    """E → n_e probabilities per subshell.

    Attributes
    ----------
    W_keV : float
        Mean energy per quantum (keV), 0.0138.
    f_R : float
        Recombination fraction in [0, 1), 0.
    Nex_over_Ni : float
        Excitons per ion, ≥ 0, 0.2.
    extra_quanta : mapping
        Quanta from the de-excitation of a hole, by n·l (``"4d"``); subshells not listed give 0.
    label : str
        How tables and figures name the model.
    W_alternative_keV : float
        The other value of W in use, for :func:`parameter_variants` (Xe: 15.6 eV).
    """

    W_keV: float = 0.0138
    f_R: float = 0.0
    Nex_over_Ni: float = 0.2
    extra_quanta: Mapping[str, int] = field(default_factory=lambda: dict(_EXTRA_XE))
    label: str = "Essig et al. (2017)"
    W_alternative_keV: float = 0.0156

    def __post_init__(self) -> None:
        object.__setattr__(self, "W_keV", positive_scalar("W_keV", self.W_keV, "keV"))
        object.__setattr__(self, "W_alternative_keV", positive_scalar("W_alternative_keV", self.W_alternative_keV, "keV"))
        if not (isinstance(self.f_R, (int, float)) and math.isfinite(self.f_R) and 0 <= self.f_R < 1):
            raise ValueError(f"f_R must be in [0, 1), got {self.f_R!r}")
        if not (isinstance(self.Nex_over_Ni, (int, float)) and math.isfinite(self.Nex_over_Ni) and self.Nex_over_Ni >= 0):
            raise ValueError(f"Nex_over_Ni must be >= 0, got {self.Nex_over_Ni!r}")
        for k, v in self.extra_quanta.items():
            if not (isinstance(v, (int, np.integer)) and v >= 0):
                raise ValueError(f"extra_quanta[{k!r}] must be a non-negative integer, got {v!r}")

    @property
    def f_e(self) -> float:
        """Probability that a secondary quantum is an observed electron, (1 − f_R)/(1 + N_ex/N_i)."""
        return (1.0 - self.f_R) / (1.0 + self.Nex_over_Ni)

    def extra(self, nl: str) -> int:
        """Extra quanta of a hole in subshell ``nl`` (0 if not listed)."""
        return int(self.extra_quanta.get(nl, 0))

    def probabilities(self, n_quanta, n_max: int) -> np.ndarray:
        """P(n_e | n_Q) for n_e = 0 … n_max, shape n_quanta.shape + (n_max + 1,)."""
        nQ = np.asarray(n_quanta)
        ne = np.arange(int(n_max) + 1)
        p = binomial_pmf(ne - 1, nQ[..., None], self.f_e)
        if self.f_R == 0.0:
            return p
        return (1.0 - self.f_R) * p + self.f_R * binomial_pmf(ne, nQ[..., None], self.f_e)

    def describe(self) -> dict:
        """The parameters, for the provenance of a result."""
        return {"electron_yield": self.label, "W_keV": self.W_keV, "f_R": self.f_R, "Nex_over_Ni": self.Nex_over_Ni,
                "f_e": self.f_e, "extra_quanta": dict(self.extra_quanta)}


#: The Essig et al. (2017) model of liquid xenon (W = 13.8 eV, f_R = 0, N_ex/N_i = 0.2, so f_e = 0.83).
ESSIG2017_XE = SecondaryQuantaModel()

#: Liquid argon as in obscura (W = 19.6 eV, no extra quanta, f_R = 0, N_ex/N_i = 0.2; W variant 23.6 eV).
OBSCURA_AR = SecondaryQuantaModel(W_keV=0.0196, extra_quanta={}, label="obscura, liquid argon (W = 19.6 eV)",
                                  W_alternative_keV=0.0236)

#: The electron-yield models by target element.
YIELD_MODELS: dict[str, SecondaryQuantaModel] = {"Xe": ESSIG2017_XE, "Ar": OBSCURA_AR}


def parameter_variants(base: SecondaryQuantaModel = ESSIG2017_XE) -> dict[str, SecondaryQuantaModel]:
    """One-at-a-time variations of the model's parameters, to show how much of a limit's spread they make:
    W = ``base.W_alternative_keV`` (xenon: 15.6 eV, the older measured W of liquid xenon, instead of 13.8 eV;
    argon: 23.6 eV instead of 19.6 eV), N_ex/N_i = 0.06 (instead of 0.2, more quanta as electrons), f_R = 0.2
    (recombination of a fifth), and no extra quanta from inner holes. Chosen here to span the values in use;
    they are not a published uncertainty band."""
    w = f"W = {1e3 * base.W_alternative_keV:.1f} eV"
    return {
        "central": base,
        w: replace(base, W_keV=base.W_alternative_keV, label=w),
        "N_ex/N_i = 0.06": replace(base, Nex_over_Ni=0.06, label="N_ex/N_i = 0.06"),
        "f_R = 0.2": replace(base, f_R=0.2, label="f_R = 0.2"),
        "no extra quanta": replace(base, extra_quanta={}, label="no extra quanta"),
    }


def ne_spectrum(spectrum, model: SecondaryQuantaModel = ESSIG2017_XE, n_max: int = 30) -> np.ndarray:
    """The rate per electron number, R(n_e) = Σ_i ∫dE dR_i/dE P(n_e | E − B_i, i), n_e = 0 … n_max
    (counts/(kg day)).

    ``spectrum``: a :class:`mcpria_lite.rates.halo_rates.HaloSpectrum` (per-subshell dR/dE with the
    thresholds of its atomic model). The E integral runs exactly over each step of n_Q = floor(E_er/W):
    over [B_i + kW, B_i + (k + 1)W] with dR_i/dE linear between the spectrum's nodes. Nothing below
    ``spectrum.missing_below_keV`` is included (a response that starts above the first threshold)."""
    n_max = int(n_max)
    if n_max < 1:
        raise ValueError(f"n_max must be >= 1, got {n_max!r}")
    out = np.zeros(n_max + 1)
    E_hi = float(min(spectrum.E_keV[-1], spectrum.E_max_keV))
    for i, (nl, B) in enumerate(zip(spectrum.nl, spectrum.binding_keV)):
        if not np.any(spectrum.dR_dE[i] > 0):
            continue
        K = int(np.floor((E_hi - B) / model.W_keV)) + 1
        if K < 1:
            continue
        k = np.arange(K)
        a = B + k * model.W_keV
        counts = spectrum.integral(i, a, np.minimum(a + model.W_keV, E_hi))       # per k, counts/(kg day)
        keep = counts > 0
        if not np.any(keep):
            continue
        P = model.probabilities(k[keep] + model.extra(nl), n_max)               # (n_k, n_max + 1)
        out += counts[keep] @ P
    return out
