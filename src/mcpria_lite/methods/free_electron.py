"""The free-electron approximation (FEA), also called the stepping approximation.

dσ/dT = Z_eff(T) × the free-electron cross section of each term, Z_eff(T) = Σ N_nl θ(T − B_nl) the
electrons that T can free (Qiao et al., JHEP 03 (2021) 184; the stepping approximation of Chen et
al., arXiv:1610.04177). Registered as ``"FEA"``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..kinematics import E_min
from ..targets.protocol import open_shells
from .base import MethodBase, projectile_mass, register

__all__ = ["FEAOptions", "FreeElectron", "FEA"]


@dataclass(frozen=True)
class FEAOptions:
    """The free-electron (stepping) approximation has no options."""




class FreeElectron(MethodBase):
    """FEA / stepping: Z_eff(T) × the free-electron cross section of each term."""

    name = "FEA"
    Options = FEAOptions
    in_paper = True
    is_stepping = True
    plot_style = {"color": "k", "lw": 1.4}
    slow_projectile_reason = (
        "a free electron at rest can take at most E = 2μ²v_max²/m_e from a particle of speed v_max (7 eV at "
        "800 km/s for m_χ ≫ m_e), below every binding energy of a noble-gas or germanium atom: it would "
        "return zero. The free electron enters the halo rates only as the normalisation of σ̄_e "
        "(mcpria_lite.rates.halo_rates.free_electron_dsigmav_dE)")

    @property
    def label(self) -> str:
        return "FEA (stepping)"

    def dsigma_dT_terms(self, target, T, E, projectile, interaction, options):
        zeff = open_shells(target, T) @ target.occupancy
        out = np.zeros((len(interaction.terms),) + T.shape)
        ok = zeff > 0
        if np.any(ok):
            out[:, ok] = zeff[ok] * interaction.dsigma_dT_free_terms(T[ok], E[ok], projectile)
        return out

    def rate_terms(self, target, T, E_nodes, groups, use, interaction, options):
        """Σ_nodes w σ_k with Z_eff(T) taken out of the sum: the open shells once per T, not per
        (T, flux node) as the cross section at every node would (memory ∝ nT·nE·n_shells)."""
        zeff = open_shells(target, T) @ target.occupancy  # (nT,)
        n_terms = len(interaction.terms)
        values = np.zeros((n_terms, T.size))
        T2 = np.broadcast_to(T[:, None], E_nodes.shape)
        for proj, w in groups:
            ok = use & (w > 0) & (zeff[:, None] > 0)
            if not np.any(ok):
                continue
            sig = np.zeros((n_terms,) + E_nodes.shape)
            sig[:, ok] = interaction.dsigma_dT_free_terms(T2[ok], E_nodes[ok], proj)
            values += zeff * np.sum(w * sig, axis=-1)
        return values

    def E_lower_limit(self, T_keV, projectile, target=None, **options):
        """The free-electron threshold E_min(T) (:func:`mcpria_lite.kinematics.E_min`)."""
        self.options(**options)
        return E_min(T_keV, projectile_mass(projectile))



#: The registered method object.
FEA = register(FreeElectron())
