// The browser tool: search as you type, a code's details and hierarchy, and validation of a
// pasted list (HCPCS claim lines with their modifiers too), in ICD-10-CM, ICD-10-PCS, HCPCS
// Level II and, by their number only, CPT. A classic script (no modules) over the no-modules build of the package, so
// the page works from file:// as well as from any static server, with no network.
// Every rule comes from the package; this file only lays out what it says.
'use strict';

(function () {
  const $ = (sel) => document.querySelector(sel);
  const timings = window.medcodesTimings || (window.medcodesTimings = {});
  let cm = null; // the Icd10Cm instance once loaded
  let pcs = null; // the Icd10Pcs instance, when the module has ICD-10-PCS
  let hcpcs = null; // the Hcpcs instance, when the module has HCPCS Level II
  let Cpt = null; // the Cpt class (classification by number), when the module has it
  let mod = null; // the package's exports

  // ------------------------------------------------------------------ loading
  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = src;
      s.onload = resolve;
      s.onerror = () => reject(new Error(`cannot load ${src}`));
      document.head.appendChild(s);
    });
  }

  function base64ToBytes(b64) {
    if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(b64);
    const bin = atob(b64);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  async function load() {
    // From file:// a page may not fetch files, so the module comes as base64 in a script.
    if (location.protocol === 'file:') {
      await loadScript('pkg/medcodes_wasm_base64.js');
      await wasm_bindgen({ module_or_path: base64ToBytes(window.MEDCODES_WASM_BASE64) });
      window.MEDCODES_WASM_BASE64 = undefined; // free the 17 MB string
    } else {
      await wasm_bindgen({ module_or_path: new URL('pkg/medcodes_bg.wasm', location.href) });
    }
    timings.wasmReady = performance.now();
    mod = wasm_bindgen;
    cm = new mod.Icd10Cm();
    if (mod.Icd10Pcs) pcs = new mod.Icd10Pcs();
    if (mod.Hcpcs) hcpcs = new mod.Hcpcs();
    if (mod.Cpt) Cpt = mod.Cpt;
    // First call after load (reported by the benchmark).
    const t0 = performance.now();
    cm.validate('E11.9', '2025-03-01');
    timings.firstCall = performance.now() - t0;
    timings.firstCallDone = performance.now();
  }

  // ------------------------------------------------------------------ helpers
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  function todayIso() {
    const d = new Date();
    const p = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  }

  function dos() {
    return $('#dos').value || todayIso();
  }

  function codeLink(code) {
    return el('a', { href: `#code=${encodeURIComponent(code.code)}`, class: 'code' }, code.code);
  }

  function titleSpan(code) {
    const t = code.titleOn(dos());
    return t ? el('span', { class: 'title-text' }, t) : el('span', { class: 'title-text untitled' }, 'no title in this build');
  }

  function statusBadge(code) {
    const date = dos();
    if (code.isValidOn(date)) return el('span', { class: 'badge ok', title: `billable on ${date}` }, 'billable');
    if (code.isPresentOn(date)) return el('span', { class: 'badge header', title: `a header on ${date}` }, 'header');
    return el('span', { class: 'badge bad', title: `not valid on ${date}` }, 'not valid');
  }

  function describeRange(r) {
    return r.end ? `${r.start} to ${r.end}` : `${r.start} onward (still valid)`;
  }

  /** The system the picker names: 'auto', 'icd10cm', 'icd10pcs', 'hcpcs' or 'cpt'. */
  function system() {
    return $('#system').value || 'auto';
  }

  /** Whether a system's codes are searched and validated under the picker's choice. */
  function wants(id) {
    const s = system();
    return s === 'auto' || s === id;
  }

  function setStatus(text, error) {
    const s = $('#status');
    s.textContent = text;
    s.classList.toggle('error', !!error);
  }

  // ------------------------------------------------------------------ search as you type
  // The package's ranked search (`search`) over every code system of the module, as the
  // user types (debounced), the last word read as unfinished; each hit labelled with its
  // system and the matched words marked from the hit's spans. A CPT-shaped query comes
  // first as a CPT code (CPT has no built-in list, so search has none of its codes).
  const PAGE = 20; // hits a page; "More results" (or ArrowDown past the last) loads the next
  const DEBOUNCE_MS = 90;
  const SYSTEM_LABELS = { icd10cm: 'ICD-10-CM', icd10pcs: 'ICD-10-PCS', hcpcs: 'HCPCS', cpt: 'CPT' };
  let selected = -1;
  let debounce = 0;
  // The search shown: its query and options, and how many hits are listed.
  let shownSearch = null;

  function scheduleSearch() {
    clearTimeout(debounce);
    debounce = setTimeout(runSearch, DEBOUNCE_MS);
  }

  /** The `systems` option the picker asks for (undefined: every system), or null for none. */
  function searchSystems() {
    const s = system();
    if (s === 'auto') return undefined;
    if (s === 'cpt') return null;
    return s;
  }

  function runSearch() {
    clearTimeout(debounce);
    debounce = 0;
    timings.searches = (timings.searches || 0) + 1;
    const q = $('#q').value;
    const list = $('#results');
    list.replaceChildren();
    selected = -1;
    shownSearch = null;
    if (!q.trim()) {
      $('#results-note').textContent = '';
      $('#q').setAttribute('aria-expanded', 'false');
      $('#q').removeAttribute('aria-activedescendant');
      return;
    }
    const t0 = performance.now();
    const cpt = Cpt && wants('cpt') ? Cpt.classify(q) : undefined;
    if (cpt) appendHit({ system: 'cpt', code: cpt.code, cpt });
    const systems = searchSystems();
    shownSearch = { q, systems, date: dos(), offset: 0, total: 0, cpt: !!cpt, notes: [] };
    if (systems !== null) searchPage();
    const ms = performance.now() - t0;
    updateNote(ms);
    $('#q').setAttribute('aria-expanded', String(list.children.length > 0));
    if (list.querySelector('li[role="option"]')) select(0);
  }

  /** Lists the next page of the search shown. */
  function searchPage() {
    const s = shownSearch;
    let found;
    try {
      found = mod.search(s.q, { systems: s.systems, date: s.date, limit: PAGE, offset: s.offset, prefixLastWord: true });
    } catch (e) {
      // A query too long, a date outside every system's data: said, not thrown.
      s.error = e.message;
      return;
    }
    s.total = found.total;
    s.offset += found.hits.length;
    s.notes = found.systems.filter((x) => !x.searched || x.note).map((x) => `${SYSTEM_LABELS[x.system]}: ${x.note || 'not searched'}`);
    $('#results-more')?.remove();
    for (const hit of found.hits) appendHit(hit);
    if (s.offset < s.total) {
      const more = el('li', { id: 'results-more', class: 'more', role: 'option', 'aria-selected': 'false' },
        el('span', {}, ''), el('span', {}, `More results (${(s.total - s.offset).toLocaleString('en-US')} more)`), el('span'));
      more.addEventListener('click', () => loadMore());
      $('#results').append(more);
    }
  }

  function loadMore() {
    if (!shownSearch || shownSearch.offset >= shownSearch.total) return;
    const at = $('#results').querySelectorAll('li[data-code]').length;
    const t0 = performance.now();
    searchPage();
    updateNote(performance.now() - t0);
    select(at);
  }

  function updateNote(ms) {
    const s = shownSearch;
    const listed = $('#results').querySelectorAll('li[data-code]').length;
    const total = (s ? s.total : 0) + (s && s.cpt ? 1 : 0);
    let text;
    if (s && s.error) text = s.error;
    else if (!listed) text = noMatchNote();
    else text = `${listed < total ? `${listed} of ` : ''}${total.toLocaleString('en-US')} matching code${total === 1 ? '' : 's'} · ${ms.toFixed(1)} ms`;
    if (s && s.notes.length && !(s.error)) text += ` · ${s.notes.join('; ')}`;
    $('#results-note').textContent = text;
  }

  /** `text` with the `[start, end]` UTF-16 spans wrapped in <mark>. */
  function marked(text, spans) {
    const parts = [];
    let at = 0;
    for (const [a, b] of spans || []) {
      if (a < at || b <= a) continue;
      parts.push(text.slice(at, a), el('mark', {}, text.slice(a, b)));
      at = b;
    }
    parts.push(text.slice(at));
    return parts;
  }

  const FIELD_LABELS = { short_title: 'short title', inclusion_term: 'inclusion term', axis_label: 'axis', block: 'block', chapter: 'chapter', section: 'section' };

  /** A result row: system, code, title (the matched words marked), badge. */
  function appendHit(hit) {
    const list = $('#results');
    const i = list.querySelectorAll('li[data-code]').length;
    let body;
    let badge;
    if (hit.system === 'cpt') {
      const c = hit.cpt;
      body = el('span', { class: 'title-text untitled' }, `${c.categoryName}${c.sectionName ? `, ${c.sectionName}` : ''}`);
      badge = el('span', { class: 'badge header', title: 'validity needs the licensed CPT code list' }, 'structure only');
    } else {
      const title = hit.field === 'title' ? marked(hit.text, hit.spans) : (hit.title || untitledText(hit));
      const matched = hit.field !== 'title' && hit.field !== 'code'
        ? el('span', { class: 'matched' }, `${FIELD_LABELS[hit.field] || hit.field}: `, marked(hit.text, hit.spans)) : null;
      body = el('span', { class: `title-text${hit.title || hit.field === 'title' ? '' : ' untitled'}` }, title, matched);
      badge = hit.billable
        ? el('span', { class: 'badge ok', title: `${hit.system === 'icd10cm' ? 'billable' : 'valid'} on ${shownSearch ? shownSearch.date : dos()}` }, hit.system === 'icd10cm' ? 'billable' : 'valid')
        : el('span', { class: 'badge header', title: 'a header: codes below it are valid' }, 'header');
    }
    const code = hit.field === 'code' ? marked(hit.code, hit.spans) : hit.code;
    const li = el('li', { role: 'option', id: `opt-${i}`, 'data-code': hit.code, 'data-system': hit.system, 'aria-selected': 'false' },
      el('span', {}, el('span', { class: `system-label system-${hit.system}` }, SYSTEM_LABELS[hit.system]), el('span', { class: 'code' }, code)),
      body, badge);
    li.addEventListener('click', () => OPEN[hit.system](hit.code));
    const more = $('#results-more');
    if (more) list.insertBefore(li, more); else list.append(li);
  }

  function untitledText(hit) {
    if (hit.system === 'icd10pcs') return 'ICD-10-PCS level (no title: its axes say what it is)';
    if (hit.system === 'hcpcs') return 'CDT (dental) code: its text is the ADA\'s, not included';
    return 'no title in this build';
  }

  function noMatchNote() {
    const s = system();
    if (s === 'cpt') return 'Not shaped like a CPT code: four digits, then a digit or F, T, U, M (99213, 0042T).';
    if (s === 'hcpcs') return 'No HCPCS Level II code matches: a letter and four digits (J1100, E0100), or words of its descriptor.';
    if (s === 'icd10pcs') return 'No ICD-10-PCS code matches: seven letters and digits (0DTJ4ZZ), or words (laparoscopic appendectomy).';
    return 'No code matches on the date of service. Type a code (E11.9, 0DT, J1100) or words (diab mell type 2, heart attack).';
  }

  function select(i) {
    const items = $('#results').children;
    if (!items.length) return;
    if (selected >= 0 && items[selected]) items[selected].setAttribute('aria-selected', 'false');
    selected = (i + items.length) % items.length;
    items[selected].setAttribute('aria-selected', 'true');
    items[selected].scrollIntoView({ block: 'nearest' });
    $('#q').setAttribute('aria-activedescendant', items[selected].id);
  }

  function onSearchKey(ev) {
    if (debounce && ['ArrowDown', 'ArrowUp', 'Enter'].includes(ev.key)) runSearch(); // act on what is typed
    const items = $('#results').children;
    if (ev.key === 'ArrowDown') {
      if (items[selected + 1]?.id === 'results-more' || (selected === items.length - 1 && items[selected]?.id === 'results-more')) {
        loadMore();
      } else select(selected + 1);
      ev.preventDefault();
    } else if (ev.key === 'ArrowUp') { select(selected - 1); ev.preventDefault(); }
    else if (ev.key === 'Enter') {
      const item = items[selected];
      if (item?.id === 'results-more') loadMore();
      else if (item) OPEN[item.dataset.system](item.dataset.code);
      ev.preventDefault();
    } else if (ev.key === 'Escape') {
      // First Escape closes the list, the second clears the box.
      if ($('#results').children.length) { $('#results').replaceChildren(); $('#results-note').textContent = ''; $('#q').setAttribute('aria-expanded', 'false'); selected = -1; }
      else $('#q').value = '';
      ev.preventDefault();
    }
  }

  // Builds each system's search index when the page is idle (one system a turn, so the
  // page stays responsive), so that the first keystroke does not wait for it.
  function warmSearch() {
    const idle = (f) => ('requestIdleCallback' in window ? requestIdleCallback(f, { timeout: 2000 }) : setTimeout(f, 50));
    const queue = [...mod.buildInfo().systems];
    timings.searchIndex = {};
    const next = () => {
      const s = queue.shift();
      if (!s) { timings.searchReady = performance.now(); return; }
      const t0 = performance.now();
      try { mod.search('disease', { systems: s, limit: 1, anyRelease: true }); } catch (e) { /* said at the first search */ }
      timings.searchIndex[s] = performance.now() - t0;
      idle(next);
    };
    idle(next);
  }

  // ------------------------------------------------------------------ code details
  function openCode(code) {
    if (location.hash !== `#code=${encodeURIComponent(code)}`) location.hash = `code=${encodeURIComponent(code)}`;
    else route();
  }

  function crumbsFor(code) {
    const parts = [el('a', { href: '#chapters' }, 'All chapters')];
    const chapter = code.chapter;
    if (chapter) parts.push(el('a', { href: `#chapter=${chapter.number}`, title: chapter.title }, `Chapter ${chapter.number}: ${chapter.title}`));
    const block = code.block;
    if (block) parts.push(el('a', { href: `#block=${encodeURIComponent(block.id)}`, title: block.title }, `${block.id} ${block.title}`));
    for (const a of code.ancestors().reverse()) parts.push(el('a', { href: `#code=${encodeURIComponent(a.code)}`, class: 'code', title: a.title || '' }, a.code));
    parts.push(el('span', { class: 'code', 'aria-current': 'page' }, code.code));
    const nav = el('nav', { class: 'crumbs', 'aria-label': 'Hierarchy' });
    parts.forEach((p, i) => { if (i) nav.append(el('span', { class: 'sep' }, '›')); nav.append(p); });
    return nav;
  }

  function showCode(input) {
    const date = dos();
    const code = cm.lookup(input);
    const detail = $('#detail');
    if (!code) {
      // The verdict on the date, as the list view gives it (a missing placeholder X, a
      // 7th character, ...), with its suggestions as links.
      const v = cm.validate(input, date);
      const fixes = suggestions(v);
      show(detail, el('h2', {}, el('span', { class: 'code', id: 'detail-code' }, input)),
        el('div', { class: 'verdict bad', id: 'verdict', 'data-reason': v.reason }, v.message || 'Not a code.'),
        fixes.length ? el('ul', { class: 'children', id: 'suggestions' }, fixes.map((f) => el('li', {},
          el('a', { href: `#code=${encodeURIComponent(f.code)}`, class: 'code' }, f.code), el('span', {}, f.why), el('span')))) : null);
      return;
    }
    const verdict = cm.validate(code.code, date);
    const title = code.titleOn(date);
    const details = code.titleDetailsOn(date);
    const short = code.shortTitleOn(date);
    const kind = code.kindOn(date);
    const verdictBox = verdict.valid
      ? el('div', { class: 'verdict ok', id: 'verdict' }, `Valid and billable on ${date}.`)
      : el('div', { class: `verdict ${verdict.reason === 'not_billable' ? 'header' : 'bad'}`, id: 'verdict' }, verdict.message);

    const facts = el('dl', { class: 'facts' },
      el('dt', {}, 'Kind'), el('dd', {}, kind === 'code' ? 'billable code' : kind),
      el('dt', {}, 'Valid'), el('dd', { id: 'validity' }, code.validity.map(describeRange).join('; ') || 'never'),
      el('dt', {}, 'Undotted'), el('dd', { class: 'code' }, code.undotted),
      short && short !== title ? [el('dt', {}, 'Short title'), el('dd', {}, short)] : null,
      details ? [el('dt', {}, 'Title from'), el('dd', {}, details.source.name)] : null,
    );

    const spans = el('table', { class: 'spans' },
      el('thead', {}, el('tr', {}, el('th', {}, 'From'), el('th', {}, 'To'), el('th', {}, 'Status'), el('th', {}, 'Medicare Code Editor flags'))),
      el('tbody', {}, code.validitySpans.map((s) => el('tr', {},
        el('td', {}, s.start), el('td', {}, s.end || '—'), el('td', {}, s.billable ? 'billable' : 'header'),
        el('td', { class: 'flags' }, s.mceFlags.join(', ') || '—')))));

    const children = code.children();
    const seventh = seventhSection(code, verdict);
    const notes = notesSection(code);
    const childList = children.length
      ? el('ul', { class: 'children', id: 'children' }, children.map((c) => el('li', {}, codeLink(c), titleSpan(c), statusBadge(c))))
      : el('p', { class: 'note' }, 'No codes below this one.');

    show(detail,
      crumbsFor(code),
      el('h2', {}, el('span', { class: 'code', id: 'detail-code' }, code.code), statusBadge(code)),
      el('p', { class: 'long-title', id: 'detail-title' }, title || el('span', { class: 'untitled' }, 'No title in this build.')),
      verdictBox,
      facts,
      seventh,
      notes,
      el('h3', {}, `Codes below ${code.code}`), childList,
      el('h3', {}, 'Validity by date'), spans,
    );
  }

  // The 7th characters the code takes (its own definition or an ancestor's). When the code
  // is the six characters they complete, each one links to the full code.
  function seventhSection(code, verdict) {
    const def = code.seventhCharacters;
    if (!def) return null;
    const base = verdict.reason === 'missing_seventh_character' ? verdict.base : null;
    const date = dos();
    return el('section', { id: 'seventh', class: 'seventh' },
      el('h3', {}, '7th characters'),
      el('p', { class: 'note' }, `Defined at ${def.definedAt}.${def.note ? ` ${def.note}` : ''}`),
      el('table', { class: 'spans' },
        el('thead', {}, el('tr', {}, el('th', {}, 'Character'), el('th', {}, 'Meaning'), base ? el('th', {}, 'Code') : null)),
        el('tbody', {}, def.characters.map((c) => el('tr', {},
          el('td', { class: 'code' }, c.character), el('td', {}, c.meaning),
          base ? el('td', {}, cm.isValid(base + c.character, date)
            ? el('a', { href: `#code=${encodeURIComponent(base + c.character)}`, class: 'code' }, base + c.character)
            : el('span', { class: 'untitled' }, 'not valid on the date'))
            : null)))));
  }

  // The instructional notes in force: the code's own first, then those it inherits.
  function notesSection(code) {
    const notes = code.notes;
    if (!notes.length) return null;
    const item = (n) => el('li', { class: `note-item note-${n.kind}`, 'data-kind': n.kind },
      el('strong', {}, n.label), n.inherited ? el('span', { class: 'where' }, ` (from ${n.level === 'code' ? n.where : `${n.level} ${n.where}`})`) : null,
      el('ul', {}, n.lines.map((l) => el('li', {}, noteLine(l)))));
    return el('section', { id: 'notes', class: 'notes' },
      el('h3', {}, 'Notes'),
      el('ul', { class: 'note-list' }, notes.filter((n) => n.kind !== 'seventh_character').map(item)));
  }

  // A note line with its code references linked to the first code they cover.
  function noteLine(line) {
    const parts = [];
    let at = 0;
    for (const r of line.refs) {
      const i = line.text.indexOf(r.text, at);
      if (i < 0 || !r.resolved) continue;
      parts.push(line.text.slice(at, i));
      parts.push(el('a', { href: `#code=${encodeURIComponent(r.first)}`, class: 'code ref', title: r.range ? `${r.first} to ${r.last}` : r.first }, r.text));
      at = i + r.text.length;
    }
    parts.push(line.text.slice(at));
    return parts;
  }

  // ------------------------------------------------------------------ ICD-10-PCS
  function openPcs(code) {
    if (location.hash !== `#pcs=${encodeURIComponent(code)}`) location.hash = `pcs=${encodeURIComponent(code)}`;
    else route();
  }

  function pcsLink(code) {
    return el('a', { href: `#pcs=${encodeURIComponent(code.code)}`, class: 'code' }, code.code);
  }

  function pcsTitleSpan(code) {
    const t = code.level === 'code' ? code.titleOn(dos()) : code.axes[code.axes.length - 1]?.label;
    return el('span', { class: `title-text${t ? '' : ' untitled'}` }, t || `ICD-10-PCS ${code.level.replace(/_/g, ' ')}`);
  }

  function pcsBadge(code) {
    const date = dos();
    if (code.isValidOn(date)) return el('span', { class: 'badge ok', title: `valid on ${date}` }, 'PCS valid');
    if (code.isPresentOn(date)) return el('span', { class: 'badge header', title: `codes below it are valid on ${date}` }, 'PCS level');
    return el('span', { class: 'badge bad', title: `not valid on ${date}` }, 'PCS not valid');
  }

  function showPcs(input) {
    const date = dos();
    const detail = $('#detail');
    const code = pcs && pcs.lookup(input);
    if (!code) {
      const v = pcs ? pcs.verdict(input) : { message: 'This build has no ICD-10-PCS.' };
      show(detail, el('h2', {}, input), el('div', { class: 'verdict bad' }, v.message || 'Not a code.'));
      return;
    }
    const verdict = pcs.validate(code.code, date);
    const nav = el('nav', { class: 'crumbs', 'aria-label': 'Hierarchy' });
    const chain = code.ancestors().reverse();
    chain.forEach((a, i) => { if (i) nav.append(el('span', { class: 'sep' }, '›')); nav.append(pcsLink(a)); });
    if (chain.length) nav.append(el('span', { class: 'sep' }, '›'));
    nav.append(el('span', { class: 'code', 'aria-current': 'page' }, code.code));
    const axes = el('table', { class: 'spans', id: 'pcs-axes' },
      el('thead', {}, el('tr', {}, el('th', {}, '#'), el('th', {}, 'Axis'), el('th', {}, 'Value'), el('th', {}, 'Meaning'))),
      el('tbody', {}, code.axes.map((a) => el('tr', {},
        el('td', {}, a.position), el('td', {}, a.axis), el('td', { class: 'code' }, a.value),
        el('td', { title: a.definition || '' }, a.label || '—')))));
    const children = code.children();
    show(detail,
      nav,
      el('h2', {}, el('span', { class: 'code', id: 'detail-code' }, code.code), pcsBadge(code)),
      el('p', { class: 'long-title', id: 'detail-title' }, code.titleOn(date) || el('span', { class: 'untitled' },
        `ICD-10-PCS ${code.level.replace(/_/g, ' ')}${code.section ? ` in section ${code.section.value}, ${code.section.name}` : ''}`)),
      verdict.valid
        ? el('div', { class: 'verdict ok', id: 'verdict' }, `Valid on ${date}.`)
        : el('div', { class: `verdict ${verdict.reason === 'incomplete' ? 'header' : 'bad'}`, id: 'verdict' }, verdict.message),
      el('h3', {}, 'Axes'), axes,
      el('dl', { class: 'facts' }, el('dt', {}, 'Valid'), el('dd', { id: 'validity' }, code.validity.map(describeRange).join('; ') || 'never')),
      children.length ? [el('h3', {}, `Below ${code.code}`),
        el('ul', { class: 'children', id: 'children' }, children.map((c) => el('li', {}, pcsLink(c), pcsTitleSpan(c), pcsBadge(c))))] : null,
    );
  }

  // ------------------------------------------------------------------ HCPCS Level II
  function openHcpcs(code) {
    if (location.hash !== `#hcpcs=${encodeURIComponent(code)}`) location.hash = `hcpcs=${encodeURIComponent(code)}`;
    else route();
  }

  function hcpcsTitleSpan(code) {
    const t = code.shortTitleOn(dos()) || code.shortTitle;
    if (t) return el('span', { class: 'title-text' }, t);
    return el('span', { class: 'title-text untitled' }, code.isDental ? 'CDT (dental) code: its text is the ADA\'s, not included' : 'no title in this build');
  }

  function hcpcsBadge(code) {
    const date = dos();
    if (code.isValidOn(date)) return el('span', { class: 'badge ok', title: `valid on ${date}` }, 'HCPCS valid');
    return el('span', { class: 'badge bad', title: `not valid on ${date}` }, 'HCPCS not valid');
  }

  function showHcpcs(input) {
    const date = dos();
    const detail = $('#detail');
    const code = hcpcs && hcpcs.lookup(input);
    if (!code) {
      const v = hcpcs ? hcpcs.verdict(input) : { message: 'This build has no HCPCS Level II.' };
      const cpt = Cpt && Cpt.classify(input);
      show(detail, el('h2', {}, input), el('div', { class: 'verdict bad', id: 'verdict' }, v.message || 'Not a code.'),
        cpt ? el('p', {}, el('a', { href: `#cpt=${encodeURIComponent(cpt.code)}` }, `${cpt.code} as a CPT code`)) : null);
      return;
    }
    const verdict = hcpcs.validate(code.code, date);
    const section = code.section;
    const si = code.statusIndicatorOn(date);
    const title = code.shortTitleOn(date) || code.shortTitle;
    const nav = el('nav', { class: 'crumbs', 'aria-label': 'Hierarchy' }, el('span', {}, 'HCPCS Level II'),
      section ? [el('span', { class: 'sep' }, '›'), el('span', { title: section.name }, `${section.letter}: ${section.name}`)] : null,
      el('span', { class: 'sep' }, '›'), el('span', { class: 'code', 'aria-current': 'page' }, code.code));
    const spans = el('table', { class: 'spans' },
      el('thead', {}, el('tr', {}, el('th', {}, 'From'), el('th', {}, 'To'))),
      el('tbody', {}, code.validity.map((r) => el('tr', {}, el('td', {}, r.start), el('td', {}, r.end || '—')))));
    show(detail,
      nav,
      el('h2', {}, el('span', { class: 'code', id: 'detail-code' }, code.code), hcpcsBadge(code)),
      el('p', { class: 'long-title', id: 'detail-title' }, title || el('span', { class: 'untitled' }, code.isDental
        ? 'A CDT (dental) code: valid in HCPCS Level II, its text is the ADA\'s and is not included.' : 'No title in this build.')),
      verdict.valid
        ? el('div', { class: 'verdict ok', id: 'verdict' }, `Valid on ${date}.`)
        : el('div', { class: 'verdict bad', id: 'verdict' }, verdict.message),
      el('dl', { class: 'facts' },
        section ? [el('dt', {}, 'Section'), el('dd', { id: 'hcpcs-section' }, `${section.letter}: ${section.name}${section.isTemporary ? ' (temporary codes)' : ''}`)] : null,
        el('dt', {}, 'OPPS status indicator'), el('dd', { id: 'hcpcs-si' }, si ? `${si} on ${date}` : `none on ${date}`),
        el('dt', {}, 'Valid'), el('dd', { id: 'validity' }, code.validity.map(describeRange).join('; ') || 'never'),
        el('dt', {}, 'Data'), el('dd', {}, `CMS outpatient code editor quarters, ${hcpcs.coverage.first} to ${hcpcs.coverage.last}`)),
      el('h3', {}, 'Validity by date'), spans,
    );
  }

  // ------------------------------------------------------------------ CPT (by number only)
  function openCpt(code) {
    if (location.hash !== `#cpt=${encodeURIComponent(code)}`) location.hash = `cpt=${encodeURIComponent(code)}`;
    else route();
  }

  function cptSentence(c) {
    return `CPT ${c.categoryName}${c.sectionName ? `, ${c.sectionName} section` : ''}: whether ${c.code} is a valid code needs the licensed CPT code list (the AMA's), which is not included.`;
  }

  function showCpt(input) {
    const detail = $('#detail');
    const c = Cpt && Cpt.classify(input);
    if (!c) {
      show(detail, el('h2', {}, input), el('div', { class: 'verdict bad', id: 'verdict' },
        Cpt ? 'Not shaped like a CPT code: four digits, then a digit or F, T, U, M (99213, 0042T, 0001U).' : 'This build has no CPT.'));
      return;
    }
    show(detail,
      el('nav', { class: 'crumbs', 'aria-label': 'Hierarchy' }, el('span', {}, 'CPT'), el('span', { class: 'sep' }, '›'),
        el('span', {}, c.categoryName), c.sectionName ? [el('span', { class: 'sep' }, '›'), el('span', {}, c.sectionName)] : null),
      el('h2', {}, el('span', { class: 'code', id: 'detail-code' }, c.code), el('span', { class: 'badge header' }, 'CPT')),
      el('div', { class: 'verdict header', id: 'verdict' }, cptSentence(c)),
      el('dl', { class: 'facts' },
        el('dt', {}, 'Category'), el('dd', { id: 'cpt-category' }, c.categoryName),
        el('dt', {}, 'Section'), el('dd', { id: 'cpt-section' }, c.sectionName
          || (c.category === 'category_i' ? 'none by number (outside or between the sections\' ranges, or an A code)' : 'sections are Category I\'s'))),
      el('p', { class: 'note' }, 'CPT descriptors are the AMA\'s copyright: this tool has none. The category and section come from the code\'s number alone.'),
    );
  }

  const OPEN = { icd10cm: (c) => openCode(c), icd10pcs: (c) => openPcs(c), hcpcs: (c) => openHcpcs(c), cpt: (c) => openCpt(c) };

  // Replaces an element's content; null/false parts are left out and arrays flattened
  // (the DOM's replaceChildren would print them as text).
  function show(target, ...parts) {
    target.replaceChildren(...parts.flat().filter((p) => p !== null && p !== undefined && p !== false));
  }

  function showChapters() {
    $('#detail').replaceChildren(
      el('h2', {}, 'ICD-10-CM chapters'),
      el('ul', { class: 'children' }, cm.chapters().map((c) => el('li', {},
        el('a', { href: `#chapter=${c.number}`, class: 'code' }, `${c.first}–${c.last}`),
        el('span', {}, `Chapter ${c.number}: ${c.title}`), el('span')))),
    );
  }

  function showChapter(n) {
    const chapter = cm.chapter(Number(n));
    if (!chapter) return showChapters();
    $('#detail').replaceChildren(
      el('nav', { class: 'crumbs' }, el('a', { href: '#chapters' }, 'All chapters')),
      el('h2', {}, `Chapter ${chapter.number}: ${chapter.title}`),
      el('ul', { class: 'children' }, chapter.blocks().map((b) => el('li', {},
        el('a', { href: `#block=${encodeURIComponent(b.id)}`, class: 'code' }, b.id), el('span', {}, b.title), el('span')))),
    );
  }

  function showBlock(id) {
    const block = cm.block(id);
    if (!block) return showChapters();
    const chapter = block.chapter;
    $('#detail').replaceChildren(
      el('nav', { class: 'crumbs' }, el('a', { href: '#chapters' }, 'All chapters'), el('span', { class: 'sep' }, '›'),
        el('a', { href: `#chapter=${chapter.number}` }, `Chapter ${chapter.number}: ${chapter.title}`)),
      el('h2', {}, `${block.id} ${block.title}`),
      el('ul', { class: 'children' }, block.categories().map((c) => el('li', {}, codeLink(c), titleSpan(c), statusBadge(c)))),
    );
  }

  // ------------------------------------------------------------------ batch validation
  // The rows of a pasted list: each code on its own, or an HCPCS claim line (a code and its
  // modifiers, `J1100 LT RT`): under HCPCS every line is one; under "any system" a line whose
  // first word is an HCPCS code and whose other words are two characters (modifiers; no
  // other system has codes so short). A line `code,date` (a date as its last word) checks
  // the code on its own date of service. Each row keeps its line and word, so that a
  // suggestion can replace it in the text.
  const DATE_WORD = /^\d{4}-?\d{2}-?\d{2}$/;
  function batchRows(text) {
    const rows = [];
    text.split(/\r?\n/).forEach((line, lineNo) => {
      let words = line.split(/[\s,;]+/).filter((w) => w !== '');
      if (!words.length) return;
      let date = null;
      if (words.length > 1 && DATE_WORD.test(words.at(-1))) {
        date = words.at(-1);
        words = words.slice(0, -1);
      }
      const claimLine = hcpcs && (system() === 'hcpcs'
        || (system() === 'auto' && words.length > 1 && words.slice(1).every((w) => w.length === 2)
          && mod.detect(words[0]).includes('hcpcs')));
      if (claimLine) rows.push({ sys: 'hcpcs-line', input: words.join(' '), code: words[0], modifiers: words.slice(1), date, line: lineNo, word: words[0] });
      else for (const w of words) rows.push({ sys: codeSystem(w, date), input: w, code: w, date, line: lineNo, word: w });
    });
    return rows;
  }

  // The system a code is checked in: the picker's, or under "any system" the one that knows
  // it (the first valid on the date when several do); a string no system knows is checked
  // as ICD-10-CM, or said to be CPT when it is shaped so.
  function codeSystem(code, date) {
    const s = system();
    if (s !== 'auto') return s;
    const found = mod.detect(code);
    if (found[0] === 'cpt') return Cpt ? 'cpt' : 'icd10cm';
    if (found.length <= 1) return found[0] || 'icd10cm';
    try {
      return found.find((id) => SETS[id]().isValid(code, date || dos())) || found[0];
    } catch (e) {
      return found[0]; // an unreadable row date: said by checkRow
    }
  }

  const SETS = { icd10cm: () => cm, icd10pcs: () => pcs, hcpcs: () => hcpcs };
  const LINKS = { icd10cm: 'code', icd10pcs: 'pcs', hcpcs: 'hcpcs' };
  const NAMES = { icd10cm: 'ICD-10-CM', icd10pcs: 'ICD-10-PCS', hcpcs: 'HCPCS' };

  /** The codes a verdict suggests instead of the input, each with what it is. */
  function suggestions(v) {
    if (v.reason === 'missing_placeholder') return [{ code: v.suggestion, why: v.suggestionBillable ? 'with the placeholder X' : 'with the placeholder X (not billable itself)' }];
    if (v.reason === 'missing_seventh_character') return v.options.map((o) => ({ code: v.base + o.character, why: o.meaning }));
    if (v.reason === 'seventh_character_not_allowed') return v.allowed.map((o) => ({ code: v.base + o.character, why: o.meaning }));
    if (v.reason === 'unexpected_seventh_character') return [{ code: v.base, why: 'without the 7th character' }];
    if (v.reason === 'not_billable' || v.reason === 'incomplete') return (v.examples || []).map((c) => ({ code: c, why: 'billable code below it' }));
    return [];
  }

  /** `{ valid, reason, code, link, verdict, info, suggestions }` of one row, on its date. */
  function checkRow(row, date) {
    if (row.sys === 'cpt') {
      const c = Cpt.classify(row.code);
      return c
        ? { valid: false, reason: 'cpt', code: c.code, link: `#cpt=${encodeURIComponent(c.code)}`, verdict: '? CPT', info: cptSentence(c) }
        : { valid: false, reason: 'malformed', code: null, verdict: '✗ invalid', info: 'Not shaped like a CPT code.' };
    }
    try {
      if (row.sys === 'hcpcs-line') {
        const findings = hcpcs.checkLine(row.code, row.modifiers, date);
        const code = hcpcs.normalize(row.code);
        const known = code && hcpcs.lookup(code);
        const link = known ? `#hcpcs=${encodeURIComponent(code)}` : null;
        if (!findings.length) {
          return { valid: true, reason: 'valid', code, link, verdict: '✓ valid', info: (known && known.shortTitleOn(date)) || '', system: 'HCPCS' };
        }
        return { valid: false, reason: findings[0].reason || findings[0].kind, code: code || null, link, system: 'HCPCS',
          verdict: '✗ invalid', findings, info: findings.map((f) => f.message).join(' ') };
      }
      const set = SETS[row.sys]();
      const v = set.validate(row.code, date);
      const link = v.code && v.reason !== 'unknown' ? `#${LINKS[row.sys]}=${encodeURIComponent(v.code)}` : null;
      let info = v.message || '';
      if (v.valid) {
        const c = set.lookup(v.code);
        info = (c && (c.titleOn(date) || (c.isDental ? 'CDT (dental) code: text not included' : ''))) || '';
      }
      return { valid: v.valid, reason: v.reason, code: v.code, link, verdict: v.valid ? '✓ valid' : '✗ invalid', info,
        system: NAMES[row.sys], suggestions: suggestions(v) };
    } catch (e) {
      if (e.name !== 'DateError') throw e;
      // A row whose own date cannot be read: said on the row, the others still checked.
      return { valid: false, reason: 'malformed_date', code: null, verdict: '✗ date', info: e.message };
    }
  }

  let lastBatch = null; // { date, rows, results } of the table shown, for the exports

  function runBatch() {
    const date = dos();
    const rows = batchRows($('#batch-input').value);
    const t0 = performance.now();
    const results = rows.map((row) => checkRow(row, row.date || date));
    const ms = performance.now() - t0;
    lastBatch = { date, rows, results };
    const tbody = $('#batch-table tbody');
    tbody.replaceChildren();
    let ok = 0;
    results.forEach((r, i) => {
      if (r.valid) ok++;
      const row = rows[i];
      const info = r.findings
        ? el('ul', { class: 'findings' }, r.findings.map((f) => el('li', { 'data-kind': f.kind }, f.message)))
        : el('span', {}, r.info);
      const fixes = r.suggestions && r.suggestions.length
        ? el('div', { class: 'suggestions' }, el('span', { class: 'note' }, 'Replace with: '),
          r.suggestions.map((sg) => {
            const b = el('button', { type: 'button', class: 'suggestion', title: sg.why, 'data-code': sg.code }, sg.code);
            b.addEventListener('click', () => replaceInput(row, sg.code));
            return b;
          }))
        : null;
      tbody.append(el('tr', { class: r.valid ? 'valid' : 'invalid', 'data-reason': r.reason,
        'data-system': row.sys === 'hcpcs-line' ? 'hcpcs' : row.sys,
        'data-findings': r.findings ? r.findings.map((f) => f.kind).join(' ') : null },
        el('td', {}, i + 1),
        el('td', { class: 'code' }, row.input),
        el('td', { class: 'date-cell' }, row.date || date),
        el('td', { class: 'code' }, !r.code ? '—' : r.link ? el('a', { href: r.link }, r.code) : r.code,
          r.system && system() === 'auto' && r.system !== 'ICD-10-CM' ? el('span', { class: 'system-tag' }, r.system) : null),
        el('td', { class: 'verdict-cell' }, r.verdict),
        el('td', { class: 'reason' }, r.findings ? r.findings.map((f) => f.kind.replace(/_/g, ' ')).join(', ') : r.reason.replace(/_/g, ' ')),
        el('td', {}, info, fixes)));
    });
    $('#batch-table').hidden = rows.length === 0;
    $('#batch-export').hidden = rows.length === 0;
    const own = rows.filter((r) => r.date).length;
    $('#batch-summary').textContent = rows.length
      ? `${ok} of ${rows.length} valid and billable on ${date}${own ? ` (${own} on their own dates)` : ''} · ${ms.toFixed(1)} ms`
      : 'Nothing to validate.';
  }

  /** Replaces a row's code in the pasted text with a suggestion, and checks the list again. */
  function replaceInput(row, code) {
    const lines = $('#batch-input').value.split(/\r?\n/);
    const esc = row.word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    lines[row.line] = lines[row.line].replace(new RegExp(`(^|[\\s,;])${esc}(?=$|[\\s,;])`), `$1${code}`);
    $('#batch-input').value = lines.join('\n');
    runBatch();
  }

  /** The table shown as CSV (RFC 4180: fields with commas, quotes or line ends quoted). */
  function batchCsv() {
    if (!lastBatch) return '';
    const q = (x) => { const t = String(x ?? ''); return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t; };
    const lines = [['row', 'input', 'date', 'system', 'code', 'valid', 'reason', 'details'].join(',')];
    lastBatch.rows.forEach((row, i) => {
      const r = lastBatch.results[i];
      const sys = row.sys === 'hcpcs-line' ? 'hcpcs' : row.sys;
      const reason = r.findings ? r.findings.map((f) => f.kind).join(' ') : r.reason;
      lines.push([i + 1, row.input, row.date || lastBatch.date, sys, r.code, r.valid, reason, r.info].map(q).join(','));
    });
    return `${lines.join('\r\n')}\r\n`;
  }

  function downloadCsv() {
    const url = URL.createObjectURL(new Blob([batchCsv()], { type: 'text/csv' }));
    const a = el('a', { href: url, download: `medcodes-${lastBatch ? lastBatch.date : 'list'}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  async function copyCsv() {
    try {
      await navigator.clipboard.writeText(batchCsv());
      $('#batch-copied').textContent = 'Copied as CSV.';
    } catch (e) {
      $('#batch-copied').textContent = `Could not copy: ${e.message}`;
    }
  }

  // ------------------------------------------------------------------ encounter and claim
  // The diagnoses of one encounter in order (drag or the arrow buttons to reorder), checked
  // by `checkEncounter` (the coding rules) or, with age, sex, discharge status, POA and
  // procedures, as an inpatient claim by `checkClaim` (the Medicare Code Editor's edits and
  // the coding rules). Each finding with the note or edit behind it and links to its codes.
  const POA = ['', 'Y', 'N', 'U', 'W', '1'];
  let dragged = null;
  let lastCheck = null; // 'encounter' | 'claim': run again when the list or date changes

  function addDiagnosis(code, poa) {
    const li = el('li', { class: 'dx', draggable: 'true' },
      el('span', { class: 'handle', 'aria-hidden': 'true', title: 'drag to reorder' }, '⋮⋮'),
      el('span', { class: 'dx-pos' }),
      el('input', { class: 'dx-code code-input', value: code, 'aria-label': 'diagnosis code', spellcheck: 'false' }),
      el('select', { class: 'dx-poa', 'aria-label': 'present on admission', title: 'present on admission (claims)' },
        POA.map((p) => el('option', { value: p, selected: p === (poa || '') }, p || 'POA —'))),
      el('button', { type: 'button', class: 'secondary dx-up', title: 'move up', 'aria-label': 'move up' }, '↑'),
      el('button', { type: 'button', class: 'secondary dx-down', title: 'move down', 'aria-label': 'move down' }, '↓'),
      el('button', { type: 'button', class: 'secondary dx-remove', title: 'remove', 'aria-label': 'remove' }, '✕'));
    li.querySelector('.dx-up').addEventListener('click', () => { if (li.previousElementSibling) li.parentNode.insertBefore(li, li.previousElementSibling); diagnosesChanged(); });
    li.querySelector('.dx-down').addEventListener('click', () => { if (li.nextElementSibling) li.parentNode.insertBefore(li.nextElementSibling, li); diagnosesChanged(); });
    li.querySelector('.dx-remove').addEventListener('click', () => { li.remove(); diagnosesChanged(); });
    li.querySelector('.dx-code').addEventListener('change', diagnosesChanged);
    li.addEventListener('dragstart', (ev) => { dragged = li; li.classList.add('dragging'); ev.dataTransfer.effectAllowed = 'move'; ev.dataTransfer.setData('text/plain', code); });
    li.addEventListener('dragend', () => { li.classList.remove('dragging'); dragged = null; });
    li.addEventListener('dragover', (ev) => { if (dragged && dragged !== li) ev.preventDefault(); });
    li.addEventListener('drop', (ev) => {
      ev.preventDefault();
      if (!dragged || dragged === li) return;
      const list = li.parentNode;
      const items = [...list.children];
      // Dropped on a row below the dragged one: after it; above: before it.
      if (items.indexOf(dragged) < items.indexOf(li)) list.insertBefore(dragged, li.nextElementSibling);
      else list.insertBefore(dragged, li);
      diagnosesChanged();
    });
    $('#dx-list').append(li);
    numberDiagnoses();
  }

  function numberDiagnoses() {
    [...$('#dx-list').children].forEach((li, i) => { li.querySelector('.dx-pos').textContent = i === 0 ? '1 (principal)' : String(i + 1); });
  }

  function diagnosesChanged() {
    numberDiagnoses();
    if (lastCheck === 'encounter') checkEncounterPanel();
    else if (lastCheck === 'claim') checkClaimPanel();
  }

  function diagnoses() {
    return [...$('#dx-list').children].map((li) => ({ code: li.querySelector('.dx-code').value.trim(), poa: li.querySelector('.dx-poa').value }));
  }

  function addFromInput() {
    const input = $('#dx-new');
    for (const w of input.value.split(/[\s,;]+/).filter(Boolean)) addDiagnosis(w);
    input.value = '';
    diagnosesChanged();
  }

  /** A code of a finding as a link to its view (`position`: where it sits on the claim). */
  function findingCode(code, position) {
    const key = position === 'procedure' ? 'pcs' : 'code';
    return el('a', { href: `#${key}=${encodeURIComponent(code)}`, class: 'code' }, code);
  }

  function encounterFindingItem(f) {
    return el('li', { class: `finding sev-${f.severity}`, 'data-kind': f.kind },
      el('span', { class: `badge sev ${f.severity}` }, f.severity),
      el('strong', {}, f.kind.replace(/_/g, ' ')), ' ',
      f.codes.map((c, i) => [i ? ' + ' : '', findingCode(c), el('span', { class: 'where' }, ` #${f.positions[i] + 1}`)]),
      el('p', { class: 'message' }, f.message),
      f.note ? el('p', { class: 'note-behind' }, el('strong', {}, `${noteLabel(f.note.kind)} at ${f.note.where}`),
        ` (${f.note.level}): ${f.note.text}`) : null);
  }

  function noteLabel(kind) {
    return { excludes1: 'Excludes1', excludes2: 'Excludes2', code_first: 'Code first', use_additional_code: 'Use additional code', code_also: 'Code also', includes: 'Includes', note: 'Note', inclusion_term: 'Inclusion term', seventh_character: '7th character' }[kind] || kind;
  }

  function showFindings(title, clean, parts) {
    show($('#enc-results'),
      el('h2', {}, title),
      el('div', { class: `verdict ${clean ? 'ok' : 'bad'}`, id: 'enc-verdict' }, clean ? 'No warning or error.' : 'Findings to look at before submitting.'),
      parts);
  }

  function checkEncounterPanel() {
    lastCheck = 'encounter';
    const dx = diagnoses();
    if (!dx.length) { showFindings('Encounter', true, el('p', { class: 'note' }, 'Add the diagnosis codes of the encounter.')); return; }
    let report;
    try { report = cm.checkEncounter(dx.map((d) => d.code), dos()); } catch (e) { show($('#enc-results'), el('div', { class: 'verdict bad' }, e.message)); return; }
    showFindings(`Encounter on ${report.date}`, report.clean, [
      report.findings.length ? el('ul', { class: 'findings-list', id: 'enc-findings' }, report.findings.map(encounterFindingItem)) : null,
      el('p', { class: 'note' }, `Coding rules of the ICD-10-CM tabular list; notes from ${report.notesSource}.`)]);
  }

  function checkClaimPanel() {
    lastCheck = 'claim';
    const dx = diagnoses();
    const withPoa = (d) => (d.poa ? { code: d.code, poa: d.poa } : d.code);
    const age = $('#claim-age').value;
    if (age === '') { show($('#enc-results'), el('div', { class: 'verdict bad', id: 'enc-verdict' }, 'A claim needs the age on admission (0 for a newborn).')); return; }
    const claim = {
      date: dos(),
      age: Number(age),
      sex: $('#claim-sex').value || null,
      principal: dx[0] ? withPoa(dx[0]) : null,
      secondary: dx.slice(1).map(withPoa),
      procedures: $('#claim-procedures').value.split(/[\s,;]+/).filter(Boolean),
    };
    const status = $('#claim-status').value.trim();
    if (status) claim.dischargeStatus = status;
    let report;
    try { report = mod.checkClaim(claim, { codingRules: true }); } catch (e) { show($('#enc-results'), el('div', { class: 'verdict bad', id: 'enc-verdict' }, e.message)); return; }
    const mce = (f) => el('li', { class: `finding sev-${f.severity}`, 'data-edit': f.edit },
      el('span', { class: `badge sev ${f.severity}` }, f.severity),
      el('strong', {}, `${f.number ? `Edit ${f.number}: ` : ''}${f.name}`), ' ',
      f.code ? [findingCode(f.code, f.position), el('span', { class: 'where' }, ` ${f.position}${f.index === null ? '' : ` #${f.index + 1}`}`)] : el('span', { class: 'where' }, 'claim'),
      el('p', { class: 'message' }, f.message));
    showFindings(`Inpatient claim discharged ${report.date}`, report.clean, [
      el('h3', {}, 'Medicare Code Editor'),
      report.findings.length ? el('ul', { class: 'findings-list', id: 'claim-findings' }, report.findings.map(mce)) : el('p', { class: 'note' }, 'No edit raised.'),
      el('h3', {}, 'Coding rules'),
      report.codingRules.length ? el('ul', { class: 'findings-list', id: 'claim-rules' }, report.codingRules.map(encounterFindingItem)) : el('p', { class: 'note' }, 'No finding.')]);
  }

  function setUpEncounterPanel() {
    $('#dx-add').addEventListener('click', addFromInput);
    $('#dx-new').addEventListener('keydown', (ev) => { if (ev.key === 'Enter') { addFromInput(); ev.preventDefault(); } });
    $('#enc-check').addEventListener('click', checkEncounterPanel);
    if (mod.checkClaim) $('#claim-check').addEventListener('click', checkClaimPanel);
    else $('#claim-check').disabled = true; // a module without the claim edits
  }

  // ------------------------------------------------------------------ routing
  function showView(name) {
    $('#view-lookup').hidden = name === 'batch' || name === 'encounter';
    $('#view-batch').hidden = name !== 'batch';
    $('#view-encounter').hidden = name !== 'encounter';
    for (const [id, v] of [['#tab-lookup', 'lookup'], ['#tab-browse', 'browse'], ['#tab-batch', 'batch'], ['#tab-encounter', 'encounter']]) {
      if (v === name) $(id).setAttribute('aria-current', 'page');
      else $(id).removeAttribute('aria-current');
    }
  }

  function route() {
    if (!cm) return;
    const hash = decodeURIComponent(location.hash.replace(/^#/, ''));
    const [key, value] = hash.includes('=') ? [hash.slice(0, hash.indexOf('=')), hash.slice(hash.indexOf('=') + 1)] : [hash, ''];
    if (key === 'batch') { showView('batch'); $('#batch-input').focus(); return; }
    if (key === 'encounter') { showView('encounter'); $('#dx-new').focus(); return; }
    if (key === 'code') { showView('lookup'); showCode(value); return; }
    if (key === 'pcs') { showView('lookup'); showPcs(value); return; }
    if (key === 'hcpcs') { showView('lookup'); showHcpcs(value); return; }
    if (key === 'cpt') { showView('lookup'); showCpt(value); return; }
    if (key === 'chapter') { showView('browse'); showChapter(value); return; }
    if (key === 'block') { showView('browse'); showBlock(value); return; }
    if (key === 'chapters') { showView('browse'); showChapters(); return; }
    showView('lookup');
  }

  // ------------------------------------------------------------------ offline
  // Served over http(s), the page keeps its files in a service worker's cache (sw.js), so
  // that once loaded it works after a reload with the network off. (From file:// there is
  // no server to lose.)
  function registerServiceWorker() {
    if (!('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return;
    navigator.serviceWorker.register('sw.js').then(
      () => navigator.serviceWorker.ready.then(() => { window.medcodesOffline = true; }),
      (e) => { window.medcodesOffline = `not available: ${e.message}`; },
    );
  }

  // Each table's newest release, its newest titles and the last date of service it answers;
  // past that date a newer CMS release has to be loaded.
  function currencyText(sets) {
    const parts = sets.filter(([, set]) => set).map(([name, set]) => {
      const newest = set.releases().at(-1);
      const titles = set.titleSources.at(-1);
      return `${name}: ${newest ? `release of ${newest.effective}` : 'no release'}` +
        `${titles ? `, titles from the ${titles.name}` : ''}, current through ${set.coverage.last}`;
    });
    return `${parts.join(' · ')}. A later date of service needs a newer CMS release (medcodes --release PATH).`;
  }

  // ------------------------------------------------------------------ start
  async function start() {
    $('#dos').value = todayIso();
    try {
      await load();
    } catch (e) {
      setStatus(`Could not load the code tables: ${e.message}`, true);
      window.medcodesReady = 'error';
      throw e;
    }
    const cov = cm.coverage;
    // The dates any code set of the module covers.
    const sets = [cm, pcs, hcpcs].filter(Boolean);
    $('#dos').min = sets.map((x) => x.coverage.first).sort()[0];
    $('#dos').max = sets.map((x) => x.coverage.last).sort().at(-1);
    if (dos() > $('#dos').max) $('#dos').value = $('#dos').max;
    const info = mod.buildInfo();
    // The picker offers the systems of this module.
    const has = { icd10pcs: !!pcs, hcpcs: !!hcpcs, cpt: !!Cpt };
    for (const o of [...$('#system').options]) if (o.dataset.needs && !has[o.dataset.needs]) o.remove();
    // The header says what the tool covers: the module's code systems and their dates.
    $('#covers').textContent = [`ICD-10-CM${info.titles ? '' : ' (codes only)'}`, pcs && 'ICD-10-PCS', hcpcs && 'HCPCS Level II',
      Cpt && 'CPT (structure only)'].filter(Boolean).join(' · ') + ` · ${$('#dos').min.slice(0, 4)}–${$('#dos').max.slice(0, 4)}`;
    $('#build').textContent = `medcodes ${info.version} (ICD-10-CM ${cov.first} to ${cov.last}${pcs ? ', ICD-10-PCS' : ''}` +
      `${hcpcs ? `, HCPCS ${hcpcs.coverage.first} to ${hcpcs.coverage.last}` : ''}${Cpt ? ', CPT by number' : ''}` +
      `${info.titles ? '' : ', no titles'}${info.notes ? ', notes' : ''})`;
    // Which release each table comes from and the last date it is current for (issue 19).
    $('#currency').textContent = currencyText([['ICD-10-CM', cm], ['ICD-10-PCS', pcs], ['HCPCS Level II', hcpcs]]);
    setStatus(`Ready · offline · loaded in ${Math.round(timings.wasmReady - timings.scriptStart)} ms`);
    const q = $('#q');
    q.disabled = false;
    q.addEventListener('input', scheduleSearch);
    q.addEventListener('keydown', onSearchKey);
    $('#dos').addEventListener('change', () => {
      route();
      if ($('#q').value) runSearch();
      // The table shows the verdicts of the date picked: checked again on a new date.
      if (lastBatch) runBatch();
      if (lastCheck) diagnosesChanged();
    });
    $('#system').addEventListener('change', () => {
      if ($('#q').value) runSearch();
      if (!$('#view-batch').hidden && $('#batch-input').value.trim()) runBatch();
    });
    setUpEncounterPanel();
    $('#batch-run').addEventListener('click', runBatch);
    $('#batch-csv').addEventListener('click', downloadCsv);
    $('#batch-copy').addEventListener('click', copyCsv);
    $('#batch-input').addEventListener('keydown', (ev) => { if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) runBatch(); });
    window.addEventListener('hashchange', route);
    route();
    q.focus();
    window.medcodesReady = true;
    registerServiceWorker();
    warmSearch();
  }

  start();
})();
