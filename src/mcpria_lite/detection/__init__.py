"""What is observed: detectors, their response, released data and the signal a model leaves in them.

* :mod:`.detectors` — a :class:`~.detectors.Detector` (target, threshold, background, resolution,
  efficiency, exposure) and the presets of the book;
* :mod:`.response` — resolution and efficiency models, and the smearing of a spectrum;
* :mod:`.releases` — released data sets (events, background model, efficiency), one manifest each;
* :mod:`.binned` — binned data sets (counts per bin, fitted background and its components), their
  schema checks, and a spectrum folded into their bins;
* :mod:`.datasets` — every data set (unbinned and binned) by name or path;
* :mod:`.signals` — a model's signal in a release, in reconstructed energy, and its deposited-energy
  spectrum (:class:`~.signals.TermSpectrum`);
* :mod:`.electron_yield` — deposited energy to electrons in liquid xenon (Essig et al. 2017);
* :mod:`.electron_counts` — the S2-only data sets binned in electrons (XENON10, XENON100, XENON1T,
  PandaX-4T) and the counts a halo signal leaves in their bins;
* :mod:`.models` — the models a limit can be set on (a registry a new model joins).
"""

from __future__ import annotations

from .detectors import PRESETS, Detector, TabulatedBackground  # noqa: F401
from .releases import *  # noqa: F401,F403  (every public name of the releases and signals)
from .signals import *  # noqa: F401,F403
from .binned import BinnedRelease, load_binned_release  # noqa: F401
from . import datasets  # noqa: F401
