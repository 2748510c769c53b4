"""Published numbers this project compares with (inputs with a cited source; nothing computed here).

Sensitivities on the millicharge δ of next-generation HPGe and LXe detectors from Qiao, Lin, Chi &
Jia, JHEP 03 (2021) 184 (arXiv:2009.14320), and the experimental bounds quoted there and
later. Masses in keV.
"""

from __future__ import annotations

#: The paper, whose detector criterion is "rate at threshold > background".
REFERENCE = "Qiao, Lin, Chi & Jia, JHEP 03 (2021) 184 (arXiv:2009.14320)"

#: The δ sensitivity to dark-cosmic-ray MCPs by target, method and mass (keV).
DM_SENSITIVITY: dict[str, dict[str, dict[float, float]]] = {
    "Ge": {
        "FEA": {100.0: 3.7e-7, 10.0: 7.0e-8, 1.0: 1.4e-8, 0.1: 6.0e-9, 0.01: 3.2e-9},
        "EPA": {100.0: 2.8e-7, 10.0: 5.3e-8, 1.0: 1.0e-8, 0.1: 1.9e-9, 0.01: 3.5e-10},
        "RIA": {100.0: 2.5e-7, 10.0: 4.5e-8, 1.0: 8e-9, 0.1: 2e-9, 0.01: 1e-9},
    },
    "Xe": {
        "FEA": {100.0: 1.3e-7, 10.0: 2.5e-8, 1.0: 5.9e-9, 0.1: 3.1e-9, 0.01: 1.7e-9},
        "EPA": {100.0: 9.3e-8, 10.0: 1.8e-8, 1.0: 3.2e-9, 0.1: 6.0e-10, 0.01: 2.5e-10},
        "RIA": {100.0: 1e-7, 10.0: 2e-8, 1.0: 4e-9, 0.1: 1.5e-9, 0.01: 8e-10},
    },
}

#: The δ_ν sensitivity to the solar-neutrino millicharge by target and method.
NEUTRINO_SENSITIVITY: dict[str, dict[str, float]] = {
    "Ge": {"FEA": 2.5e-12, "EPA": 7e-13, "RIA": 1e-12},
    "Xe": {"FEA": 4e-13, "EPA": 9e-14, "RIA": 2.5e-13},
}

#: Experimental bounds (or projections) on the absolute neutrino millicharge δ_ν (90 % CL), with the
#: target, whether it is a projection, and the bibliography key (references.bib). The entries up to
#: "LZ (projected)" are those quoted with the sensitivities by Qiao et al.; the last one is a later reinterpretation.
NEUTRINO_BOUNDS: list[dict] = [
    {"name": "TEXONO", "target": "Ge", "delta": 2.1e-12, "projected": False, "cite": "qiao2021"},
    {"name": "GEMMA (method 1)", "target": "Ge", "delta": 1.5e-12, "projected": False, "cite": "studenikin2014"},
    {"name": "GEMMA (method 2)", "target": "Ge", "delta": 2.7e-12, "projected": False, "cite": "studenikin2014"},
    {"name": "XENON1T", "target": "Xe", "delta": 6.4e-13, "projected": False, "cite": "qiao2021"},
    {"name": "PandaX", "target": "Xe", "delta": 2.06e-12, "projected": False, "cite": "qiao2021"},
    {"name": "DARWIN (projected)", "target": "Xe", "delta": 2.4e-13, "projected": True, "cite": "qiao2021"},
    {"name": "LZ (projected)", "target": "Xe", "delta": 2.8e-13, "projected": True, "cite": "qiao2021"},
    # Later: first LZ electron-recoil data reinterpreted with the EPA, |q_nu| < 1.5e-13 e at 90 % CL
    # (Atzori Corona, Bonivento, Cadeddu, Cargioli & Dordei, arXiv:2207.05036, abstract).
    {"name": "LZ 2022 data (EPA analysis)", "target": "Xe", "delta": 1.5e-13, "projected": False, "cite": "atzoricorona2022"},
]

#: Published bounds on the neutrino magnetic moment μ_ν (units of μ_B, 90 % C.L. unless stated),
#: with the target and the bibliography key (references.bib / refs-int.bib).
MAGNETIC_MOMENT_BOUNDS: list[dict] = [
    # XENONnT SR0 electronic recoils, Aprile et al., PRL 129, 161805 (2022), abstract
    {"name": "XENONnT (2022)", "target": "Xe", "mu_B": 6.3e-12, "cite": "xenonnt2022"},
    # first LZ data re-analysed, Atzori Corona et al., arXiv:2207.05036, abstract
    {"name": "LZ 2022 data (re-analysis)", "target": "Xe", "mu_B": 1.1e-11, "cite": "atzoricorona2022"},
    # Borexino Phase II solar neutrinos, Agostini et al., PRD 96, 091103 (2017), abstract
    {"name": "Borexino Phase II", "target": "C (scintillator)", "mu_B": 2.8e-11, "cite": "borexino2017"},
]

#: The interval of magnetic moments (μ_B) that would explain the XENON1T electronic-recoil excess,
#: Aprile et al., PRD 102, 072004 (2020).
XENON1T_EXCESS_MU_B: tuple[float, float] = (1.4e-11, 2.9e-11)

#: Charge radius ⟨r²⟩ of the reactor ν̄_e (cm², 90 % C.L.) from TEXONO CsI(Tl), Deniz et al.,
#: PRD 81, 072001 (2010), arXiv:0911.1597: the interval (lower, upper) as they publish it, in the
#: vector-shift convention g_V → g_V + (2√2πα/3G_F)⟨r²⟩, i.e. s_W² → s_W² + (√2πα/3G_F)⟨r²⟩ (the
#: convention of mcpria_lite.particles.interactions). Reviews that shift g_V by half as much quote
#: the doubled interval (−4.2, 6.6) × 10⁻³² cm².
TEXONO_CHARGE_RADIUS_CM2: tuple[float, float] = (-2.1e-32, 3.3e-32)
