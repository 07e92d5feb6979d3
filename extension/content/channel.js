// Shared by the page hook and the bridge (built into both by tools/content-scripts.mjs): the
// names of the DOM events between them, and the sinks a held payload may name. One place, so the
// two sides cannot drift apart.
  /** Events on the private channel; payloads are JSON strings. */
  const OUT = 'keyveil:observe';
  const IN = 'keyveil:policy';
  /** The handshake that hands the channel over, on window, while both content scripts start. */
  const HOOK_HELLO = 'keyveil:hook';
  const BRIDGE_HELLO = 'keyveil:bridge';
  const READY = 'keyveil:ready';
  /** A payload the hook holds for the core's word, and the word. */
  const CHECK = 'keyveil:check';
  const DECIDED = 'keyveil:decided';
  /** The hook's ways out a payload check may name (the bridge refuses any other). */
  // eslint-disable-next-line no-unused-vars -- the hook names them as strings; the bridge checks
  const SINKS = ['beacon', 'fetch', 'xhr', 'websocket', 'image', 'worker'];
