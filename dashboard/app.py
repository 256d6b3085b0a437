"""The segment dashboard: ``make dashboard``, or ``streamlit run dashboard/app.py``.

It reads only the published serving file (``$DBT_SERVING_PATH``, else
``warehouse/serving.duckdb``), read-only, opened anew for every page render
(dashboard/serving.py). Pages are picked in the sidebar, or by URL: ``?page=overlap``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import streamlit as st

# `streamlit run dashboard/app.py` puts dashboard/ on sys.path, not the project folder.
PROJECT_DIR = Path(__file__).resolve().parents[1]
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

from dashboard.pages import PAGES  # noqa: E402
from dashboard.serving import ServingUnavailable, open_snapshot, serving_path  # noqa: E402


def main() -> None:
    st.set_page_config(page_title="ecom-segments", layout="wide")
    with st.sidebar:
        st.title("ecom-segments")
        # The page is in the URL as ?page=<id> (a bookmark or link opens it). No widget key:
        # the radio starts at the URL's page, and a click writes the new one back.
        requested = st.query_params.get("page", "")
        ids = list(PAGES)
        page_id = st.radio(
            "Page", ids, index=ids.index(requested) if requested in PAGES else 0,
            format_func=lambda key: PAGES[key].title,
        )
        st.query_params["page"] = str(page_id)
        st.button("Reload", help="Read the serving file again (a refresh may have published)")
    path = serving_path().absolute()
    shown = path.relative_to(PROJECT_DIR) if path.is_relative_to(PROJECT_DIR) else path
    try:
        with open_snapshot(path) as snapshot:
            build = snapshot.build()
            st.info(build.describe(), icon=":material/database:")
            st.caption(f"Reading {shown} (storage format {build.storage_version}), read-only.")
            PAGES[str(page_id)].render(snapshot)
    except ServingUnavailable as error:
        st.error(str(error))
    except duckdb.Error as error:  # e.g. a file published with fewer --schemas
        first_line = str(error).strip().splitlines()[0]
        st.error(
            f"The serving file {shown} lacks what this page reads ({first_line}): publish "
            "it with the default schemas (`make publish`)."
        )


main()
