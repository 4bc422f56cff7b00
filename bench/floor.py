"""The floor: an empty Streamlit page, timed like the real ones."""

import streamlit as st

st.title("floor")
