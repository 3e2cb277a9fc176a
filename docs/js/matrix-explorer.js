/* The matrix explorer: filters the heatmap of the matrix page by family and by competence and
 * level, highlights a column, and keeps its state in the URL (#family=3&competence=B3&level=3).
 *
 * Everything it needs is in the table, written at build time by tools/docs_pages/heatmap.py:
 * a row per profile (data-profile) in a row group per family (data-family), a cell per
 * competence (data-competence) with, when the profile requires it, its levels (data-levels)
 * and their minimum and maximum (data-min, data-max).
 *
 * "Requires B3 at least at e-3" means the requirement admits e-3 or a higher level
 * (data-max >= 3): the rule of cigref_ecf.profiles_requiring(at_least=...), which the browser
 * tests (tests/test_docs_browser.py) check against the library.
 *
 * The level list offers, for the chosen competence, only the levels it defines: each option of
 * the competence list carries them (data-levels, Competence.applicable_levels, written by
 * tools/docs_pages/); nothing here decides which levels a competence has. The table's caption
 * says how much of the matrix is shown.
 */
(function () {
  "use strict";

  const form = document.getElementById("matrix-explorer");
  if (!form) return;
  const table = document.getElementById(form.dataset.table);
  if (!table) return;

  const fields = {
    family: form.elements.namedItem("family"),
    competence: form.elements.namedItem("competence"),
    level: form.elements.namedItem("level"),
    compact: form.elements.namedItem("compact"),
  };
  const summary = form.querySelector(".mx-summary");
  const rows = Array.from(table.querySelectorAll("tbody tr[data-profile]"));
  const heads = Array.from(table.querySelectorAll("thead tr.hm-codes th[data-competence]"));
  const areaHeads = Array.from(table.querySelectorAll("thead tr.hm-areas th"));
  const codes = heads.map((th) => th.dataset.competence);
  const titles = new Map(
    Array.from(fields.competence.options).map((o) => [o.value, o.textContent]),
  );
  // The levels each competence defines, as the page was written with them.
  const defined = new Map(
    Array.from(fields.competence.options)
      .filter((o) => o.value)
      .map((o) => [o.value, o.dataset.levels.split(" ").map(Number)]),
  );
  const caption = table.caption;
  const captionTitle = caption ? caption.dataset.title : "";

  // The cells of each row, by column.
  const grid = new Map(
    rows.map((row) => [row, Array.from(row.querySelectorAll("td[data-competence]"))]),
  );
  const cells = (row) => grid.get(row);

  /** Does this cell's requirement reach `level` (or exist, with no level)? */
  function reaches(cell, level) {
    if (!cell.dataset.levels) return false;
    return level === null || Number(cell.dataset.max) >= level;
  }

  function state() {
    return {
      family: fields.family.value,
      competence: fields.competence.value,
      level: fields.level.value,
      compact: fields.compact.checked,
    };
  }

  /** The level list offers the levels the chosen competence defines (all, greyed, with no
   * competence); a level it does not define is dropped for "any level". */
  function offerLevels() {
    const levels = defined.get(fields.competence.value);
    for (const option of fields.level.options) {
      if (!option.value) continue;
      const offered = !levels || levels.includes(Number(option.value));
      option.hidden = !offered;
      option.disabled = !offered;
    }
    const chosen = fields.level.selectedOptions[0];
    if (chosen && chosen.disabled) fields.level.value = "";
  }

  function apply() {
    offerLevels();
    const s = state();
    const column = s.competence ? codes.indexOf(s.competence) : -1;
    const level = s.level ? Number(s.level) : null;
    fields.level.disabled = column < 0;
    const shown = [];
    for (const row of rows) {
      const family = row.parentElement.dataset.family;
      let visible = !s.family || family === s.family;
      if (visible && column >= 0) visible = reaches(cells(row)[column], level);
      row.hidden = !visible;
      if (visible) shown.push(row);
    }
    // Row groups with no visible row disappear, with their gap.
    for (const body of table.tBodies) {
      body.hidden = !Array.from(body.rows).some((r) => !r.hidden);
    }
    // Columns: hidden when compact and no shown profile requires them; the chosen one marked.
    const used = codes.map((_, i) => shown.some((row) => cells(row)[i].dataset.levels));
    codes.forEach((code, i) => {
      const hide = s.compact && !used[i] && i !== column;
      const mark = i === column;
      heads[i].hidden = hide;
      heads[i].classList.toggle("hm-column", mark);
      for (const row of rows) {
        const cell = cells(row)[i];
        cell.hidden = hide;
        cell.classList.toggle("hm-column", mark);
        cell.classList.toggle("hm-chosen", mark && reaches(cell, level));
      }
    });
    spanAreas();
    describe(s, shown, level);
    entitle(shown.length, heads.filter((h) => !h.hidden).length);
    remember(s);
  }

  /** The area heads span the visible columns of their area; over one or two columns, they
   * show the area's letter only (the full name stays in their tooltip). */
  function spanAreas() {
    let index = 0;
    for (const th of areaHeads) {
      if (!th.dataset.span) {
        th.dataset.span = String(th.colSpan);
        th.dataset.label = th.textContent;
      }
      const span = Number(th.dataset.span);
      const visible = heads.slice(index, index + span).filter((h) => !h.hidden).length;
      th.hidden = visible === 0;
      th.colSpan = Math.max(visible, 1);
      th.textContent = visible < 3 ? th.dataset.label.split(" ")[0] : th.dataset.label;
      index += span;
    }
  }

  function describe(s, shown, level) {
    const parts = [];
    if (s.family) {
      const option = fields.family.selectedOptions[0];
      parts.push(`of family ${option ? option.textContent : s.family}`);
    }
    if (s.competence) {
      const what = titles.get(s.competence) || s.competence;
      parts.push(
        level === null
          ? `that require ${what}`
          : `that require ${what} at e-${level} or above`,
      );
    }
    const list = shown.map((row) => row.dataset.profile).join(", ");
    summary.textContent =
      `${shown.length} of ${rows.length} profiles` +
      (parts.length ? ` ${parts.join(" and ")}` : "") +
      (parts.length && shown.length ? `: ${list}.` : ".");
  }

  /** The caption says what the table shows: "3 of 33 job profiles × 14 of 36 competences". */
  function entitle(profiles, columns) {
    if (!caption) return;
    const part = (count, total, what) =>
      count === total ? `${total} ${what}` : `${count} of ${total} ${what}`;
    caption.textContent =
      `${captionTitle}: ${part(profiles, rows.length, "job profiles")} × ` +
      part(columns, codes.length, "competences");
  }

  /** The state in the URL, so that a view can be bookmarked and shared. */
  function remember(s) {
    const params = new URLSearchParams();
    if (s.family) params.set("family", s.family);
    if (s.competence) params.set("competence", s.competence);
    if (s.competence && s.level) params.set("level", s.level);
    if (s.compact) params.set("compact", "1");
    const hash = params.toString();
    const url = location.pathname + location.search + (hash ? `#${hash}` : "");
    if (url !== location.pathname + location.search + location.hash) {
      history.replaceState(null, "", url);
    }
  }

  function restore() {
    const params = new URLSearchParams(location.hash.slice(1));
    const pick = (select, value) => {
      const valid = Array.from(select.options).some((o) => o.value === value && !o.disabled);
      select.value = valid ? value : "";
    };
    pick(fields.family, params.get("family"));
    pick(fields.competence, params.get("competence"));
    offerLevels();
    pick(fields.level, params.get("level"));
    fields.compact.checked = params.get("compact") === "1";
  }

  /** Pointing at a cell or a column head highlights its row and column. */
  function crosshair(target, on) {
    const cell = target.closest("td[data-competence], thead th[data-competence]");
    if (!cell || !table.contains(cell)) return;
    const i = codes.indexOf(cell.dataset.competence);
    heads[i].classList.toggle("hm-column", on || i === codes.indexOf(fields.competence.value));
    for (const row of rows) {
      const c = cells(row)[i];
      c.classList.toggle("hm-column", on || i === codes.indexOf(fields.competence.value));
    }
    const row = cell.closest("tr[data-profile]");
    if (row) row.classList.toggle("hm-row", on);
  }

  for (const [type, on] of [
    ["mouseover", true],
    ["mouseout", false],
    ["focusin", true],
    ["focusout", false],
  ]) {
    table.addEventListener(type, (event) => crosshair(event.target, on));
  }
  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => setTimeout(apply, 0));
  window.addEventListener("hashchange", () => {
    restore();
    apply();
  });

  restore();
  form.hidden = false;
  apply();
})();
