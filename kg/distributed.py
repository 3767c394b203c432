"""Old import path of the Dask build engine: see :mod:`kg.build.dask`."""

from __future__ import annotations

from kg.build.dask import DaskEngine, ModelPlugin, build_dask, extract_partition, partitions

__all__ = ["DaskEngine", "ModelPlugin", "build_dask", "extract_partition", "partitions"]
