// Pipeline Debugger UI. Vanilla ES module, no build step. Every value that came from a log, a model
// or a user is put in the page with textContent (the el() helper) — never innerHTML — so a log line
// "<script>alert(1)</script>" is shown as text. Markdown bodies go through renderMarkdown(), a small
// sanitising renderer that only ever creates text nodes inside a fixed set of elements.

import { API, UI, clear, el, fmtTime, inline } from "./base.js";
import {
  airflowLinks, answerOf, citeRef, compactSteps, foldedLogLine, isActive, lineNumber, previousRunNotice, restsOn,
  runTimes, stepsSummary, triggerWords,
} from "./page.js";

const params = new URLSearchParams(location.search);
const app = document.getElementById("app");

// ------------------------------------------------------------------ theme (follow the Airflow UI)

function applyTheme() {
  let theme = null;
  try { theme = localStorage.getItem("theme"); } catch (e) { theme = null; }
  if (theme === "dark" || theme === "light") document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
}
applyTheme();
window.addEventListener("storage", (e) => { if (e.key === "theme") applyTheme(); });

// ------------------------------------------------------------------ DOM helpers

function toast(message) {
  let t = document.querySelector(".toast");
  if (!t) { t = el("div", { class: "toast", role: "status" }); document.body.append(t); }
  t.textContent = message;
  t.classList.add("show");
  setTimeout(() => t.classList.remove("show"), 2200);
}

// Words a tired reader cannot take for the task's own state: the investigation of a failed task
// that ended well is "complete", never a green "succeeded" next to Airflow's red "Failed".
const STATUS_WORDS = {
  queued: "Queued",
  running: "Investigating…",
  succeeded: "Investigation complete",
  failed: "Investigation failed",
  interrupted: "Investigation stopped",
};

function statusWord(status) {
  return STATUS_WORDS[status] || status;
}

function statusBadge(status) {
  return el("span", { class: `badge status-${status}`, dataset: { status }, title: `investigation status: ${status}` },
    el("span", { class: "dot" }), statusWord(status));
}

function categoryBadge(category) {
  return category ? el("span", { class: `badge cat-${category}`, title: "category" }, category) : null;
}

const THUMB = "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z";

function thumb(down) {
  // An inline SVG built through the DOM (emoji fonts are not everywhere; CSP forbids inline markup).
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", "14");
  svg.setAttribute("height", "14");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("fill", "currentColor");
  if (down) svg.setAttribute("transform", "rotate(180)");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", THUMB);
  svg.append(path);
  return svg;
}

function meter(value) {
  const v = Math.max(0, Math.min(100, Number(value) || 0));
  const bar = el("span");
  bar.style.width = `${v}%`;
  return el("span", { class: "meter", role: "meter", "aria-valuenow": v, "aria-valuemin": 0, "aria-valuemax": 100 }, bar);
}

// ------------------------------------------------------------------ safe Markdown subset

function renderMarkdown(source) {
  const root = el("div", { class: "md" });
  const lines = String(source || "").split("\n");
  let list = null;
  let para = [];
  const flush = () => {
    if (para.length) root.append(el("p", {}, inline(para.join(" "))));
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = line.match(/^\s*(`{3,}|~{3,})/);
    if (fence) {
      flush(); list = null;
      const body = [];
      i++;
      while (i < lines.length && !lines[i].trim().startsWith(fence[1])) { body.push(lines[i]); i++; }
      root.append(el("pre", {}, el("code", { text: body.join("\n") })));
      continue;
    }
    const item = line.match(/^\s*(?:([-*])|\d+[.)])\s+(.*)$/);
    if (item) {
      flush();
      const tag = item[1] ? "UL" : "OL";
      if (!list || list.tagName !== tag) { list = el(tag.toLowerCase()); root.append(list); }
      list.append(el("li", {}, inline(item[2])));
      continue;
    }
    if (!line.trim()) { flush(); list = null; continue; }
    const heading = line.match(/^#{1,6}\s+(.*)$/);
    if (heading) { flush(); list = null; root.append(el("h3", {}, inline(heading[1]))); continue; }
    list = null;
    para.push(line);
  }
  flush();
  return root;
}

// ------------------------------------------------------------------ API

class ApiError extends Error {
  constructor(status, detail) { super(detail); this.status = status; }
}

async function api(path, options = {}) {
  const resp = await fetch(`${API}${path}`, { credentials: "same-origin", ...options });
  if (!resp.ok) {
    let detail = resp.statusText;
    try {
      const body = await resp.json();
      detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
    } catch (e) { /* not JSON */ }
    throw new ApiError(resp.status, detail);
  }
  return resp.status === 204 ? null : resp.json();
}

function errorNotice(err) {
  const box = el("div", { class: "notice error", role: "alert" });
  if (err.status === 401) box.append(el("strong", { text: "Your Airflow session has expired. " }), "Reload the page to sign in again.");
  else if (err.status === 404) box.append(el("strong", { text: "Not found. " }), "It does not exist, or you do not have access to this DAG.");
  else if (err.status === 403) box.append(el("strong", { text: "Not allowed. " }), String(err.message));
  else box.append(el("strong", { text: `Error ${err.status || ""}: ` }), String(err.message || err));
  return box;
}

async function healthNotice() {
  try {
    const h = await api("/health");
    if (!h.tables.present) {
      return el("div", { class: "notice error", role: "alert" },
        el("strong", { text: "The Pipeline Debugger tables are missing. " }),
        "Failed tasks are not investigated until they exist. Run ", el("code", { text: h.migrate_hint || "airflow db migrate" }), ".");
    }
    if (!h.enabled) return el("div", { class: "notice" }, "The Pipeline Debugger is disabled ([pipeline_debugger] enabled = False).");
    if (h.queued && h.runner && !h.runner.started) {
      return el("div", { class: "notice" },
        `${h.queued} investigation(s) are queued. No runner runs in this api-server; start `,
        el("code", { text: "airflow-pipeline-debugger runner" }), " or set ", el("code", { text: "[pipeline_debugger] runner_in_api_server = True" }), ".");
    }
  } catch (e) { return null; }
  return null;
}

// ------------------------------------------------------------------ the investigation view

function headerFor(inv) {
  const title = el("h1", {}, `${inv.dag_id} › ${inv.task_id}`);
  const meta = el("div", { class: "muted small" },
    `run ${inv.run_id}`, inv.map_index >= 0 ? ` · map index ${inv.map_index}` : "", ` · try ${inv.try_number}`,
    ` · ${inv.pipeline_type}`, ` · ${triggerWords(inv.trigger)}`);
  return el("div", {}, title, meta, airflowLinks(inv));
}

function rootCauseCard(inv) {
  const card = el("section", { class: "card root", "aria-label": "Root cause", id: "root-cause" });
  const result = inv.result;
  if (!result) {
    card.append(el("h2", { text: "Root cause" }),
      el("p", { class: "muted" }, isActive(inv) ? "Investigating… the steps below appear as they are found." :
        `The investigation ended without a result (${inv.status}).`));
    if (inv.error) card.append(el("pre", {}, el("code", { text: inv.error })));
    return card;
  }
  const rc = result.root_cause || {};
  const remediation = result.remediation || {};
  // Above the fold of Airflow's iframe: the cause, how sure and why, where the fix goes, the fix.
  card.append(
    el("div", { class: "row" },
      el("h2", { text: "Root cause", style: null }),
      el("span", { class: "spacer" }),
      categoryBadge(result.category),
      result.transience ? el("span", { class: "badge", title: "transience" }, result.transience) : null),
    el("div", { class: "rc-title", id: "root-cause-title" }, inline(rc.title || "Unknown")),
    el("div", { class: "row" },
      el("span", { class: "confidence", id: "confidence" }, `${rc.confidence ?? 0}%`),
      el("span", { class: "muted small" }, "confidence"), meter(rc.confidence),
      el("span", { class: "small muted", id: "rests-on" }, restsOn(inv, result))),
  );
  if (remediation.immediate_fix || (remediation.immediate_fix_code || []).length) {
    card.append(el("div", { class: "callout", id: "immediate-fix" }, el("h3", { text: "Immediate fix" }),
      renderMarkdown(remediation.immediate_fix), (remediation.immediate_fix_code || []).map(codeBlock)));
  }
  if (rc.confidence_note) card.append(el("p", { class: "notice small", id: "confidence-note", role: "note" }, "⚠ ", rc.confidence_note));
  if (rc.summary) card.append(renderMarkdown(rc.summary));
  // The strongest evidence first: the measured facts the root cause rests on, then its cited lines.
  const facts = rc.facts || [];
  const cited = inv.cited_lines || [];
  if (facts.length || cited.length) {
    card.append(el("h3", { text: "Evidence" }),
      el("ul", { class: "cited mono", id: "cited-lines" },
        facts.map((f) => el("li", { class: "fact" }, el("span", { class: "ref", text: f.cite }), el("span", { text: f.text }))),
        cited.map((c) => el("li", {}, citeRef(inv, c), foldedLogLine(c.text)))));
  }
  if (rc.evidence_gaps && rc.evidence_gaps.length) {
    card.append(el("details", {}, el("summary", { text: "What the evidence could not show" }),
      el("ul", {}, rc.evidence_gaps.map((g) => el("li", { text: g })))));
  }
  return card;
}

function historyCard(inv) {
  const h = inv.history;
  if (!h || (!h.same_fingerprint && !h.task_investigations)) return null;
  const card = el("section", { class: "card", "aria-label": "History" }, el("h2", { text: "History" }));
  if (h.same_fingerprint) {
    card.append(el("p", {},
      el("strong", { text: `Seen ${h.same_fingerprint + 1} times in ${h.window_days} days` }),
      ` (last ${fmtTime(h.last_seen_at)}).`));
    if (h.last_fix) card.append(el("p", { class: "small" }, "Last time the fix was: ", el("em", {}, inline(h.last_fix))));
    if (h.last_feedback_comment) card.append(el("p", { class: "small" }, "Note left then: ", el("em", { text: h.last_feedback_comment })));
    if (h.last_investigation_id) card.append(el("a", { class: "small", href: `${UI}/investigation?id=${encodeURIComponent(h.last_investigation_id)}` }, "Open the earlier investigation"));
  } else {
    card.append(el("p", { class: "muted" }, `First time this failure is seen for this task (${h.task_investigations} earlier investigation(s) of other failures).`));
  }
  return card;
}

// The hypotheses as a record of the reasoning, in the engine's order (confirmed, then the rival a
// reader would raise, then effects): findings that support a claim sit under it, each dismissal
// gives its own reason, and one line says how a likelihood relates to the root cause's confidence.
function hypothesesCard(result) {
  const hyps = (result && result.hypotheses) || [];
  if (!hyps.length) return null;
  const rc = result.root_cause || {};
  const card = el("section", { class: "card", "aria-label": "Hypotheses", id: "hypotheses" }, el("h2", { text: "Hypotheses" }));
  if (rc.justification) card.append(el("p", { class: "small muted", id: "likelihood-vs-confidence" }, inline(rc.justification)));
  for (const h of hyps) {
    const cites = [...new Set(h.evidence || [])];
    const supporting = h.supporting || [];
    card.append(el("div", { class: "hyp", dataset: { status: h.status } },
      el("div", {},
        el("div", { class: "step-title" }, inline(h.title || "")),
        h.reasoning ? el("div", { class: `small reason ${h.status === "dismissed" ? "" : "muted"}` },
          h.status === "dismissed" ? el("strong", { text: "Ruled out: " }) : null, inline(h.reasoning)) : null,
        supporting.length ? el("ul", { class: "supporting small" },
          supporting.map((f) => el("li", {}, el("span", { class: "muted", text: "Supported by " }), inline(f.title || ""),
            (f.evidence || []).length ? el("span", { class: "muted mono", text: ` (${f.evidence.join(", ")})` }) : null))) : null,
        cites.length ? el("div", { class: "small muted mono" }, `cites ${cites.join(", ")}`) : null),
      el("div", { class: "small", title: "likelihood: how well this hypothesis alone fits the evidence" }, meter(h.likelihood), ` ${h.likelihood ?? 0}%`),
      el("div", {}, el("span", { class: `badge ${h.status}` }, h.status))));
  }
  return card;
}

async function copyText(text) {
  try { await navigator.clipboard.writeText(text); toast("Copied"); }
  catch (e) {
    const area = el("textarea", {}, text); document.body.append(area); area.select();
    try { document.execCommand("copy"); toast("Copied"); } finally { area.remove(); }
  }
}

const LANGUAGE_NAMES = { shell: "Shell", python: "Python", sql: "SQL", yaml: "YAML", toml: "TOML" };
// As domain.PLACEHOLDER_RE: stored blocks carry their placeholders, diagnostic commands are plain strings.
const PLACEHOLDER_RE = /<[A-Za-z][\w.-]*>/g;

// One code block: only code, labelled with its language, flagged when running it re-runs work or
// changes state, its placeholders named, and a Copy button that says what it copies.
function codeBlock(block) {
  const language = LANGUAGE_NAMES[block.language] ? block.language : "shell";
  const name = LANGUAGE_NAMES[language];
  const code = String(block.code || "");
  const placeholders = block.placeholders || [...new Set(code.match(PLACEHOLDER_RE) || [])];
  return el("div", { class: "code-block", dataset: { language, changesState: block.changes_state ? "true" : "false" } },
    el("div", { class: "code-head small" },
      el("span", { class: "lang", text: name }),
      block.changes_state ? el("span", { class: "badge state", title: "running it re-runs work or changes state" }, "Re-runs work / changes state") : null,
      el("span", { class: "spacer" }),
      el("button", { type: "button", title: `Copy ${name}`, "aria-label": `Copy ${name}`, onclick: () => copyText(code) }, "Copy")),
    el("pre", {}, el("code", { text: code })),
    placeholders.length ? el("div", { class: "small muted placeholders" }, "Fill in before running: ",
      placeholders.flatMap((p, i) => [i ? ", " : "", el("code", { text: p })])) : null);
}

function remediationCard(result) {
  const rem = (result && result.remediation) || {};
  const card = el("section", { class: "card", "aria-label": "Remediation", id: "remediation" }, el("h2", { text: "Remediation" }));
  let any = false;
  const changeCode = rem.change_code || [];
  if (rem.change || changeCode.length) {
    any = true;
    // An answer stored before code blocks existed kept its code in the text: shown as it was written.
    const legacy = !changeCode.length && String(rem.change).trim().includes("\n");
    card.append(el("h3", { text: "Change" }),
      legacy ? el("pre", {}, el("code", { text: rem.change })) : renderMarkdown(rem.change), ...changeCode.map(codeBlock));
  }
  if (rem.prevention) { any = true; card.append(el("h3", { text: "Prevention" }), renderMarkdown(rem.prevention)); }
  if (rem.monitoring) { any = true; card.append(el("h3", { text: "Monitoring" }), renderMarkdown(rem.monitoring)); }
  const cmds = rem.diagnostic_commands || [];
  if (cmds.length) {
    any = true;
    card.append(el("h3", { text: "Diagnostic commands" }), el("p", { class: "small muted", text: "They only read: none runs the task again." }),
      ...cmds.map((c) => codeBlock({ language: "shell", code: c })));
  }
  return any ? card : null;
}

// What a step is in the method: a stage that begins ("stage"), an evidence tool call of that stage
// ("tool": shown under its stage by its call alone), or a part of the answer / a progress note ("").
function stepRole(step) {
  const data = step.data || {};
  if (typeof data.tool === "string") return "tool";
  return typeof data.stage === "string" ? "stage" : "";
}

// A step's content. A tool call shows its outcome (read / refused / failed) and a one-line summary
// (the lines read, or why not), and a read what the model was given, folded; other steps their Markdown.
function stepBody(step) {
  if (stepRole(step) !== "tool") return step.body ? renderMarkdown(step.body) : null;
  const data = step.data;
  const outcome = ["read", "refused", "failed"].includes(data.outcome) ? data.outcome
    : data.refused ? "refused" : data.error ? "failed" : "read";
  return el("div", { class: "tool-read" },
    el("div", { class: "row" },
      el("span", { class: `badge outcome-${outcome}`, text: outcome }),
      data.summary ? el("span", { class: "tool-summary", text: data.summary }) : null),
    step.body && outcome === "read"
      ? el("details", {}, el("summary", { text: "What the model read" }), renderMarkdown(step.body)) : null);
}

function stepItem(step, fresh) {
  const role = stepRole(step);
  return el("li", { class: [fresh ? "new" : "", role].filter(Boolean).join(" "), dataset: { seq: step.seq } },
    el("div", { class: "row" },
      el("span", { class: "badge", text: role || step.kind.replace("_", " ") }),
      step.status ? el("span", { class: `badge ${step.status}`, text: step.status }) : null,
      role === "tool" ? el("span", { class: "step-title mono", text: step.data.call || step.title })
        : el("span", { class: "step-title", text: step.title }),
      el("span", { class: "spacer" }),
      el("span", { class: "muted small", text: `${step.source} · ${fmtTime(step.created_at)}` })),
    stepBody(step));
}

function stepsCard(inv) {
  // The method as a compact timeline; open while the investigation works, collapsed once it answered.
  const list = compactSteps(el("ol", { class: "timeline", id: "steps" }, inv.steps.map((s) => stepItem(s, false))));
  const live = el("span", { class: "muted small", id: "live-state" });
  const card = el("details", { class: "card", id: "steps-card", "aria-label": "Steps", open: isActive(inv) },
    el("summary", { class: "row" }, el("h2", { text: "Steps" }),
      el("span", { class: "muted small", id: "steps-summary", text: stepsSummary(inv.steps) }), el("span", { class: "spacer" }), live),
    list);
  if (!inv.steps.length) list.append(el("li", { class: "muted empty", text: "No steps yet." }));
  return card;
}

function evidenceCard(inv, cites, reload) {
  if (!inv.artifacts.length) return null;
  const viewer = el("div", { id: "evidence-viewer" });
  const citedLines = new Map();
  for (const c of cites) {
    const [eid, line] = c.split(":L");
    if (line) { if (!citedLines.has(eid)) citedLines.set(eid, new Set()); citedLines.get(eid).add(Number(line)); }
  }
  const open = async (a, button) => {
    clear(viewer).append(el("p", { class: "muted", text: "Loading…" }));
    try {
      const body = await api(`/investigations/${encodeURIComponent(inv.id)}/artifacts/${encodeURIComponent(a.evidence_id)}`);
      const marked = citedLines.get(a.evidence_id) || new Set();
      // A task log is numbered as Airflow's Logs tab numbers it (group markers and our notes get none).
      const tabbed = body.lines.some((l) => l.logs_tab_line !== null && l.logs_tab_line !== undefined);
      const box = el("div", { class: "lines mono" }, body.lines.map((l) =>
        el("div", { class: marked.has(l.no) ? "hl" : "" }, lineNumber(inv, tabbed ? null : l.no, l.logs_tab_line), foldedLogLine(l.text))));
      const header = el("div", { class: "row small muted" }, `${a.evidence_id} · ${a.name} · ${a.source}`,
        a.truncated ? " · truncated" : "", tabbed ? " · numbered as in Airflow's Logs tab" : "");
      if (a.origin === "upload") {
        const remove = el("button", { type: "button", class: "remove-upload", title: "Only the user who added it may remove it" }, "Remove");
        remove.addEventListener("click", async () => {
          remove.disabled = true;
          try {
            await api(`/investigations/${encodeURIComponent(inv.id)}/artifacts/${encodeURIComponent(a.evidence_id)}`, { method: "DELETE" });
            toast(`Removed ${a.evidence_id}: ${a.name}; re-run to investigate without it`);
            reload();
          } catch (err) { clear(viewer).append(errorNotice(err)); }
        });
        header.append(el("span", { class: "spacer" }), remove);
      }
      clear(viewer).append(header, box);
      const first = box.querySelector(".hl");
      if (first) box.scrollTop = Math.max(0, first.offsetTop - box.clientHeight / 3);
    } catch (err) { clear(viewer).append(errorNotice(err)); }
    for (const b of button.parentNode.querySelectorAll("button")) b.classList.toggle("pressed", b === button);
  };
  const buttons = el("div", { class: "tabs" });
  for (const a of inv.artifacts) {
    const by = a.origin === "upload" && a.summary && a.summary.uploaded_by ? ` by ${a.summary.uploaded_by}` : "";
    const label = `${a.evidence_id} ${a.kind}: ${a.name}${a.origin === "upload" ? ` (added${by})` : ""}`;
    const b = el("button", { type: "button", title: `${a.size_bytes} bytes` }, label);
    b.addEventListener("click", () => open(a, b));
    buttons.append(b);
  }
  const diff = inv.artifacts.find((a) => a.kind === "diff");
  const card = el("section", { class: "card", "aria-label": "Evidence", id: "evidence" }, el("h2", { text: "Evidence" }));
  if (diff) card.append(el("p", { class: "small" }, "What changed since the last success: ", el("strong", { text: diff.name })));
  card.append(buttons, viewer);
  return card;
}

// Download and re-run, in the sticky header: in reach while scrolling.
function headerActions(inv, reload, status) {
  const report = el("a", { class: "button", id: "download-report", href: `${API}/investigations/${encodeURIComponent(inv.id)}/report.md`,
    download: `investigation-${inv.dag_id}-${inv.task_id}-try${inv.try_number}.md` }, "⬇ Download report");
  if (!inv.result) { report.setAttribute("aria-disabled", "true"); report.classList.add("muted"); report.removeAttribute("href"); }
  const rerun = el("button", { type: "button", id: "rerun", disabled: isActive(inv) }, "↻ Re-run");
  rerun.addEventListener("click", async () => {
    rerun.disabled = true;
    try { await api(`/investigations/${encodeURIComponent(inv.id)}/rerun`, { method: "POST" }); toast("Investigation queued"); reload(); }
    catch (err) { clear(status).append(errorNotice(err)); rerun.disabled = false; }
  });
  return el("div", { class: "row", id: "main-actions" }, report, rerun);
}

function actionsCard(inv, reload, status) {
  // Feedback
  const root = (inv.findings || []).find((f) => f.kind === "root_cause");
  const comment = el("input", { type: "text", placeholder: "What was the real cause? (optional)", maxlength: 2000, "aria-label": "Feedback comment", value: root && root.feedback_comment ? root.feedback_comment : null });
  comment.style.flex = "1";
  const vote = async (value, button) => {
    try {
      const f = await api(`/investigations/${encodeURIComponent(inv.id)}/feedback`, {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ feedback: value, comment: comment.value || null }) });
      for (const b of button.parentNode.querySelectorAll("button.vote")) b.classList.toggle("pressed", b === button);
      toast(f.feedback === "up" ? "Thanks — marked helpful" : "Thanks — marked wrong");
    } catch (err) { clear(status).append(errorNotice(err)); }
  };
  const up = el("button", { type: "button", id: "vote-up", class: `vote${root && root.feedback === "up" ? " pressed" : ""}`, title: "👍 Helpful" }, thumb(false), "Helpful");
  const down = el("button", { type: "button", id: "vote-down", class: `vote${root && root.feedback === "down" ? " pressed" : ""}`, title: "👎 Wrong" }, thumb(true), "Wrong");
  up.addEventListener("click", () => vote("up", up));
  down.addEventListener("click", () => vote("down", down));
  const feedback = root ? el("div", { class: "row", id: "feedback" }, el("span", { class: "small muted", text: "Was this right?" }), up, down, comment) : null;

  // Upload
  const kind = el("select", { name: "kind", "aria-label": "Evidence type" }, ["log", "schema", "trace", "dataset"].map((k) => el("option", { value: k, text: k })));
  const file = el("input", { type: "file", name: "file", accept: ".log,.txt,.json,.yaml,.yml,.csv,.trace" });
  const name = el("input", { type: "text", name: "name", placeholder: "name for pasted text, e.g. driver.log" });
  const text = el("textarea", { name: "text", placeholder: "…or paste text here (10 MB max; .log .txt .json .yaml .yml .csv .trace)" });
  const submit = el("button", { type: "submit", class: "primary" }, "Add evidence");
  const form = el("form", { id: "upload" },
    el("div", { class: "row" }, el("label", {}, "Type", kind), el("label", {}, "File", file), el("label", {}, "Name", name)), text,
    el("div", { class: "row" }, submit, el("span", { class: "small muted", text: "Added evidence is used when you re-run." })));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData();
    data.append("kind", kind.value);
    if (file.files.length) data.append("file", file.files[0]);
    else { data.append("text", text.value); data.append("name", name.value); }
    submit.disabled = true;
    try {
      const a = await api(`/investigations/${encodeURIComponent(inv.id)}/artifacts`, { method: "POST", body: data });
      toast(`Added ${a.evidence_id}: ${a.name}`);
      reload();
    } catch (err) { clear(status).append(errorNotice(err)); }
    finally { submit.disabled = false; }
  });

  return el("section", { class: "card", "aria-label": "Actions" }, feedback,
    el("details", {}, el("summary", { text: "Add evidence the collectors could not reach" }), form), status);
}

function metaCard(inv) {
  const rows = [
    ["Status", el("span", { class: "js-status" }, statusBadge(inv.status))],
    ...runTimes(inv),
    ["Engine", inv.engine ? `${inv.engine}${inv.model ? ` · ${inv.model}` : ""}` : "—"],
    ["Tokens", inv.input_tokens ? `${inv.input_tokens} in / ${inv.output_tokens || 0} out` : "—"],
    ["Slack", inv.slack_state || "—"],
  ];
  return el("section", { class: "card", "aria-label": "Details" }, el("h2", { text: "Details" }),
    el("table", {}, el("tbody", {}, rows.map(([k, v]) => el("tr", {}, el("th", { text: k }), el("td", {}, v))))));
}

let stream = null;

function follow(inv, reload) {
  if (stream) { stream.close(); stream = null; }
  if (!isActive(inv)) return;
  const list = document.getElementById("steps");
  const live = document.getElementById("live-state");
  const after = inv.steps.length ? inv.steps[inv.steps.length - 1].seq : 0;
  stream = new EventSource(`${API}/investigations/${encodeURIComponent(inv.id)}/stream?after=${after}`);
  live.textContent = "● live";
  stream.addEventListener("step", (e) => {
    const step = JSON.parse(e.data);
    if (list.querySelector(`li[data-seq="${step.seq}"]`)) return;
    const empty = list.querySelector("li.empty");
    if (empty) empty.remove();
    list.append(stepItem(step, true));
    const summary = document.getElementById("steps-summary");
    if (summary) summary.textContent = `${list.querySelectorAll("li[data-seq]").length} steps so far`;
  });
  stream.addEventListener("status", (e) => {
    const s = JSON.parse(e.data).status;
    for (const badge of document.querySelectorAll(".js-status")) clear(badge).append(statusBadge(s));
  });
  stream.addEventListener("reset", () => clear(list));
  stream.addEventListener("done", () => { stream.close(); stream = null; live.textContent = ""; reload(); });
  stream.onerror = () => { live.textContent = "reconnecting…"; };
}

function renderInvestigation(container, inv, reload, extraHeader) {
  // While a re-run works, the previous answer stays, marked so; the evidence is this run's own.
  const { inv: shown, stale } = answerOf(inv);
  const cites = stale ? [] : [...new Set([
    ...((inv.result && inv.result.root_cause && inv.result.root_cause.evidence) || []),
    ...(((inv.result && inv.result.hypotheses) || []).flatMap((h) => [...(h.evidence || []), ...(h.evidence_for || [])])),
  ])];
  const status = el("div", { class: "small muted", id: "action-status", role: "status" });
  clear(container).append(
    el("div", { class: "header sticky" }, headerFor(inv), el("span", { class: "spacer" }),
      el("span", { id: "status-badge", class: "js-status" }, statusBadge(inv.status)), headerActions(inv, reload, status)),
    ...(extraHeader ? [extraHeader] : []),
    ...(stale ? [previousRunNotice(inv)] : []),
    el("div", { class: "grid2" },
      el("div", {},
        el("div", { class: stale ? "answer stale" : "answer" },
          rootCauseCard(shown), hypothesesCard(shown.result), remediationCard(shown.result)),
        evidenceCard(inv, cites, reload), stepsCard(inv)),
      el("div", {}, status, actionsCard(inv, reload, status), historyCard(inv), metaCard(inv))));
  follow(inv, reload);
}

// ------------------------------------------------------------------ pages

async function taskInstancePage() {
  // Airflow leaves {MAP_INDEX} unreplaced on the page of a task that is not mapped.
  const mapIndex = /^-?\d+$/.test(params.get("map_index") || "") ? params.get("map_index") : "-1";
  const q = { dag_id: params.get("dag_id"), run_id: params.get("run_id"), task_id: params.get("task_id"), map_index: mapIndex };
  if (params.get("try_number")) q.try_number = params.get("try_number");
  const load = async () => {
    try {
      const body = await api(`/task-instance?${new URLSearchParams(q)}`);
      if (!body.investigation) {
        const notice = await healthNotice();
        clear(app).append(el("div", { class: "header" }, el("h1", {}, `${q.dag_id} › ${q.task_id}`)),
          notice || el("div", { class: "notice" }, el("strong", { text: "No investigation for this task instance. " }),
            "Investigations start automatically when a task fails for good (retries are not investigated by default). ",
            "This page checks again every few seconds."));
        setTimeout(load, 5000);
        return;
      }
      let tries = null;
      if (body.tries.length > 1) {
        tries = el("div", { class: "tabs" }, el("span", { class: "small muted", text: "Tries:" }), body.tries.map((t) => {
          const b = el("button", { type: "button", class: t.id === body.investigation.id ? "pressed" : "" }, `try ${t.try_number}`);
          b.addEventListener("click", () => { q.try_number = t.try_number; load(); });
          return b;
        }));
      }
      renderInvestigation(app, body.investigation, load, tries);
    } catch (err) { clear(app).append(errorNotice(err)); }
  };
  await load();
}

async function investigationPage() {
  const id = params.get("id");
  const load = async () => {
    try {
      const inv = await api(`/investigations/${encodeURIComponent(id)}`);
      const run = params.get("run_id") && params.get("dag_id") === inv.dag_id && params.get("run_id") === inv.run_id;
      const back = el("p", { class: "small" }, run
        ? el("a", { id: "back-link", href: `${UI}/dag-run?${new URLSearchParams({ dag_id: inv.dag_id, run_id: inv.run_id })}`, text: "← Investigations of this run" })
        : el("a", { id: "back-link", href: `${UI}/investigations`, text: "← All investigations" }));
      renderInvestigation(app, inv, load, back);
    } catch (err) { clear(app).append(errorNotice(err)); }
  };
  await load();
}

function investigationsTable(rows, showRun) {
  const head = ["Status", "DAG / task", ...(showRun ? ["Run"] : []), "Try", "Root cause", "Confidence", "Category", "Found"];
  const table = el("table", { id: "investigations" }, el("thead", {}, el("tr", {}, head.map((h) => el("th", { text: h })))));
  const body = el("tbody");
  for (const r of rows) {
    // From the run's tab, the investigation keeps the run in its address (its back link stays in the run).
    const href = `${UI}/investigation?${new URLSearchParams(showRun ? { id: r.id } : { id: r.id, dag_id: r.dag_id, run_id: r.run_id })}`;
    const tr = el("tr", { class: "link", tabindex: 0, dataset: { id: r.id } },
      el("td", {}, statusBadge(r.status)),
      el("td", {}, el("a", { href }, `${r.dag_id} › ${r.task_id}`), r.map_index >= 0 ? el("span", { class: "muted small", text: ` [${r.map_index}]` }) : null),
      showRun ? el("td", { class: "small mono", text: r.run_id }) : null,
      el("td", { text: r.try_number }),
      el("td", {}, r.root_cause_title ? inline(r.root_cause_title) : "—"),
      el("td", {}, r.confidence === null ? "—" : el("span", {}, meter(r.confidence), ` ${r.confidence}%`)),
      el("td", {}, categoryBadge(r.category) || "—"),
      el("td", { class: "small", text: fmtTime(r.created_at) }));
    tr.addEventListener("click", (e) => { if (e.target.tagName !== "A") location.href = href; });
    tr.addEventListener("keydown", (e) => { if (e.key === "Enter") location.href = href; });
    body.append(tr);
  }
  if (!rows.length) body.append(el("tr", {}, el("td", { colspan: head.length, class: "muted", text: "No investigations match." })));
  table.append(body);
  return table;
}

// ------------------------------------------------------------------ accuracy from feedback

function pct(share) { return share === null || share === undefined ? "—" : `${Math.round(share * 100)}%`; }

function tallyTable(title, groups, limit = 8) {
  const head = ["", "Answers", "Rated", "Confirmed", "Marked wrong"];
  const rows = groups.slice(0, limit).map((g) => el("tr", {},
    el("td", { class: "mono small", text: g.key }), el("td", { text: g.answers }), el("td", { text: g.rated }),
    el("td", { text: `${pct(g.confirmed_share)} (${g.confirmed})` }),
    el("td", { class: g.wrong ? "wrong" : null, text: `${pct(g.wrong_share)} (${g.wrong})` })));
  if (!rows.length) rows.push(el("tr", {}, el("td", { colspan: head.length, class: "muted", text: "No answers yet." })));
  return el("div", { class: "tally" }, el("h3", { text: title }),
    el("table", {}, el("thead", {}, el("tr", {}, head.map((h) => el("th", { text: h })))), el("tbody", {}, rows)));
}

function accuracyPanel() {
  const body = el("div", { id: "accuracy-body" }, el("p", { class: "muted small", text: "Loading…" }));
  const panel = el("details", { class: "card", id: "accuracy" },
    el("summary", {}, el("strong", { text: "Accuracy from feedback" }), el("span", { class: "muted small", text: " · last 90 days, from the Helpful / Wrong votes and the real causes people gave" })), body);
  let loaded = false;
  panel.addEventListener("toggle", async () => {
    if (!panel.open || loaded) return;
    loaded = true;
    try {
      const a = await api("/accuracy?days=90");
      const t = a.totals;
      const causes = t.real_causes.slice(0, 10).map((c) => el("li", {},
        el("a", { href: `${UI}/investigation?id=${encodeURIComponent(c.investigation_id)}`, text: `${c.dag_id}.${c.task_id}` }),
        ": answered ", el("em", { text: c.answered }), el("span", { class: "muted", text: ` (${c.source})` }),
        " — really: ", el("strong", { text: c.real_cause }), el("span", { class: "muted small", text: ` · ${c.user}, ${fmtTime(c.at)}` })));
      clear(body).append(
        el("p", { id: "accuracy-totals" }, `${t.answers} answer${t.answers === 1 ? "" : "s"}, ${t.rated} rated: `, el("strong", { text: `${pct(t.confirmed_share)} confirmed` }),
          ", ", el("strong", { class: t.wrong ? "wrong" : null, text: `${pct(t.wrong_share)} marked wrong` }), "."),
        el("div", { class: "tallies" }, tallyTable("By category", a.by_category), tallyTable("By rule or model", a.by_source), tallyTable("By DAG", a.by_dag)),
        el("h3", { text: "Real causes people stated" }),
        causes.length ? el("ul", { class: "real-causes" }, causes) : el("p", { class: "muted small", text: "None yet: add the real cause when you mark an answer wrong." }));
    } catch (err) { loaded = false; clear(body).append(errorNotice(err)); }
  });
  return panel;
}

async function listPage(fixed) {
  const pageSize = 25;
  const state = { dag_id: params.get("dag_id") || "", status: params.get("status") || "", category: params.get("category") || "",
    created_from: params.get("created_from") || "", created_to: params.get("created_to") || "", offset: Number(params.get("offset") || 0) };
  const results = el("div", { id: "results" });
  const dag = el("input", { type: "text", value: state.dag_id, placeholder: "dag_id", "aria-label": "DAG" });
  const status = el("select", { "aria-label": "Status" }, ["", "queued", "running", "succeeded", "failed", "interrupted"].map((s) => el("option", { value: s, text: s ? statusWord(s) : "any", selected: s === state.status })));
  const category = el("select", { "aria-label": "Category" }, ["", "data", "code", "config", "infra", "unknown"].map((s) => el("option", { value: s, text: s || "any", selected: s === state.category })));
  const from = el("input", { type: "date", value: state.created_from.slice(0, 10), "aria-label": "From" });
  const to = el("input", { type: "date", value: state.created_to.slice(0, 10), "aria-label": "To" });
  const load = async () => {
    const q = new URLSearchParams({ limit: pageSize, offset: state.offset });
    if (fixed) { q.set("dag_id", fixed.dag_id); q.set("run_id", fixed.run_id); }
    else {
      if (dag.value.trim()) q.set("dag_id", dag.value.trim());
      if (status.value) q.set("status", status.value);
      if (category.value) q.set("category", category.value);
      if (from.value) q.set("created_from", `${from.value}T00:00:00Z`);
      if (to.value) { const d = new Date(`${to.value}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1); q.set("created_to", d.toISOString()); }
    }
    try {
      const body = await api(`/investigations?${q}`);
      const pager = el("div", { class: "pager small" },
        `${body.total_entries ? state.offset + 1 : 0}–${state.offset + body.investigations.length} of ${body.total_entries}`);
      const prev = el("button", { type: "button", disabled: state.offset === 0 }, "‹ Previous");
      const next = el("button", { type: "button", disabled: state.offset + pageSize >= body.total_entries }, "Next ›");
      prev.addEventListener("click", () => { state.offset = Math.max(0, state.offset - pageSize); load(); });
      next.addEventListener("click", () => { state.offset += pageSize; load(); });
      pager.append(prev, next);
      clear(results).append(el("div", { class: "card", style: null }, investigationsTable(body.investigations, !fixed)), pager);
    } catch (err) { clear(results).append(errorNotice(err)); }
  };
  const header = fixed
    ? el("div", { class: "header" }, el("div", {}, el("h1", { text: "Investigations of this run" }), el("div", { class: "muted small", text: `${fixed.dag_id} · ${fixed.run_id}` })))
    : el("div", { class: "header" }, el("h1", { text: "Investigations" }), el("span", { class: "spacer" }),
      el("span", { class: "muted small", text: "Root causes of failed tasks, newest first" }),
      el("a", { class: "small", id: "recurring-link", href: `${UI}/recurring`, text: "Recurring causes →" }));
  const notice = await healthNotice();
  clear(app).append(header, ...(notice ? [notice] : []));
  if (!fixed) {
    const apply = el("button", { type: "submit", class: "primary" }, "Apply");
    const form = el("form", { class: "filters" }, el("label", {}, "DAG", dag), el("label", {}, "Status", status),
      el("label", {}, "Category", category), el("label", {}, "From", from), el("label", {}, "To", to), apply);
    form.addEventListener("submit", (e) => { e.preventDefault(); state.offset = 0; load(); });
    app.append(form, accuracyPanel());
  }
  app.append(results);
  await load();
}

// ------------------------------------------------------------------ recurring causes

const CATEGORIES = ["data", "code", "config", "infra", "unknown"];
const SVG_NS = "http://www.w3.org/2000/svg";

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
  for (const child of children) node.append(typeof child === "string" ? document.createTextNode(child) : child);
  return node;
}

function fmtSeconds(value) {
  if (value === null || value === undefined) return "—";
  if (value < 60) return `${value.toFixed(1)} s`;
  if (value < 3600) return `${Math.floor(value / 60)} min ${Math.round(value % 60)} s`;
  return `${Math.floor(value / 3600)} h ${Math.round((value % 3600) / 60)} min`;
}

function dailyChart(perDay, since, days) {
  // One stacked bar per UTC day of the window, coloured by category (the badges' colours).
  const counts = new Map(perDay.map((d) => [d.day, d.counts]));
  const start = new Date(since);
  const slots = [];
  for (let i = 0; i <= days; i += 1) {
    const d = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + i));
    const key = d.toISOString().slice(0, 10);
    slots.push({ day: key, counts: counts.get(key) || {} });
  }
  const total = (c) => CATEGORIES.reduce((n, k) => n + (c[k] || 0), 0);
  const peak = Math.max(1, ...slots.map((s) => total(s.counts)));
  const width = 760, height = 180, left = 32, bottom = 22, top = 8;
  const step = (width - left) / slots.length, bar = Math.max(2, step * 0.7);
  const scale = (height - top - bottom) / peak;
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img", id: "daily-chart",
    "aria-label": `Failures per day by category over the last ${days} days` });
  chart.append(svg("line", { x1: left, y1: height - bottom, x2: width, y2: height - bottom, class: "axis" }),
    svg("text", { x: left - 6, y: top + 10, class: "tick", "text-anchor": "end" }, String(peak)),
    svg("text", { x: left - 6, y: height - bottom, class: "tick", "text-anchor": "end" }, "0"));
  slots.forEach((slot, i) => {
    let y = height - bottom;
    const x = left + i * step + (step - bar) / 2;
    for (const category of CATEGORIES) {
      const n = slot.counts[category] || 0;
      if (!n) continue;
      const h = n * scale;
      y -= h;
      chart.append(svg("rect", { x, y, width: bar, height: h, class: `bar cat-${category}` },
        svg("title", {}, `${slot.day}: ${n} ${category}`)));
    }
  });
  for (const i of [0, Math.floor(slots.length / 2), slots.length - 1]) {
    chart.append(svg("text", { x: left + i * step + step / 2, y: height - 6, class: "tick", "text-anchor": "middle" }, slots[i].day.slice(5)));
  }
  const legend = el("div", { class: "row small legend" }, CATEGORIES.map((c) => el("span", {}, el("span", { class: `swatch cat-${c}` }), c)));
  return el("div", {}, chart, legend);
}

async function recurringPage() {
  const days = Number(params.get("days") || 30);
  const header = el("div", { class: "header" }, el("h1", { text: "Recurring causes" }), el("span", { class: "spacer" }),
    el("a", { class: "small", href: `${UI}/investigations`, text: "All investigations" }));
  const notice = await healthNotice();
  clear(app).append(header, ...(notice ? [notice] : []));
  try {
    const r = await api(`/recurring?days=${encodeURIComponent(days)}`);
    const summary = el("section", { class: "card", id: "recurring-summary", "aria-label": "Summary" },
      el("div", { class: "row" },
        el("span", {}, el("strong", { text: String(r.failures) }), ` failures in ${r.window_days} days`),
        el("span", {}, "failure → root cause ", el("strong", { text: `p50 ${fmtSeconds(r.time_to_root_cause_p50_seconds)}` }),
          " · ", el("strong", { text: `p95 ${fmtSeconds(r.time_to_root_cause_p95_seconds)}` })),
        el("span", {}, el("strong", { text: pct(r.uninvestigated_share) }), " without a root cause")),
      el("h2", { text: "Failures per day by category" }), dailyChart(r.per_day, r.since, r.window_days));
    const head = ["Cause", "Category", "Seen", "First", "Last", "DAGs", "Owner", "Last status"];
    const rows = r.causes.map((c) => el("tr", { "data-fingerprint": c.fingerprint },
      el("td", {}, el("a", { href: `${UI}/investigation?id=${encodeURIComponent(c.last_investigation_id)}` }, c.title ? inline(c.title) : "(no root cause)")),
      el("td", {}, categoryBadge(c.category)), el("td", { class: "count", text: `${c.count}×` }),
      el("td", { class: "small", text: fmtTime(c.first_seen) }), el("td", { class: "small", text: fmtTime(c.last_seen) }),
      el("td", { class: "mono small", text: c.dag_ids.join(", ") }), el("td", { class: "small", text: c.owners.join(", ") || "—" }),
      el("td", {}, statusBadge(c.last_status))));
    if (!rows.length) rows.push(el("tr", {}, el("td", { colspan: head.length, class: "muted", text: "No failures in this window." })));
    app.append(summary, el("section", { class: "card", "aria-label": "Causes" },
      el("table", { id: "recurring" }, el("thead", {}, el("tr", {}, head.map((h) => el("th", { text: h })))), el("tbody", {}, rows))));
  } catch (err) { app.append(errorNotice(err)); }
}

const pages = {
  "recurring": recurringPage,
  "task-instance": taskInstancePage,
  "investigation": investigationPage,
  "investigations": () => listPage(null),
  "dag-run": () => listPage({ dag_id: params.get("dag_id"), run_id: params.get("run_id") }),
};
(pages[document.body.dataset.page] || (() => clear(app).append(el("p", { text: "Unknown page" }))))();
