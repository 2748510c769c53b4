"""What is inferred: statistics, the likelihood of released data, sensitivities and limits.

* :mod:`.statistics` — counting statistics (Poisson, Feldman–Cousins, Asimov);
* :mod:`.likelihood` — the unbinned likelihood of a data release and its limits;
* :mod:`.sensitivities` — the rate-at-threshold criterion of Qiao et al. (2021) and its tables;
* :mod:`.exposure` — the median limit of a counting experiment with a detector and an exposure;
* :mod:`.limits` — limits from a shipped release by name;
* :mod:`.halo_limits` — halo dark matter–electron limits from the electron-count data sets.
"""

from __future__ import annotations

from .exposure import exposure_sensitivity  # noqa: F401
from .limits import limit  # noqa: F401
from .sensitivities import sensitivity  # noqa: F401
