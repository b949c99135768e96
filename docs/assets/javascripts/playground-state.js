// The playground's state as a short URL-safe string: JSON, raw DEFLATE (CompressionStream), base64url.

const FIELDS = ["family", "messages", "add_generation_prompt", "continue_final_message", "enable_thinking", "whitespace"];

async function pipe(bytes, stream) {
  const piped = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(piped).arrayBuffer());
}

/** State object -> base64url(deflate-raw(JSON)). */
export async function encodeState(state) {
  const json = JSON.stringify(FIELDS.map((field) => state[field]));
  const packed = await pipe(new TextEncoder().encode(json), new CompressionStream("deflate-raw"));
  let binary = "";
  for (const byte of packed) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** base64url(deflate-raw(JSON)) -> state object; throws on a damaged string. */
export async function decodeState(encoded) {
  const binary = atob(encoded.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  const values = JSON.parse(new TextDecoder().decode(await pipe(bytes, new DecompressionStream("deflate-raw"))));
  if (!Array.isArray(values) || !Array.isArray(values[1])) throw new Error("not a playground state");
  return Object.fromEntries(FIELDS.map((field, index) => [field, values[index]]));
}
