"""Detectors: target element, energy threshold and flat background.

The sensitivity criterion of Qiao et al. (2021) is "event rate above background": a millicharge
δ is detectable when dR/dT at the threshold exceeds the background level. A :class:`Detector`
holds exactly those inputs; two presets reproduce the paper's next-generation experiments, three
more describe running argon, NaI(Tl) and CsI(Tl) detectors with published (cited) numbers.

Users pass their own::

    from mcpria_lite.detectors import Detector
    mine = Detector("my HPGe", "Ge", threshold_keV=0.2, background_cpkkd=1.0, reference="...")
"""

from __future__ import annotations

from dataclasses import dataclass

from . import _validate
from .units import CPKKD_IN_PER_TONNE_YEAR_KEV

__all__ = ["Detector", "HPGE_NEXT_GEN", "LXE_NEXT_GEN", "LAR_DARKSIDE50", "NAI_COSINE100", "CSI_KIMS", "PRESETS",
           "get"]

_SEED = (
    "Qiao, Lin, Chi & Jia, JHEP 03 (2021) 184, arXiv:2009.14320 "
    "(next-generation detector assumed for the sensitivity tables)"
)


@dataclass(frozen=True)
class Detector:
    """A detector for the rate-above-background sensitivity criterion.

    Attributes
    ----------
    name : str
        Label, also the key for :func:`get` (case-insensitive).
    target : str
        Element symbol of the target atoms, e.g. ``"Ge"`` or ``"Xe"``, or a formula of letters
        only such as ``"NaI"`` (see ``mcpria_lite.compounds``).
    threshold_keV : float
        Energy threshold T_th in keV (> 0): the energy transfer at which dR/dT is compared with
        the background.
    background_cpkkd : float
        Flat background level in counts/(keV kg day) (> 0).
    reference : str
        Where the numbers come from.
    """

    name: str
    target: str
    threshold_keV: float
    background_cpkkd: float
    reference: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"name must be a non-empty string, got {self.name!r}")
        if not isinstance(self.target, str):
            raise ValueError(f"target must be an element symbol such as 'Ge' or a formula such as 'NaI', got {self.target!r}")
        from .compounds import parse_formula  # a symbol is a one-element formula

        try:
            parse_formula(self.target)
        except ValueError as exc:
            raise ValueError(
                f"target must be an element symbol such as 'Ge' or a chemical formula such as 'NaI' "
                f"(elements Z = 1..100), got {self.target!r}"
            ) from exc
        if not isinstance(self.reference, str):
            raise ValueError(f"reference must be a string (a citation), got {self.reference!r}")
        object.__setattr__(
            self, "threshold_keV", _validate.positive_scalar("threshold_keV", self.threshold_keV, "keV")
        )
        object.__setattr__(
            self,
            "background_cpkkd",
            _validate.positive_scalar("background_cpkkd", self.background_cpkkd, "counts/(keV kg day)"),
        )

    @property
    def background_per_tonne_year_keV(self) -> float:
        """The background in events/(tonne year keV)."""
        return self.background_cpkkd * CPKKD_IN_PER_TONNE_YEAR_KEV


#: Next-generation HPGe of the seed paper (100 eV threshold, 0.1 counts/(keV kg day)).
HPGE_NEXT_GEN = Detector("next-generation HPGe", "Ge", 0.1, 0.1, _SEED)

#: Next-generation liquid xenon of the seed paper (500 eV threshold, 1e-4 counts/(keV kg day)).
LXE_NEXT_GEN = Detector("next-generation LXe", "Xe", 0.5, 1e-4, _SEED)

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
#: analyses (Amaré et al. 2021). Target "NaI", a compound (rates per kg of NaI).
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


def get(name: str) -> Detector:
    """Look up a preset detector by name (case-insensitive).

    Accepts the full names ("next-generation HPGe", "next-generation LXe", "DarkSide-50 LAr",
    "COSINE-100 NaI", "KIMS CsI") and the aliases "HPGe"/"Ge", "LXe"/"Xe", "LAr"/"Ar", "NaI", "CsI".

    Raises
    ------
    ValueError
        For an unknown name; the message lists the allowed names.
    """
    key = str(name).strip().lower()
    if key in PRESETS:
        return PRESETS[key]
    if key in _ALIASES:
        return _ALIASES[key]
    allowed = sorted([d.name for d in PRESETS.values()] + list(_ALIASES))
    raise ValueError(f"unknown detector {name!r}; allowed names (case-insensitive): {allowed!r}")
