"""The Streamlit dashboard: `app.py` (run by `travelmap dashboard`, see `server`) and the
repository's `streamlit_app.py` call `travelmap.dashboard.page.render()`.

The only package besides `streamlit_app.py` that imports streamlit. Logic a test can check without
a browser lives in streamlit-free modules here (`timeline`, `details`, `charts`, `mapview`,
`datasets`, `downloads`); `page`, `state`, `caching` and `component` are the Streamlit glue.
"""
