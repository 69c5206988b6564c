"""Every export format validates and round-trips: events stored in a real store (SQLite and
PostgreSQL) are exported, read back with csv / json / pyarrow, and compared field by field
with the events the store holds."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import test_export_sample
from chronique.cli import app
from chronique.export import FORMATS, ExportOptions, UnknownFormatError, export_events
from chronique.export.parquet import SCHEMA
from chronique.records import Event
from chronique.store import Store
from test_export_sample import sample_events, store_sample

# The sample's fixtures: a store (SQLite, then PostgreSQL) holding the sample events.
target, stored = test_export_sample.target, test_export_sample.stored
Stored = tuple[Store, list[Event]]
FIXED = ExportOptions(exported_at=dt.datetime(2024, 5, 16, 18, 0, tzinfo=dt.UTC))

# ACLED's column names, in ACLED's order, written out here rather than imported from the
# code under test: the CSV must carry exactly these.
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
]  # fmt: skip


def export(events: list[Event], fmt: str, options: ExportOptions = FIXED) -> tuple[int, bytes]:
    out = io.BytesIO()
    rows = export_events(events, fmt, out, options=options)
    return rows, out.getvalue()


def by_id(events: list[Event]) -> dict[str, Event]:
    return {e.id: e for e in events}


def test_formats_are_the_contract() -> None:
    assert list(FORMATS) == ["plover", "acled", "cameo", "geojson", "parquet"]
    assert {f: (FORMATS[f].suffix, FORMATS[f].media_type) for f in FORMATS} == {
        "plover": (".jsonl", "application/x-ndjson"),
        "acled": (".csv", "text/csv; charset=utf-8"),
        "cameo": (".tsv", "text/tab-separated-values; charset=utf-8"),
        "geojson": (".geojson", "application/geo+json"),
        "parquet": (".parquet", "application/vnd.apache.parquet"),
    }
    with pytest.raises(UnknownFormatError, match="choose one of plover, acled"):
        export_events([], "xlsx", io.BytesIO())


def test_plover_jsonl_round_trips(stored: Stored) -> None:
    _, events = stored
    rows, data = export(events, "plover")
    lines = data.decode("utf-8").splitlines()
    assert rows == len(lines) == len(events) == 6
    records = [json.loads(line) for line in lines]
    assert [r["id"] for r in records] == [e.id for e in events]  # store order kept
    for record, event in zip(records, events, strict=True):
        assert record["event_type"] == event.type
        assert record["mode"] == event.mode
        assert record["modality"] == event.modality
        assert record["context"] == []
        assert record["corroboration"] == event.corroboration
        assert record["sources"] == list(event.sources)
        assert record["codebook"] == "PLOVER 2.0"
        assert record["coded_date"] == "2024-05-16T18:00:00+00:00"
        for role, parties in (("actor", event.actors), ("recipient", event.recipients)):
            assert [(a["actor_text"], a["country"], a["sector"]) for a in record[role]] == [
                (a.text, a.country, a.sector) for a in parties
            ]
        if event.date is None:
            assert record["date"] is record["enddate"] is record["date_precision"] is None
        else:
            assert dt.date.fromisoformat(record["date"]) == event.date.start
            assert dt.date.fromisoformat(record["enddate"]) == event.date.end
            assert record["date_precision"] == event.date.precision
        place, location = event.place, record["location"]
        if place is None:
            assert location is None
        else:
            assert (location["placename"], location["geonameid"], location["cc3"]) == (
                place.text,
                place.geonames_id,
                place.country,
            )
            assert (location["latitude"], location["longitude"]) == (place.lat, place.lon)
            assert location["precision"] == place.precision
        assert [
            (e["document_id"], e["text"], e["start"], e["end"], e["trigger"]["text"])
            for e in record["evidence"]
        ] == [
            (r.document_id, r.sentence.text, r.sentence.start, r.sentence.end, r.trigger.text)
            for r in event.reports
        ]
    strikes = next(r for r in records if r["id"].startswith("e1"))
    assert strikes["quad_code"] == 4 and strikes["cameo"] == "195"
    assert strikes["location"]["country_code"] == "SY"
    # Two reports say 12 and 15 dead: the export keeps the figure both support.
    assert strikes["size"] == {"dead": 12, "injured": None, "arrested": None}
    assert [s["name"] for s in strikes["evidence"][1]["attribution"]] == ["secouristes", "AFP"]
    assert next(r for r in records if r["id"].startswith("e2"))["quad_code"] == 1


def test_acled_csv_has_exactly_acleds_columns_and_round_trips(stored: Stored) -> None:
    _, events = stored
    rows, data = export(events, "acled")
    text = data.decode("utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert reader.fieldnames == ACLED_COLUMNS
    got = {row["tags"].split("chronique_id=")[1].split(";")[0]: row for row in reader}
    assert rows == len(got) == len(events)
    for event in events:
        row = got[event.id]
        assert row["event_id_cnty"].endswith(event.id)
        assert f"modality={event.modality}" in row["tags"]
        assert row["source"] == "; ".join(event.sources)
        assert row["notes"] == event.reports[0].sentence.text  # quotes, tab, markup intact
        if event.place and event.place.lat is not None:
            assert float(row["latitude"]) == pytest.approx(event.place.lat, abs=1e-4)
            assert float(row["longitude"]) == pytest.approx(event.place.lon, abs=1e-4)

    strikes = got["e1000000000000aa"]
    assert strikes["event_id_cnty"] == "SYRe1000000000000aa"
    assert (strikes["event_date"], strikes["year"], strikes["time_precision"]) == (
        "2024-05-14",
        "2024",
        "1",
    )
    assert (strikes["disorder_type"], strikes["event_type"], strikes["sub_event_type"]) == (
        "Political violence",
        "Explosions/Remote violence",
        "Air/drone strike",
    )
    # Russian forces in Syria are external forces (8) there; the civilians are 7.
    assert (strikes["actor1"], strikes["inter1"]) == ("Military Forces of Russia", "8")
    assert (strikes["actor2"], strikes["inter2"], strikes["interaction"]) == (
        "Civilians (Syria)",
        "7",
        "78",
    )
    assert strikes["civilian_targeting"] == "Civilian targeting"
    assert [strikes[c] for c in ("iso", "region", "country")] == ["760", "Middle East", "Syria"]
    assert (strikes["admin1"], strikes["location"], strikes["geo_precision"]) == (
        "Idlib",
        "Maarat al-Numan",
        "1",
    )
    assert strikes["fatalities"] == "12"
    assert strikes["timestamp"] == str(int(FIXED.exported_at.timestamp()))

    # Talks between two parties: the second party is actor 2; a week is precision 2 and
    # its middle day is the date.
    talks = got["e2000000000000bb"]
    assert (talks["actor1"], talks["actor2"]) == ("Government of Syria", "Rebel Group (Syria)")
    assert (talks["inter1"], talks["inter2"], talks["interaction"]) == ("8", "2", "28")
    assert (talks["event_date"], talks["time_precision"]) == ("2024-05-09", "2")
    assert talks["event_type"] == "Strategic developments"
    assert (talks["country"], talks["region"]) == ("Switzerland", "Europe")

    protest = got["e3000000000000cc"]
    assert (protest["disorder_type"], protest["event_type"], protest["sub_event_type"]) == (
        "Demonstrations",
        "Protests",
        "Peaceful protest",
    )
    assert (protest["actor1"], protest["inter1"], protest["interaction"]) == (
        "Protesters (France)",
        "6",
        "60",
    )
    assert "<script>" in protest["notes"]

    accusation = got["e4000000000000dd"]
    assert accusation["event_id_cnty"] == "XXXe4000000000000dd"
    assert accusation["event_date"] == accusation["location"] == accusation["iso"] == ""
    assert "\t" in accusation["notes"]
    assert accusation["fatalities"] == "0" and "fatalities=no report" in accusation["tags"]

    arrest = got["e5000000000000ee"]
    assert (arrest["sub_event_type"], arrest["time_precision"], arrest["event_date"]) == (
        "Arrests",
        "3",
        "2024-04-15",
    )
    assert "date_range=2024-04-01/2024-04-30" in arrest["tags"]
    assert (arrest["actor1"], arrest["inter1"]) == ("Police Forces of Mali", "1")
    assert float(arrest["longitude"]) == -8.0

    raid = got["e6000000000000ff"]
    assert (raid["event_type"], raid["sub_event_type"]) == ("Violence against civilians", "Attack")
    assert (raid["actor1"], raid["inter1"]) == ("Unidentified Armed Group (unknown country)", "3")
    assert (raid["geo_precision"], raid["region"]) == ("3", "Western Africa")


def test_cameo_tsv_is_dyadic_and_round_trips(stored: Stored) -> None:
    _, events = stored
    rows, data = export(events, "cameo")
    lines = data.decode("utf-8").split("\n")
    assert lines[-1] == ""  # the file ends with a line break
    header, body = lines[0].split("\t"), [line.split("\t") for line in lines[1:-1]]
    assert header[:3] == ["EventID", "ChroniqueID", "Date"]
    assert all(len(cells) == len(header) for cells in body)  # no stray tab or line break
    rows_of: dict[str, list[dict[str, str]]] = {}
    for cells in body:
        row = dict(zip(header, cells, strict=True))
        rows_of.setdefault(row["ChroniqueID"], []).append(row)
    assert rows == len(body)
    assert set(rows_of) == {e.id for e in events}
    events_by_id = by_id(events)
    for event_id, found in rows_of.items():
        event = events_by_id[event_id]
        assert {r["PLOVERType"] for r in found} == {event.type}
        assert {r["Modality"] for r in found} == {event.modality}
        assert len({r["EventID"] for r in found}) == len(found)
    strikes = rows_of["e1000000000000aa"]
    assert [(r["SourceActorFull"], r["TargetActorFull"]) for r in strikes] == [("RUSMIL", "SYRCVL")]
    assert (strikes[0]["EventCode"], strikes[0]["EventRootCode"], strikes[0]["QuadClass"]) == (
        "195",
        "19",
        "4",
    )
    assert (strikes[0]["Date"], strikes[0]["Lat"], strikes[0]["GeonameID"]) == (
        "20240514",
        "35.6437",
        "169389",
    )
    # Reciprocal talks: one row each way, CAMEO code 040 keeps its leading zero.
    talks = rows_of["e2000000000000bb"]
    assert sorted((r["SourceActorFull"], r["TargetActorFull"]) for r in talks) == [
        ("SYRGOV", "SYRREB"),
        ("SYRREB", "SYRGOV"),
    ]
    assert {r["EventCode"] for r in talks} == {"040"} and {r["QuadClass"] for r in talks} == {"1"}
    # A tab inside the sentence became a space; the words are all there.
    accusation = rows_of["e4000000000000dd"][0]
    sentence = events_by_id["e4000000000000dd"].reports[0].sentence.text
    assert "\t" in sentence and accusation["Sentence"] == sentence.replace("\t", " ")
    # An actor alone (no recipient): one row with an empty target.
    protest = rows_of["e3000000000000cc"]
    assert [(r["SourceActorFull"], r["TargetActorFull"]) for r in protest] == [("FRACVL", "")]


def test_geojson_is_a_feature_collection_in_lon_lat_order(stored: Stored) -> None:
    _, events = stored
    rows, data = export(events, "geojson")
    collection = json.loads(data)
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    located = [e for e in events if e.place and e.place.lat is not None]
    assert rows == len(features) == len(located) == 5  # the accusation has no place
    events_by_id = by_id(events)
    for feature in features:
        assert set(feature) == {"type", "id", "geometry", "properties"}
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        event = events_by_id[feature["id"]]
        assert event.place is not None
        # RFC 7946: longitude first.
        assert (lon, lat) == (event.place.lon, event.place.lat)
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        props = feature["properties"]
        assert (props["type"], props["modality"], props["country"]) == (
            event.type,
            event.modality,
            event.place.country,
        )
        assert props["sentence"] == event.reports[0].sentence.text
    bamako = next(f for f in features if f["id"] == "e5000000000000ee")
    assert bamako["geometry"]["coordinates"] == [-8.0, 12.65]  # west of Greenwich, north


def test_parquet_has_the_explicit_schema_and_round_trips(stored: Stored, tmp_path: Path) -> None:
    _, events = stored
    path = tmp_path / "events.parquet"
    with path.open("wb") as handle:
        rows = export_events(events, "parquet", handle, options=ExportOptions(batch_rows=4))
    assert rows == len(events)
    schema = pq.read_schema(path)
    assert schema.equals(SCHEMA, check_metadata=True)
    assert schema.field("date_start").type == pa.date32()
    assert schema.field("actors").type == pa.list_(SCHEMA.field("actors").type.value_type)
    assert pa.types.is_struct(schema.field("reports").type.value_type)
    assert pq.ParquetFile(path).num_row_groups == 2  # 6 events in batches of 4
    table = pq.read_table(path)
    assert table.num_rows == len(events)
    for row, event in zip(table.to_pylist(), events, strict=True):
        assert (row["id"], row["type"], row["mode"], row["modality"]) == (
            event.id,
            event.type,
            event.mode,
            event.modality,
        )
        assert row["date_start"] == (event.date.start if event.date else None)
        assert row["date_end"] == (event.date.end if event.date else None)
        assert [(a["text"], a["country"], a["sector"]) for a in row["actors"]] == [
            (a.text, a.country, a.sector) for a in event.actors
        ]
        assert [(a["country"], a["sector"]) for a in row["recipients"]] == [
            (a.country, a.sector) for a in event.recipients
        ]
        if event.place is None:
            assert row["place"] is None
        else:
            assert (row["place"]["geonames_id"], row["place"]["lat"], row["place"]["lon"]) == (
                event.place.geonames_id,
                event.place.lat,
                event.place.lon,
            )
        assert [
            (r["document_id"], r["sentence"], r["sentence_start"], r["trigger"])
            for r in row["reports"]
        ] == [
            (r.document_id, r.sentence.text, r.sentence.start, r.trigger.text)
            for r in event.reports
        ]
        assert row["sources"] == list(event.sources)
        assert row["corroboration"] == event.corroboration
    strikes = table.to_pylist()[[e.id for e in events].index("e1000000000000aa")]
    assert strikes["dead"] == 12 and [r["dead"] for r in strikes["reports"]] == [12, 15]
    assert [s["kind"] for s in strikes["reports"][1]["attribution"]] == ["witness", "agency"]


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_an_empty_export_is_still_a_valid_file(fmt: str) -> None:
    rows, data = export([], fmt)
    assert rows == 0
    if fmt == "plover":
        assert data == b""
    elif fmt == "acled":
        assert data.decode().strip() == ",".join(ACLED_COLUMNS)
    elif fmt == "cameo":
        assert data.decode().count("\n") == 1
    elif fmt == "geojson":
        assert json.loads(data) == {"type": "FeatureCollection", "features": []}
    else:
        assert pq.read_table(io.BytesIO(data)).schema.equals(SCHEMA)


def test_exports_stream_a_generator_and_leave_the_stream_open() -> None:
    _, events = sample_events()
    for fmt in FORMATS:
        out = io.BytesIO()
        export_events((e for e in events), fmt, out)
        assert not out.closed
        out.write(b"")  # still usable by the caller


def test_cli_export_writes_each_format_with_filters(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    with Store(db) as store:
        store_sample(store)
    runner = CliRunner()
    for fmt, suffix in (("acled", "csv"), ("geojson", "geojson"), ("parquet", "parquet")):
        path = tmp_path / f"out.{suffix}"
        result = runner.invoke(
            app, ["export", "--format", fmt, "--out", str(path), "--db", str(db)]
        )
        assert result.exit_code == 0, result.output
        assert path.is_file() and not path.with_name(path.name + ".part").exists()
    filtered = tmp_path / "syria.jsonl"
    result = runner.invoke(
        app,
        ["export", "-f", "plover", "-o", str(filtered), "--db", str(db), "--country", "SYR",
         "--type", "ASSAULT", "--since", "2024-05-01"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "wrote 1 event(s) as plover" in result.output
    assert [json.loads(line)["id"] for line in filtered.read_text().splitlines()] == [
        "e1000000000000aa"
    ]
    stdout = runner.invoke(app, ["export", "-f", "acled", "-o", "-", "--db", str(db)])
    assert stdout.exit_code == 0
    assert stdout.stdout.splitlines()[0] == ",".join(ACLED_COLUMNS)
    bad = runner.invoke(app, ["export", "-f", "kml", "-o", str(tmp_path / "x"), "--db", str(db)])
    assert bad.exit_code == 2 and "unknown format 'kml'" in bad.output
    missing = runner.invoke(
        app, ["export", "-f", "acled", "-o", str(tmp_path / "y"), "--db", str(tmp_path / "no.db")]
    )
    assert missing.exit_code == 2 and "no store at" in missing.output
