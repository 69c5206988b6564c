"""The gazetteer store: first-use build, concurrent builds, rebuilds that keep user loads,
GeoNames dumps and user TSVs (small files in the real GeoNames formats, written here), and
the `chronique gazetteer` commands. Real SQLite files in tmp_path; nothing is mocked."""

from __future__ import annotations

import json
import multiprocessing
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chronique.gazetteer import Context, Gazetteer
from chronique.gazetteer.geonames import Loader, detect_kind
from chronique.gazetteer.store import GazetteerError, GazetteerStore, StoreConfig

# Fictional places with ids far above GeoNames' own, so that they collide with nothing.
TELL_ZAFRAN = 990000001
KHIRBAT_NOUR = 990000002
WADI_SAFSAF = 990000003
IDLIB_ADM2 = 990000010


def _place_line(
    gid: int,
    name: str,
    alternates: str,
    lat: float,
    lon: float,
    fclass: str,
    fcode: str,
    country: str,
    admin1: str,
    admin2: str,
    population: int,
) -> str:
    """One line of allCountries.txt / SY.txt: the 19 GeoNames columns in their order."""
    columns = [
        str(gid),  # geonameid
        name,  # name
        name.replace("‘", ""),  # asciiname
        alternates,  # alternatenames, comma-separated
        f"{lat}",  # latitude
        f"{lon}",  # longitude
        fclass,  # feature class
        fcode,  # feature code
        country,  # country code
        "",  # cc2
        admin1,  # admin1 code
        admin2,  # admin2 code
        "",  # admin3 code
        "",  # admin4 code
        str(population),  # population
        "",  # elevation
        "312",  # dem
        "Asia/Damascus",  # timezone
        "2024-01-01",  # modification date
    ]
    return "\t".join(columns)


def _write_dumps(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    places = [
        _place_line(
            TELL_ZAFRAN,
            "Tell Zafran",
            "Tall Za‘faran,Tal Zafaran",
            35.71,
            36.71,
            "P",
            "PPL",
            "SY",
            "12",
            "SY1201",
            4200,
        ),
        _place_line(
            KHIRBAT_NOUR, "Khirbat Nour", "", 35.52, 36.48, "P", "PPL", "SY", "12", "SY1201", 0
        ),
        _place_line(WADI_SAFSAF, "Wadi Safsaf", "", 35.6, 36.5, "H", "WAD", "SY", "12", "", 0),
        _place_line(
            IDLIB_ADM2, "Mantiqat Idlib", "", 35.9, 36.6, "A", "ADM2", "SY", "12", "SY1201", 0
        ),
        "not\ta\tplace\tline",  # 4 columns: malformed
        _place_line(990000004, "Bad Lat", "", 135.0, 36.0, "P", "PPL", "SY", "12", "", 0),
        _place_line(
            990000005, "Bad Population", "", 35.0, 36.0, "P", "PPL", "SY", "12", "", 0
        ).replace("\t0\t\t312", "\tmany\t\t312"),
    ]
    paths = {
        "places": folder / "SY.txt",
        "admin1": folder / "admin1CodesASCII.txt",
        "admin2": folder / "admin2Codes.txt",
        "countries": folder / "countryInfo.txt",
        "alternate_names": folder / "alternateNamesV2.zip",
    }
    paths["places"].write_bytes(
        ("\n".join(places) + "\n").encode() + b"990000006\tBroken \xff name\n"
    )
    paths["admin1"].write_text(
        "SY.12\tIdlib\tIdlib\t169388\nSY.13\tDimashq\tDimashq\t170652\nbroken line\n",
        encoding="utf-8",
    )
    paths["admin2"].write_text(
        f"SY.12.SY1201\tMantiqat Idlib\tMantiqat Idlib\t{IDLIB_ADM2}\n", encoding="utf-8"
    )
    paths["countries"].write_text(
        "# ISO\tISO3\tISO-Numeric\tfips\tCountry\tCapital\tArea(in sq km)\tPopulation\t"
        "Continent\ttld\tCurrencyCode\tCurrencyName\tPhone\tPostal Code Format\t"
        "Postal Code Regex\tLanguages\tgeonameid\tneighbours\tEquivalentFipsCode\n"
        "SY\tSYR\t760\tSY\tSyria\tDamascus\t185180\t22933531\tAS\t.sy\tSYP\tPound\t963\t\t\t"
        "ar-SY,ku,hy,arc,fr,en\t163843\tIQ,JO,IL,TR,LB\t\n",
        encoding="utf-8",
    )
    alternates = "\n".join(
        [
            # alternateNameId, geonameid, isolanguage, name, preferred, short, colloquial,
            # historic, from, to
            f"1\t{TELL_ZAFRAN}\tfr\tTall Zaafrane\t1\t\t\t\t\t",
            f"2\t{TELL_ZAFRAN}\tar\tتل زعفران\t\t\t\t\t\t",
            f"3\t{TELL_ZAFRAN}\tlink\thttps://example.org/tell\t\t\t\t\t\t",
            f"4\t{KHIRBAT_NOUR}\ten\tKhirbet en-Nour\t\t\t\t1\t\t",
            "5\t999999999\ten\tNowhere At All\t\t\t\t\t\t",  # a place not in the store
            "6\tnot-a-number\ten\tBroken\t\t\t\t\t\t",
        ]
    )
    with zipfile.ZipFile(paths["alternate_names"], "w") as archive:
        archive.writestr("alternateNamesV2.txt", alternates + "\n")
        archive.writestr("iso-languagecodes.txt", "ISO 639-3\tISO 639-2\tISO 639-1\n")
    return paths


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> StoreConfig:
    """A store built from the shipped data (the 15,000+ city list, for speed)."""
    config = StoreConfig(path=tmp_path_factory.mktemp("gaz") / "gazetteer.sqlite", cities=15000)
    GazetteerStore(config)
    return config


def _copy(config: StoreConfig, folder: Path) -> StoreConfig:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "gazetteer.sqlite"
    shutil.copyfile(config.path, target)
    return StoreConfig(path=target, cities=config.cities)


def _open_store(path: str) -> tuple[bool, int]:
    """Run in a child process: open (building if needed) and report."""
    store = GazetteerStore(StoreConfig(path=Path(path), cities=15000))
    return store.built, store.place_count()


# ------------------------------------------------------------------------- building


def test_first_use_builds_then_opens(built: StoreConfig) -> None:
    again = GazetteerStore(built)
    assert not again.built
    assert again.open_seconds < 2
    info = again.info()
    assert info["places"] > 30_000 and info["names"] > 100_000
    assert info["places_by_source"] == {"shipped": info["places"]}
    assert info["shipped"]["cities"] == 15000
    syria = Gazetteer(config=built).lookup("Syrie", "fr")[0]
    assert (syria.country, syria.precision, syria.geonames_id) == ("SYR", "country", 163843)


def test_concurrent_first_use_builds_once(tmp_path: Path) -> None:
    path = tmp_path / "shared" / "gazetteer.sqlite"
    context = multiprocessing.get_context("spawn")
    with context.Pool(3) as pool:
        results = pool.map(_open_store, [str(path)] * 3)
    assert sum(built for built, _ in results) == 1
    assert len({count for _, count in results}) == 1
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.close()
    leftovers = [p.name for p in path.parent.iterdir() if p.name.endswith(".building")]
    assert leftovers == []


def test_rebuild_on_new_shipped_data_keeps_user_places(built: StoreConfig, tmp_path: Path) -> None:
    config = _copy(built, tmp_path / "store")
    tsv = tmp_path / "mine.tsv"
    tsv.write_text("Camp Nakhla\tSYR\t35.1\t36.2\tCMP\t\t\tMukhayyam Nakhla\n", encoding="utf-8")
    with Loader(config) as loader:
        loader.load([tsv], "user")
    db = sqlite3.connect(config.path)
    db.execute("UPDATE meta SET value = 'older' WHERE key = 'shipped_version'")
    db.commit()
    db.close()
    store = GazetteerStore(config)
    assert store.built
    info = store.info()
    assert info["places_by_source"].get("user") == 1
    assert info["carried_over"]["rows"] >= 3  # the place, its names, the load record
    assert [load["kind"] for load in info["loads"]] == ["user"]
    assert Gazetteer(config=config).lookup("Mukhayyam Nakhla", "en")[0].name == "Camp Nakhla"


def test_a_missing_store_without_build_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="no gazetteer store"):
        GazetteerStore(StoreConfig(path=tmp_path / "none.sqlite"), build=False)


# ------------------------------------------------------------------------- GeoNames


def test_detect_kind_by_name(tmp_path: Path) -> None:
    paths = _write_dumps(tmp_path / "dumps")
    assert {kind: detect_kind(path) for kind, path in paths.items()} == {
        kind: kind for kind in paths
    }
    assert detect_kind(Path("allCountries.txt")) == "places"
    assert detect_kind(Path("cities500.txt")) == "places"
    with pytest.raises(GazetteerError, match="--kind"):
        detect_kind(Path("readme.txt"))


def test_load_geonames_dumps(built: StoreConfig, tmp_path: Path) -> None:
    config = _copy(built, tmp_path / "store")
    paths = _write_dumps(tmp_path / "dumps")
    seen: list[tuple[str, int, int]] = []
    with Loader(
        config, progress=lambda what, done, total: seen.append((what, done, total))
    ) as loader:
        # Given in the wrong order on purpose: places load before their alternate names.
        reports = loader.load(
            [
                paths["alternate_names"],
                paths["places"],
                paths["admin2"],
                paths["admin1"],
                paths["countries"],
            ]
        )
    by_kind = {r.kind: r for r in reports}
    assert [r.kind for r in reports] == [
        "countries",
        "admin1",
        "admin2",
        "places",
        "alternate_names",
    ]
    assert seen and seen[-1][1] == seen[-1][2]  # progress reached the end
    places = by_kind["places"]
    assert places.rows == 4
    assert places.errors == 4  # 4 columns, latitude 135, population "many", bad UTF-8
    assert any("line 5: 4 columns" in e for e in places.first_errors)
    assert any("out of range" in e for e in places.first_errors)
    assert any("not UTF-8" in e for e in places.first_errors)
    assert by_kind["admin1"].rows == 2 and by_kind["admin1"].errors == 1
    alternates = by_kind["alternate_names"]
    assert alternates.rows == 3  # French, Arabic, the historic English name
    assert alternates.errors == 1  # a geonameid that is no number
    assert alternates.skipped == 2  # the link, and the name of a place not in the store

    gazetteer = Gazetteer(config=config)
    tell = gazetteer.candidates("Tall Zaafrane", "fr")[0]
    assert tell.entry.geonames_id == TELL_ZAFRAN and tell.own_language
    assert tell.entry.admin1 == "Idlib"  # the admin1 name of admin1CodesASCII.txt
    assert gazetteer.lookup("Tal Zafaran", "fr")[0].geonames_id == TELL_ZAFRAN
    assert gazetteer.lookup("تل زعفران", "ar")[0].geonames_id == TELL_ZAFRAN
    assert gazetteer.lookup("Khirbet en-Nour", "en")[0].geonames_id == KHIRBAT_NOUR
    wadi = gazetteer.lookup("Wadi Safsaf", "en")[0]
    assert (wadi.precision, wadi.feature_code) == ("point", "WAD")
    # A small village is reached by a typo only inside the story's country.
    assert gazetteer.lookup("Khirbat Nur", "en", "SYR")[0].geonames_id == KHIRBAT_NOUR
    assert gazetteer.lookup("Khirbat Nourr", "en", "FRA") == []
    info = GazetteerStore(config).info()
    assert info["places_by_source"]["geonames"] == 5  # 4 places and the country
    assert [load["kind"] for load in info["loads"]][-1] == "alternate_names"


def test_admin_context_chooses_among_namesakes(built: StoreConfig, tmp_path: Path) -> None:
    config = _copy(built, tmp_path / "store")
    tsv = tmp_path / "twins.tsv"
    tsv.write_text(
        "name\tcountry\tlat\tlon\tfeature_code\tpopulation\tgeonames_id\talternate_names\t"
        "admin1\n"
        "Qaryat Twin\tSY\t35.7\t36.6\tPPL\t900\t\t\t12\n"
        "Qaryat Twin\tSY\t33.2\t36.1\tPPL\t3000\t\t\t06\n",
        encoding="utf-8",
    )
    with Loader(config) as loader:
        loader.load([tsv])
    gazetteer = Gazetteer(config=config)
    assert gazetteer.lookup("Qaryat Twin", "fr", "SYR")[0].admin1 == "Daraa Governorate"
    in_idlib = Context(focus_country="SYR", admin1=frozenset({("SYR", "12")}))
    assert gazetteer.lookup("Qaryat Twin", "fr", context=in_idlib)[0].admin1 == (
        "Idlib Governorate"
    )


def test_user_tsv_rows_and_errors(built: StoreConfig, tmp_path: Path) -> None:
    config = _copy(built, tmp_path / "store")
    tsv = tmp_path / "places.tsv"
    tsv.write_text(
        "# my places\n"
        "name\tcountry\tlat\tlon\n"
        "Checkpoint Zulu\tSYR\t35.2\t36.7\tCHKP\t\t\tZulu Crossing|Hajez Zulu\n"
        "Village Without Id\tML\t15.1\t-1.2\n"
        "Too Few\tSYR\n"
        "Bad Country\tSYRIA\t1\t2\n"
        "Bad Coordinates\tSYR\tnorth\t36\n",
        encoding="utf-8",
    )
    with Loader(config) as loader:
        (report,) = loader.load([tsv])
    assert (report.kind, report.rows, report.errors) == ("user", 2, 3)
    assert any("line 5" in e and "at least" in e for e in report.first_errors)
    gazetteer = Gazetteer(config=config)
    zulu = gazetteer.lookup("Hajez Zulu", "fr")[0]
    assert (zulu.name, zulu.country, zulu.precision) == ("Checkpoint Zulu", "SYR", "point")
    assert zulu.geonames_id is None  # a local place: no GeoNames id is invented
    village = gazetteer.lookup("Village Without Id", "fr")[0]
    assert village.country == "MLI"
    # A place a person added is prominent: a typo reaches it from any story.
    assert gazetteer.lookup("Village Withot Id", "fr")[0].country == "MLI"


# ------------------------------------------------------------------------- CLI


def test_cli_load_add_info(built: StoreConfig, tmp_path: Path) -> None:
    from chronique.cli import app

    config = _copy(built, tmp_path / "store")
    paths = _write_dumps(tmp_path / "dumps")
    settings = tmp_path / "settings.toml"
    settings.write_text("[chronique]\ngazetteer_cities = 15000\n", encoding="utf-8")
    runner = CliRunner()
    where = ["--gazetteer", str(config.path), "--settings", str(settings)]
    result = runner.invoke(app, ["gazetteer", "load", *map(str, paths.values()), *where])
    assert result.exit_code == 0, result.output
    assert "places, 4 rows" in result.output
    assert "line 5: 4 columns, a GeoNames place has 19" in result.output
    tsv = tmp_path / "mine.tsv"
    tsv.write_text("Camp Nakhla\tSYR\t35.1\t36.2\n", encoding="utf-8")
    result = runner.invoke(app, ["gazetteer", "add", str(tsv), *where])
    assert result.exit_code == 0 and "user, 1 rows" in result.output
    result = runner.invoke(app, ["gazetteer", "info", "--json", *where])
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)
    assert info["places_by_source"]["user"] == 1
    assert [load["kind"] for load in info["loads"]][-1] == "user"
    assert info["carried_over"]["rows"] == 0  # the commands did not rebuild the store
    result = runner.invoke(app, ["gazetteer", "info", *where])
    assert "loaded" in result.output and "places" in result.output
    result = runner.invoke(app, ["gazetteer", "load", str(tmp_path / "missing.txt"), *where])
    assert result.exit_code == 2 and "no file at" in result.output
    result = runner.invoke(app, ["gazetteer", "load", str(tsv), "--kind", "nope", *where])
    assert result.exit_code == 2 and "unknown --kind" in result.output
