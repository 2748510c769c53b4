"""Detectors: what an experimenter knows about an experiment, and the two sensitivities it gives.

A :class:`Detector` holds the target (an element such as ``"Ge"`` or a compound such as
``"NaI"``), the energy threshold, the background (flat, or a :class:`TabulatedBackground`), and
optionally an exposure, an analysis window, an efficiency curve and an energy resolution (the types
of :mod:`mcpria_lite.detection.response`, or any callable). From it, one call each gives

* ``Detector.sensitivity``: the criterion of Qiao et al. (2021) -- the millicharge δ at which
  the differential rate at threshold equals the background, dR/dT(T_th) = B(T_th);
* ``Detector.exposure_sensitivity``: the median δ excluded at a confidence level by an
  experiment with the detector's exposure, counting events in its analysis window after the
  detector response (:func:`mcpria_lite.inference.statistics.exposure_sensitivity` and the limits of
  :mod:`mcpria_lite.inference.statistics`).

Two presets reproduce the paper's next-generation experiments, three more describe running argon,
NaI(Tl) and CsI(Tl) detectors with published (cited) numbers (:data:`PRESETS`, :func:`get`).

A user's own detector::

    from mcpria_lite.detection.detectors import Detector
    from mcpria_lite.detection.response import ErfEfficiency, QuadratureResolution
    mine = Detector("my HPGe", "Ge", threshold_keV=0.2, background_cpkkd=1.0,
                    exposure_kg_day=1000.0, window_keV=(0.2, 2.0),
                    efficiency=ErfEfficiency(T50_keV=0.15, width_keV=0.03),
                    resolution=QuadratureResolution(sigma0_keV=0.03, fano=0.11, pair_energy_keV=2.96e-3),
                    reference="my own numbers")

Units: keV for energies, counts/(keV kg day) for backgrounds, kg·day for exposures
(1 tonne·year = 365 250 kg·day).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Callable

import numpy as np

from .. import _validate
from .response import detector_response
from ..units import CPKKD_IN_PER_TONNE_YEAR_KEV

if TYPE_CHECKING:  # annotations only
    from ..targets.atoms import Target
    from ..targets.compounds import Compound

__all__ = ["Detector", "TabulatedBackground", "HPGE_NEXT_GEN", "LXE_NEXT_GEN", "LAR_DARKSIDE50",
           "NAI_COSINE100", "CSI_KIMS", "PRESETS", "get"]

_QIAO2021 = (
    "Qiao, Lin, Chi & Jia, JHEP 03 (2021) 184, arXiv:2009.14320 "
    "(next-generation detector assumed for the sensitivity tables)"
)


class TabulatedBackground:
    """A measured background spectrum B(T), linearly interpolated, in counts/(keV kg day).

    Evaluating it outside the tabulated energies is a ``ValueError`` (no extrapolation).

    Parameters
    ----------
    T_keV : array_like
        Strictly increasing reconstructed energies (keV, ≥ 0), at least 2.
    cpkkd : array_like
        Background at those energies, counts/(keV kg day), finite and ≥ 0.
    reference : str
        Where the spectrum comes from.
    """

    def __init__(self, T_keV, cpkkd, reference: str = ""):
        T = _validate.nonnegative_array("T_keV", T_keV)
        B = _validate.nonnegative_array("cpkkd", cpkkd, "counts/(keV kg day)")
        if T.ndim != 1 or T.size < 2 or B.shape != T.shape:
            raise ValueError("T_keV and cpkkd must be 1-D arrays of the same length (at least 2)")
        if np.any(np.diff(T) <= 0):
            raise ValueError("T_keV must be strictly increasing (allowed: T_0 < T_1 < ... keV)")
        T.setflags(write=False)
        B.setflags(write=False)
        self.T_keV, self.cpkkd, self.reference = T, B, str(reference)

    def __call__(self, T_keV) -> np.ndarray:
        """B at the reconstructed energy T (keV), counts/(keV kg day)."""
        T = _validate.finite_array("T_keV", T_keV)
        if np.any(T < self.T_keV[0] * (1 - 1e-12)) or np.any(T > self.T_keV[-1] * (1 + 1e-12)):
            raise ValueError(f"T_keV must lie inside the tabulated background range "
                             f"[{self.T_keV[0]!r}, {self.T_keV[-1]!r}] keV")
        return np.interp(T, self.T_keV, self.cpkkd)

    def counts(self, exposure_kg_day: float, window_keV) -> float:
        """Expected background events X ∫ B dT over the window (exact for the interpolant)."""
        X = _validate.positive_scalar("exposure_kg_day", exposure_kg_day, "kg day")
        a, b = window_keV
        inner = self.T_keV[(self.T_keV > a) & (self.T_keV < b)]
        T = np.concatenate([[a], inner, [b]])
        y = self(T)
        return X * float(np.sum(0.5 * (y[1:] + y[:-1]) * np.diff(T)))

    def __repr__(self) -> str:
        return (f"TabulatedBackground({self.T_keV.size} points, {self.T_keV[0]:g}-{self.T_keV[-1]:g} keV, "
                f"reference={self.reference!r})")


def _check_callable(name: str, f, T_keV: float) -> None:
    """``f`` is None or a callable of an array of energies: probed once at ``T_keV`` and twice it, so that
    a wrong signature or shape is an error here, naming ``name``, not a traceback in a later computation."""
    if f is None:
        return
    if not callable(f):
        raise ValueError(f"{name} must be None or a callable of T_keV (e.g. from mcpria_lite.detection.response), "
                         f"got {f!r}")
    from .response import _call_response

    v = _call_response(name, f, np.array([T_keV, 2.0 * T_keV]))
    if not np.all(np.isfinite(v)) or np.any(v < 0) or (name == "efficiency" and np.any(v > 1)):
        allowed = "in [0, 1]" if name == "efficiency" else "finite and >= 0 keV"
        raise ValueError(f"{name}(T_keV) must be {allowed}; at T_keV = {T_keV:g}, {2 * T_keV:g} keV it gives {v}")


@dataclass(frozen=True)
class Detector:
    """A detector: the paper's criterion inputs plus what an exposure-based analysis needs.

    Attributes
    ----------
    name : str
        Label, also the key for :func:`get` (case-insensitive).
    target : str or Target or Compound
        Element symbol of the target atoms (``"Ge"``, ``"Xe"``), a chemical formula (``"NaI"``,
        ``"NaI(Tl)"``, see :mod:`mcpria_lite.targets.compounds`), or a target object from
        :func:`mcpria_lite.targets.lookup.target` (e.g. with Dirac–Fock profiles).
    threshold_keV : float
        Energy threshold T_th in keV (> 0): where the paper's criterion compares dR/dT with the
        background, and the lowest energy of the analysis window.
    background_cpkkd : float or TabulatedBackground
        Flat background level in counts/(keV kg day) (> 0), or a measured spectrum.
    reference : str
        Where the numbers come from.
    exposure_kg_day : float or None
        Exposure in kg·day (> 0) for ``exposure_sensitivity``.
    window_keV : (float, float) or None
        Analysis window [T₁, T₂] in reconstructed energy, T_th ≤ T₁ < T₂.
    efficiency : callable or None
        ε(T_rec) in [0, 1] (:class:`~mcpria_lite.detection.response.ErfEfficiency`,
        :class:`~mcpria_lite.detection.response.TabulatedEfficiency`, or any function); applied to
        the signal, not to the background (which is as measured).
    resolution : callable or None
        σ(T) in keV (:class:`~mcpria_lite.detection.response.QuadratureResolution`,
        :class:`~mcpria_lite.detection.response.RelativeResolution`, …).
    """

    name: str
    target: str | Target | Compound
    threshold_keV: float
    background_cpkkd: float | TabulatedBackground
    reference: str = ""
    exposure_kg_day: float | None = None
    window_keV: tuple[float, float] | None = None
    efficiency: Callable | None = None
    resolution: Callable | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"name must be a non-empty string, got {self.name!r}")
        self._check_target()
        if not isinstance(self.reference, str):
            raise ValueError(f"reference must be a string (a citation), got {self.reference!r}")
        th = _validate.positive_scalar("threshold_keV", self.threshold_keV, "keV")
        object.__setattr__(self, "threshold_keV", th)
        if isinstance(self.background_cpkkd, TabulatedBackground):
            self.background_cpkkd(th)  # the table must cover the threshold
        else:
            object.__setattr__(self, "background_cpkkd", _validate.positive_scalar(
                "background_cpkkd", self.background_cpkkd, "counts/(keV kg day)"))
        if self.exposure_kg_day is not None:
            object.__setattr__(self, "exposure_kg_day",
                               _validate.positive_scalar("exposure_kg_day", self.exposure_kg_day, "kg day"))
        if self.window_keV is not None:
            object.__setattr__(self, "window_keV", self.check_window(self.window_keV))
        _check_callable("efficiency", self.efficiency, th)
        _check_callable("resolution", self.resolution, th)

    def _check_target(self) -> None:
        from ..targets.atoms import Target
        from ..targets.compounds import Compound, parse_formula  # a symbol is a one-element formula

        t = self.target
        if isinstance(t, (Target, Compound)):
            return
        if not isinstance(t, str):
            raise ValueError(f"target must be an element symbol such as 'Ge', a formula such as 'NaI', or a "
                             f"target object, got {t!r}")
        try:
            parse_formula(t)
        except ValueError as exc:
            raise ValueError(f"target must be an element symbol such as 'Ge' or a chemical formula such as 'NaI' "
                             f"(elements Z = 1..100): {exc}") from None

    def check_window(self, window) -> tuple[float, float]:
        w = _validate.finite_array("window_keV", window)
        if w.shape != (2,) or not w[0] < w[1]:
            raise ValueError(f"window_keV must be (T1, T2) keV with T1 < T2, got {window!r}")
        if w[0] < self.threshold_keV * (1 - 1e-12):
            raise ValueError(f"window_keV must start at or above threshold_keV = {self.threshold_keV:g} keV "
                             f"(allowed T1 >= threshold), got {window!r}")
        if isinstance(self.background_cpkkd, TabulatedBackground):
            self.background_cpkkd(w)
        return float(w[0]), float(w[1])

    # --- what the sensitivities need ------------------------------------------------------------
    @property
    def target_symbol(self) -> str:
        """The target as a string (the element symbol or formula)."""
        t = self.target
        return t if isinstance(t, str) else str(getattr(t, "formula", None) or t.symbol)

    def target_object(self):
        """The target as an object with the cross-section protocol (:func:`mcpria_lite.targets.lookup.target`)."""
        from ..targets.lookup import target as _target

        return _target(self.target) if isinstance(self.target, str) else self.target

    def target_matches(self, target) -> bool:
        """Whether ``target`` (symbol, formula or object) is this detector's target."""
        from ..targets.lookup import target as _target

        try:
            mine = self.target_object()
            other = _target(target) if isinstance(target, str) else target
        except ValueError:
            return False
        return other is mine or getattr(other, "symbol", None) == getattr(mine, "symbol", object())

    def background_at(self, T_keV) -> np.ndarray:
        """Background B(T) in counts/(keV kg day) at reconstructed energies T (keV)."""
        if isinstance(self.background_cpkkd, TabulatedBackground):
            return self.background_cpkkd(T_keV)
        T = _validate.finite_array("T_keV", T_keV)
        return np.full(T.shape, float(self.background_cpkkd))

    @property
    def threshold_background_cpkkd(self) -> float:
        """B(T_th), the background at threshold that the paper's criterion uses (counts/(keV kg day))."""
        return float(self.background_at(self.threshold_keV))

    @property
    def background_per_tonne_year_keV(self) -> float:
        """The background at threshold in events/(tonne year keV)."""
        return self.threshold_background_cpkkd * CPKKD_IN_PER_TONNE_YEAR_KEV

    def measured_spectrum(self, T_keV, dR_dT) -> np.ndarray:
        """dR/dT after the detector's resolution and efficiency (:func:`mcpria_lite.detection.response.detector_response`)."""
        return detector_response(T_keV, dR_dT, self.resolution, self.efficiency)

    def with_(self, **changes) -> "Detector":
        """A copy with some attributes changed, e.g. ``HPGE_NEXT_GEN.with_(exposure_kg_day=1e5)``."""
        return replace(self, **changes)


#: Next-generation HPGe of Qiao et al. (2021) (100 eV threshold, 0.1 counts/(keV kg day)).
HPGE_NEXT_GEN = Detector("next-generation HPGe", "Ge", 0.1, 0.1, _QIAO2021)

#: Next-generation liquid xenon of Qiao et al. (2021) (500 eV threshold, 1e-4 counts/(keV kg day)).
LXE_NEXT_GEN = Detector("next-generation LXe", "Xe", 0.5, 1e-4, _QIAO2021)

#: Liquid argon of the DarkSide-50 low-mass (ionization-only) search, fully efficient at 0.1 keVee, with
#: an observed rate of about 1.5 events/(keVee kg day) at 0.5 keVee (Agnes et al. 2018, abstract).
#: Target "Ar".
LAR_DARKSIDE50 = Detector(
    "DarkSide-50 LAr", "Ar", 0.1, 1.5,
    "Agnes et al. (DarkSide), Phys. Rev. Lett. 121, 081307 (2018), arXiv:1802.06994: fully efficient at "
    "0.1 keVee; observed rate about 1.5 events/(keVee kg day) at 0.5 keVee",
)

#: NaI(Tl) of COSINE-100 with its average background of 3.5 counts/(keV kg day) in 2-6 keV
#: (Adhikari et al. 2018) and the 1 keV threshold of the COSINE-100 and ANAIS-112 modulation
#: analyses (Amaré et al. 2021). Target "NaI", a compound (rates per kg of NaI; the Tl dopant,
#: ~0.1 %, is neglected).
NAI_COSINE100 = Detector(
    "COSINE-100 NaI", "NaI", 1.0, 3.5,
    "background: Adhikari et al. (COSINE-100), Eur. Phys. J. C 78, 490 (2018), 3.5 counts/(keV kg day) in "
    "2-6 keV; threshold: 1 keV as in Amare et al. (ANAIS-112), Phys. Rev. D 103, 102005 (2021), arXiv:2103.01175",
)

#: CsI(Tl) of KIMS with its 2 keV threshold (visible energies 2-4 keV, Lee et al. 2014). The
#: background is ILLUSTRATIVE (set to the COSINE-100 NaI(Tl) level, not a KIMS number); pass your own.
CSI_KIMS = Detector(
    "KIMS CsI", "CsI", 2.0, 3.5,
    "threshold: Lee et al. (KIMS), Phys. Rev. D 90, 052006 (2014), arXiv:1404.3443 (visible energies "
    "2-4 keV); background: illustrative, set to the COSINE-100 NaI(Tl) level (not a KIMS number)",
)

#: Presets by lower-case name; short aliases ("hpge"/"ge", "lxe"/"xe", "lar"/"ar", "nai", "csi") are
#: accepted by :func:`get`.
PRESETS: dict[str, Detector] = {
    d.name.lower(): d for d in (HPGE_NEXT_GEN, LXE_NEXT_GEN, LAR_DARKSIDE50, NAI_COSINE100, CSI_KIMS)
}

_ALIASES = {
    "hpge": HPGE_NEXT_GEN,
    "ge": HPGE_NEXT_GEN,
    "hpge_next_gen": HPGE_NEXT_GEN,
    "lxe": LXE_NEXT_GEN,
    "xe": LXE_NEXT_GEN,
    "lxe_next_gen": LXE_NEXT_GEN,
    "lar": LAR_DARKSIDE50,
    "ar": LAR_DARKSIDE50,
    "nai": NAI_COSINE100,
    "csi": CSI_KIMS,
}


def get(name) -> Detector:
    """Look up a preset detector by name (case-insensitive); a :class:`Detector` is returned as is.

    Accepts the full names ("next-generation HPGe", "next-generation LXe", "DarkSide-50 LAr",
    "COSINE-100 NaI", "KIMS CsI") and the aliases "HPGe"/"Ge", "LXe"/"Xe", "LAr"/"Ar", "NaI", "CsI".

    Raises
    ------
    ValueError
        For an unknown name; the message lists the allowed names.
    """
    if isinstance(name, Detector):
        return name
    key = str(name).strip().lower()
    if key in PRESETS:
        return PRESETS[key]
    if key in _ALIASES:
        return _ALIASES[key]
    allowed = sorted([d.name for d in PRESETS.values()] + list(_ALIASES))
    raise ValueError(f"unknown detector {name!r}; allowed names (case-insensitive): {allowed!r}")
