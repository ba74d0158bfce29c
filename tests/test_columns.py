"""The payload's typed-array columns and string table (travelmap.mapping.columns): what goes in
comes back out, in as few bytes as the values need, the same bytes every time."""

from __future__ import annotations

import base64

import numpy as np
import pandas as pd
import pytest

from travelmap.mapping.columns import StringTable, decode_int_column, int_column


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
    places = pd.Series(["Hanoi", "Beijing", None, "Hanoi", "  ", "Hanoi"], dtype="string")
    assert table.codes(places).tolist() == [0, 1, -1, 0, -1, 0]
    assert table.codes(["Pyongyang", "", None]).tolist() == [2, -1, -1]
    assert table.codes(pd.Categorical(["state", "summit", "state"])).tolist() == [3, 4, 3]
    assert table.strings == ["Hanoi", "Beijing", "Pyongyang", "state", "summit"]


def test_markup_in_a_text_stays_text_in_the_table() -> None:
    table = StringTable()
    hostile = "</script><script>alert(1)</script>"
    assert table.codes([hostile]).tolist() == [0]
    assert table.strings == [hostile]  # escaped for the page by jsonblock, never changed here
