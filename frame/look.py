"""The look of every page: font sizes, right to left in Persian, Streamlit's words in Persian."""

from __future__ import annotations

import json

import streamlit as st

from dashboard import i18n
from frame.state import language

_RTL_CSS = """
<style>
[data-testid="stMain"], [data-testid="stSidebarContent"] { direction: rtl; text-align: right; }
[data-testid="stHeadingWithActionElements"], [data-testid="stHeadingWithActionElements"] > *
{ text-align: right; }
[data-testid="stSlider"], [data-testid="stDataFrame"] { direction: ltr; }
[data-testid="stMetricValue"], [data-testid="stMetricDelta"] { direction: rtl;
  unicode-bidi: isolate; }
[data-testid="stMetricLabel"] { justify-content: flex-start; }
[data-testid="InputInstructions"] { display: none; }
</style>
"""
# headings without Streamlit's anchor link (in both languages): an English "Link to heading"
# to a transliterated #fragment, of no use where a page's view lives in its query
_BASE_CSS = """
<style>
[data-testid="stMetricValue"] { font-size: clamp(1.5rem, 2.1vw, 2.1rem); }
[data-testid="stMetricValue"] div, [data-testid="stMetricLabel"] div { white-space: normal;
  overflow: visible; text-overflow: clip; }
[data-testid="stMetricLabel"] p { font-size: 1.05rem; }
.as-of { font-size: 1.6rem; font-weight: 700; color: #0f766e; line-height: 1.3; }
.as-of .area { color: inherit; }
[data-testid="stHeaderActionElements"] a[href^="#"] { display: none; }
</style>
"""


def apply() -> None:
    """The look: Persian font everywhere, right to left in Persian."""
    css = _BASE_CSS + (_RTL_CSS + _uploader_words() if language() == "fa" else "")
    st.html(css)


def _uploader_words() -> str:
    """Streamlit's own English words in Persian: the file uploader's (its button, its size
    line) and a selectbox's 'No results' (typed text that matches no option; st.selectbox
    has no parameter for it: the list is marked data-empty by react-aria)."""
    button = json.dumps(i18n.t("upload.button", "fa"), ensure_ascii=False)
    limit = json.dumps(i18n.t("upload.limit", "fa"), ensure_ascii=False)
    none = json.dumps(i18n.t("select.no_results", "fa"), ensure_ascii=False)
    return f"""<style>
[data-testid="stFileUploaderDropzone"] button p {{ font-size: 0; }}
[data-testid="stFileUploaderDropzone"] button p::after {{ content: {button}; font-size: 1rem; }}
[data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{ content: {limit};
  font-size: 0.875rem; }}
[role="listbox"][data-empty="true"] [role="option"] > span {{ font-size: 0; }}
[role="listbox"][data-empty="true"] [role="option"] > span::after {{ content: {none};
  font-size: 0.875rem; direction: rtl; }}
</style>"""
