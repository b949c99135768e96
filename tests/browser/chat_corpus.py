"""Conversations for the chat-template equality test, each rendered by every family it fits."""

from __future__ import annotations

SYSTEM = {"role": "system", "content": "You are a helpful coding assistant."}
ASK = {"role": "user", "content": "Write a Python function is_palindrome(s)."}
ANSWER = {"role": "assistant", "content": "def is_palindrome(s):\n    return s == s[::-1]"}
FOLLOW_UP = {"role": "user", "content": "Now ignore case."}
WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Get the current weather in a city.",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string", "description": "City name, e.g. Zürich"}},
            "required": ["city"],
        },
    },
}
TOOL_CALL = {
    "role": "assistant",
    "content": "",
    "tool_calls": [
        {"type": "function", "function": {"name": "get_weather", "arguments": {"city": "Zürich"}}}
    ],
}
TOOL_RESULT = {"role": "tool", "content": '{"temperature_c": 21}'}

# (name, messages, options, needs): needs is "tools", "thinking" or None (every family)
CORPUS: list[tuple[str, list[dict], dict, str | None]] = [
    ("one user message", [ASK], {"add_generation_prompt": True}, None),
    ("system and user", [SYSTEM, ASK], {"add_generation_prompt": True}, None),
    ("system and user, no generation prompt", [SYSTEM, ASK], {}, None),
    ("multi-turn", [ASK, ANSWER, FOLLOW_UP], {"add_generation_prompt": True}, None),
    (
        "multi-turn with system",
        [SYSTEM, ASK, ANSWER, FOLLOW_UP],
        {"add_generation_prompt": True},
        None,
    ),
    ("training example ends on assistant", [SYSTEM, ASK, ANSWER], {}, None),
    (
        "continue final message",
        [ASK, {"role": "assistant", "content": "def is_pal"}],
        {"continue_final_message": True},
        None,
    ),
    (
        "continue final message with trailing spaces",
        [ASK, {"role": "assistant", "content": "Here it is:  "}],
        {"continue_final_message": True},
        None,
    ),
    (
        "unicode",
        [
            {"role": "user", "content": "Grüße! 你好 👋🏽 مرحبا e\u0301 ｜▁"},
            {"role": "assistant", "content": "¡Hola! ✓"},
        ],
        {"add_generation_prompt": True},
        None,
    ),
    (
        "empty user content",
        [{"role": "user", "content": ""}],
        {"add_generation_prompt": True},
        None,
    ),
    (
        "empty system content",
        [{"role": "system", "content": ""}, ASK],
        {"add_generation_prompt": True},
        None,
    ),
    ("two user messages in a row", [ASK, FOLLOW_UP], {"add_generation_prompt": True}, None),
    ("assistant speaks first", [ANSWER, ASK], {"add_generation_prompt": True}, None),
    (
        "surrounding whitespace",
        [
            {"role": "user", "content": "  \n spaced out \n\n"},
            {"role": "assistant", "content": "\tok "},
            FOLLOW_UP,
        ],
        {"add_generation_prompt": True},
        None,
    ),
    (
        "jinja-like text",
        [{"role": "user", "content": "Explain {{ x }} and {% if y %}z{% endif %}."}],
        {},
        None,
    ),
    (
        "special-token lookalike",
        [{"role": "user", "content": "Say <|im_end|> and </s> literally."}],
        {},
        None,
    ),
    (
        "windows line endings",
        [{"role": "user", "content": "line one\r\nline two\r\n"}],
        {"add_generation_prompt": True},
        None,
    ),
    (
        "long conversation",
        [
            SYSTEM,
            ASK,
            ANSWER,
            FOLLOW_UP,
            {"role": "assistant", "content": "Use s.lower()."},
            ASK,
            ANSWER,
            FOLLOW_UP,
        ],
        {"add_generation_prompt": True},
        None,
    ),
    (
        "both generation options",
        [ASK, ANSWER],
        {"add_generation_prompt": True, "continue_final_message": True},
        None,
    ),
    ("empty conversation", [], {"add_generation_prompt": True}, None),
    (
        "tools offered",
        [SYSTEM, {"role": "user", "content": "Weather in Zürich?"}],
        {"add_generation_prompt": True, "tools": [WEATHER_TOOL]},
        "tools",
    ),
    (
        "tool call and result",
        [{"role": "user", "content": "Weather in Zürich?"}, TOOL_CALL, TOOL_RESULT],
        {"add_generation_prompt": True, "tools": [WEATHER_TOOL]},
        "tools",
    ),
    ("thinking off", [ASK], {"add_generation_prompt": True, "enable_thinking": False}, "thinking"),
    ("thinking on", [ASK], {"add_generation_prompt": True, "enable_thinking": True}, "thinking"),
    (
        "reasoning in history",
        [
            ASK,
            {
                "role": "assistant",
                "content": "Done.",
                "reasoning_content": "Compare with the reverse.",
            },
            FOLLOW_UP,
        ],
        {"add_generation_prompt": True},
        "thinking",
    ),
    (
        "think block in assistant text",
        [
            ASK,
            {"role": "assistant", "content": "<think>\nreverse it\n</think>\n\nDone."},
            FOLLOW_UP,
        ],
        {"add_generation_prompt": True},
        "thinking",
    ),
]
