"""How often: the ionization cross sections of any method and the event rates of any source.

* :mod:`.cross_sections` — dσ/dT (and per term, double-differential, photon Compton);
* :mod:`.event_rates` — dR/dT over a flux, as a sum of terms in the couplings;
* :mod:`.halo_rates` — halo dark matter: d⟨σv⟩/dE and dR/dE per subshell from a longitudinal response.
"""

from __future__ import annotations

from .cross_sections import compton_dsigma_dT, ddcs, dsigma_dT, dsigma_dT_terms  # noqa: F401
from .event_rates import RateTerms, dR_dT, dR_dT_terms  # noqa: F401
