"""Dark-photon sources: the halo (n = ρ/m) and a user's relativistic flux."""

from __future__ import annotations

import numpy as np
import pytest

from mcpria_lite.particles.dark_photon import DarkPhoton
from mcpria_lite.sources.dark_photons import (LOCAL_DM_DENSITY_GEV_CM3, AxionLikeDarkMatter, DarkPhotonDarkMatter,
                                              dark_photon_flux)


def test_number_density_is_rho_over_m():
    dm = DarkPhotonDarkMatter(DarkPhoton(mass_keV=10.0))
    assert LOCAL_DM_DENSITY_GEV_CM3 == 0.3
    assert dm.number_density_cm3 == pytest.approx(0.3e6 / 10.0)
    assert DarkPhotonDarkMatter(DarkPhoton(mass_keV=10.0), rho_GeV_cm3=0.4).number_density_cm3 == pytest.approx(4e4)
    assert AxionLikeDarkMatter(2.0).number_density_cm3 == pytest.approx(1.5e5)


def test_tabulated_flux_integrates_its_power_law():
    dp = DarkPhoton(mass_keV=1.0, polarisation="transverse")
    E = np.geomspace(10.0, 1000.0, 9)
    f = dark_photon_flux(dp, E, 1e3 * E**-2.0)
    assert f.total() == pytest.approx(1e3 * (1 / 10.0 - 1 / 1000.0), rel=1e-10)
    x, w = f.quadrature(100.0, None, n=64)
    assert np.sum(w * x) == pytest.approx(1e3 * np.log(10.0), rel=1e-8)  # ∫ E dφ/dE over [100, 1000]
    line = dark_photon_flux(dp, lines=[(50.0, 2.0)])
    assert line.total() == pytest.approx(2.0)


def test_bad_input():
    dp = DarkPhoton(mass_keV=10.0)
    with pytest.raises(ValueError, match="not both"):
        dark_photon_flux(dp, [20.0, 30.0], [1.0, 1.0], lines=[(20.0, 1.0)])
    with pytest.raises(ValueError, match="not both and not neither"):
        dark_photon_flux(dp)
    with pytest.raises(ValueError, match="mass"):
        dark_photon_flux(dp, [5.0, 30.0], [1.0, 1.0])  # below m_V
    with pytest.raises(ValueError, match="DarkPhoton"):
        dark_photon_flux("V", [20.0, 30.0], [1.0, 1.0])
    with pytest.raises(ValueError, match="rho_GeV_cm3"):
        DarkPhotonDarkMatter(dp, rho_GeV_cm3=-0.3)
    with pytest.raises(ValueError, match="DarkPhoton"):
        DarkPhotonDarkMatter(10.0)
    with pytest.raises(ValueError, match="g_ae"):
        AxionLikeDarkMatter(1.0, g_ae=0.0)
