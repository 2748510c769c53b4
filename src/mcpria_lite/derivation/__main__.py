"""``python -m mcpria_lite.derivation``: rewrite every generated module from the derivation."""

from .codegen import GENERATED_MODULES, write_generated

for _mod in GENERATED_MODULES:
    print("wrote", write_generated(module=_mod))
