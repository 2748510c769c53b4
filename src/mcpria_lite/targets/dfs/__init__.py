"""The ab initio atom: the Dirac–Hartree–Slater (Dirac–Fock–Slater) model and its responses.

* :mod:`.atom` — the self-consistent central potential, bound orbitals, Compton profiles;
* :mod:`.continuum` — continuum waves in the same potential;
* :mod:`.angular` — the angular algebra (Wigner 3j, spinor matrix elements);
* :mod:`.photoionization` — subshell photoionization cross sections;
* :mod:`.response` — the longitudinal and transverse response functions R_L, R_T and their tables;
* :mod:`.tables` — the generation of the tables (serial or as Dask tasks).

The method that uses them is :mod:`mcpria_lite.methods.dfs`.
"""
