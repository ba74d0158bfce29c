"""The dashboard's Streamlit script inside the package: `travelmap dashboard` runs this file.

The repository's `streamlit_app.py` is the same lines, for `streamlit run streamlit_app.py`.
"""

from travelmap.dashboard.page import render

# Streamlit runs this file as __main__; an upload check's process (multiprocessing) imports it
# again as __mp_main__, where the page must not be drawn (budget.py).
if __name__ == "__main__":
    render()
