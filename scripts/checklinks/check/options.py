"""How to check: the options every check reads."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

DEFAULT_DOI_API = os.environ.get("CHECKLINKS_DOI_API", "https://doi.org")
DEFAULT_ARXIV_BASE = os.environ.get("CHECKLINKS_ARXIV_BASE", "https://arxiv.org")
DEFAULT_FAILURE_MAX_AGE_S = 600.0  # seconds a cached broken result stays valid


@dataclass(frozen=True, slots=True, kw_only=True)
class Options:
    """How to check.

    - ``offline``: skip everything that needs the network.
    - ``max_concurrency`` / ``host_concurrency``: requests in flight, overall and per host.
    - ``max_retries``: retries after a 429, 5xx, timeout or reset.
    - ``retry_wait_s``: first backoff delay; it doubles on each retry.
    - ``max_redirects``: redirects followed before ``too_many_redirects``.
    - ``timeout_s``: limit for one whole request, body included.
    - ``max_retry_wait_s``: total seconds one request may spend honouring ``Retry-After``
      (and 429 backoffs); when the next wait would pass it, the target is ``unverified``.
    - ``max_body_bytes``: cap on the body read to look for a fragment.
    - ``exclude``: regexes; a target matching one (``re.search``) is ``excluded``.
    - ``skip_fragment``: regexes; on a target matching one, only the page is checked,
      not its ``#fragment``.
    - ``allow_file_urls``: ``file:`` links are not checked (by default they are broken).
    - ``doi_api``, ``arxiv_base``: base URLs of the DOI handle API and of arXiv.
    """

    offline: bool = False
    max_concurrency: int = 256
    host_concurrency: int = 128  # measured with scripts/bench_linkcheck.py, see README
    max_retries: int = 3
    retry_wait_s: float = 0.5
    max_redirects: int = 10
    timeout_s: float = 20.0
    max_retry_wait_s: float = 30.0
    max_body_bytes: int = 10 * 1024 * 1024
    exclude: tuple[re.Pattern[str], ...] = ()
    skip_fragment: tuple[re.Pattern[str], ...] = ()
    allow_file_urls: bool = False
    doi_api: str = DEFAULT_DOI_API
    arxiv_base: str = DEFAULT_ARXIV_BASE
