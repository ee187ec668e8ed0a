// The page around the answer: what is above the fold, links into the Airflow UI around the iframe,
// the re-run notice, the steps as a compact timeline and log lines as an engineer would write them.

import { PREFIX, UI, el, fmtDuration, fmtTime } from "./base.js";

// The Airflow UI's root: the plugin app is mounted one path segment below it (plugin.py URL_PREFIX).
const AIRFLOW = PREFIX.slice(0, PREFIX.lastIndexOf("/"));
// The nav view's url_route (plugin.py): Airflow 3.3 mirrors the path of that view's iframe after
// /plugin/<url_route> in its own URL, and opens such a URL with the iframe on that path.
const NAV_ROUTE = "pipeline-debugger";

// ------------------------------------------------------------------ links into the Airflow UI

function taskInstancePath(inv) {
  const e = encodeURIComponent;
  const mapped = inv.map_index >= 0 ? `/mapped/${inv.map_index}` : "";
  return `${AIRFLOW}/dags/${e(inv.dag_id)}/runs/${e(inv.run_id)}/tasks/${e(inv.task_id)}${mapped}`;
}

// The task instance's Logs tab (the page's first tab) at this try; `#N` scrolls to line N there.
function logsTabHref(inv, line) {
  const anchor = line === null || line === undefined ? "" : `#${line}`;
  return `${taskInstancePath(inv)}?try_number=${encodeURIComponent(inv.try_number)}${anchor}`;
}

// The URL of one investigation inside the Airflow UI: the nav page with its iframe on this page.
function investigationShellHref(investigationId) {
  return `${AIRFLOW}/plugin/${NAV_ROUTE}${UI}/investigation?id=${encodeURIComponent(investigationId)}`;
}

// Airflow's iframe sandbox has no allow-top-navigation, so a plain link cannot leave the iframe.
// The page is same-origin, so it navigates the UI around it the way that UI's router does: a new
// history entry, then the popstate event the router listens to. Modified clicks keep the default.
function openInShell(event) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  let shell;
  try {
    shell = window.top;
    if (shell === window || shell.location.origin !== location.origin) return;
  } catch (e) { return; }
  event.preventDefault();
  const idx = Number((shell.history.state && shell.history.state.idx) || 0) + 1;
  shell.history.pushState({ usr: null, key: Math.random().toString(36).slice(2, 10), idx }, "", event.currentTarget.href);
  shell.dispatchEvent(new PopStateEvent("popstate", { state: shell.history.state }));
}

function shellLink(href, text, attrs) {
  return el("a", { ...(attrs || {}), href, onclick: openInShell }, text);
}

// Links to the failed task instance, its log at this try and its DAG run, and this investigation's own URL.
export function airflowLinks(inv) {
  const runHref = `${AIRFLOW}/dags/${encodeURIComponent(inv.dag_id)}/runs/${encodeURIComponent(inv.run_id)}`;
  return el("nav", { class: "links small", "aria-label": "In Airflow" },
    shellLink(taskInstancePath(inv), "Task instance", { id: "link-task" }),
    shellLink(logsTabHref(inv, null), `Log of try ${inv.try_number}`, { id: "link-logs" }),
    shellLink(runHref, "DAG run", { id: "link-run" }),
    shellLink(investigationShellHref(inv.id), "Link to this investigation", {
      id: "deep-link", title: "This investigation's own address in the Airflow UI (to share)" }));
}

// ------------------------------------------------------------------ words

// What each trigger (trigger/sources.py) means to someone who did not write the listeners.
const TRIGGER_WORDS = {
  execution_api: "found when the worker reported the failure",
  listener_scheduler: "found when the scheduler failed the task",
  listener_api: "found when the API server recorded the failure",
  manual_mark_failed: "found when someone marked the task failed",
  dag_run_failed: "found when the DAG run failed",
  sweep: "found by the periodic check for failed tasks",
  rerun: "investigated again on request",
};

export function triggerWords(trigger) {
  return TRIGGER_WORDS[trigger] || `started by ${trigger}`;
}

// The one line under the confidence: what the answer rests on.
export function restsOn(inv, result) {
  const rc = result.root_cause || {};
  const cites = rc.evidence || [];
  const lines = cites.filter((c) => c.includes(":L")).length;
  const sources = new Set(cites.map((c) => c.split(":")[0]));
  const parts = [];
  if (lines) parts.push(`${lines} cited log line${lines === 1 ? "" : "s"}`);
  if (sources.size > (lines ? 1 : 0)) parts.push(`${sources.size} piece${sources.size === 1 ? "" : "s"} of evidence`);
  if (!parts.length) parts.push("no cited evidence");
  const by = result.engine === "deterministic" || !result.model
    ? (rc.rule_id ? `rule ${rc.rule_id}` : "the deterministic rules")
    : `model ${result.model}${rc.rule_id ? ` on top of rule ${rc.rule_id}` : ""}`;
  const gaps = (rc.evidence_gaps || []).length;
  return `Rests on ${parts.join(" and ")}, by ${by}${gaps ? `; ${gaps} gap${gaps === 1 ? "" : "s"} in the evidence` : ""}.`;
}

// ------------------------------------------------------------------ re-run

export function isActive(inv) {
  return inv.status === "queued" || inv.status === "running";
}

// The answer to show: this run's, or — while a re-run works — the previous run's (its cited lines
// named the previous run's evidence, which the re-run replaced, so they are not shown).
export function answerOf(inv) {
  const previous = inv.previous_run;
  if (inv.result || !isActive(inv) || !previous || !previous.result) return { inv, stale: false };
  return { inv: { ...inv, result: previous.result, cited_lines: [] }, stale: true };
}

export function previousRunNotice(inv) {
  const previous = inv.previous_run;
  return el("div", { class: "notice rerun", id: "rerun-notice", role: "status" },
    el("strong", { text: inv.status === "running" ? "Re-investigating… " : "Re-investigation queued… " }),
    `This is the answer from ${fmtTime(previous.result_finished_at)}; it stays until the new one lands.`);
}

// When each run happened: the failure was found, the re-run was asked for, this run started and ended.
export function runTimes(inv) {
  const previous = inv.previous_run;
  const rows = [["Failure found", fmtTime(inv.created_at)]];
  if (previous) {
    rows.push(["Previous run", previous.finished_at ? `ended ${fmtTime(previous.finished_at)}` : "—"]);
    rows.push(["Re-run asked", fmtTime(previous.rerun_requested_at)]);
  }
  rows.push(["This run started", inv.started_at ? fmtTime(inv.started_at) : "not yet"]);
  rows.push(["This run ended", inv.finished_at ? `${fmtTime(inv.finished_at)} (${fmtDuration(inv.started_at, inv.finished_at)})` : "—"]);
  return rows;
}

// ------------------------------------------------------------------ steps

// The method as a compact timeline: one line per step; a click on a step shows its body.
export function compactSteps(list) {
  list.classList.add("compact");
  list.addEventListener("click", (event) => {
    const row = event.target.closest(".row");
    const item = row && row.parentElement;
    if (!item || item.parentElement !== list || event.target.closest("a, button")) return;
    item.classList.toggle("expanded");
  });
  return list;
}

export function stepsSummary(steps) {
  if (!steps.length) return "no steps yet";
  const stages = steps.map((s) => /^Stage (\S+)/.exec(s.title)).filter(Boolean).map((m) => m[1]);
  const took = fmtDuration(steps[0].created_at, steps[steps.length - 1].created_at);
  return `${steps.length} step${steps.length === 1 ? "" : "s"}${stages.length ? ` · ${stages.join(" → ")}` : ""}${took ? ` · ${took}` : ""}`;
}

// ------------------------------------------------------------------ log lines

// A log line as an engineer would write it: terminal colour codes stripped, and Airflow's logger and
// structured fields (" [airflow.task.hooks…] dag_id=… ti_id=…", before the error summary or at the
// end) folded away; the raw line is one click away.
const ANSI_RE = /\u001b\[[0-9;]*[A-Za-z]/g;
const FIELDS_RE = /\s\[[A-Za-z_][\w.]*\](?:\s+[\w.]+=\S*)*(?=\s+\|\s|\s*$)/;

function foldLine(text) {
  const raw = String(text ?? "").replace(ANSI_RE, "");
  return { raw, shown: raw.replace(FIELDS_RE, "") };
}

export function foldedLogLine(text) {
  const { raw, shown } = foldLine(text);
  const span = el("span", { class: "logline", text: shown });
  if (shown === raw) return span;
  const toggle = el("button", { type: "button", class: "raw-toggle", title: "Show the raw line", "aria-pressed": "false" }, "raw");
  toggle.addEventListener("click", () => {
    const showRaw = toggle.getAttribute("aria-pressed") !== "true";
    span.textContent = showRaw ? raw : shown;
    toggle.setAttribute("aria-pressed", String(showRaw));
  });
  return el("span", { class: "folded" }, span, toggle);
}

// A line number as Airflow's Logs tab shows it, linked to that line there; other evidence keeps its own.
export function lineNumber(inv, number, logsTabLine) {
  if (logsTabLine === null || logsTabLine === undefined) return el("span", { class: "no", text: number ?? "" });
  return el("span", { class: "no" }, shellLink(logsTabHref(inv, logsTabLine), String(logsTabLine), {
    title: `Line ${logsTabLine} in Airflow's Logs tab`, class: "tab-line" }));
}

// A cited line's reference: its line in Airflow's Logs tab (linked), or the citation (E2:L40) for other evidence.
export function citeRef(inv, cited) {
  if (cited.logs_tab_line === null || cited.logs_tab_line === undefined) return el("span", { class: "ref", text: cited.cite });
  return el("span", { class: "ref" }, shellLink(logsTabHref(inv, cited.logs_tab_line), `log line ${cited.logs_tab_line}`, {
    title: `${cited.cite}: line ${cited.logs_tab_line} in Airflow's Logs tab`, class: "tab-line" }));
}
