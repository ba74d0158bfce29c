"""`streamlit run streamlit_app.py`: the travelmap dashboard on the bundled trips.

A thin page on purpose, the same as the installed `travelmap/dashboard/app.py` that
`travelmap dashboard` runs; everything it does lives in `travelmap.dashboard` and is tested there.
"""

from travelmap.dashboard.page import render

render()
