"""What is inferred: statistics, the likelihood of released data, sensitivities and limits.

* :mod:`.statistics` — counting statistics (Poisson, Feldman–Cousins, Asimov);
* :mod:`.likelihood` — the unbinned likelihood of a data release and its limits;
* :mod:`.binned_likelihood` — the binned Poisson likelihood with background nuisances, generic fits;
* :mod:`.combined` — the product of likelihoods over data sets, its limit, Asimov data and toy coverage;
* :mod:`.sensitivities` — the rate-at-threshold criterion of Qiao et al. (2021) and its tables;
* :mod:`.exposure` — the median limit of a counting experiment with a detector and an exposure;
* :mod:`.limits` — limits by data-set name(s), model and method, and their theory band;
* :mod:`.limit_files` — limits as files (table, CSV, JSON) with a metadata header;
* :mod:`.halo_limits` — halo dark matter–electron limits from the electron-count data sets;
* :mod:`.dark_photon_limits` — dark-photon and axion-like dark-matter limits from a line search.
"""

from __future__ import annotations

from .exposure import exposure_sensitivity  # noqa: F401
from .limits import limit  # noqa: F401
from .sensitivities import sensitivity  # noqa: F401
