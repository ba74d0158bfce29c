"""The dashboard's Streamlit script inside the package: `travelmap dashboard` runs this file.

The repository's `streamlit_app.py` is the same two lines, for `streamlit run streamlit_app.py`.
"""

from travelmap.dashboard.page import render

render()
