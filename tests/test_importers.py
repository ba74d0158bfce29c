"""Importers: the Historian's travels XML and the Archives nationales CSV (fixtures written here,
in those formats), dissolved states, skipped records, and output that validates and places."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from travelmap.cli import main
from travelmap.importers import DatasetError, import_dataset
from travelmap.importers.common import split_places
from travelmap.loading import load_trips

DATA = Path(__file__).parent / "data" / "import"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_historian_records_become_tours_of_stops_with_sources(tmp_path: Path) -> None:
    result = import_dataset("historian-travels", DATA / "historian-travels.xml")
    result.write(tmp_path / "trips.csv")
    stops = load_trips(tmp_path / "trips.csv")  # validates, sources included
    assert len(stops) == 10
    first = stops[stops["trip_id"] == "hist-jane-doe-9001"].sort_values("stop_order")
    # Bonn and West Berlin (record 9001) and Brussels a day later (9002): one tour, in order.
    assert list(first["place"]) == ["Bonn", "West Berlin", "Brussels (NATO)"]
    assert {s.url for s in first["sources"].iloc[0]} == {
        "https://history.state.gov/departmenthistory/travels/president/doe-jane"}
    assert len(first["sources"].iloc[0]) == 2  # one source row per dataset record
    assert first["visit_type"].iloc[-1] == "multilateral"


def test_dissolved_states_map_to_where_the_place_lies_today_with_a_note() -> None:
    result = import_dataset("historian-travels", DATA / "historian-travels.xml")
    hosts = {row["place"]: row for row in result.stops}
    assert hosts["Moscow"]["host_country"] == "RUS"
    assert hosts["Kiev"]["host_country"] == "UKR"
    assert hosts["Belgrade"]["host_country"] == "SRB"
    assert "host at the time: Soviet Union (SUN" in hosts["Kiev"]["note"]
    assert "Yugoslavia (YUG" in hosts["Belgrade"]["note"]


def test_a_dissolved_state_named_beside_todays_id_wins() -> None:
    result = import_dataset("historian-travels", DATA / "historian-travels.xml")
    tour = [r for r in result.stops if r["trip_id"].endswith("-9007")]
    assert [(r["place"], r["host_country"]) for r in tour] == [("Moscow", "RUS"), ("Kiev", "UKR")]


def test_imported_places_resolve_offline_in_their_host(tmp_path: Path) -> None:
    from travelmap.geocoding import locate_stops

    import_dataset("historian-travels", DATA / "historian-travels.xml").write(
        tmp_path / "trips.csv")
    located, unresolved = locate_stops(load_trips(tmp_path / "trips.csv"),
                                       cache_path=tmp_path / "places.csv")
    assert not unresolved, unresolved.report()
    martinique = located[located["place"] == "Martinique"].iloc[0]
    assert 14 < martinique["lat"] < 15 and -62 < martinique["lon"] < -60


def test_an_empty_locale_is_the_country_itself() -> None:
    result = import_dataset("historian-travels", DATA / "historian-travels.xml")
    vatican = [r for r in result.stops if r["host_country"] == "VAT"]
    assert [r["place"] for r in vatican] == ["Vatican City"]


def test_unreadable_records_are_listed_with_their_id_not_dropped() -> None:
    result = import_dataset("historian-travels", DATA / "historian-travels.xml")
    assert result.records == 9
    listed = [str(s) for s in result.skipped]
    assert len(listed) == 2
    assert any("9005" in s and "start-date" in s and "1988-13-02" in s for s in listed)
    assert any("9006" in s and "country" in s and "atlantis" in s for s in listed)


def test_archives_fr_rows_dates_codes_and_skips(tmp_path: Path) -> None:
    result = import_dataset("archives-fr", DATA / "archives-fr.csv")
    result.write(tmp_path / "trips.csv")
    stops = load_trips(tmp_path / "trips.csv")
    assert set(stops["traveller_country"]) == {"FRA"}
    moscow = stops[stops["place"] == "Moscou"].iloc[0]
    assert moscow["host_country"] == "RUS" and "Soviet Union" in moscow["note"]
    assert str(moscow["start_date"].date()) == "1966-06-20"
    assert list(stops[stops["trip_id"] == moscow["trip_id"]]["place"]) == ["Moscou", "Léningrad"]
    assert stops[stops["place"] == "Bonn"]["host_country"].iloc[0] == "DEU"
    # no code_pays: the French name of the country decides
    assert stops[stops["place"] == "Londres"]["host_country"].iloc[0] == "GBR"
    skipped = [str(s) for s in result.skipped]
    assert len(skipped) == 2
    assert any("row 5" in s and "code_pays" in s for s in skipped)
    assert any("row 6" in s and "31/02/1972" in s for s in skipped)


def test_archives_fr_missing_column_names_file_and_columns(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("lieu;pays\nBonn;Allemagne\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"bad\.csv.*code_pays"):
        import_dataset("archives-fr", bad)


def test_cli_import_exit_codes_and_nothing_half_written(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "trips.csv"
    ok = runner.invoke(main, ["import", "historian-travels",
                              str(DATA / "historian-travels.xml"), "-o", str(out)])
    assert ok.exit_code == 0, ok.output
    assert "Imported 7 of 9 records" in ok.output and "record 9006" in ok.output
    assert (tmp_path / "sources.csv").exists() and len(rows(out)) == 10
    broken = tmp_path / "broken.xml"
    broken.write_text("<trips><trip>", encoding="utf-8")
    before = out.read_bytes()
    bad = runner.invoke(main, ["import", "historian-travels", str(broken), "-o", str(out)])
    assert bad.exit_code == 1 and "broken.xml" in bad.output and "XML" in bad.output
    assert out.read_bytes() == before


@pytest.mark.parametrize(("names", "code"), [
    (("russia", "U.S.S.R."), "SUN"), (("korea-south", "Korea, Republic of"), "KOR"),
    (("china", "China, People’s Republic of"), "CHN"), (("holy-see", "Vatican City"), "VAT"),
    (("SU", "URSS"), "SUN"), (("", "Tchécoslovaquie"), "CSK"), (("", "Royaume-Uni"), "GBR"),
    (("DE", "Allemagne"), "DEU"), (("atlantis", "Atlantis"), None),
    (("bosnia-herzegovina", ""), "BIH"), (("korea", "Korea"), "KOR"),
    (("", "The Bahamas"), "BHS"), (("", "St. Lucia"), "LCA"), (("", "Trinidad"), "TTO"),
    (("congo-republic", "Congo, Republic of"), "COG"),
    (("congo-democratic-republic", "Congo, Democratic Republic of"), "COD"),
    (("congo-kinshasa", ""), "COD"), (("somoa", "Somoa"), "WSM"),
])
def test_country_codes_slugs_and_names(names: tuple[str, str], code: str | None) -> None:
    from travelmap.importers.countries import country_code

    assert country_code(*names) == code


def test_locales_split_in_order_keeping_abbreviations() -> None:
    assert split_places("Rome,Nettuno") == ("Rome", "Nettuno")
    assert split_places("Paris ; Lyon") == ("Paris", "Lyon")
    assert split_places("Washington, D.C.") == ("Washington, D.C.",)
    assert split_places("  ") == ()


def test_validation_explains_a_dissolved_states_code(tmp_path: Path) -> None:
    from travelmap.errors import ValidationError

    trips = tmp_path / "trips.csv"
    trips.write_text("trip_id,stop_order,traveller,traveller_country,host_country,place,lat,lon,"
                     "start_date,end_date,visit_type,counterpart,outcome,note\n"
                     "t-1,1,A B,USA,SUN,Kiev,,,1987-12-01,1987-12-01,other,,,\n",
                     encoding="utf-8")
    (tmp_path / "sources.csv").write_text("trip_id,outlet,title,url,published\n"
                                          "t-1,O,T,https://example.org/a,\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load_trips(trips)
    message = str(caught.value)
    assert "row 2" in message and "host_country" in message
    assert "Soviet Socialist Republics" in message and "ISO 3166-3" in message


def test_the_repository_folder_is_read_president_and_secretary_files(tmp_path: Path) -> None:
    for folder in ("president-travels", "secretary-travels"):
        (tmp_path / folder).mkdir()
    source = (DATA / "historian-travels.xml").read_text(encoding="utf-8")
    (tmp_path / "president-travels" / "doe-jane.xml").write_text(source, encoding="utf-8")
    (tmp_path / "secretary-travels" / "empty.xml").write_text("<trips/>", encoding="utf-8")
    (tmp_path / "build.xml").write_text("<project/>", encoding="utf-8")  # not read
    result = import_dataset("historian-travels", tmp_path)
    assert result.records == 9 and len(result.stops) == 10


def _trip(record_id: str, name: str, start: str, locale: str, remarks: str,
          who: str = "doe-jane") -> str:
    return (f'<trip who="{who}" role="president"><id>{record_id}</id><name>{name}</name>'
            f"<start-date>{start}</start-date><end-date>{start}</end-date>"
            f'<country id="belgium">Belgium</country><locale>{locale}</locale>'
            f"<remarks>{remarks}</remarks></trip>")


def test_a_visit_in_a_compilation_and_in_its_own_file_is_read_once(tmp_path: Path) -> None:
    folder = tmp_path / "president-travels"
    folder.mkdir()
    (folder / "doe-jane.xml").write_text("<trips>" + "".join([
        _trip("1", "Jane Quincy Doe", "1990-05-01", "Brussels", "NATO summit."),
        # one visit filed twice, each with its own remark: one stop, both remarks
        _trip("2", "Jane Quincy Doe", "1990-06-01", "Antwerp", "Port visit."),
        _trip("3", "Jane Quincy Doe", "1990-06-01", "Antwerp", "Met the mayor."),
        # the file reuses an id for another trip: both are trips, with distinct trip ids
        _trip("1", "Jane Quincy Doe", "1991-01-09", "Ghent", "Informal visit.")]) + "</trips>",
        encoding="utf-8")
    # the compilation spells her name its own way, numbers the records its own way and, once,
    # names a place her own file lacks
    (folder / "up-to-doe.xml").write_text("<trips>" + "".join([
        _trip("71", "Jane Q. Doe", "1990-05-01", "Brussels, Mons", "NATO summit."),
        _trip("72", "John Roe", "1990-05-01", "Brussels", "NATO summit.", who="roe-john"),
    ]) + "</trips>", encoding="utf-8")
    result = import_dataset("historian-travels", tmp_path)
    assert [(s["traveller"], s["place"]) for s in result.stops] == [
        ("Jane Quincy Doe", "Brussels"), ("Jane Quincy Doe", "Mons"),
        ("Jane Quincy Doe", "Antwerp"), ("Jane Quincy Doe", "Ghent"), ("John Roe", "Brussels")]
    assert "Port visit." in result.stops[2]["note"] and "Met the mayor." in result.stops[2]["note"]
    assert len({s["trip_id"] for s in result.stops}) == 4
    assert result.records == 4 and len(result.repeated) == 2
    assert "the same visit as record 1 in doe-jane.xml" in str(result.repeated[-1])
    out = tmp_path / "out" / "trips.csv"
    out.parent.mkdir()
    said = CliRunner().invoke(main, ["import", "historian-travels", str(tmp_path), "-o", str(out)])
    assert said.exit_code == 0 and "2 records repeat a visit of another" in said.output
    load_trips(out)  # trip ids unique, so the output validates as it is


def test_a_file_that_is_not_the_format_is_an_error_naming_it(tmp_path: Path) -> None:
    other = tmp_path / "other.xml"
    other.write_text("<project><target/></project>", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"other\.xml.*no <trip> records"):
        import_dataset("historian-travels", other)
    result = CliRunner().invoke(main, ["import", "historian-travels", str(other), "-o",
                                       str(tmp_path / "t.csv"), "--traveller", "X"])
    assert result.exit_code != 0 and "--traveller do(es) not apply to historian-travels" in \
        result.output
    assert not (tmp_path / "t.csv").exists()


def test_historian_visits_put_each_leader_in_washington_then_the_places_named(
        tmp_path: Path) -> None:
    result = import_dataset("historian-visits", DATA / "historian-visits.xml")
    result.write(tmp_path / "trips.csv")
    stops = load_trips(tmp_path / "trips.csv")  # validates, sources included
    assert [str(s) for s in result.skipped] == [
        "record 8005 in historian-visits.xml, start-date: '2022-13-01' is not a date (YYYY-MM-DD)",
        "record 8006 in historian-visits.xml, from: unknown country 'atlantis'"]
    assert result.records == 6 and set(stops["host_country"]) == {"USA"}
    ejemplo = stops[stops["traveller"] == "Juan Ejemplo"].sort_values("stop_order")
    # records 8002 and 8003 touch in time: one tour; Washington first in each record (the dates
    # are Washington's), then the places the description names, once each, in its order
    assert list(ejemplo["place"]) == ["Washington, D.C.", "New York", "Washington, D.C.",
                                      "Camp David"]
    assert ejemplo["trip_id"].nunique() == 1
    assert set(ejemplo["traveller_country"]) == {"MEX"}
    assert "as President" in ejemplo["note"].iloc[0]
    assert "their own days are not in the record" in ejemplo["note"].iloc[0]
    assert ejemplo["visit_type"].iloc[-1] == "private"
    muster = stops[stops["traveller"] == "Erika Muster"]
    assert list(muster["place"]) == ["Washington, D.C."]
    assert muster["visit_type"].iloc[0] == "working"  # an "Official Working Visit"
    assert {s.url for s in muster["sources"].iloc[0]} == {
        "https://history.state.gov/departmenthistory/visits/germany"}
    soviet = stops[stops["traveller"] == "Ivan Primerov"].iloc[0]
    # a dissolved state's leader sets out from its seat: the continuing state, noted
    assert soviet["traveller_country"] == "RUS"
    assert "traveller's country at the time: Soviet Union (SUN" in soviet["note"]
    assert soviet["traveller"] == "Ivan Primerov" and "as General Secretary" in soviet["note"]


def test_a_table_with_its_columns_mapped_imports_and_lists_what_it_skips(tmp_path: Path) -> None:
    out = tmp_path / "trips.csv"
    result = CliRunner().invoke(main, [
        "import", "table", str(DATA / "table-visits.csv"), "-o", str(out),
        "--map", "id=Ref", "--map", "traveller=Leader", "--map", "traveller_country=From country",
        "--map", "country=Host", "--map", "place=Cities", "--map", "start=Arrived",
        "--map", "end=Left", "--map", "visit_type=Kind", "--map", "note=Comment",
        "--map", "source_url=Link", "--source-url", "https://example.org/visits",
        "--date-format", "%d/%m/%Y"])
    assert result.exit_code == 0, result.output
    assert "skipped: record table-visits.csv A4, Host: unknown country 'Atlantis'" in result.output
    assert ("skipped: record table-visits.csv A5, Arrived: '31/02/2022' is not a date in the "
            "format") in result.output
    assert "Imported 4 of 6 records" in result.output
    stops = load_trips(out)
    muster = stops[stops["traveller"] == "Erika Muster"].sort_values(["start_date", "stop_order"])
    # A1 and A2 touch in time: one tour of three stops; A3 months later is another tour
    assert list(muster["place"]) == ["Paris", "Strasbourg", "Brussels", "Japan"]
    assert muster["trip_id"].nunique() == 2
    assert list(muster["host_country"]) == ["FRA", "FRA", "BEL", "JPN"]
    # "State visit" read as words; "Summit" and "official" are our own vocabulary, kept
    assert list(muster["visit_type"]) == ["state", "state", "summit", "official"]
    ottawa = stops[stops["place"] == "Ottawa"].iloc[0]
    assert ottawa["traveller_country"] == "MEX" and ottawa["visit_type"] == "working"
    assert {s.url for s in ottawa["sources"]} == {"https://example.org/visits"}  # the constant


def test_a_table_mapping_that_lacks_a_field_says_which_and_how(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match=r"needs traveller \(who travelled: --map "
                                           r"traveller=COLUMN or --traveller VALUE\)"):
        import_dataset("table", DATA / "table-visits.csv",
                       columns={"country": "Host", "start": "Arrived"},
                       constants={"traveller_country": "DEU", "source_url": "https://x.org/"})
    with pytest.raises(DatasetError, match=r"no column for place='Town'.*Ref, Leader"):
        import_dataset("table", DATA / "table-visits.csv",
                       columns={"country": "Host", "start": "Arrived", "place": "Town"},
                       constants={"traveller": "A", "traveller_country": "DEU",
                                  "source_url": "https://x.org/"})


def test_every_visits_venue_but_camp_david_resolves_offline_in_the_us() -> None:
    from travelmap.geocoding import locate
    from travelmap.importers.historian_visits import UNPLACED_VENUES, VENUES, WASHINGTON

    for place in {WASHINGTON, *VENUES.values()} - UNPLACED_VENUES:
        found = locate(place, country="USA")
        assert found.lat is not None, place


def test_a_saved_wikipedia_list_of_trips_imports_year_by_year(tmp_path: Path) -> None:
    out = tmp_path / "trips.csv"
    result = CliRunner().invoke(main, ["import", "wikipedia", str(DATA / "wikipedia-trips.html"),
                                       "--traveller-country", "DEU", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "skipped: record 2023 #1 row 4, country: unknown country 'Atlantis'" in result.output
    assert "skipped: record 2024 #2 row 2, dates: '31 February' is an impossible date" \
        in result.output
    assert "Imported 4 of 6 records" in result.output  # the "See also" tally is no trips table
    stops = load_trips(out)
    assert set(stops["traveller"]) == {"Erika Muster"}  # from the page title
    rows = [(r.place, r.host_country, r.start_date.date().isoformat(),
             r.end_date.date().isoformat()) for r in stops.itertuples()]
    assert rows == [
        ("Paris", "FRA", "2023-05-03", "2023-05-04"),
        ("Strasbourg", "FRA", "2023-05-03", "2023-05-04"),
        ("Hiroshima", "JPN", "2023-05-19", "2023-05-21"),  # the country cell spans two rows
        ("Tokyo", "JPN", "2023-12-30", "2024-01-02"),  # the heading's year, then the cell's
        ("Brussels", "BEL", "2024-07-10", "2024-07-10"),
    ]
    paris = stops[stops["place"] == "Paris"].iloc[0]
    assert paris["visit_type"] == "state"
    assert "[1]" not in paris["note"]  # footnote markers are not text
    (source,) = paris["sources"]
    assert source.url == ("https://en.wikipedia.org/wiki/"
                          "List_of_international_presidential_trips_made_by_Erika_Muster")
    assert "CC BY-SA" in source.outlet


@pytest.mark.parametrize(("text", "year", "expected"), [
    ("May 3–4", 2023, ("2023-05-03", "2023-05-04")),
    ("30 June – 1 July", 2023, ("2023-06-30", "2023-07-01")),
    ("December 30 – January 2", 2023, ("2023-12-30", "2024-01-02")),
    ("Sept 3-5", 2020, ("2020-09-03", "2020-09-05")),
    ("June 19, 2024", None, ("2024-06-19", "2024-06-19")),
])
def test_wikipedia_date_ranges(text: str, year: int | None, expected: tuple[str, str]) -> None:
    from travelmap.importers.wikipedia import parse_date_range

    span = parse_date_range(text, year)
    assert not isinstance(span, str)
    assert (span[0].isoformat(), span[1].isoformat()) == expected


@pytest.mark.parametrize("text", ["June 19", "soon", "31 February", "May 5 – May 3"])
def test_wikipedia_dates_that_cannot_be_read_say_why(text: str) -> None:
    from travelmap.importers.wikipedia import parse_date_range

    assert isinstance(parse_date_range(text, None if text == "June 19" else 2024), str)


def test_a_page_without_a_trips_table_or_country_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="--traveller-country"):
        import_dataset("wikipedia", DATA / "wikipedia-trips.html")
    page = tmp_path / "other.html"
    page.write_text("<html><title>Cats - Wikipedia</title><table class='wikitable'><tr><th>Cat"
                    "</th></tr></table></html>", encoding="utf-8")
    with pytest.raises(DatasetError, match="no table with a country and a dates column"):
        import_dataset("wikipedia", page, traveller="X", traveller_country="DEU",
                       source_url="https://example.org/")


@pytest.mark.parametrize(("place", "host", "today", "stop"), [
    ("Kingston (Jamaica)", "GBR", "JAM", "Kingston"),  # Harding, 1923: a British colony then
    ("Algiers (Algeria)", "FRA", "DZA", "Algiers"),
    ("Argentia (Newfoundland)", "GBR", "CAN", "Argentia"),
    ("Malta", "GBR", "MLT", "Malta"),
])
def test_a_place_filed_under_the_power_of_the_time_is_drawn_where_it_lies_today(
        place: str, host: str, today: str, stop: str) -> None:
    from datetime import date

    from travelmap.importers.common import Record, build_import

    record = Record("r1", "A President", "USA", host, (place,), date(1943, 1, 1), date(1943, 1, 2))
    row = build_import([record], [], prefix="t").stops[0]
    assert (row["host_country"], row["place"]) == (today, stop)
    assert "filed under" in row["note"] and f"({host})" in row["note"]


@pytest.mark.parametrize(("place", "host"), [
    ("Georgia", "USA"), ("Luxembourg", "BEL"), ("Halifax (Nova Scotia)", "CAN"),
    ("Hong Kong", "CHN"), ("Bermuda", "GBR"),  # a territory stays under its sovereign
])
def test_a_region_town_or_territory_of_the_host_stays_there(place: str, host: str) -> None:
    from travelmap.importers.countries import country_in_place

    assert country_in_place(place, host) is None


def test_a_records_places_go_together_where_it_or_its_remark_says_they_lie(
        tmp_path: Path) -> None:
    """A record is one country of its time: Taft's 1912 stops in Kingston and Port Antonio,
    filed under the United Kingdom with a remark naming Jamaica, are in Jamaica (not Kingston
    upon Thames); a place's parenthetical carries its siblings along; other remarks move
    nothing."""
    def record(locale: str, remarks: str) -> str:
        return ('<trip who="doe-jane" role="president"><id>1</id><name>Jane Doe</name>'
                "<start-date>1912-04-08</start-date><end-date>1912-04-09</end-date>"
                '<country id="united-kingdom">United Kingdom</country>'
                f"<locale>{locale}</locale><remarks>{remarks}</remarks></trip>")

    source = tmp_path / "doe.xml"
    source.write_text("<trips>" + record(
        "Kingston, Port Antonio",
        "Met with British colonial officials during unofficial (Jamaica) visit.") + record(
        "Speightstown, Bridgetown (Barbados)", "Refuelling stop.").replace(
        "1912-04-0", "1913-04-0") + record(
        "Kingston, London", "Talks (NATO) with colonial-era historians.").replace(
        "1912-04-0", "1914-04-0") + "</trips>", encoding="utf-8")
    stops = import_dataset("historian-travels", source).stops
    placed = [(s["place"], s["host_country"]) for s in stops]
    assert placed == [("Kingston", "JAM"), ("Port Antonio", "JAM"), ("Speightstown", "BRB"),
                      ("Bridgetown", "BRB"), ("Kingston", "GBR"), ("London", "GBR")]
    assert all("filed under United Kingdom (GBR)" in s["note"] for s in stops[:4])
