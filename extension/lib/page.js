// Runs in: extension pages (popup, dashboard). What every page needs to talk to the background
// and to draw: messages unwrapped, and elements built from text, never from markup.

import { ext } from './ext.js';

/** Sends a message to the background and unwraps `{result}` / `{error}`. */
export async function ask(message) {
  const answer = await ext.runtime.sendMessage(message);
  if (!answer || 'error' in answer) throw new Error(answer?.error ?? 'no answer from the background');
  return answer.result;
}

/**
 * Builds an element. `text` sets textContent; every other prop is an attribute, except `on*`
 * functions (listeners); null, undefined and false props are left out. Children are nodes or
 * strings (as text).
 */
export function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') node.textContent = v;
    else if (k === 'class') node.className = v;
    else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}
