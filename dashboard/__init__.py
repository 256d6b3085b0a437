"""The segment dashboard (Streamlit + Altair) over the published serving file."""
