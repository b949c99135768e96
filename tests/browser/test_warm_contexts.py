"""The kept browser contexts (conftest.WarmContexts): a later test's tab inherits no storage."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

OPTIONS = {"viewport": {"width": 800, "height": 600}}
STORED = """() => ({
  local: localStorage.getItem("left-behind"),
  session: sessionStorage.getItem("left-behind"),
  cookie: document.cookie,
})"""


def test_a_context_given_back_keeps_no_storage_of_the_tab_before(warm_contexts, served_site):
    kind, context = warm_contexts.borrow(OPTIONS)
    tab = context.new_page()
    tab.goto(served_site)
    tab.evaluate("""() => {
      localStorage.setItem("left-behind", "1")
      sessionStorage.setItem("left-behind", "1")
      document.cookie = "left-behind=1; path=/"
    }""")
    assert tab.evaluate(STORED) == {"local": "1", "session": "1", "cookie": "left-behind=1"}
    warm_contexts.give_back(kind, context, {served_site.rstrip("/")})

    again_kind, again = warm_contexts.borrow(OPTIONS)
    assert (again_kind, again) == (kind, context), "the context was not kept"
    assert len(again.pages) == 1, "the earlier tab is still open"
    tab = again.new_page()
    tab.goto(served_site)
    assert tab.evaluate(STORED) == {"local": None, "session": None, "cookie": ""}
    warm_contexts.give_back(again_kind, again, {served_site.rstrip("/")})
