"""The payload's typed-array columns and string table (travelmap.mapping.columns): what goes in
comes back out, in as few bytes as the values need, the same bytes every time."""

from __future__ import annotations

import base64

import numpy as np
import pandas as pd
import pytest

from travelmap.mapping.columns import StringTable, decode_int_column, decode_strings, int_column


@pytest.mark.parametrize(("values", "kind"), [
    ([0, 255, 7], "u1"), ([-128, 127], "i1"), ([0, 65535], "u2"), ([-32768, 32767], "i2"),
    ([-2**31, 2**31 - 1], "i4"),
])
def test_each_column_takes_the_narrowest_width_that_holds_it(values: list[int],
                                                             kind: str) -> None:
    column = int_column(values)
    assert column["type"] == kind
    assert len(base64.b64decode(column["data"])) == len(values) * int(kind[1])
    assert decode_int_column(column, len(values)).tolist() == values


def test_sorted_days_travel_as_one_byte_steps_and_add_up_again() -> None:
    days = np.sort(np.random.default_rng(1).integers(-7000, 20000, 5000))
    column = int_column(days)
    assert column["delta"] == days[0] and column["type"] == "u1"
    assert decode_int_column(column, len(days)).tolist() == days.tolist()


def test_equal_values_are_one_number_and_too_big_ones_an_error() -> None:
    assert int_column([5, 5, 5]) == {"fill": 5}
    assert decode_int_column({"fill": -1}, 3).tolist() == [-1, -1, -1]
    with pytest.raises(ValueError, match="beyond 32-bit"):
        int_column([0, 2**31, -2**31 - 5])


def test_degrees_to_four_decimals_come_back_as_the_doubles_they_were() -> None:
    lat = np.array([21.0285, -33.8688, 89.9999, -0.0001, 12.3457])
    column = int_column(np.round(lat * 1e4), scale=10_000)
    assert column["type"] == "i4"
    assert decode_int_column(column, len(lat)).tolist() == lat.tolist()


def test_the_same_values_give_the_same_bytes() -> None:
    values = np.random.default_rng(3).integers(-1000, 1000, 10_000)
    assert int_column(values) == int_column(values.copy())


def test_texts_are_listed_once_and_blanks_are_none() -> None:
    table = StringTable()
    places = table.text_column(pd.Series(["Hanoi", "Beijing", None, "Hanoi", "  ", "Hanoi"],
                                         dtype="string"))
    more = table.text_column(["Pyongyang", "", None, "Pyongyang"])
    kinds = table.text_column(pd.Categorical(["state", "summit", "state"]))
    coded = table.finish()
    strings = decode_strings(coded)
    assert strings == table.strings
    assert sorted(strings) == ["Beijing", "Hanoi", "Pyongyang", "state", "summit"]
    def texts(column: dict, count: int) -> list[str | None]:
        return [None if k < 0 else strings[k] for k in decode_int_column(column, count).tolist()]
    assert texts(places, 6) == ["Hanoi", "Beijing", None, "Hanoi", None, "Hanoi"]
    assert texts(more, 4) == ["Pyongyang", None, None, "Pyongyang"]
    assert texts(kinds, 3) == ["state", "summit", "state"]
    assert all(column["text"] is True for column in (places, more, kinds))


def test_the_shortest_runs_come_first_so_their_indices_stay_one_byte() -> None:
    table = StringTable()
    urls = table.text_column([f"https://example.org/{k}" for k in range(300)])
    outcomes = table.text_column(["treaty signed", "joint statement"] * 150)
    table.finish()
    assert outcomes["type"] == "u1"
    assert decode_int_column(urls, 300).max() == 301


def test_texts_that_share_their_start_send_only_the_rest() -> None:
    table = StringTable()
    texts = ["https://example.org/7/1/0", "https://example.org/7/1/1", "https://example.org/7/22",
             "\U0001F600 one", "\U0001F600 two", "caf\u00e9", "caf\u00e9s", "", "x"]
    table.text_column(texts)
    coded = table.finish()
    assert coded["suffix"][:3] == ["https://example.org/7/1/0", "1", "22"]
    # JS counts the emoji as two units: the shared start of the 5th text is 3 units, "\U0001F600 "
    assert decode_int_column(coded["prefix"], 8).tolist()[3:5] == [0, 3]
    assert decode_strings(coded) == [t for t in texts if t]


def test_long_lists_are_front_coded_in_blocks_with_the_same_result() -> None:
    table = StringTable()
    texts = [f"Leader {k % 40:02d} abroad ({k}.{k % 2})" for k in range(70_000)]
    column = table.text_column(texts)
    coded = table.finish()
    strings = decode_strings(coded)
    assert [strings[k] for k in decode_int_column(column, len(texts)).tolist()] == texts
    # sorted, one leader's titles share all but their last digits: far fewer characters sent
    assert sum(map(len, coded["suffix"])) < 0.4 * sum(map(len, texts))


def test_a_run_keeps_its_order_when_sorting_would_not_pay() -> None:
    table = StringTable()
    texts = [f"trip-{k:06d}" for k in range(5_000)]  # already in order: codes step by one
    column = table.text_column(texts)
    table.finish()
    assert table.strings == texts and column["type"] == "u1" and column["delta"] == 0


def test_markup_in_a_text_stays_text_in_the_table() -> None:
    table = StringTable()
    hostile = "</script><script>alert(1)</script>"
    column = table.text_column([hostile])
    assert decode_strings(table.finish()) == [hostile]  # escaped by jsonblock, not here
    assert column == {"fill": 0, "text": True}
