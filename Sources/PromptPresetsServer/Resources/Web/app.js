'use strict';
(() => {
  const $ = (selector, root = document) => root.querySelector(selector);
  const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));
  const csrfToken = $('meta[name="csrf-token"]')?.content ?? '';
  const bar = $('#preset-bar');
  if (!bar) return; // the sign-in page needs no script

  // ---------------------------------------------------------------- page state
  const page = {
    presetId: bar.dataset.presetId,
    presetName: bar.dataset.presetName,
    isDefault: bar.dataset.presetIsDefault === 'true',
    revision: bar.dataset.presetRevision,
    inEffect: bar.dataset.inEffect === 'true',
    sourceKind: bar.dataset.sourceKind,
    sourceKey: bar.dataset.sourceKey,
    profile: bar.dataset.profile,
    character: bar.dataset.character,
    chat: bar.dataset.chat,
  };

  // ---------------------------------------------------------------- API
  class APIError extends Error {
    constructor(message, status, data) {
      super(message);
      this.status = status;
      this.data = data;
    }
  }

  /** This tab's editor id: edit sessions belong to a tab, and survive its reloads. */
  const EDITOR_ID = sessionStorage.getItem('pp.editor') ?? (() => {
    const id = 'tab-' + Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');
    sessionStorage.setItem('pp.editor', id);
    return id;
  })();

  async function api(method, path, body, { rawBody = null, ifMatch = null } = {}) {
    const headers = { 'Accept': 'application/json', 'X-CSRF-Token': csrfToken };
    if (ifMatch !== null && ifMatch !== undefined && ifMatch !== '') headers['If-Match'] = `"${ifMatch}"`;
    const init = { method, headers, credentials: 'same-origin' };
    if (rawBody !== null) {
      init.body = rawBody;
      headers['Content-Type'] = 'application/json';
    } else if (body !== undefined) {
      init.body = JSON.stringify(body);
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch('/api/v1' + path, init);
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = null; }
    if (!response.ok) {
      throw new APIError(data?.message ?? `The server answered ${response.status} ${response.statusText}.`, response.status, data);
    }
    return data;
  }

  /** Someone else changed what the page read, so nothing was written; the message says what changed. */
  class ConflictError extends Error {}

  /**
   * A write on something the page read at `revision` (sent as If-Match). When the server refuses
   * it as stale, the page reads the thing again to say what changed; it never writes over it.
   * `what` is `{label, name}`: how to name the thing, and the name the page showed.
   */
  async function writeRead(method, path, body, { revision, resource = path, what }) {
    try {
      return await api(method, path, body, { ifMatch: revision });
    } catch (error) {
      if (error.status !== 409 && error.status !== 412) throw error;
      let current;
      try {
        current = await api('GET', resource);
      } catch (reading) {
        current = reading.status === 404 ? null : undefined;
      }
      // Same revision: a conflict of another kind (a name taken), not a stale page.
      if (current && String(current.revision) === String(revision)) throw error;
      const change = current === null ? 'was deleted'
        : current?.name && current.name !== what.name ? `was renamed to “${current.name}”` : 'was changed';
      throw new ConflictError(`Not saved: ${what.label} ${change} elsewhere since this page was loaded. Reload to see the change, then try again.`);
    }
  }

  /** Refuses to write over a binding changed since the page showed it (the page lists its context's bindings). */
  async function checkBinding(kind, key) {
    const line = $$('.binding-list li').find((li) => li.dataset.kind === kind && li.dataset.key === key);
    if (!line) return;
    const found = (await api('GET', `/bindings?scope=${enc(kind)}&key=${enc(key)}`))?.[0];
    if ((found?.preset ?? '') === line.dataset.bound) return;
    const now = found ? `bound to “${found.presetName ?? found.preset}”` : 'unbound';
    throw new ConflictError(`Not saved: ${kind} “${key}” was ${now} elsewhere since this page was loaded. Reload to see the change, then try again.`);
  }

  async function fragment(path) {
    const response = await fetch(path, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } });
    const html = await response.text();
    // Fragments are rendered and escaped by the server; error fragments are shown too.
    return html;
  }

  const enc = encodeURIComponent;

  // ---------------------------------------------------------------- notices
  const NOTICE_KEY = 'pp.notices';

  function notify(text, kind = 'info') {
    const box = document.createElement('div');
    box.className = `notice ${kind}`;
    box.dataset.testid = `notice-${kind}`;
    box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'dismiss';
    close.textContent = '×';
    close.setAttribute('aria-label', 'Dismiss');
    close.addEventListener('click', () => box.remove());
    box.append(close, document.createTextNode(text));
    $('#notices').append(box);
    return box;
  }

  function notifyLater(text, kind = 'info') {
    const list = JSON.parse(sessionStorage.getItem(NOTICE_KEY) ?? '[]');
    list.push({ text, kind });
    sessionStorage.setItem(NOTICE_KEY, JSON.stringify(list));
  }

  function showStoredNotices() {
    const list = JSON.parse(sessionStorage.getItem(NOTICE_KEY) ?? '[]');
    sessionStorage.removeItem(NOTICE_KEY);
    for (const notice of list) notify(notice.text, notice.kind);
  }

  function fail(error) {
    const box = notify(error instanceof Error ? error.message : String(error), 'error');
    if (!(error instanceof ConflictError)) return;
    box.dataset.testid = 'notice-conflict';
    const reload = document.createElement('button');
    reload.type = 'button';
    reload.textContent = 'Reload';
    reload.dataset.testid = 'conflict-reload';
    reload.addEventListener('click', () => location.reload());
    box.append(' ', reload);
  }

  // ---------------------------------------------------------------- navigation
  function contextParams() {
    const current = new URLSearchParams(location.search);
    const params = new URLSearchParams();
    for (const key of ['profile', 'character', 'chat']) params.set(key, current.get(key) ?? '');
    return params;
  }

  /** Reloads the page state: same context, optionally another preset and an open section. */
  function go({ preset = page.presetId, open = null, updates = false } = {}) {
    const params = contextParams();
    if (preset) params.set('preset', preset);
    if (open) params.set('open', open);
    if (updates) sessionStorage.setItem('pp.openUpdates', '1');
    location.assign('/?' + params.toString());
  }

  // ---------------------------------------------------------------- context bar
  const CONTEXT_KEY = 'pp.context';
  const RECENT_LIMIT = 8;

  function remember(kind, value) {
    if (!value) return;
    const key = `pp.recent.${kind}`;
    const list = JSON.parse(localStorage.getItem(key) ?? '[]').filter((item) => item !== value);
    list.unshift(value);
    localStorage.setItem(key, JSON.stringify(list.slice(0, RECENT_LIMIT)));
  }

  function setUpContextBar() {
    const query = new URLSearchParams(location.search);
    const hasContext = ['profile', 'character', 'chat'].some((key) => query.has(key));
    const saved = JSON.parse(localStorage.getItem(CONTEXT_KEY) ?? 'null');
    if (!hasContext && saved && (saved.profile || saved.character || saved.chat)) {
      const params = new URLSearchParams(saved);
      for (const key of ['preset', 'open']) if (query.has(key)) params.set(key, query.get(key));
      location.replace('/?' + params.toString());
      return false;
    }
    const context = {
      profile: query.get('profile') ?? '', character: query.get('character') ?? '', chat: query.get('chat') ?? '',
    };
    localStorage.setItem(CONTEXT_KEY, JSON.stringify(context));
    for (const kind of ['profile', 'character', 'chat']) {
      remember(kind, context[kind]);
      const list = $(`#recent-${kind}`);
      for (const value of JSON.parse(localStorage.getItem(`pp.recent.${kind}`) ?? '[]')) {
        const option = document.createElement('option');
        option.value = value;
        list.append(option);
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- dialogs
  function ask({ title, text = '', value = null, okLabel = 'OK', danger = false }) {
    const dialog = $('#ask-dialog');
    $('#ask-title').textContent = title;
    $('.ask-text', dialog).textContent = text;
    const input = $('input', dialog);
    input.hidden = value === null;
    input.value = value ?? '';
    const ok = $('[data-testid="ask-ok"]', dialog);
    ok.textContent = okLabel;
    ok.className = danger ? 'danger' : 'primary';
    dialog.returnValue = '';
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => {
        if (dialog.returnValue !== 'ok') resolve(null);
        else resolve(value === null ? true : input.value.trim());
      }, { once: true });
      dialog.showModal();
      if (!input.hidden) input.select();
    });
  }

  const confirmAction = (title, text, okLabel) => ask({ title, text, okLabel, danger: true });

  // ---------------------------------------------------------------- Default is read-only
  /**
   * The id of a preset the user may change. When the Default preset is shown, it is duplicated
   * first and the copy takes its place in the scope that was in effect; the user is told so.
   */
  async function ensureEditable() {
    if (!page.isDefault) return page.presetId;
    const kind = page.sourceKind || 'profile';
    const key = page.sourceKind ? page.sourceKey : page.profile;
    if (page.inEffect) await checkBinding(kind, key);
    const copy = await api('POST', '/presets/default/duplicate', {});
    let where;
    if (page.inEffect) {
      await api('PUT', '/bindings', { scope: kind, key, preset: copy.id });
      where = kind === 'profile' ? `made it the active preset of profile “${key}”` : `bound it to ${kind} “${key}”`;
    } else {
      where = 'selected it';
    }
    const message = `The Default preset cannot be changed, so it was duplicated as “${copy.name}”; PromptPresets ${where}. Your change goes into the copy.`;
    notify(message, 'info');
    notifyLater(message, 'info');
    page.presetId = copy.id;
    page.presetName = copy.name;
    page.isDefault = false;
    page.revision = copy.revision;
    const params = contextParams();
    params.set('preset', copy.id);
    history.replaceState(null, '', '/?' + params.toString());
    return copy.id;
  }

  // ---------------------------------------------------------------- preset actions
  const presetActions = {
    async 'rename-preset'() {
      const name = await ask({ title: 'Rename preset', text: 'Bindings follow the preset.', value: page.presetName, okLabel: 'Rename' });
      if (!name || name === page.presetName) return;
      await writeRead('PATCH', `/presets/${enc(page.presetId)}`, { name }, { revision: page.revision, what: thisPreset() });
      notifyLater(`Renamed “${page.presetName}” to “${name}”.`, 'success');
      go();
    },
    async 'delete-preset'() {
      if (!await confirmAction('Delete preset', `Delete “${page.presetName}”? Bindings to it are removed too.`, 'Delete')) return;
      const result = await writeRead('DELETE', `/presets/${enc(page.presetId)}`, undefined, { revision: page.revision, what: thisPreset() });
      const removed = (result.removedBindings ?? []).map((b) => `${b.scope} “${b.key}”`);
      notifyLater(`Deleted “${page.presetName}”.` + (removed.length ? ` Removed bindings: ${removed.join(', ')}.` : ''), 'success');
      go({ preset: null });
    },
    async 'duplicate-preset'() {
      const copy = await api('POST', `/presets/${enc(page.presetId)}/duplicate`, {});
      notifyLater(`Created “${copy.name}”, a copy of “${page.presetName}”.`, 'success');
      go({ preset: copy.id });
    },
    async 'export-preset'() { await exportPreset('bundle', 'preset.presets.json'); },
    async 'export-preset-extension'() { await exportPreset('extension', 'preset.json'); },
    async 'bind-character'() { await bind('character', page.character); },
    async 'bind-chat'() { await bind('chat', page.chat); },
    async 'bind-profile'() { await bind('profile', page.profile); },
    async 'clear-binding'() {
      const { sourceKind: kind, sourceKey: key } = page;
      if (!kind) return;
      await checkBinding(kind, key);
      await api('DELETE', `/bindings?scope=${enc(kind)}&key=${enc(key)}`);
      notifyLater(`Cleared the binding of ${kind} “${key}”.`, 'success');
      go({ preset: null });
    },
  };

  /** The viewed preset, as `writeRead` names it. */
  const thisPreset = () => ({ label: `preset “${page.presetName}”`, name: page.presetName });

  /** The version a section shows, as `writeRead` names it. */
  const versionOf = (section) => ({ label: `version “${section.dataset.artifactName}”`, name: section.dataset.artifactName });

  /// Downloads the viewed preset as a bundle or in the SillyTavern extension's own format.
  async function exportPreset(format, fallbackName) {
    const response = await fetch(`/api/v1/export?format=${format}&preset=${enc(page.presetId)}`, { credentials: 'same-origin' });
    if (!response.ok) {
      const data = await response.json().catch(() => null);
      throw new APIError(data?.message ?? `Export failed (${response.status}).`);
    }
    const disposition = response.headers.get('Content-Disposition') ?? '';
    const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    notify(`Exported “${page.presetName}” as ${fileName}.`, 'success');
  }

  /// The import report as one table row per preset, version and warning; resolves when closed.
  function showImportReport(fileName, report) {
    const rows = [
      ...(report.createdPresets ?? []).map((p) => ['preset', p.originalName, p.originalName === p.finalName ? 'created' : `created as “${p.finalName}”`]),
      ...(report.createdArtifacts ?? []).map((a) => [a.operation, a.sourceName, `new version “${a.name}”`]),
      ...(report.reusedArtifacts ?? []).map((a) => [a.operation, a.sourceName, `reuses “${a.name}”`]),
      ...(report.defaultMappings ?? []).map((m) => [m.operation, m.sourceName, m.matchedVersion ? `the default (equal to ${m.matchedVersion})` : 'the default']),
      ...(report.skippedOperations ?? []).map((operation) => [operation, '', 'skipped: not in this catalog']),
      ...(report.warnings ?? []).map((warning) => ['', warning, 'warning']),
    ];
    const dialog = $('#import-report');
    dialog.querySelector('.import-summary').textContent = `${fileName}: ${rows.length} item${rows.length === 1 ? '' : 's'}.`;
    const body = dialog.querySelector('tbody');
    body.replaceChildren(...rows.map((cells) => {
      const row = document.createElement('tr');
      if (cells[2] === 'warning') row.className = 'warning';
      for (const text of cells) {
        const cell = document.createElement('td');
        cell.textContent = text;
        row.append(cell);
      }
      return row;
    }));
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => resolve(), { once: true });
      dialog.showModal();
    });
  }

  async function bind(kind, key) {
    if (!key) return;
    await checkBinding(kind, key);
    await api('PUT', '/bindings', { scope: kind, key, preset: page.presetId });
    notifyLater(`Bound “${page.presetName}” to ${kind} “${key}”.`, 'success');
    go({ preset: null });
  }

  async function importFile(input) {
    const file = input.files?.[0];
    if (!file) return;
    const text = await file.text();
    input.value = '';
    const result = await api('POST', '/import', undefined, { rawBody: text });
    const report = result.report ?? {};
    const created = (report.createdPresets ?? []).map((p) => p.originalName === p.finalName ? `“${p.finalName}”` : `“${p.originalName}” as “${p.finalName}”`);
    notifyLater(`Imported ${file.name}: ${created.length ? 'created ' + created.join(', ') : 'no new preset'}.`, 'success');
    await showImportReport(file.name, report);
    go({ preset: result.presets?.[0]?.id ?? page.presetId });
  }

  // ---------------------------------------------------------------- operation sections
  const sectionActions = {
    async edit(section) { await openEditor(section); },
    async 'rename-version'(section) {
      const { artifactId: id, artifactName: name } = section.dataset;
      const newName = await ask({ title: 'Rename version', text: 'Later edits of it are named “<new name> vN”.', value: name, okLabel: 'Rename' });
      if (!newName || newName === name) return;
      await writeRead('PATCH', `/artifacts/${enc(id)}`, { name: newName }, { revision: section.dataset.artifactRevision, what: versionOf(section) });
      notifyLater(`Renamed “${name}” to “${newName}”.`, 'success');
      go({ open: section.dataset.operation });
    },
    async 'delete-version'(section) {
      const { artifactId: id, artifactName: name, operation, title } = section.dataset;
      if (!await confirmAction('Delete version', `Delete “${name}” of ${title}? “${page.presetName}” then uses the default for it.`, 'Delete')) return;
      const operationPath = `/presets/${enc(page.presetId)}/operations/${enc(operation)}`;
      const preset = await writeRead('PUT', operationPath, { artifact: null }, { revision: page.revision, resource: `/presets/${enc(page.presetId)}`, what: thisPreset() });
      try {
        await writeRead('DELETE', `/artifacts/${enc(id)}`, undefined, { revision: section.dataset.artifactRevision, what: versionOf(section) });
      } catch (error) {
        await api('PUT', operationPath, { artifact: id }, { ifMatch: preset.revision }).catch(() => {});
        throw error;
      }
      notifyLater(`Deleted “${name}”; “${page.presetName}” uses the default ${title}.`, 'success');
      go({ open: operation });
    },
    async 'duplicate-version'(section) {
      const { operation, artifactName } = section.dataset;
      const source = artifactName || 'Default';
      const copy = await api('POST', `/operations/${enc(operation)}/duplicate`, { version: source });
      notifyLater(`Created “${copy.name}”, a copy of “${source}”. Pick it in the Version list to use it.`, 'success');
      go({ open: operation });
    },
    async history(section) { await openHistory(section.dataset.operation); },
  };

  async function selectVersion(section, select) {
    const operation = section.dataset.operation;
    const artifact = select.value || null;
    const presetId = await ensureEditable();
    await writeRead('PUT', `/presets/${enc(presetId)}/operations/${enc(operation)}`, { artifact },
      { revision: page.revision, resource: `/presets/${enc(presetId)}`, what: thisPreset() });
    const label = select.selectedOptions[0]?.textContent ?? 'the default';
    notifyLater(`${section.dataset.title} in “${page.presetName}” now uses ${label}.`, 'success');
    go({ preset: presetId, open: operation });
  }

  // ---------------------------------------------------------------- history
  async function openHistory(operation) {
    const dialog = $('#history-dialog');
    const body = $('.history-body', dialog);
    body.innerHTML = await fragment(`/web/history?operation=${enc(operation)}`);
    dialog.showModal();
    await compareHistory(body);
  }

  async function compareHistory(body) {
    const operation = $('.history', body)?.dataset.operation;
    const from = $('input[name="from"]:checked', body)?.value;
    const to = $('input[name="to"]:checked', body)?.value;
    const target = $('.history-diff', body);
    if (!operation || !target) return;
    if (!from || !to) { target.textContent = 'Pick a version in each column.'; return; }
    target.innerHTML = await fragment(`/web/diff?operation=${enc(operation)}&from=${enc(from)}&to=${enc(to)}`);
  }

  // ---------------------------------------------------------------- updates panel
  async function updateAction(item, action) {
    const preset = item.dataset.presetId;
    const operation = item.dataset.operation;
    const base = `/updates/${enc(preset)}/${enc(operation)}`;
    // Each write carries the preset revision the panel was drawn from: a preset changed since is a 409.
    const read = { ifMatch: item.dataset.presetRevision };
    const detail = $('.update-detail', item);
    const query = `preset=${enc(preset)}&operation=${enc(operation)}`;
    switch (action) {
      case 'compare':
        detail.innerHTML = await fragment(`/web/updates/compare?${query}`);
        return;
      case 'merge':
        detail.innerHTML = await fragment(`/web/updates/merge?${query}`);
        return;
      case 'keep':
        await api('POST', `${base}/keep`, undefined, read);
        notifyLater('Kept your version; it is now marked as based on the new default.', 'success');
        break;
      case 'revert':
        await api('POST', `${base}/revert`, undefined, read);
        notifyLater('Reverted to the default: the preset now uses the newest default for this operation.', 'success');
        break;
      case 'dismiss':
        await api('POST', `${base}/dismiss`, undefined, read);
        notifyLater('Dismissed this update; a newer default will notify you again.', 'success');
        break;
    }
    go({ updates: true });
  }

  async function applyMerge(item, choice) {
    const body = choice === 'resolve' ? { resolutions: mergeResolutions($('.merge', item)) } : {};
    const merged = await api('POST', `/updates/${enc(item.dataset.presetId)}/${enc(item.dataset.operation)}/merge`, body,
      { ifMatch: item.dataset.presetRevision });
    notifyLater(`Merged the new default into “${merged.name}”, now used by the preset.`, 'success');
    go({ updates: true });
  }

  /**
   * The choices made in a merge preview, as the merge API's `resolutions`: per text field a list with
   * one entry per conflict region, in order; per other field one `{take}`.
   */
  function mergeResolutions(preview) {
    const resolutions = {};
    for (const fieldset of $$('.merge-field', preview)) {
      const entries = $$('.merge-region', fieldset).map(regionResolution);
      resolutions[fieldset.dataset.field] = fieldset.dataset.kind === 'text' ? entries : entries[0];
    }
    return resolutions;
  }

  function regionResolution(region) {
    const choice = $('input[type="radio"]:checked', region)?.value ?? 'mine';
    if (choice === 'edit') return { text: $('.merge-edit', region).value };
    return { take: choice };
  }

  /** Shows a region's text box while Edit is its choice. */
  function showMergeEdit(radio) {
    const textarea = $('.merge-edit', radio.closest('.merge-region'));
    if (!textarea) return;
    textarea.hidden = radio.value !== 'edit';
    if (!textarea.hidden) textarea.focus();
  }

  // ---------------------------------------------------------------- editor
  const editor = {
    dialog: $('#editor'),
    section: null, session: null, schema: [], variables: [], readers: [],
    timer: null, chain: Promise.resolve(), lastSent: null, startJSON: null, version: null,
    resumedVersion: false, conflict: null, copyOfDefault: null, copyNotice: null,
  };

  function connectionOptions(select, value) {
    const none = document.createElement('option');
    none.value = '';
    none.textContent = 'Current connection';
    select.append(none);
    for (const option of $$('#connection-profiles option')) select.append(option.cloneNode(true));
    if (value && !$$('option', select).some((o) => o.value === value)) {
      const unknown = document.createElement('option');
      unknown.value = value;
      unknown.textContent = `Unknown profile (${value})`;
      select.append(unknown);
    }
    select.value = value ?? '';
  }

  /** A form control for one schema field, and a function reading its value back. */
  function buildControl(spec, value, id) {
    let control;
    let read;
    if (spec.kind === 'multiline') {
      control = document.createElement('textarea');
      control.value = value ?? '';
      if (spec.key.endsWith('prompt')) control.className = 'prompt';
      control.maxLength = spec.maxLength;
      read = () => control.value;
    } else if (spec.kind === 'text') {
      control = document.createElement('input');
      control.value = value ?? '';
      control.maxLength = spec.maxLength;
      read = () => control.value;
    } else if (spec.kind === 'boolean' && spec.nullable) {
      control = document.createElement('select');
      for (const [v, label] of [['', '—'], ['true', 'yes'], ['false', 'no']]) {
        const option = document.createElement('option');
        option.value = v;
        option.textContent = label;
        control.append(option);
      }
      control.value = value === null || value === undefined ? '' : String(value);
      read = () => (control.value === '' ? null : control.value === 'true');
    } else if (spec.kind === 'boolean') {
      control = document.createElement('input');
      control.type = 'checkbox';
      control.checked = value === true;
      read = () => control.checked;
    } else if (spec.kind === 'integer') {
      control = document.createElement('input');
      control.type = 'number';
      control.min = spec.min;
      control.max = spec.max;
      control.step = 1;
      control.value = value ?? 0;
      read = () => {
        const number = Number.parseInt(control.value, 10);
        return Number.isNaN(number) ? 0 : number;
      };
    } else if (spec.kind === 'connectionProfile') {
      control = document.createElement('select');
      connectionOptions(control, value);
      read = () => control.value || null;
    } else {
      control = document.createElement('textarea');
      control.value = JSON.stringify(value, null, 2);
      read = () => { try { return JSON.parse(control.value); } catch { return value; } };
    }
    control.id = id;
    control.dataset.testid = `editor-field-${spec.key}`;
    return { control, read };
  }

  function buildList(spec, rows) {
    const wrap = document.createElement('div');
    wrap.className = 'table-wrap';
    const table = document.createElement('table');
    table.className = 'data-table entity-table';
    table.dataset.testid = `editor-field-${spec.key}`;
    const head = table.createTHead().insertRow();
    for (const column of spec.fields) {
      const th = document.createElement('th');
      th.textContent = column.title;
      head.append(th);
    }
    head.append(document.createElement('th'));
    const body = table.createTBody();
    const rowReaders = [];
    const addRow = (row) => {
      const tr = body.insertRow();
      const readers = {};
      for (const column of spec.fields) {
        const cell = tr.insertCell();
        const { control, read } = buildControl(column, row[column.key], `f-${spec.key}-${rowReaders.length}-${column.key}`);
        control.setAttribute('aria-label', column.title);
        cell.append(control);
        readers[column.key] = read;
      }
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.textContent = 'Remove';
      const entry = { tr, readers };
      remove.addEventListener('click', () => {
        tr.remove();
        rowReaders.splice(rowReaders.indexOf(entry), 1);
        scheduleSave();
      });
      tr.insertCell().append(remove);
      rowReaders.push(entry);
    };
    for (const row of rows ?? []) addRow(row);
    const add = document.createElement('button');
    add.type = 'button';
    add.textContent = 'Add row';
    add.addEventListener('click', () => {
      const blank = {};
      for (const column of spec.fields) blank[column.key] = column.kind === 'boolean' ? (column.nullable ? null : false) : '';
      addRow(blank);
      scheduleSave();
    });
    wrap.append(table, add);
    const read = () => rowReaders.map(({ readers }) => Object.fromEntries(Object.entries(readers).map(([k, r]) => [k, r()])));
    return { element: wrap, read };
  }

  function buildField(spec, value) {
    const field = document.createElement('div');
    field.className = 'editor-field';
    const id = `f-${spec.key}`;
    if (spec.kind === 'list') {
      const label = document.createElement('h3');
      label.textContent = spec.title;
      const { element, read } = buildList(spec, value);
      field.append(label, element);
      return { field, read };
    }
    if (spec.kind === 'record') {
      const fieldset = document.createElement('fieldset');
      const legend = document.createElement('legend');
      legend.textContent = spec.title;
      const inner = document.createElement('div');
      const readers = {};
      for (const member of spec.fields) {
        const { field: memberField, read } = buildField(member, value?.[member.key]);
        inner.append(memberField);
        readers[member.key] = read;
      }
      fieldset.append(legend, inner);
      field.append(fieldset);
      return { field, read: () => Object.fromEntries(Object.entries(readers).map(([k, r]) => [k, r()])) };
    }
    const { control, read } = buildControl(spec, value, id);
    const label = document.createElement('label');
    label.htmlFor = id;
    if (spec.kind === 'boolean' && !spec.nullable) {
      field.classList.add('checkbox');
      label.append(control, document.createTextNode(spec.title));
    } else {
      label.append(document.createTextNode(spec.title), control);
    }
    field.append(label);
    if (spec.key === 'prompt' && editor.variables.length) {
      const hint = document.createElement('p');
      hint.className = 'muted small';
      hint.textContent = 'Variables: ' + editor.variables
        .map((v) => `{{${v.name}}}${v.required ? ' (required)' : ''}`).join(', ');
      field.append(hint);
    }
    return { field, read };
  }

  function readConfig() {
    return Object.fromEntries(editor.readers.map(({ key, read }) => [key, read()]));
  }

  function setStatus(text, kind = '') {
    const status = $('.editor-status', editor.dialog);
    status.textContent = text;
    status.className = `editor-status ${kind}`;
  }

  /** Template-variable warnings, as the server lints them (§2.4). */
  function lint(config) {
    const declared = new Set(editor.variables.map((v) => v.name));
    const warnings = [];
    for (const spec of editor.schema) {
      if (spec.kind !== 'multiline' || !spec.key.endsWith('prompt')) continue;
      const text = config[spec.key] ?? '';
      const used = [...text.matchAll(/\{\{\s*([\p{L}\p{N}_.]+)\s*\}\}/gu)].map((m) => m[1]);
      if (spec.key === 'prompt' && text !== '') {
        for (const v of editor.variables) {
          if (v.required && !used.includes(v.name)) warnings.push(`${spec.key}: required variable {{${v.name}}} is not used`);
        }
      }
      for (const name of new Set(used)) {
        if (!declared.has(name)) warnings.push(`${spec.key}: unknown variable {{${name}}}`);
      }
    }
    return warnings;
  }

  function showLint(messages) {
    const list = $('.lint-list', editor.dialog);
    list.replaceChildren(...messages.map((m) => {
      const li = document.createElement('li');
      li.textContent = m;
      return li;
    }));
    list.hidden = messages.length === 0;
  }

  /** JSON with object keys sorted at every level, so equal configs compare equal whatever their key order. */
  function canonicalJSON(value) {
    if (Array.isArray(value)) return '[' + value.map(canonicalJSON).join(',') + ']';
    if (value !== null && typeof value === 'object') {
      return '{' + Object.keys(value).sort().map((key) => JSON.stringify(key) + ':' + canonicalJSON(value[key])).join(',') + '}';
    }
    return JSON.stringify(value);
  }

  function scheduleSave() {
    if (editor.conflict) { setStatus('Not saved: choose Reload or Take over first.', 'error'); return; }
    const config = readConfig();
    showLint(lint(config));
    if (canonicalJSON(config) !== editor.lastSent) setStatus('Unsaved changes…');
    clearTimeout(editor.timer);
    editor.timer = setTimeout(save, 500);
  }

  /** Sends the form's config to the session (auto-save); requests are sent one after another. */
  function save() {
    clearTimeout(editor.timer);
    editor.timer = null;
    const config = readConfig();
    const json = canonicalJSON(config);
    if (json === editor.lastSent) return editor.chain;
    editor.lastSent = json;
    editor.chain = editor.chain.then(async () => {
      setStatus('Saving…');
      const state = await api('PATCH', `/sessions/${enc(editor.session.id)}`, { config }, { ifMatch: editor.session.revision });
      adoptCopyOfDefault(state.session);
      editor.session = state.session;
      editor.version = state.version;
      if (state.version) {
        setStatus(`Saved as ${state.version.name}`, 'saved');
        const name = $('[name="__name"]', editor.dialog);
        const description = $('[name="__description"]', editor.dialog);
        if (name.disabled || state.createdVersion) name.value = state.version.name;
        name.disabled = false;
        description.disabled = false;
      } else {
        setStatus('No changes to save');
      }
      showLint((state.lintWarnings ?? []).map((w) => w.message));
    }).catch((error) => {
      editor.lastSent = null;
      if (error.status === 409 || error.status === 404) return showConflict(error);
      setStatus(`Not saved: ${error.message}`, 'error');
    });
    return editor.chain;
  }

  const isMine = (owner) => owner === EDITOR_ID || owner.endsWith('/' + EDITOR_ID);

  function button(label, testid, onClick) {
    const element = document.createElement('button');
    element.type = 'button';
    element.textContent = label;
    element.dataset.testid = testid;
    element.addEventListener('click', guarded(onClick));
    return element;
  }

  /** The fields where `theirs` differs from `mine`, with their value, as a definition list. */
  function differences(theirs, mine) {
    const list = document.createElement('dl');
    list.dataset.testid = 'editor-conflict-theirs';
    for (const spec of editor.schema) {
      if (canonicalJSON(theirs[spec.key]) === canonicalJSON(mine[spec.key])) continue;
      const term = document.createElement('dt');
      term.textContent = spec.title;
      const value = document.createElement('pre');
      value.textContent = typeof theirs[spec.key] === 'string' ? theirs[spec.key] : JSON.stringify(theirs[spec.key], null, 2);
      const detail = document.createElement('dd');
      detail.append(value);
      list.append(term, detail);
    }
    if (!list.children.length) list.textContent = 'Their text is the same as yours.';
    return list;
  }

  /**
   * Another editor changed the session, or the preset moved on, or the edit was closed
   * elsewhere: nothing of ours was written. Shows what the session holds now and offers
   * Reload (take theirs) or Take over (write mine over it, having seen it).
   */
  function showConflict(error) {
    const current = error.data?.current ?? null;
    editor.conflict = { current };
    clearTimeout(editor.timer);
    editor.timer = null;
    const box = document.createElement('div');
    box.className = 'notice error';
    box.dataset.testid = 'editor-conflict';
    const text = document.createElement('p');
    if (current) {
      const who = isMine(current.session.owner) ? 'This edit was changed elsewhere'
        : current.session.owner.includes('/tab-') ? 'Another browser tab changed this edit' : `${current.session.owner} changed this edit`;
      text.textContent = `${who} since you loaded it; your change was not saved. What it holds now:`;
    } else if (error.status === 404) {
      text.textContent = 'This edit was closed elsewhere (finished, cancelled or expired); your change was not saved.';
    } else {
      text.textContent = `${error.message} Your change was not saved.`;
    }
    box.append(text);
    if (current) box.append(differences(current.session.config, readConfig()));
    const actions = document.createElement('p');
    actions.append(button('Reload', 'editor-reload', reloadAfterConflict), ' ',
      button('Take over', 'editor-take-over', takeOverAfterConflict));
    box.append(actions);
    $('.editor-notice', editor.dialog).replaceChildren(box);
    setStatus('Not saved: conflict', 'error');
  }

  /** Reload: the session's text replaces the form when this tab still holds it; otherwise the page shows what was saved. */
  async function reloadAfterConflict() {
    const current = editor.conflict?.current;
    if (current && isMine(current.session.owner)) {
      editor.session = current.session;
      editor.version = current.version;
      fillEditor(current.session.config);
      editor.lastSent = canonicalJSON(readConfig());
      editor.conflict = null;
      $('.editor-notice', editor.dialog).replaceChildren();
      setStatus(current.version ? `Editing ${current.version.name} (auto-saved)` : 'Reloaded');
      return;
    }
    editor.dialog.close();
    go({ preset: editor.session.preset, open: editor.section.dataset.operation });
  }

  /** Take over: this tab holds the session again and its text is saved over what the user was shown. */
  async function takeOverAfterConflict() {
    const body = { preset: editor.session.preset, operation: editor.section.dataset.operation, editor: EDITOR_ID, takeOver: true };
    const state = await api('POST', '/sessions', body);
    editor.session = state.session;
    editor.version = state.version;
    editor.conflict = null;
    editor.lastSent = null;
    $('.editor-notice', editor.dialog).replaceChildren();
    await save();
  }

  /** The first real change on Default made a copy: from now on the page shows the copy. */
  function adoptCopyOfDefault(session) {
    if (!page.isDefault || session.preset === 'default') return;
    const binding = copyBinding();
    page.presetId = session.preset;
    page.presetName = session.presetName;
    page.isDefault = false;
    const where = binding
      ? (binding.scope === 'profile' ? `; it is now the active preset of profile “${binding.key}”` : `; it is now bound to ${binding.scope} “${binding.key}”`)
      : '';
    const message = `Default is read-only: your change made “${session.presetName}”, a copy of Default${where}. Cancel removes the copy again.`;
    notify(message, 'info');
    editor.copyNotice = message;
    editor.copyOfDefault = { id: session.preset, binding, wasBound: Boolean(page.sourceKind) };
    const params = contextParams();
    params.set('preset', session.preset);
    history.replaceState(null, '', '/?' + params.toString());
  }

  /** Where a copy of Default made while editing is bound: the scope Default was in effect for. */
  function copyBinding() {
    if (!page.isDefault || !page.inEffect) return undefined;
    const scope = page.sourceKind || 'profile';
    return { scope, key: page.sourceKind ? page.sourceKey : page.profile };
  }

  /** Opens (or reopens) this tab's session; another editor's session is taken over only when the user says so. */
  async function openSession(operation) {
    const body = { preset: page.presetId, operation, editor: EDITOR_ID };
    const binding = copyBinding();
    if (binding) body.bindCopyTo = binding;
    try {
      return await api('POST', '/sessions', body);
    } catch (error) {
      if (error.status !== 409 || !error.data?.current) throw error;
      const takeOver = await ask({ title: 'Being edited elsewhere', text: `${error.message}`, okLabel: 'Take over' });
      if (!takeOver) return null;
      return await api('POST', '/sessions', { ...body, takeOver: true });
    }
  }

  async function openEditor(section) {
    editor.section = section;
    editor.schema = JSON.parse(section.dataset.schema);
    editor.variables = JSON.parse(section.dataset.variables);
    const state = await openSession(section.dataset.operation);
    if (!state) return;
    editor.session = state.session;
    editor.version = state.version;
    editor.resumedVersion = Boolean(state.version);
    editor.conflict = null;
    editor.copyOfDefault = null;
    editor.copyNotice = null;
    const config = state.session.config;
    editor.chain = Promise.resolve();

    $('#editor-title').textContent = `Edit ${section.dataset.title} — ${page.presetName}`;
    $('.editor-notice', editor.dialog).replaceChildren();
    fillEditor(config);
    // What the form reads before any change: the baseline for auto-save and for Cancel's question.
    editor.startJSON = canonicalJSON(readConfig());
    editor.lastSent = editor.startJSON;
    const fields = $('.editor-fields', editor.dialog);
    const name = $('[name="__name"]', editor.dialog);
    const description = $('[name="__description"]', editor.dialog);
    name.value = state.version?.name ?? '';
    name.placeholder = 'named when the first change is saved';
    description.value = '';
    name.disabled = description.disabled = !state.version;
    $('.confirm-bar', editor.dialog).hidden = true;
    showLint(lint(config));
    setStatus(state.version
      ? `Editing ${state.version.name} (auto-saved)`
      : `Starting from ${section.dataset.versionName}; the first change creates a new version`);
    editor.dialog.showModal();
    editor.readers.length && $('textarea, input, select', fields)?.focus();
  }

  /** Builds the form's fields from a config. */
  function fillEditor(config) {
    const fields = $('.editor-fields', editor.dialog);
    fields.replaceChildren();
    editor.readers = editor.schema.map((spec) => {
      const { field, read } = buildField(spec, config[spec.key]);
      fields.append(field);
      return { key: spec.key, read };
    });
  }

  async function renameFromEditor(input) {
    if (!editor.version) return;
    const value = input.value.trim();
    const body = input.name === '__name' ? { name: value } : { description: value };
    if (input.name === '__name' && (!value || value === editor.version.name)) return;
    try {
      const artifact = await api('PATCH', `/artifacts/${enc(editor.version.id)}`, body);
      editor.version = { id: artifact.id, name: artifact.name, number: artifact.number };
      setStatus(input.name === '__name' ? `Saved as ${artifact.name}` : `Saved the description of ${artifact.name}`, 'saved');
    } catch (error) {
      setStatus(error.message, 'error');
    }
  }

  async function finishEdit() {
    await save();
    if (editor.conflict) return;
    let end;
    try {
      end = await api('POST', `/sessions/${enc(editor.session.id)}/finish`, undefined, { ifMatch: editor.session.revision });
    } catch (error) {
      if (error.status === 409 || error.status === 404) { showConflict(error); return; }
      throw error;
    }
    const title = editor.section.dataset.title;
    if (editor.copyNotice) notifyLater(editor.copyNotice, 'info');
    notifyLater(end.version ? `Saved ${title} as “${end.version.name}”.` : `No changes to ${title} were kept.`, 'success');
    editor.dialog.close();
    go({ preset: editor.session.preset, open: editor.section.dataset.operation });
  }

  /** Whether Cancel throws something away: the form differs from where it started, or a resumed edit already saved a version. */
  function isDirty() {
    return editor.resumedVersion || canonicalJSON(readConfig()) !== editor.startJSON;
  }

  function requestCancel() {
    if (isDirty()) {
      $('.confirm-bar', editor.dialog).hidden = false;
      $('[data-editor="keep-editing"]', editor.dialog).focus();
    } else {
      discardEdit().catch(fail);
    }
  }

  async function discardEdit() {
    clearTimeout(editor.timer);
    editor.timer = null;
    await editor.chain;
    let end = { presetReference: null };
    try {
      end = await api('POST', `/sessions/${enc(editor.session.id)}/cancel`, undefined, { ifMatch: editor.session.revision });
    } catch (error) {
      if (error.status === 409) { showConflict(error); return; }
      if (error.status !== 404) throw error; // 404: already closed elsewhere, nothing to cancel
    }
    const title = editor.section.dataset.title;
    const hadVersion = Boolean(editor.version);
    const removedCopy = editor.copyOfDefault ? await removeCopyOfDefault(editor.copyOfDefault) : false;
    editor.dialog.close();
    notifyLater(removedCopy
      ? `Edit cancelled: nothing was kept, and the copy of Default made for it was removed.`
      : hadVersion
        ? `Edit cancelled: the new version was removed and ${title} is back to ${end.presetReference ? 'the version it used before' : 'the default'}.`
        : `Edit of ${title} closed without changes.`, 'info');
    go({ preset: removedCopy ? 'default' : editor.session.preset, open: editor.section.dataset.operation });
  }

  /**
   * Cancelling the edit that copied Default removes the copy (and its binding) when nothing else
   * went into it, and puts back a binding to Default it replaced. Returns whether it was removed.
   */
  async function removeCopyOfDefault({ id, binding, wasBound }) {
    const copy = await api('GET', `/presets/${enc(id)}`).catch(() => null);
    if (!copy || !copy.operations.every((operation) => operation.isDefault)) return false;
    await api('DELETE', `/presets/${enc(id)}`, undefined, { ifMatch: copy.revision });
    if (binding && wasBound) await api('PUT', '/bindings', { ...binding, preset: 'default' });
    return true;
  }

  // ---------------------------------------------------------------- panels
  // Bindings, connection profiles and the audit log open in one dialog, rendered by the server
  // (`/web/<panel>`); their filters reload the panel, their buttons write through the API. A
  // write in a panel reloads the page when the panel closes, so the page never shows stale state.
  const PANEL_TITLES = { bindings: 'Bindings', connections: 'Connection profiles', audit: 'Audit log' };
  const panel = { dialog: $('#panel-dialog'), kind: null, changed: false, timer: null };

  async function openPanel(kind) {
    panel.kind = kind;
    $('#panel-title').textContent = PANEL_TITLES[kind];
    await reloadPanel();
    if (!panel.dialog.open) panel.dialog.showModal();
  }

  async function reloadPanel() {
    const form = $('.panel-filter[data-panel-filter]', panel.dialog);
    const query = form ? new URLSearchParams(new FormData(form)).toString() : '';
    const focused = document.activeElement?.name;
    $('.panel-body', panel.dialog).innerHTML = await fragment(`/web/${panel.kind}?${query}`);
    if (focused) $(`.panel-filter [name="${focused}"]`, panel.dialog)?.focus();
  }

  function panelWrote(text) {
    panel.changed = true;
    notify(text, 'success');
    return reloadPanel();
  }

  const bindingActions = {
    async repoint(row, select) {
      const { scope, key } = row.dataset;
      await api('PUT', '/bindings', { scope, key, preset: select.value });
      await panelWrote(`${scope} “${key}” now uses “${select.selectedOptions[0]?.textContent}”.`);
    },
    async clear(row) {
      const { scope, key } = row.dataset;
      if (!await confirmAction('Clear binding', `Clear the binding of ${scope} “${key}”? It then resolves by the next rule.`, 'Clear')) return;
      await api('DELETE', `/bindings?scope=${enc(scope)}&key=${enc(key)}`);
      await panelWrote(`Cleared the binding of ${scope} “${key}”.`);
    },
  };

  const connectionActions = {
    async add(form) {
      const data = Object.fromEntries(new FormData(form));
      const created = await api('POST', '/connections', { name: data.name.trim(), api: data.api.trim() });
      await panelWrote(`Added connection profile “${created.name}”.`);
    },
    async rename(row) {
      const { connectionId: id, connectionName: name } = row.dataset;
      const newName = await ask({ title: 'Rename connection profile', text: 'Versions keep pointing at it.', value: name, okLabel: 'Rename' });
      if (!newName || newName === name) return;
      await api('PATCH', `/connections/${enc(id)}`, { name: newName });
      await panelWrote(`Renamed connection profile “${name}” to “${newName}”.`);
    },
    async remove(row) {
      const { connectionId: id, connectionName: name } = row.dataset;
      if (!await confirmAction('Remove connection profile', `Remove “${name}”? Versions naming it then use the current connection.`, 'Remove')) return;
      const result = await api('DELETE', `/connections/${enc(id)}`);
      const users = result.stillReferencedBy ?? [];
      await panelWrote(`Removed connection profile “${name}”.` + (users.length ? ` Still named by: ${users.join(', ')}.` : ''));
    },
  };

  // ---------------------------------------------------------------- presets: new, describe
  const presetPanelActions = {
    async 'new-preset'() {
      const name = await ask({ title: 'New preset', text: 'It starts with every operation on the default.', value: '', okLabel: 'Create' });
      if (!name) return;
      const created = await api('POST', '/presets', { name });
      notifyLater(`Created “${created.name}”. Bind it to a chat, character or profile to use it.`, 'success');
      go({ preset: created.id });
    },
    async 'describe-preset'() {
      const current = $('.preset-description')?.textContent ?? '';
      const description = await ask({ title: 'Describe preset', text: `What “${page.presetName}” is for.`, value: current, okLabel: 'Save' });
      if (description === null || description === current) return;
      await writeRead('PATCH', `/presets/${enc(page.presetId)}`, { description }, { revision: page.revision, what: thisPreset() });
      notifyLater(description ? `Described “${page.presetName}”.` : `Removed the description of “${page.presetName}”.`, 'success');
      go();
    },
    async preview(section) { await openPreview(section); },
  };

  // ---------------------------------------------------------------- try a prompt
  const preview = { dialog: $('#preview-dialog'), section: null, timer: null };
  const previewKey = (operation) => `pp.preview.${operation}`;

  async function openPreview(section) {
    preview.section = section;
    const { operation, title } = section.dataset;
    const variables = JSON.parse(section.dataset.variables || '[]');
    const saved = JSON.parse(localStorage.getItem(previewKey(operation)) ?? '{}');
    $('#preview-title').textContent = `Try it: ${title}`;
    const form = $('.preview-form', preview.dialog);
    form.replaceChildren(...variables.map((variable) => {
      const label = document.createElement('label');
      label.className = 'preview-variable';
      const name = document.createElement('span');
      name.textContent = `{{${variable.name}}}` + (variable.required ? ' (required)' : '');
      const input = document.createElement('textarea');
      input.name = variable.name;
      input.rows = 2;
      input.placeholder = variable.description;
      input.value = saved[variable.name] ?? '';
      input.dataset.testid = `preview-var-${variable.name}`;
      label.append(name, input);
      return label;
    }));
    if (!variables.length) form.textContent = 'This prompt declares no variables.';
    preview.dialog.showModal();
    await renderPreview();
  }

  async function renderPreview() {
    const { operation } = preview.section.dataset;
    const values = Object.fromEntries(new FormData($('.preview-form', preview.dialog)));
    localStorage.setItem(previewKey(operation), JSON.stringify(values));
    const params = new URLSearchParams({ operation, preset: page.presetId });
    for (const [name, value] of Object.entries(values)) params.set(`var.${name}`, value);
    const response = await fetch('/web/preview', {
      method: 'POST', credentials: 'same-origin', body: params,
      headers: { 'Accept': 'text/html', 'X-CSRF-Token': csrfToken },
    });
    $('.preview-result', preview.dialog).innerHTML = await response.text();
  }

  // ---------------------------------------------------------------- finding things
  function filterOperations(text) {
    const needle = text.trim().toLowerCase();
    for (const section of $$('.operation')) {
      const haystack = `${section.dataset.title} ${section.dataset.operation}`.toLowerCase();
      section.hidden = needle !== '' && !haystack.includes(needle);
    }
  }

  /** Suggests bound keys in the context bar as the user types (recent ones stay first). */
  async function suggestKeys(input) {
    const list = $(`#${input.getAttribute('list')}`);
    const html = await fragment(`/web/keys?scope=${enc(input.name)}&q=${enc(input.value)}`);
    const known = new Set($$('option', list).map((option) => option.value));
    const template = document.createElement('template');
    template.innerHTML = html;
    for (const option of template.content.querySelectorAll('option')) {
      if (!known.has(option.value)) list.append(option);
    }
  }

  const isTyping = (target) => target.closest('input, textarea, select, [contenteditable]') !== null;

  function onShortcut(event) {
    const mod = event.ctrlKey || event.metaKey;
    if ($('#editor').open && mod && (event.key === 'Enter' || event.key === 's')) {
      event.preventDefault();
      $('[data-editor="finish"]', $('#editor')).click();
    } else if (event.key === '/' && !mod && !isTyping(event.target) && !document.querySelector('dialog[open]')) {
      event.preventDefault();
      $('#operation-filter').focus();
    }
  }

  function wirePanels() {
    document.addEventListener('click', guarded(async (event) => {
      const button = event.target.closest('button');
      if (!button || button.disabled) return;
      if (button.dataset.panel) { await openPanel(button.dataset.panel); return; }
      const action = button.dataset.panelAction;
      if (action && presetPanelActions[action]) { await presetPanelActions[action](button.closest('.operation')); return; }
      const row = button.closest('tr');
      if (button.dataset.bindingAction === 'clear') { await bindingActions.clear(row); return; }
      if (button.dataset.connectionAction) await connectionActions[button.dataset.connectionAction](row);
    }));
    panel.dialog.addEventListener('change', guarded(async (event) => {
      if (event.target.dataset.bindingAction === 'repoint') await bindingActions.repoint(event.target.closest('tr'), event.target);
      else if (event.target.closest('.panel-filter[data-panel-filter]')) await reloadPanel();
    }));
    panel.dialog.addEventListener('input', (event) => {
      if (!event.target.matches('.panel-filter[data-panel-filter] input')) return;
      clearTimeout(panel.timer);
      panel.timer = setTimeout(guarded(reloadPanel), 250);
    });
    panel.dialog.addEventListener('submit', guarded(async (event) => {
      event.preventDefault();
      if (event.target.matches('[data-connection-form]')) await connectionActions.add(event.target);
    }));
    panel.dialog.addEventListener('close', () => { if (panel.changed) go(); });
    $('.preview-form', preview.dialog).addEventListener('input', () => {
      clearTimeout(preview.timer);
      preview.timer = setTimeout(guarded(renderPreview), 250);
    });
    $('#operation-filter').addEventListener('input', (event) => filterOperations(event.target.value));
    for (const input of $$('#context-bar input[list]')) {
      let timer = null;
      const suggest = () => { clearTimeout(timer); timer = setTimeout(guarded(() => suggestKeys(input)), 150); };
      input.addEventListener('focus', suggest);
      input.addEventListener('input', suggest);
    }
    document.addEventListener('keydown', onShortcut);
  }

  // ---------------------------------------------------------------- wiring
  function guarded(handler) {
    return async (...args) => {
      try { await handler(...args); } catch (error) { fail(error); }
    };
  }

  function wire() {
    $('#preset-select').addEventListener('change', (event) => go({ preset: event.target.value }));
    $('#import-file').addEventListener('change', guarded((event) => importFile(event.target)));

    document.addEventListener('click', guarded(async (event) => {
      const button = event.target.closest('button');
      if (!button || button.disabled) return;
      if (button.dataset.close !== undefined) { button.closest('dialog').close(); return; }
      const action = button.dataset.action;
      if (action && presetActions[action]) { await presetActions[action](); return; }
      const section = button.closest('.operation');
      if (action && section && sectionActions[action]) { await sectionActions[action](section); return; }
      if (button.dataset.updateAction) { await updateAction(button.closest('.update-item'), button.dataset.updateAction); return; }
      if (button.dataset.merge) { await applyMerge(button.closest('.update-item'), button.dataset.merge); return; }
      if (button.dataset.history === 'compare') { await compareHistory($('#history-dialog .history-body')); return; }
      switch (button.dataset.editor) {
        case 'finish': await finishEdit(); break;
        case 'cancel': requestCancel(); break;
        case 'keep-editing': $('.confirm-bar', editor.dialog).hidden = true; break;
        case 'discard': await discardEdit(); break;
      }
    }));

    document.addEventListener('change', guarded(async (event) => {
      if (event.target.matches('.artifact-select')) await selectVersion(event.target.closest('.operation'), event.target);
      if (event.target.matches('#history-dialog input[type="radio"]')) await compareHistory($('#history-dialog .history-body'));
      if (event.target.matches('.merge-region input[type="radio"]')) showMergeEdit(event.target);
    }));

    $('#updates-button').addEventListener('click', () => $('#updates-panel').showModal());

    const fields = $('.editor-fields', editor.dialog);
    fields.addEventListener('input', scheduleSave);
    fields.addEventListener('change', scheduleSave);
    for (const input of $$('.editor-meta input', editor.dialog)) {
      input.addEventListener('change', () => renameFromEditor(input));
    }
    editor.dialog.addEventListener('cancel', (event) => {
      event.preventDefault(); // Escape asks first, like the Cancel button
      requestCancel();
    });
    $('form', editor.dialog).addEventListener('submit', (event) => event.preventDefault());
    window.addEventListener('beforeunload', (event) => {
      if (editor.dialog.open && editor.timer !== null) { save(); event.preventDefault(); }
    });
  }

  if (!setUpContextBar()) return;
  wire();
  wirePanels();
  showStoredNotices();
  if (sessionStorage.getItem('pp.openUpdates')) {
    sessionStorage.removeItem('pp.openUpdates');
    $('#updates-panel').showModal();
  }
  const open = new URLSearchParams(location.search).get('open');
  if (open) document.getElementById(`op-${open}`)?.scrollIntoView({ block: 'start' });
})();
