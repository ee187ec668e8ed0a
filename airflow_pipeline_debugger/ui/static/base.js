// What every module of the UI shares: where the app is mounted and the one DOM builder. Every value
// that came from a log, a model or a user goes in the page through el() as text — never innerHTML.

const UI_MARK = "/ui/";
export const PREFIX = location.pathname.slice(0, location.pathname.lastIndexOf(UI_MARK));
export const API = `${PREFIX}/api`;
export const UI = `${PREFIX}/ui`;

export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = String(value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

export function fmtTime(value) {
  if (!value) return "—";
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : d.toLocaleString();
}

export function fmtDuration(start, end) {
  if (!start || !end) return "";
  const s = Math.max(0, (new Date(end) - new Date(start)) / 1000);
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

const UNESCAPE = /\\([\\`*_{}\[\]()#+\-.!|~>=])/g;

// `code` and **bold** of a title or a Markdown line; everything else is literal text (links are not
// followed), so a title's backticks show as code, never literally.
export function inline(value) {
  const text = String(value ?? "");
  const out = [];
  const re = /(`+)([\s\S]*?)\1|\*\*([^*]+)\*\*/g;
  let last = 0;
  let m;
  while ((m = re.exec(text)) !== null) {
    if (m.index > last) out.push(text.slice(last, m.index).replace(UNESCAPE, "$1"));
    if (m[1]) out.push(el("code", { text: m[2].trim() }));
    else out.push(el("strong", { text: m[3].replace(UNESCAPE, "$1") }));
    last = re.lastIndex;
  }
  if (last < text.length) out.push(text.slice(last).replace(UNESCAPE, "$1"));
  return out;
}
