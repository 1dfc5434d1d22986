"""Mutation testing of the core modules with mutmut: ``python -m mutation`` (``make mutation``).

``modules.toml`` maps each core module to its own test files; ``equivalent.toml`` lists the
surviving mutants judged equivalent, each with its reason. Results go to ``var/mutation/``.
"""
