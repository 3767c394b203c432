"""The shipped examples (``articles/``, ``queries/``), installed as ``kg.examples``.

``kg demo`` without a path builds ``articles/``; see :func:`kg.cli.demo.shipped_examples`.
"""
