/* The self-assessment page: a person rates their e-CF competences and sees the profiles ranked
 * by score, the gap to a chosen profile and what to develop.
 *
 * The data (every competence with the levels it defines, every profile with its requirements,
 * each with its minimum and maximum level) is written into the page at build time by
 * tools/docs_pages/assessment.py from the bundled nomenclature: nothing is fetched, nothing is
 * sent. The state lives in the address (#B1=3&B3=2&profile=3.2).
 *
 * Printed ("Print / Save as PDF"), the page is a report of one or two pages (the print styles
 * of docs/css/extra.css): the levels chosen, the best profiles, the gap to the chosen one and
 * what to develop, with the date, the data version and the address that opens it again.
 *
 * The scoring is the library's (the module docstring of cigref_ecf/_gap.py), re-implemented
 * here: an unassessed competence counts as level 0; a requirement's status is "missing" (not
 * assessed), "below" (under its minimum), "exceeds" (above its maximum) or "meets"; its
 * shortfall is max(0, min - assessed); the score is (sum of minimums - sum of shortfalls) /
 * sum of minimums (1 when nothing is required); profiles rank by score, best first, ties in
 * nomenclature order. tests/test_docs_browser.py checks this page against the library, so
 * that a change to one without the other fails.
 */
(function () {
  "use strict";

  const root = document.getElementById("assessment-tool");
  if (!root) return;
  const data = JSON.parse(document.getElementById(root.dataset.data).textContent);
  const form = root.querySelector(".ca-form");
  const select = root.querySelector(".ca-profile");
  const competences = new Map(data.competences.map((c) => [c.code, c]));
  const profiles = new Map(data.profiles.map((p) => [p.code, p]));
  const TOP = 10;
  let expanded = false;

  // ------------------------------------------------------------------ the scoring

  function gapItem(requirement, assessed) {
    let status;
    if (assessed === null) status = "missing";
    else if (assessed < requirement.min) status = "below";
    else if (assessed > requirement.max) status = "exceeds";
    else status = "meets";
    return {
      competence: requirement.competence,
      requirement,
      assessed,
      status,
      shortfall: Math.max(0, requirement.min - (assessed || 0)),
    };
  }

  /** The gap report of `levels` (a Map code -> level) against `profile`. */
  function gap(profile, levels) {
    const items = profile.requirements.map((r) =>
      gapItem(r, levels.has(r.competence) ? levels.get(r.competence) : null),
    );
    const total = items.reduce((sum, item) => sum + item.requirement.min, 0);
    const shortfall = items.reduce((sum, item) => sum + item.shortfall, 0);
    return {
      profile,
      items,
      required: items.length,
      met: items.filter((item) => item.status === "meets" || item.status === "exceeds").length,
      shortfall,
      score: total === 0 ? 1 : (total - shortfall) / total,
      toDevelop: items.filter((item) => item.shortfall > 0),
    };
  }

  /** Every profile's report, best score first, ties in nomenclature order. */
  function rank(levels) {
    return data.profiles
      .map((profile, order) => ({ report: gap(profile, levels), order }))
      .sort((a, b) => b.report.score - a.report.score || a.order - b.order)
      .map((entry) => entry.report);
  }

  // ------------------------------------------------------------------ reading levels
  //
  // The library's input layer (cigref_ecf._model.rules and _tables) owns how levels and files are
  // read; the page reads a narrow part of it, the files it writes: an assessment of one person,
  // as JSON or as two CSV columns (competence and level, with or without a header). The rules it
  // needs come from the library with the data (data.input: the accepted forms of a level, the
  // header names, the delimiters), and tests/test_docs_browser.py checks the page reads such
  // files as Assessment.from_csv and from_json do.

  const rules = data.input;
  const LEVEL_TEXT = new RegExp(`^(?:${rules.levelPattern})$`, "i");

  /** Python's repr of a string or number, for messages. */
  function repr(value) {
    if (typeof value !== "string") return String(value);
    const text = value.length > 4 * rules.maxExcerpt ? value.slice(0, 4 * rules.maxExcerpt) : value;
    const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
    const control = { "\t": "\\t", "\n": "\\n", "\r": "\\r" };
    const body = text
      .replace(/\\/g, "\\\\")
      .replace(new RegExp(quote, "g"), `\\${quote}`)
      .replace(
        /[\x00-\x1f\x7f]/g,
        (ch) => control[ch] || `\\x${ch.charCodeAt(0).toString(16).padStart(2, "0")}`,
      );
    const shown = `${quote}${body}${quote}`;
    return shown.length > rules.maxExcerpt ? `${shown.slice(0, rules.maxExcerpt - 1)}…` : shown;
  }

  /** The one level rule (cigref_ecf._model.rules.assessed_level): {level} (null: not assessed) or
   * {error}. */
  function assessedLevel(value) {
    let number;
    if (value === null || value === undefined) return { level: null };
    if (typeof value === "number" && Number.isInteger(value)) number = value;
    else if (typeof value === "string") {
      if (value.trim() === "") return { level: null };
      const match = value.length <= rules.maxExcerpt ? LEVEL_TEXT.exec(value.trim()) : null;
      if (!match) return { error: `invalid level ${repr(value)}: expected ${rules.levelForms}` };
      number = Number(match[1]);
    } else {
      return { error: `invalid level ${repr(value)}: expected ${rules.levelForms}` };
    }
    if (number < 1 || number > 5) {
      return { error: `invalid level ${repr(value)}: e-CF levels run from 1 to 5` };
    }
    return { level: number };
  }

  /** A competence code as the index knows it ("b.3 " is B3), or "" (normalize_competence_code). */
  function keyOf(code) {
    return typeof code === "string" && code.length <= 16
      ? code.replace(/[\s.]/g, "").toUpperCase()
      : "";
  }

  /** Checks entries {where, code, level} as Assessment.from_mapping does: every problem is
   * reported, and nothing is kept when there is one. */
  function check(entries) {
    const levels = new Map();
    const seen = new Map();
    const problems = [];
    for (const { where, code, level } of entries) {
      const key = keyOf(code);
      const competence = competences.get(key);
      if (!competence) {
        problems.push(`${where}: unknown competence ${repr(code)}`);
        continue;
      }
      if (seen.has(key)) {
        problems.push(`${where}: duplicate competence ${key} (also at ${seen.get(key)})`);
        continue;
      }
      seen.set(key, where);
      const read = assessedLevel(level);
      if (read.error) {
        problems.push(`${where}: ${read.error}`);
        continue;
      }
      if (read.level === null) continue; // not assessed
      if (!competence.levels.includes(read.level)) {
        problems.push(
          `${where}: ${key} does not define level ${read.level}; ` +
            `its levels are ${competence.levels.join(", ")}`,
        );
        continue;
      }
      levels.set(key, read.level);
    }
    return { levels: problems.length ? null : ordered(levels), problems };
  }

  /** The levels in framework order. */
  function ordered(levels) {
    return new Map(
      data.competences.filter((c) => levels.has(c.code)).map((c) => [c.code, levels.get(c.code)]),
    );
  }

  /** Lower case, accents removed, ligatures spelt out: how the library matches header names. */
  function fold(text) {
    return text
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/œ/g, "oe")
      .replace(/æ/g, "ae")
      .trim()
      .split(/\s+/)
      .join(" ");
  }

  /** The delimiter of a CSV text: the one found most often, outside quotes, in its first
   * non-blank line (the first of the library's delimiters on a tie). */
  function delimiterOf(lines) {
    const first = lines.find((line) => line.trim());
    if (first === undefined) return ",";
    const unquoted = first.replace(/"[^"]*"/g, "");
    const counts = rules.delimiters.map((d) => unquoted.split(d).length - 1);
    const best = counts.indexOf(Math.max(...counts));
    return counts[best] ? rules.delimiters[best] : ",";
  }

  /** One line of CSV as its cells (double quotes doubled inside quotes). */
  function csvCells(line, delimiter) {
    const cells = [];
    let cell = "";
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (ch === '"') quoted = false;
        else cell += ch;
      } else if (ch === '"' && cell === "") quoted = true;
      else if (ch === delimiter) {
        cells.push(cell);
        cell = "";
      } else cell += ch;
    }
    cells.push(cell);
    return cells.map((c) => c.trim());
  }

  const ONE_PERSON =
    "the page reads one person's levels in two columns, competence and level " +
    "(for a table of several people, use cigref_ecf.read_assessments or the command line)";

  /** A CSV file of two columns, competence and level, with or without a header row. */
  function readCsv(text) {
    const lines = text.replace(/^\ufeff/, "").split(/\r\n|\n|\r/);
    const delimiter = delimiterOf(lines);
    const rows = [];
    lines.forEach((line, index) => {
      const cells = csvCells(line, delimiter);
      if (cells.some((c) => c !== "")) rows.push({ number: index + 1, cells });
    });
    if (!rows.length) return { levels: new Map(), problems: [] };
    const header = rows[0].cells.map(fold);
    const role = (name) => header.findIndex((h) => rules.columns[name].includes(h));
    let codeAt = role("competence");
    let levelAt = role("level");
    let body = rows.slice(1);
    if (codeAt < 0 || levelAt < 0) {
      const [code, level] = rows[0].cells;
      // the first of competence,level lines: a level, or a competence and a blank level
      const line = assessedLevel(level).level || (level === "" && competences.has(keyOf(code)));
      if (header.length === 2 && codeAt < 0 && levelAt < 0 && line) {
        [codeAt, levelAt, body] = [0, 1, rows]; // no header: the first row is data
      } else {
        return { levels: null, problems: [`header: ${ONE_PERSON}`] };
      }
    }
    if (header.length > 2) return { levels: null, problems: [`header: ${ONE_PERSON}`] };
    const entries = [];
    const problems = [];
    for (const { number, cells } of body) {
      const where = `row ${number}`;
      if (cells.length > 2) {
        problems.push(`${where}: ${cells.length} cells, but the header has 2 columns`);
        continue;
      }
      const code = cells[codeAt] === undefined ? "" : cells[codeAt];
      const level = cells[levelAt] === undefined ? null : cells[levelAt];
      if (code === "") {
        if (level !== null && level !== "") problems.push(`${where}: a level without a competence`);
        continue;
      }
      entries.push({ where, code, level });
    }
    // One report, as the library gives: the rows' shape problems, then the entries'.
    const checked = check(entries);
    if (problems.length) return { levels: null, problems: [...problems, ...checked.problems] };
    return checked;
  }

  /** A JSON file as Assessment.from_json reads it: {"B3": 2, ...} or
   * [{"competence": "B3", "level": 2}, ...]. */
  function readJson(text) {
    let value;
    try {
      value = JSON.parse(text.replace(/^\ufeff/, ""));
    } catch (error) {
      return { levels: null, problems: [`$: not valid JSON: ${error.message}`] };
    }
    if (Array.isArray(value)) {
      const entries = [];
      const problems = [];
      value.forEach((item, i) => {
        const keys =
          item && typeof item === "object" && !Array.isArray(item) ? Object.keys(item).sort() : [];
        if (keys.join() !== "competence,level") {
          problems.push(`$[${i}]: expected {"competence": code, "level": n}`);
          return;
        }
        entries.push({ where: `$[${i}]`, code: item.competence, level: item.level });
      });
      if (problems.length) return { levels: null, problems };
      return check(entries);
    }
    if (value && typeof value === "object") {
      return check(
        Object.entries(value).map(([code, level]) => ({ where: `$.${code}`, code, level })),
      );
    }
    return { levels: null, problems: ["$: expected a JSON object or a list of entries"] };
  }

  function toCsv(levels) {
    return "competence,level\n" + Array.from(levels, ([code, level]) => `${code},${level}\n`).join("");
  }

  function toJson(levels) {
    return JSON.stringify(Object.fromEntries(levels), null, 2) + "\n";
  }

  // ------------------------------------------------------------------ the form and the address

  function readForm() {
    const levels = new Map();
    for (const input of form.querySelectorAll("input[type=radio]:checked")) {
      if (input.value) levels.set(input.name, Number(input.value));
    }
    return ordered(levels);
  }

  function writeForm(levels) {
    for (const c of data.competences) {
      const value = levels.has(c.code) ? String(levels.get(c.code)) : "";
      for (const input of form.querySelectorAll(`input[name="${c.code}"]`)) {
        input.checked = input.value === value;
      }
    }
  }

  function saveToAddress(levels) {
    const params = new URLSearchParams();
    for (const [code, level] of levels) params.set(code, String(level));
    if (select.value) params.set("profile", select.value);
    const hash = params.toString().replace(/%2F/g, "/");
    const url = location.pathname + location.search + (hash ? `#${hash}` : "");
    if (url !== location.pathname + location.search + location.hash) {
      history.replaceState(null, "", url);
    }
  }

  /** The state of the address, or its problems (then nothing of it is applied). */
  function readAddress() {
    const params = new URLSearchParams(location.hash.slice(1));
    const entries = [];
    let profile = "";
    const problems = [];
    for (const [key, value] of params) {
      if (key === "profile") {
        if (profiles.has(value)) profile = value;
        else problems.push(`profile=${value}: unknown job profile ${JSON.stringify(value)}`);
      } else {
        entries.push({ where: `${key}=${value}`, code: key, level: value });
      }
    }
    const result = check(entries);
    return { levels: result.levels, profile, problems: problems.concat(result.problems) };
  }

  function restoreFromAddress() {
    // An address without a state (none, or the anchor of a heading) changes nothing.
    if (!location.hash.includes("=")) return;
    const state = readAddress();
    if (state.problems.length || state.levels === null) {
      showProblems("The address has problems; nothing of it was loaded:", state.problems);
      return;
    }
    showProblems("", []);
    writeForm(state.levels);
    select.value = state.profile;
  }

  // ------------------------------------------------------------------ showing the results

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === false || value === null || value === undefined) continue;
      node.setAttribute(name, value === true ? "" : String(value));
    }
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  }

  const percent = (score) => `${Math.round(score * 100)}%`;

  function levelName(level) {
    return `e-${level}`;
  }

  function showProblems(title, problems) {
    const box = root.querySelector(".ca-problems");
    box.hidden = problems.length === 0;
    box.replaceChildren();
    if (!problems.length) return;
    box.append(
      el("p", { class: "admonition-title" }, title),
      el("ul", {}, ...problems.map((p) => el("li", {}, p))),
    );
  }

  function renderRanking(ranking, chosen) {
    const list = root.querySelector(".ca-ranking");
    list.replaceChildren(
      ...ranking.map((report, index) => {
        const p = report.profile;
        const pick = el(
          "button",
          {
            type: "button",
            class: "ca-pick",
            "data-profile": p.code,
            "aria-pressed": String(report === chosen),
            title: `Show the gap to ${p.code} ${p.title}`,
          },
          el("span", { class: "ca-rank-title" }, `${p.code} ${p.title}`),
          el(
            "span",
            { class: "ca-meter", "aria-hidden": "true" },
            el("span", { style: `width: ${(report.score * 100).toFixed(1)}%` }),
          ),
          el("span", { class: "ca-pct" }, percent(report.score)),
          el("span", { class: "ca-met" }, `${report.met}/${report.required} met`),
        );
        return el(
          "li",
          {
            "data-profile": p.code,
            "data-score": String(report.score),
            class: report === chosen ? "ca-chosen" : null,
            hidden: !expanded && index >= TOP,
          },
          pick,
        );
      }),
    );
    const more = root.querySelector('[data-action="more"]');
    more.setAttribute("aria-expanded", String(expanded));
    more.textContent = expanded ? `Show the top ${TOP}` : `Show all ${ranking.length} profiles`;
  }

  function bar(item) {
    const competence = competences.get(item.competence);
    const have = item.assessed || 0;
    const slots = [1, 2, 3, 4, 5].map((k) => {
      const classes = ["ca-slot"];
      if (item.requirement.levels.includes(k)) classes.push("ca-req");
      if (k <= have) classes.push("ca-have");
      else if (k <= item.requirement.min) classes.push("ca-short");
      if (!competence.levels.includes(k)) classes.push("ca-na");
      return el("span", { class: classes.join(" "), title: levelName(k) });
    });
    return el("span", { class: "ca-bar", "aria-hidden": "true" }, ...slots);
  }

  /** "3" as "e-3", "2-4" as "e-2 to e-4", "1/3" as "e-1 or e-3". */
  function requirementText(requirement) {
    const names = requirement.levels.map(levelName);
    if (names.length === 1) return names[0];
    if (requirement.text.includes("/")) return names.join(" or ");
    return `${levelName(requirement.min)} to ${levelName(requirement.max)}`;
  }

  function statusText(item) {
    const required = `requires ${requirementText(item.requirement)}`;
    const yours = item.assessed === null ? "not assessed" : `you: ${levelName(item.assessed)}`;
    return `${required}; ${yours}`;
  }

  function renderGap(report) {
    const box = root.querySelector(".ca-gap");
    const p = report.profile;
    const rows = report.items.map((item) => {
      const competence = competences.get(item.competence);
      return el(
        "tr",
        {
          "data-competence": item.competence,
          "data-status": item.status,
          "data-shortfall": item.shortfall,
          "data-assessed": item.assessed === null ? "" : item.assessed,
          "data-requirement": item.requirement.text,
          class: `ca-${item.status}`,
        },
        el(
          "th",
          { scope: "row" },
          el("a", { href: competence.url, title: competence.title }, item.competence),
          " ",
          el("span", { class: "ca-gap-title" }, competence.title),
        ),
        el("td", {}, bar(item), el("span", { class: "ca-gap-text" }, statusText(item))),
        el(
          "td",
          {},
          el("span", { class: `ca-status ca-status-${item.status}` }, item.status),
          item.shortfall ? el("span", { class: "ca-shortfall" }, ` −${item.shortfall}`) : null,
        ),
      );
    });
    box.replaceChildren(
      el(
        "p",
        { class: "ca-gap-head" },
        el("a", { href: p.url }, `${p.code} ${p.title}`),
        `: ${percent(report.score)}, ${report.met} of ${report.required} requirements met` +
          (report.shortfall ? `, ${report.shortfall} level${report.shortfall === 1 ? "" : "s"} short.` : "."),
      ),
      el(
        "table",
        { class: "ca-gap-table", "data-profile": p.code },
        el("caption", { class: "ca-sr" }, `Your levels against ${p.code} ${p.title}`),
        el(
          "thead",
          {},
          el("tr", {}, el("th", { scope: "col" }, "Competence"), el("th", { scope: "col" }, "Levels e-1 to e-5: required (outlined) and yours (filled)"), el("th", { scope: "col" }, "Status")),
        ),
        el("tbody", {}, ...rows),
      ),
    );
  }

  function renderDevelop(report) {
    const list = root.querySelector(".ca-develop");
    if (!report.toDevelop.length) {
      list.replaceChildren(
        el("li", { class: "ca-none" }, `Nothing: you meet every requirement of ${report.profile.code} ${report.profile.title}.`),
      );
      return;
    }
    list.replaceChildren(
      ...report.toDevelop.map((item) => {
        const competence = competences.get(item.competence);
        const target = item.requirement.min;
        const from = item.assessed === null ? "from scratch" : `from ${levelName(item.assessed)}`;
        return el(
          "li",
          { "data-competence": item.competence, "data-shortfall": item.shortfall },
          el("a", { href: `${competence.url}#level-${target}` }, `${item.competence} ${competence.title}`),
          `: reach ${levelName(target)} ${from} (${item.shortfall} level${item.shortfall === 1 ? "" : "s"})`,
        );
      }),
    );
  }

  /** What only the printed report shows: the levels chosen, the date, the address. */
  function renderReport(levels, ranking, chosen) {
    root.querySelector(".ca-rated").textContent =
      ` (${levels.size} of ${data.competences.length} competences rated)`;
    root.querySelector(".ca-chosen-levels").replaceChildren(
      ...Array.from(levels, ([code, level]) =>
        el(
          "li",
          { "data-competence": code, "data-level": level },
          el("span", {}, el("span", { class: "ca-code" }, code), ` ${competences.get(code).title}`),
          el("strong", {}, levelName(level)),
        ),
      ),
    );
    const shown = Math.min(TOP, ranking.length);
    root.querySelector(".ca-top").textContent = ` (the best ${shown} of ${ranking.length})`;
    root.querySelector(".ca-gap-to").textContent =
      ` ${chosen.profile.code} ${chosen.profile.title}` + (select.value ? "" : " (the best match)");
    stamp();
  }

  /** The date (the reader's own, as year-month-day) and the address, as of now. */
  function stamp() {
    const now = new Date();
    const two = (n) => String(n).padStart(2, "0");
    const day = `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
    const date = root.querySelector(".ca-date");
    date.textContent = day;
    date.setAttribute("datetime", day);
    root.querySelector(".ca-address").textContent = location.href;
  }

  function update() {
    const levels = readForm();
    const ranking = rank(levels);
    const chosen = (select.value && ranking.find((r) => r.profile.code === select.value)) || ranking[0];
    renderRanking(ranking, chosen);
    renderGap(chosen);
    renderDevelop(chosen);
    const best = ranking[0];
    root.querySelector(".ca-count").textContent =
      `${levels.size} of ${data.competences.length} competences rated`;
    const summary = levels.size
      ? `Best match: ${best.profile.code} ${best.profile.title}, ${percent(best.score)} ` +
        `(${best.met} of ${best.required} requirements met).`
      : "Rate at least one competence: until then every profile scores 0%.";
    root.querySelector(".ca-summary").textContent = summary;
    root.querySelector(".ca-jump").textContent = levels.size
      ? `Best: ${best.profile.code} ${best.profile.title}, ${percent(best.score)} ↓`
      : "See results ↓";
    for (const fieldset of form.querySelectorAll(".ca-competence")) {
      fieldset.classList.toggle("ca-rated", levels.has(fieldset.dataset.competence));
    }
    offerDownloads(levels.size > 0);
    saveToAddress(levels);
    renderReport(levels, ranking, chosen);
  }

  /** The download and print buttons: usable once a level is set. An empty assessment is not
   * offered (read_assessments and the command line refuse a file that "holds no assessment",
   * and its report would say nothing); the buttons stay focusable (aria-disabled, not
   * disabled) and point to the hint saying why. */
  function offerDownloads(ready) {
    const hint = root.querySelector(".ca-download-hint");
    hint.hidden = ready;
    const buttons = "[data-action='csv'], [data-action='json'], [data-action='print']";
    for (const button of root.querySelectorAll(buttons)) {
      button.setAttribute("aria-disabled", String(!ready));
      if (ready) button.removeAttribute("aria-describedby");
      else button.setAttribute("aria-describedby", hint.id);
    }
  }

  // ------------------------------------------------------------------ files

  function download(name, type, text) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const link = el("a", { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  async function upload(file) {
    const text = await file.text();
    const json = /\.json$/i.test(file.name) || /^\s*[[{]/.test(text.replace(/^\ufeff/, ""));
    const result = json ? readJson(text) : readCsv(text);
    if (result.levels === null) {
      showProblems(`${file.name} has problems; nothing of it was loaded:`, result.problems);
      return;
    }
    showProblems("", []);
    writeForm(result.levels);
    update();
  }

  // ------------------------------------------------------------------ events

  form.addEventListener("change", update);
  form.addEventListener("submit", (event) => event.preventDefault());
  select.addEventListener("change", update);
  root.querySelector(".ca-ranking").addEventListener("click", (event) => {
    const pick = event.target.closest(".ca-pick");
    if (!pick) return;
    select.value = pick.dataset.profile;
    update();
  });
  root.addEventListener("click", (event) => {
    const action = event.target.closest("[data-action]");
    if (!action) return;
    const levels = readForm();
    if (action.getAttribute("aria-disabled") === "true") return; // nothing to download yet
    switch (action.dataset.action) {
      case "csv":
        download("self-assessment.csv", "text/csv", toCsv(levels));
        break;
      case "json":
        download("self-assessment.json", "application/json", toJson(levels));
        break;
      case "print":
        stamp();
        window.print();
        break;
      case "clear":
        writeForm(new Map());
        select.value = "";
        showProblems("", []);
        update();
        break;
      case "more":
        expanded = !expanded;
        update();
        break;
    }
  });
  root.querySelector(".ca-file").addEventListener("change", (event) => {
    const file = event.target.files[0];
    event.target.value = "";
    if (file) upload(file);
  });
  window.addEventListener("hashchange", () => {
    restoreFromAddress();
    update();
  });
  // Printed from the browser's menu too: the report's date is the day it is printed.
  window.addEventListener("beforeprint", stamp);

  // On a phone, the bar at the bottom leads to the results (without touching the address,
  // which holds the state), and hides while they are in view.
  root.querySelector(".ca-jump").addEventListener("click", (event) => {
    event.preventDefault();
    const results = root.querySelector(".ca-results");
    results.scrollIntoView({ block: "start" });
    results.querySelector(".ca-pick")?.focus({ preventScroll: true });
  });
  if ("IntersectionObserver" in window) {
    const jump = root.querySelector(".ca-jump");
    new IntersectionObserver((entries) => {
      jump.classList.toggle("ca-away", entries.some((entry) => entry.isIntersecting));
    }).observe(root.querySelector(".ca-results"));
  }

  // For the console and the tests: the same functions the page uses.
  window.cigrefAssessment = { gap, rank, assessedLevel, check, readCsv, readJson, toCsv, toJson };

  restoreFromAddress();
  root.hidden = false;
  update();
})();
