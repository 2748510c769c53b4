"""Turn the derivation's final expressions into committed NumPy code (the generated modules).

Regenerate every generated module with ``python -m mcpria_lite.derivation``; the tests fail when a
committed file and the derivation drift apart.
"""

from __future__ import annotations

import functools

import sympy as sp

from .kinematics import (E, E_min_free, E_min_window, K1, K1_bar, K1_photon, K2, K2_photon, Qw, Result, T, T_max_free_closed, X_K, X_ribberfors, X_stu, alpha, dcos_dq, delta, dq_dpz, dq_dpz_of_q, dsigma_dT_free, k, klein_nishina_dsigma_dT, kp, m, m_e, pz, pz_of_q, q, q_of_pz, s_, t_, t_bar, u_)  # noqa: F401
from .amplitudes import (amplitude_results)  # noqa: F401
from .lepton_tensor import (lepton_tensor_results)  # noqa: F401
from .dark_compton import dark_compton_results  # noqa: F401
from .weak_lepton_tensor import weak_lepton_tensor_results  # noqa: F401



# ----------------------------------------------------------------------------------------------
# 7. Code generation
# ----------------------------------------------------------------------------------------------
def generated_functions() -> list[Result]:
    """The expressions turned into code, with their argument order and docstrings."""
    Kb1 = K1_bar()
    tb = t_bar()
    Xbar = sp.factor_terms(X_K.subs(K2, K1 + t_ / 2))
    return [
        Result("x_stu", X_stu, (s_, t_, u_, m_e, m), "X(s, t, u) of e⁻μ⁻-type scattering; (1/4)Σ|M|² = 2e⁴δ²X."),
        Result("x_k1k2", X_K, (K1, K2, t_, m_e, m), "X in terms of K1 = p·k, K2 = p·k′."),
        Result(
            "dsigma_dT_free",
            dsigma_dT_free(),
            (T, E, k, m_e, m, alpha, delta),
            "Free electron at rest: dσ/dT in natural units (keV⁻³ for keV inputs), per electron.",
        ),
        Result("t_max_free", T_max_free_closed(), (E, k, m_e, m), "Free-electron endpoint T_max(E)."),
        Result("e_min_free", E_min_free(), (T, m_e, m), "Smallest total energy E with T_max(E) ≥ T."),
        Result("e_min_window", E_min_window(), (T, Qw, m), "Smallest E with q_min = k − k′ ≤ Q (m > 0, T < Q)."),
        Result("pz_of_q", pz_of_q(), (q, T, m_e), "p_z(q) = (q² − T² − 2m_eT)/(2q) (Ribberfors' sign)."),
        Result("q_of_pz", q_of_pz(), (pz, T, m_e), "Inverse map q(p_z), cancellation-free on both sides of the ridge."),
        Result("dq_dpz", dq_dpz(), (pz, T, m_e), "Jacobian dq/dp_z of the map at fixed T."),
        Result("dq_dpz_of_q", dq_dpz_of_q(), (q, pz), "Jacobian dq/dp_z = q/(q − p_z) given q = q(p_z)."),
        Result("dcos_dq", dcos_dq(), (q, k, kp), "Jacobian d(cos θ)/dq at fixed T."),
        Result("k1_bar", Kb1, (pz, q, T, E, m_e), "K̄1 = p·k for the electron momentum component p_z."),
        Result("t_bar", tb, (q, T), "t̄ = t = T² − q²."),
        Result("x_bar_k1", Xbar, (K1, t_, m_e, m), "X̄ in the K form, K2 = K1 + t/2 (stable)."),
        Result("x_ribberfors", X_ribberfors, (K1, K2, m_e), "Ribberfors' X(K1, K2) for photons."),
        Result("k1_photon", K1_photon(), (pz, q, T, E, m_e), "K1 = p·k for a photon projectile."),
        Result("k2_photon", K2_photon(), (pz, q, T, E, m_e), "K2 = p·k′ for a photon projectile."),
        Result(
            "klein_nishina_dsigma_dT",
            klein_nishina_dsigma_dT(),
            (T, E, m_e, alpha),
            "Klein–Nishina dσ/dT (natural units) for a photon on a free electron at rest.",
        ),
    ]


#: The generated modules and the derivation results each holds (one generator writes both).
GENERATED_MODULES = {
    "_kinematics_generated": ("kinematics", "mcpria_lite.kinematics", "mcpria_lite._kinematics_generated"),
    "_amplitudes_generated": ("interaction amplitudes", "mcpria_lite.particles.interactions",
                              "mcpria_lite.particles._amplitudes_generated"),
    "_lepton_tensor_generated": ("lepton tensors V_L, V_T of the photon-exchange terms", "mcpria_lite.methods.dfs",
                                 "mcpria_lite.methods._lepton_tensor_generated"),
    "_weak_lepton_tensor_generated": ("lepton tensors V_X of the weak terms (weak, delta*weak, r2*weak) "
                                      "contracted with the vector, axial and vector-axial responses",
                                      "mcpria_lite.methods.dfs", "mcpria_lite.methods._weak_lepton_tensor_generated"),
    "_dark_compton_generated": ("dark Compton V + e -> photon + e of a massive vector", "mcpria_lite.particles.dark_photon",
                                "mcpria_lite.particles._dark_compton_generated"),
}


def module_results(module: str = "_kinematics_generated") -> list[Result]:
    """The results generated into ``module`` (see :data:`GENERATED_MODULES`).

    Derived once per process (a :class:`~mcpria_lite.derivation.kinematics.Result` is frozen and
    SymPy expressions are immutable); each call returns a fresh list.
    """
    if not isinstance(module, str) or module not in GENERATED_MODULES:
        raise ValueError(f"module must be one of {sorted(GENERATED_MODULES)}, got {module!r}")
    return list(_module_results(module))


@functools.lru_cache(maxsize=None)
def _module_results(module: str) -> tuple[Result, ...]:
    derive = {
        "_kinematics_generated": generated_functions,
        "_amplitudes_generated": amplitude_results,
        "_lepton_tensor_generated": lepton_tensor_results,
        "_dark_compton_generated": dark_compton_results,
        "_weak_lepton_tensor_generated": weak_lepton_tensor_results,
    }[module]
    return tuple(derive())


_HEADER = '''"""GENERATED by mcpria_lite.derivation.generate_source() -- do not edit by hand: {what}.

Regenerate with ``python -m mcpria_lite.derivation`` after changing the derivation; the test
tests/derivation/test_generated.py fails when this file and the derivation differ.
Natural units (hbar = c = 1); the wrappers in {wrapper} take keV and validate input.
sympy version used: {version}
"""

import numpy

'''


def generate_source(module: str = "_kinematics_generated") -> str:
    """Return the source of ``mcpria_lite._kinematics_generated`` (or of another generated module)."""
    from sympy.printing.numpy import NumPyPrinter

    printer = NumPyPrinter({"fully_qualified_modules": True, "allow_unknown_functions": False})
    what, wrapper, _ = GENERATED_MODULES[module] if module in GENERATED_MODULES else (None, None, None)
    out = [_HEADER.format(what=what, wrapper=wrapper, version=sp.__version__)]
    for r in module_results(module):
        names = [_py_name(a) for a in r.args]
        expr = r.expr.subs({a: sp.Symbol(n, real=True) for a, n in zip(r.args, names)}, simultaneous=True)
        subexprs, (reduced,) = sp.cse(expr, symbols=sp.numbered_symbols("_x"), optimizations="basic")
        out.append(f"def {r.name}({', '.join(names)}):\n")
        out.append(f'    """{r.doc}"""\n')
        for sym, sub in subexprs:
            out.append(f"    {sym} = {printer.doprint(sub)}\n")
        out.append(f"    return {printer.doprint(reduced)}\n\n\n")
    return "".join(out).rstrip() + "\n"


def _py_name(sym: sp.Symbol) -> str:
    return {"E'": "Ep", "k'": "kp", "K_1": "K1", "K_2": "K2", "Q2min": "Q2min", "Q2max": "Q2max"}.get(sym.name, sym.name)


def write_generated(path=None, module: str = "_kinematics_generated") -> str:
    """Write the generated ``module`` to its place in the package (or to ``path``); return the path."""
    from pathlib import Path

    if path is None:
        dotted = GENERATED_MODULES[module][2].split(".")[1:]
        path = Path(__file__).resolve().parent.parent.joinpath(*dotted).with_suffix(".py")
    path = Path(path)
    path.write_text(generate_source(module))
    return str(path)


# ----------------------------------------------------------------------------------------------
