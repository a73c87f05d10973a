// The browser tool: search as you type, a code's details and hierarchy, and validation of a
// pasted list. A classic script (no modules) over the no-modules build of the package, so
// the page works from file:// as well as from any static server, with no network.
// Every rule comes from the package; this file only lays out what it says.
'use strict';

(function () {
  const $ = (sel) => document.querySelector(sel);
  const timings = window.medcodesTimings || (window.medcodesTimings = {});
  let cm = null; // the Icd10Cm instance once loaded
  let pcs = null; // the Icd10Pcs instance, when the module has ICD-10-PCS
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
    for (const c of children.flat()) {
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

  function setStatus(text, error) {
    const s = $('#status');
    s.textContent = text;
    s.classList.toggle('error', !!error);
  }

  // ------------------------------------------------------------------ search as you type
  let selected = -1;
  let pending = 0;

  function runSearch() {
    pending = 0;
    const q = $('#q').value;
    const list = $('#results');
    list.replaceChildren();
    selected = -1;
    if (!q.trim()) {
      $('#results-note').textContent = '';
      $('#q').setAttribute('aria-expanded', 'false');
      return;
    }
    const limit = 50;
    const t0 = performance.now();
    let hits = cm.search(q, { limit: limit + 1 });
    // ICD-10-PCS codes by prefix (they start with a digit or a letter other than I and O).
    const pcsHits = pcs && hits.length <= limit ? pcs.codesStartingWith(q, limit + 1 - hits.length) : [];
    hits = hits.concat(pcsHits);
    const ms = performance.now() - t0;
    const shown = hits.slice(0, limit);
    shown.forEach((code, i) => {
      const isPcs = i >= hits.length - pcsHits.length;
      const li = isPcs
        ? el('li', { role: 'option', id: `opt-${i}`, 'data-code': code.code, 'data-system': 'pcs', 'aria-selected': 'false' },
          el('span', { class: 'code' }, code.code), pcsTitleSpan(code), pcsBadge(code))
        : el('li', { role: 'option', id: `opt-${i}`, 'data-code': code.code, 'aria-selected': 'false' },
          el('span', { class: 'code' }, code.code), titleSpan(code), statusBadge(code));
      li.addEventListener('click', () => (isPcs ? openPcs(code.code) : openCode(code.code)));
      list.append(li);
    });
    const more = hits.length > limit ? ` (first ${limit}, in code order)` : '';
    $('#results-note').textContent = shown.length
      ? `${shown.length} matching code${shown.length === 1 ? '' : 's'}${more} · ${ms.toFixed(1)} ms`
      : 'No code matches. Codes start with a letter (E11.9); words match the start of words in titles.';
    $('#q').setAttribute('aria-expanded', String(shown.length > 0));
    if (shown.length) select(0);
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
    if (ev.key === 'ArrowDown') { select(selected + 1); ev.preventDefault(); }
    else if (ev.key === 'ArrowUp') { select(selected - 1); ev.preventDefault(); }
    else if (ev.key === 'Enter') {
      const item = $('#results').children[selected];
      if (item) (item.dataset.system === 'pcs' ? openPcs : openCode)(item.dataset.code);
      ev.preventDefault();
    }
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
      const v = cm.verdict(input);
      show(detail, el('h2', {}, input), el('div', { class: 'verdict bad' }, v.message || 'Not a code.'));
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
  function runBatch() {
    const date = dos();
    const codes = $('#batch-input').value.split(/[\s,;]+/).filter((s) => s !== '');
    const t0 = performance.now();
    const verdicts = cm.validateMany(codes, date);
    const ms = performance.now() - t0;
    const tbody = $('#batch-table tbody');
    tbody.replaceChildren();
    let ok = 0;
    verdicts.forEach((v, i) => {
      if (v.valid) ok++;
      let info = v.message || '';
      if (v.valid) {
        const c = cm.lookup(v.code);
        info = (c && c.titleOn(date)) || '';
      }
      tbody.append(el('tr', { class: v.valid ? 'valid' : 'invalid', 'data-reason': v.reason },
        el('td', {}, i + 1),
        el('td', { class: 'code' }, codes[i]),
        el('td', { class: 'code' }, !v.code ? '—' : v.reason === 'unknown' ? v.code : el('a', { href: `#code=${encodeURIComponent(v.code)}` }, v.code)),
        el('td', { class: 'verdict-cell' }, v.valid ? '✓ valid' : '✗ invalid'),
        el('td', { class: 'reason' }, v.reason.replace(/_/g, ' ')),
        el('td', {}, info)));
    });
    $('#batch-table').hidden = codes.length === 0;
    $('#batch-summary').textContent = codes.length
      ? `${ok} of ${codes.length} valid and billable on ${date} · ${ms.toFixed(1)} ms`
      : 'Nothing to validate.';
  }

  // ------------------------------------------------------------------ routing
  function showView(name) {
    $('#view-lookup').hidden = name === 'batch';
    $('#view-batch').hidden = name !== 'batch';
    for (const [id, v] of [['#tab-lookup', 'lookup'], ['#tab-browse', 'browse'], ['#tab-batch', 'batch']]) {
      if (v === name) $(id).setAttribute('aria-current', 'page');
      else $(id).removeAttribute('aria-current');
    }
  }

  function route() {
    if (!cm) return;
    const hash = decodeURIComponent(location.hash.replace(/^#/, ''));
    const [key, value] = hash.includes('=') ? [hash.slice(0, hash.indexOf('=')), hash.slice(hash.indexOf('=') + 1)] : [hash, ''];
    if (key === 'batch') { showView('batch'); $('#batch-input').focus(); return; }
    if (key === 'code') { showView('lookup'); showCode(value); return; }
    if (key === 'pcs') { showView('lookup'); showPcs(value); return; }
    if (key === 'chapter') { showView('browse'); showChapter(value); return; }
    if (key === 'block') { showView('browse'); showBlock(value); return; }
    if (key === 'chapters') { showView('browse'); showChapters(); return; }
    showView('lookup');
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
    $('#dos').min = cov.first;
    $('#dos').max = cov.last;
    if (dos() > cov.last) $('#dos').value = cov.last;
    const info = mod.buildInfo();
    $('#build').textContent = `medcodes ${info.version} (ICD-10-CM ${cov.first} to ${cov.last}${pcs ? ', ICD-10-PCS' : ''}` +
      `${info.titles ? '' : ', no titles'}${info.notes ? ', notes' : ''})`;
    setStatus(`Ready · offline · loaded in ${Math.round(timings.wasmReady - timings.scriptStart)} ms`);
    const q = $('#q');
    q.disabled = false;
    q.addEventListener('input', () => { if (!pending) pending = requestAnimationFrame(runSearch); });
    q.addEventListener('keydown', onSearchKey);
    $('#dos').addEventListener('change', () => { route(); if ($('#q').value) runSearch(); });
    $('#batch-run').addEventListener('click', runBatch);
    $('#batch-input').addEventListener('keydown', (ev) => { if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) runBatch(); });
    window.addEventListener('hashchange', route);
    route();
    q.focus();
    window.medcodesReady = true;
    // Build the title-word index while the user is still reading.
    const warm = () => cm.search('a b', { limit: 1 });
    if ('requestIdleCallback' in window) requestIdleCallback(warm); else setTimeout(warm, 200);
  }

  start();
})();
