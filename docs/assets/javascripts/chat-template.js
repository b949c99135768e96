// Render a conversation with a model's own chat template, as transformers' apply_chat_template(tokenize=False) does.
// The Jinja engine is the vendored @huggingface/jinja; the steps around it follow
// transformers (tokenization_utils_base.apply_chat_template and chat_template_utils.render_jinja_template).
import { Interpreter, Template } from "./vendor/huggingface-jinja-0.5.11.js";

const TEMPLATES_URL = new URL("../chat-templates/", import.meta.url);
const CONTINUE_TAG = "CONTINUE_FINAL_MESSAGE_TAG ";
const REASONING_FIELDS = ["reasoning_content", "thinking", "reasoning"];

/**
 * Python's == for a string and a non-string is False; @huggingface/jinja 0.5.11 uses JavaScript's loose ==,
 * so '' == false is true there. Llama 2's template tests `system_message != false` with an empty system
 * message, and would drop the <<SYS>> block that transformers keeps. Compare such pairs as Python does.
 */
const looseEquality = Interpreter.prototype.evaluateBinaryExpression;
Interpreter.prototype.evaluateBinaryExpression = function (node, environment) {
  const operator = node.operator.value;
  if (operator !== "==" && operator !== "!=") return looseEquality.call(this, node, environment);
  const left = this.evaluate(node.left, environment);
  const right = this.evaluate(node.right, environment);
  const oneIsString = (left.type === "StringValue") !== (right.type === "StringValue");
  const equal = oneIsString ? false : left.value == right.value;
  const BooleanValue = left.__bool__().constructor;
  return new BooleanValue(operator === "==" ? equal : !equal);
};

/** Load families.json and every template file once. Resolves to [{...metadata, template, compiled}]. */
let loading = null;
export function loadFamilies() {
  loading ??= (async () => {
    const index = await (await fetch(new URL("families.json", TEMPLATES_URL))).json();
    return Promise.all(
      index.families.map(async (family) => {
        const template = await (await fetch(new URL(family.template_file, TEMPLATES_URL))).text();
        return { ...family, template, compiled: new Template(template) };
      }),
    );
  })();
  return loading;
}

/** Drop the keys whose value is null, as transformers' _normalize_chat_messages does. */
function normalize(messages) {
  return messages.map((message) =>
    Object.fromEntries(Object.entries(message).filter(([, value]) => value !== null && value !== undefined)),
  );
}

/** Copy reasoning given under an older name to `reasoning_content` (and `thinking`), like transformers. */
function aliasReasoning(messages) {
  return messages.map((message) => {
    const key = REASONING_FIELDS.find((name) => message[name] !== null && message[name] !== undefined);
    if (key === undefined) return message;
    const reasoning = message[key];
    return { thinking: reasoning, ...message, reasoning_content: reasoning };
  });
}

/** Mark the final message so the rendered string can be cut right after it (continue_final_message). */
function tagFinalMessage(chat, template) {
  const final = chat.at(-1);
  if (final.content === undefined) {
    throw new Error('continue_final_message is set but the final message has no "content" to continue!');
  }
  if (!template.includes("content")) {
    throw new Error(
      'continue_final_message is set to "content" but this is not an accepted field in the chat_template',
    );
  }
  const tagged = structuredClone(chat);
  if (Array.isArray(final.content)) {
    const block = tagged.at(-1).content.findLast((part) => "text" in part);
    if (!block) {
      throw new Error("continue_final_message is set but we could not find any text to continue in the final message!");
    }
    const text = block.text;
    block.text = text + CONTINUE_TAG;
    return { tagged, finalText: text };
  }
  tagged.at(-1).content = final.content + CONTINUE_TAG;
  return { tagged, finalText: final.content };
}

/** Cut the rendered string where the tagged final message ends. */
function cutAfterFinalMessage(rendered, finalText) {
  if (!rendered.includes(finalText.trim()) || !rendered.includes(CONTINUE_TAG.trim())) {
    throw new Error(
      "continue_final_message is set but the final message does not appear in the chat after " +
        "applying the chat template! This can happen if the chat template deletes portions of " +
        "the final message. Please verify the chat template and final message in your chat to " +
        "ensure they are compatible." +
        `Final message to continue: ${finalText.trim()}\nRendered chat:\n${rendered}`,
    );
  }
  const at = rendered.lastIndexOf(CONTINUE_TAG.trim());
  if (rendered.slice(at, at + CONTINUE_TAG.length) === CONTINUE_TAG) return rendered.slice(0, at);
  return rendered.slice(0, at).trimEnd();
}

/**
 * The prompt string `family` sends for `messages`; throws the template's own error.
 * options: add_generation_prompt, continue_final_message, tools, and any template variable (enable_thinking).
 */
export function render(family, messages, options = {}) {
  const { add_generation_prompt = false, continue_final_message = false, tools = null, ...kwargs } = options;
  if (messages.length === 0) {
    throw new Error("Cannot apply chat template to an empty conversation. Provide at least one message.");
  }
  if (continue_final_message && add_generation_prompt) {
    throw new Error(
      "continue_final_message and add_generation_prompt are not compatible. Use continue_final_message when you want the model to continue the final message, and add_generation_prompt when you want to add a header that will prompt it to start a new assistant message instead.",
    );
  }
  let chat = aliasReasoning(normalize(messages));
  let finalText = null;
  if (continue_final_message) ({ tagged: chat, finalText } = tagFinalMessage(chat, family.template));
  const specialTokens = {};
  if (family.bos_token !== null) specialTokens.bos_token = family.bos_token;
  if (family.eos_token !== null) specialTokens.eos_token = family.eos_token;
  const rendered = family.compiled.render({
    ...specialTokens,
    ...kwargs,
    messages: chat,
    tools,
    documents: null,
    add_generation_prompt,
  });
  return continue_final_message ? cutAfterFinalMessage(rendered, finalText) : rendered;
}

/** Test hooks: window.chatTemplateFamilies() and window.renderChatTemplate(id, messages, options). */
export async function exposeForTests() {
  const families = await loadFamilies();
  const byId = new Map(families.map((family) => [family.id, family]));
  window.chatTemplateFamilies = () =>
    families.map(({ id, model, template, bos_token, eos_token }) => ({ id, model, template, bos_token, eos_token }));
  window.renderChatTemplate = (id, messages, options) => {
    const family = byId.get(id);
    if (!family) throw new Error(`unknown chat template family ${id}`);
    return render(family, messages, options);
  };
}
