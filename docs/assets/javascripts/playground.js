// The chat-template playground: pick a model family, edit messages, see the exact prompt string.
// Mounted by playground-loader.js (included by the pages that hold one) on every [data-chat-playground] element; state lives in ?chat=.
import { exposeForTests, loadFamilies, render } from "./chat-template.js";
import { decodeState, encodeState } from "./playground-state.js";

const URL_PARAM = "chat";
const URL_LIMIT = 2000;
const DEFAULT_STATE = {
  family: "llama-3.1-instruct",
  messages: [
    { role: "system", content: "You are a helpful coding assistant." },
    { role: "user", content: "Write a Python function is_palindrome(s)." },
  ],
  add_generation_prompt: true,
  continue_final_message: false,
  enable_thinking: true,
  whitespace: false,
};

/** Build an element: h("button", {type: "button", class: "x"}, "text", child). */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (value !== false && value !== null) element.setAttribute(name, value === true ? "" : value);
  }
  element.append(...children.filter((child) => child !== null));
  return element;
}

function checkbox(id, label, checked, onchange) {
  const input = h("input", { type: "checkbox", id, onchange });
  input.checked = checked;
  return { input, row: h("div", { class: "pg-option" }, input, h("label", { for: id }, label)) };
}

/** What the reader should know about the start-of-sequence token for this family. */
function bosNote(family, prompt) {
  if (family.bos_token === null) {
    return "This tokenizer has no BOS (start-of-sequence) token, so the prompt starts with the first turn.";
  }
  const code = `“${family.bos_token}”`;
  if (prompt.startsWith(family.bos_token)) {
    return `The template writes the BOS token ${code} itself. Tokenize this string with add_special_tokens=False, as apply_chat_template does, or the tokenizer adds a second one.`;
  }
  return `The BOS token is ${code}, but this template does not write it here: the tokenizer adds it when you tokenize with special tokens on.`;
}

/** Append `text` to `parent`, marking every special token, and newlines and spaces when asked. */
function paint(parent, text, specialTokens, whitespace) {
  const escaped = [...specialTokens].sort((a, b) => b.length - a.length).map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const parts = escaped.length ? text.split(new RegExp(`(${escaped.join("|")})`)) : [text];
  for (const [index, part] of parts.entries()) {
    if (index % 2 === 1) {
      parent.append(h("mark", { class: "pg-token", title: "special token" }, part));
    } else if (whitespace) {
      for (const piece of part.split(/( |\n)/)) {
        if (piece === " ") parent.append(h("span", { class: "pg-ws" }, "·"));
        else if (piece === "\n") parent.append(h("span", { class: "pg-ws" }, "↵"), "\n");
        else if (piece) parent.append(piece);
      }
    } else {
      parent.append(part);
    }
  }
}

class Playground {
  constructor(root, families, state) {
    this.root = root;
    this.families = families;
    this.compact = root.hasAttribute("data-compact");
    this.id = `pg${document.querySelectorAll("[data-chat-playground][data-mounted]").length}`;
    this.state = state;
    this.prompt = null;
    this.build();
    this.update(true, false);
  }

  get family() {
    return this.families.find((family) => family.id === this.state.family) ?? this.families[0];
  }

  build() {
    const id = this.id;
    this.familySelect = h(
      "select",
      { id: `${id}-family`, onchange: () => this.set({ family: this.familySelect.value }) },
      ...this.families.map((family) => h("option", { value: family.id }, `${family.label} (${family.model})`)),
    );
    this.source = h("p", { class: "pg-source" });
    this.list = h("ol", { class: "pg-list" });
    this.error = h("div", { class: "pg-error", role: "alert" });
    const generation = checkbox(`${id}-gen`, "add_generation_prompt", this.state.add_generation_prompt, (event) =>
      this.set({ add_generation_prompt: event.target.checked }),
    );
    const cont = checkbox(`${id}-cont`, "continue_final_message", this.state.continue_final_message, (event) =>
      this.set({ continue_final_message: event.target.checked }),
    );
    const thinking = checkbox(`${id}-think`, "enable_thinking", this.state.enable_thinking, (event) =>
      this.set({ enable_thinking: event.target.checked }),
    );
    const whitespace = checkbox(`${id}-ws`, "Show whitespace (↵ newline, · space)", this.state.whitespace, (event) =>
      this.set({ whitespace: event.target.checked }),
    );
    this.thinkingRow = thinking.row;
    this.options = { generation: generation.input, cont: cont.input, thinking: thinking.input, whitespace: whitespace.input };
    this.bos = h("p", { class: "pg-bos" });
    this.code = h("code", {});
    this.output = h("pre", { class: "pg-prompt", tabindex: "0", "aria-labelledby": `${id}-out` }, this.code);
    this.status = h("p", { class: "pg-status", role: "status" });
    this.linkNotice = h("p", { class: "pg-notice", hidden: true });
    const copyPrompt = h("button", { type: "button", class: "pg-button", onclick: () => this.copy(this.prompt, "Prompt") }, "Copy prompt");
    const actions = h("div", { class: "pg-actions" }, copyPrompt);
    if (this.compact) {
      this.openLink = h("a", { class: "pg-button", href: "" }, "Open in the playground");
      actions.append(this.openLink);
    } else {
      actions.append(h("button", { type: "button", class: "pg-button", onclick: () => this.copy(location.href, "Link") }, "Copy link"));
    }
    this.root.replaceChildren(
      h("div", { class: "pg-field" }, h("label", { for: `${id}-family` }, "Model family"), this.familySelect),
      this.source,
      h(
        "fieldset",
        { class: "pg-messages" },
        h("legend", {}, "Messages"),
        this.list,
        h("button", { type: "button", class: "pg-button", onclick: () => this.addMessage() }, "Add message"),
      ),
      this.error,
      h("fieldset", { class: "pg-options" }, h("legend", {}, "Options"), generation.row, cont.row, thinking.row, whitespace.row),
      h("p", { class: "pg-heading", id: `${id}-out` }, "Prompt string the model receives"),
      this.bos,
      this.output,
      h("p", { class: "pg-legend" }, "Special tokens are boxed and bold. Copy prompt copies the exact string, without the whitespace marks."),
      actions,
      this.status,
      this.linkNotice,
    );
  }

  /** Re-draw the message rows (after adding, removing, or changing the family's roles). */
  drawMessages() {
    const roles = ["system", "user", "assistant", ...(this.family.tools ? ["tool"] : [])];
    this.list.replaceChildren(
      ...this.state.messages.map((message, index) => {
        const rowId = `${this.id}-m${index}`;
        const role = h(
          "select",
          { id: `${rowId}-role`, onchange: (event) => this.editMessage(index, { role: event.target.value }) },
          ...[...new Set([...roles, message.role])].map((name) => h("option", { value: name }, name)),
        );
        role.value = message.role;
        const content = h("textarea", {
          id: `${rowId}-content`,
          rows: "2",
          oninput: (event) => this.editMessage(index, { content: event.target.value }, false),
        });
        content.value = typeof message.content === "string" ? message.content : JSON.stringify(message.content);
        return h(
          "li",
          { class: "pg-message" },
          h("div", { class: "pg-field" }, h("label", { for: `${rowId}-role` }, `Role of message ${index + 1}`), role),
          h("div", { class: "pg-field" }, h("label", { for: `${rowId}-content` }, `Content of message ${index + 1}`), content),
          h(
            "button",
            { type: "button", class: "pg-button", onclick: () => this.removeMessage(index) },
            `Remove message ${index + 1}`,
          ),
        );
      }),
    );
  }

  addMessage() {
    const last = this.state.messages.at(-1)?.role;
    const role = last === "user" ? "assistant" : "user";
    this.set({ messages: [...this.state.messages, { role, content: "" }] });
    this.list.querySelector(".pg-message:last-child textarea")?.focus();
  }

  removeMessage(index) {
    this.set({ messages: this.state.messages.filter((_, i) => i !== index) });
    const buttons = this.list.querySelectorAll(".pg-message button");
    (buttons[Math.min(index, buttons.length - 1)] ?? this.root.querySelector(".pg-messages > .pg-button")).focus();
  }

  editMessage(index, change, redraw = true) {
    const messages = this.state.messages.map((message, i) => (i === index ? { ...message, ...change } : message));
    this.state = { ...this.state, messages };
    this.update(redraw);
  }

  set(change) {
    this.state = { ...this.state, ...change };
    this.update();
  }

  /** Render the prompt (or the template's error) and sync the controls and the address. */
  update(redraw = true, edited = true) {
    const family = this.family;
    if (redraw) {
      this.familySelect.value = family.id;
      this.source.replaceChildren(
        "Template: the chat_template of ",
        h("a", { href: family.source_url }, family.model),
        ` (${family.licence}), copied from `,
        h("a", { href: family.copied_from.url }, family.copied_from.repository),
        ".",
      );
      this.thinkingRow.hidden = !family.enable_thinking;
      this.options.generation.checked = this.state.add_generation_prompt;
      this.options.cont.checked = this.state.continue_final_message;
      this.options.thinking.checked = this.state.enable_thinking;
      this.options.whitespace.checked = this.state.whitespace;
      this.drawMessages();
    }
    const options = {
      add_generation_prompt: this.state.add_generation_prompt,
      continue_final_message: this.state.continue_final_message,
    };
    if (family.enable_thinking) options.enable_thinking = this.state.enable_thinking;
    try {
      this.prompt = render(family, this.state.messages, options);
      this.error.replaceChildren();
      this.code.replaceChildren();
      paint(this.code, this.prompt, family.special_tokens, this.state.whitespace);
      this.bos.textContent = bosNote(family, this.prompt);
    } catch (error) {
      this.prompt = null;
      this.error.replaceChildren(h("strong", {}, "Rendering stopped with this error: "), String(error.message ?? error));
      this.code.textContent = "(no prompt: rendering stopped; see the error above)";
      this.bos.textContent = "";
    }
    if (edited || this.compact) this.scheduleAddress();
  }

  scheduleAddress() {
    delete this.root.dataset.linkState;
    clearTimeout(this.addressTimer);
    this.addressTimer = setTimeout(() => this.writeAddress(), 150);
  }

  async writeAddress() {
    const encoded = await encodeState(this.state);
    const url = new URL(this.compact ? this.root.dataset.playgroundHref : location.href, location.href);
    url.searchParams.set(URL_PARAM, encoded);
    if (this.compact) {
      this.openLink.href = url.href;
      this.root.dataset.linkState = encoded;
      return;
    }
    history.replaceState(history.state, "", url.href);
    const long = url.href.length > URL_LIMIT;
    this.linkNotice.hidden = !long;
    this.linkNotice.textContent = long
      ? `This link is ${url.href.length} characters long. Some chat apps and browsers cut links over ${URL_LIMIT} characters; shorten the messages to share it safely.`
      : "";
    this.root.dataset.linkState = encoded;
  }

  async copy(text, what) {
    if (text === null) {
      this.status.textContent = "Nothing to copy: the template raised an error.";
      return;
    }
    try {
      await navigator.clipboard.writeText(text);
      this.status.textContent = `${what} copied (${text.length} characters).`;
    } catch {
      this.status.textContent = `${what} not copied: this browser blocked the clipboard. Select the text and copy it instead.`;
    }
  }
}

/** The state in ?chat=, or the default one; a damaged link gets a notice, not a blank page. */
async function initialState(root) {
  const encoded = new URL(location.href).searchParams.get(URL_PARAM);
  if (root.hasAttribute("data-compact") || !encoded) return { state: { ...DEFAULT_STATE }, notice: null };
  try {
    return { state: { ...DEFAULT_STATE, ...(await decodeState(encoded)) }, notice: null };
  } catch {
    return { state: { ...DEFAULT_STATE }, notice: "This link's example could not be read, so the default example is shown." };
  }
}

/** Mount a playground on every [data-chat-playground] element not yet mounted. */
export async function mountAll() {
  if (!document.querySelector("link[data-playground-css]")) {
    const href = new URL("../stylesheets/playground.css", import.meta.url).href;
    document.head.append(h("link", { rel: "stylesheet", href, "data-playground-css": true }));
  }
  const families = await loadFamilies();
  await exposeForTests();
  for (const root of document.querySelectorAll("[data-chat-playground]:not([data-mounted])")) {
    root.setAttribute("data-mounted", "");
    root.classList.add("chat-pg");
    const { state, notice } = await initialState(root);
    const playground = new Playground(root, families, state);
    if (notice) playground.status.textContent = notice;
    root.dataset.ready = "true";
  }
}
