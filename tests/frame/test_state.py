"""frame.state in a running script: narrowing from a chart or table and a change both move the
view through the URL, and the next run reads it there."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _script() -> None:
    """A page that narrows to the code in session_state['picked'] like the uptake page does."""
    import datetime as dt
    import types

    import polars as pl
    import streamlit as st

    from dashboard.filters import Area, Remit, Universe
    from frame import state

    lorestan, ilam = Area("IR-15", "لرستان", "Lorestan"), Area("IR-16", "ایلام", "Ilam")
    khorramabad = Area("1279146", "خرم‌آباد", "Khorramabad")
    universe = Universe(
        (lorestan, ilam), {"IR-15": (khorramabad,)}, dt.date(2026, 1, 1), dt.date(2026, 2, 10)
    )
    state.resolve(universe, Remit())
    f = state.current()
    st.markdown(f"view {f.province} {f.county} {f.as_of}")
    picked = st.session_state.get("picked")
    event = types.SimpleNamespace(selection={"points": [{"customdata": picked}]})
    allowed = pl.Series(["IR-15", "IR-16"] if f.province is None else ["1279146"])
    state.narrow_to(f, state.selection_codes(event), allowed)
    chosen = st.session_state.pop("chosen_province", None)  # as the sidebar's province box
    if chosen:
        state.change(province=chosen)
        st.rerun()


def test_narrowing_moves_the_view_through_the_url() -> None:
    at = AppTest.from_function(_script, default_timeout=30)
    at.query_params["as_of"] = "2026-01-20"
    at.run()
    assert at.markdown[0].value == "view None None 2026-01-20"
    at.session_state["picked"] = "IR-15"
    at.run()
    assert at.markdown[0].value == "view IR-15 None 2026-01-20"
    assert at.query_params["province"] == "IR-15"
    at.session_state["picked"] = "1279146"
    at.run()
    assert at.markdown[0].value == "view IR-15 1279146 2026-01-20", "the as-of date stays"
    assert (at.query_params["county"], at.query_params["as_of"]) == ("1279146", "2026-01-20")


def test_a_code_outside_the_allowed_ones_changes_nothing() -> None:
    at = AppTest.from_function(_script, default_timeout=30)
    at.session_state["picked"] = "IR-23"
    at.run()
    assert at.markdown[0].value == "view None None 2026-02-10"
    assert "province" not in at.query_params


def test_a_page_change_keeps_the_view_of_the_session() -> None:
    """A page change clears the URL: the view comes from the session."""
    at = AppTest.from_function(_script, default_timeout=30)
    at.query_params["province"] = "Ilam"
    at.query_params["lang"] = "en"
    at.run()
    for key in list(at.query_params):
        del at.query_params[key]
    at.run()
    assert at.markdown[0].value == "view IR-16 None 2026-02-10"
    assert (at.query_params["province"], at.query_params["lang"]) == ("IR-16", "en")


def test_choosing_the_province_already_shown_keeps_the_county() -> None:
    """A change to the province shown (a widget's late or repeated message) is no change; a new
    province clears the county."""
    at = AppTest.from_function(_script, default_timeout=30)
    at.query_params.update({"province": "IR-15", "county": "1279146", "lang": "fa"})
    at.run()
    at.session_state["chosen_province"] = "IR-15"
    at.run()
    assert at.markdown[0].value == "view IR-15 1279146 2026-02-10"
    assert at.query_params["county"] == "1279146"
    at.session_state["chosen_province"] = "IR-16"
    at.run()
    assert at.markdown[0].value == "view IR-16 None 2026-02-10"
    assert "county" not in at.query_params
