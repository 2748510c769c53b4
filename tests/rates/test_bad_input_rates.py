"""Bad input to the rates' terms API: a ValueError naming the argument and what is allowed."""

from __future__ import annotations

import numpy as np
import pytest

import mcpria_lite as ml
from mcpria_lite import sources as fluxes
from mcpria_lite.rates import event_rates as rates

NU = fluxes.solar_neutrinos(("pp", "7Be"))
DCR = fluxes.dark_cosmic_rays(1.0)


@pytest.mark.parametrize(
    "kwargs,name",
    [
        (dict(T_keV=-1.0), "T_keV"),
        (dict(T_keV=np.nan), "T_keV"),
        (dict(T_keV="abc"), "T_keV"),
        (dict(method="RPA"), "method"),
        (dict(flux="pp"), "flux"),
        (dict(target="Qq"), "element"),
        (dict(n_E=0), "n_E"),
        (dict(n_E=2.5), "n_E"),
        (dict(interaction="weak"), "interaction"),
        (dict(method="RIA", p_max_au=-1.0), "p_max_au"),
        (dict(method="RIA", p_max_au=140.0), "p_max_au"),  # beyond the forward point of a massless ν
    ],
)
def test_dR_dT_terms_bad_input(kwargs, name):
    args = dict(target="Ge", T_keV=0.1, flux=NU, method="FEA")
    args.update(kwargs)
    with pytest.raises(ValueError, match=name):
        rates.dR_dT_terms(**args)


def test_neutrino_epa_regulator():
    """A massless flux needs the EPA regulator: the projectile the solar neutrinos carry has it (the
    same as passing it by hand); a massless projectile without one is a ValueError naming it."""
    reg = NU.projectile.epa_regulator_keV
    assert reg is not None
    np.testing.assert_allclose(ml.dR_dT("Ge", [0.1, 1.0], NU, "EPA"),
                               ml.dR_dT("Ge", [0.1, 1.0], NU, "EPA", m_regulator_keV=reg), rtol=1e-14)
    bare = fluxes.line_flux([(861.8, 4.5e9)], projectile=ml.projectiles.Projectile(name="ν without regulator",
                                                                                  mass_keV=0.0, flavour="nu_e"))
    with pytest.raises(ValueError, match="m_regulator_keV|epa_regulator_keV"):
        rates.dR_dT_terms("Ge", 0.1, bare, "EPA")


def test_dR_dT_delta_with_an_interaction_is_refused():
    class Dummy:  # anything with a basis stands for an interaction here
        couplings = {"delta": 1.0}

        def basis(self, projectile):
            return ()

    with pytest.raises(ValueError, match="delta"):
        ml.dR_dT("Ge", 0.1, NU, "FEA", delta=1e-12, interaction=Dummy())


@pytest.mark.parametrize(
    "couplings,name",
    [
        (dict(mu_B=1e-11), "mu_B"),  # a coupling this rate does not have
        (dict(delta=np.nan), "delta"),
        (dict(delta=np.inf), "delta"),
        (dict(delta="1e-9"), "delta"),
        (dict(delta=-1e-9), "delta"),  # δ^3.7 of a negative δ is not real
    ],
)
def test_rate_terms_total_bad_couplings(couplings, name):
    rt = rates.dR_dT_terms("Ge", np.array([0.1, 1.0]), DCR, "FEA")
    with pytest.raises(ValueError, match=name):
        rt.total(**couplings)
    with pytest.raises(ValueError, match=name):
        rt.new_physics(**couplings)


def test_rate_terms_even_power_allows_a_negative_coupling():
    """An integer power is defined for either sign (δ² for neutrinos: the sign does not matter)."""
    rt = rates.dR_dT_terms("Ge", np.array([0.1, 1.0]), NU, "FEA")
    np.testing.assert_allclose(rt.total(delta=-1e-6), rt.total(delta=1e-6), rtol=1e-15)


def test_empty_T_gives_an_empty_rate_and_still_checks_the_options():
    from mcpria_lite.particles import interactions as I

    assert ml.dR_dT("Xe", np.array([]), NU, "RIA").shape == (0,)
    rt = rates.dR_dT_terms("Xe", np.zeros((0, 3)), NU, "RIA", I.Millicharge(1e-12) + I.Weak())
    assert rt.values.shape == (3, 0, 3) and rt.total().shape == (0, 3)
    with pytest.raises(ValueError, match="p_max_au"):
        ml.dR_dT("Xe", np.array([]), NU, "RIA", p_max_au=-1.0)
