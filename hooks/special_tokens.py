"""Mark the special tokens in plain-text prompt blocks, so CSS can box them (not colour alone).

A token such as `<|im_start|>` in a ```text block becomes
`<span class="special-token">&lt;|im_start|&gt;</span>`. The text is unchanged, so the copy
button still copies the exact prompt. Only registered special tokens are marked: Llama 2's
`[INST]` and `<<SYS>>` are ordinary text and stay as they are.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

TEXT_BLOCK = re.compile(r'(<div class="language-text highlight">.*?</code></pre></div>)', re.S)
SPECIAL_TOKEN = re.compile(
    r"&lt;\|[a-z_]+\|&gt;"  # ChatML, Llama 3, Qwen, Zephyr: <|im_start|>, <|eot_id|>
    r"|&lt;｜fim▁(?:begin|hole|end)｜&gt;"  # DeepSeek-Coder: full-width bars, U+2581 joiner
    r"|&lt;fim_(?:prefix|suffix|middle)&gt;"  # StarCoder
    r"|&lt;(?:PRE|SUF|MID|EOT)&gt;"  # Code Llama
    r"|&lt;/?s&gt;"  # Llama 2 and Mistral BOS and EOS
)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return TEXT_BLOCK.sub(lambda block: mark_tokens(block.group(1)), html)


def mark_tokens(block: str) -> str:
    """Wrap each special token of one text block in a span."""
    return SPECIAL_TOKEN.sub(r'<span class="special-token">\g<0></span>', block)
