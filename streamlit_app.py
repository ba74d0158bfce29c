"""`streamlit run streamlit_app.py`: the travelmap dashboard on the bundled trips.

A thin page on purpose, the same as the installed `travelmap/dashboard/app.py` that
`travelmap dashboard` runs; everything it does lives in `travelmap.dashboard` and is tested there.
"""

from travelmap.dashboard.page import render

# Streamlit runs this file as __main__; an upload check's process (multiprocessing) imports it
# again as __mp_main__, where the page must not be drawn (budget.py).
if __name__ == "__main__":
    render()
