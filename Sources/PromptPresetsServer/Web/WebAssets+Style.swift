extension WebAssets {
    /// `/static/app.css`: one sheet, readable at 1280×800 and usable down to 400 px wide.
    static let styleSheet = #"""
    :root {
      --bg: #f6f7f9; --panel: #fff; --text: #1d2430; --muted: #5d6675; --line: #d8dce3;
      --accent: #2f5fd0; --accent-text: #fff; --danger: #b3261e; --warn-bg: #fff6e0; --warn-line: #e7c36a;
      --info-bg: #eaf1ff; --ok-bg: #e7f6ec; --ok-line: #7cc495; --added: #e6f6ea; --removed: #fdecec;
      font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 15px; color: var(--text);
    }
    * { box-sizing: border-box; }
    body { margin: 0; background: var(--bg); line-height: 1.4; }
    h1 { font-size: 1.2rem; margin: 0; }
    h2 { font-size: 1.1rem; margin: 0; }
    h3, h4, h5 { margin: .8rem 0 .4rem; }
    code, pre, textarea { font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace; font-size: .85rem; }
    button, .button {
      font: inherit; font-size: .9rem; padding: .35rem .7rem; border: 1px solid var(--line); border-radius: 6px;
      background: var(--panel); color: var(--text); cursor: pointer; white-space: nowrap;
    }
    button:hover:not(:disabled), .button:hover { border-color: var(--accent); }
    button:disabled { opacity: .45; cursor: not-allowed; }
    button.primary { background: var(--accent); color: var(--accent-text); border-color: var(--accent); }
    button.danger { background: var(--danger); color: #fff; border-color: var(--danger); }
    input, select, textarea { font: inherit; padding: .3rem .45rem; border: 1px solid var(--line); border-radius: 5px; background: #fff; max-width: 100%; }
    input[type=checkbox], input[type=radio] { width: auto; }
    label { font-size: .9rem; }
    .muted { color: var(--muted); }
    .small { font-size: .8rem; }
    .spacer { flex: 1; }
    .inline-form { display: inline; margin: 0; }

    .topbar { display: flex; align-items: center; gap: .8rem; padding: .55rem 1rem; background: #1f2a44; color: #fff; flex-wrap: wrap; }
    .topbar button { background: transparent; color: #fff; border-color: #4b5a7c; }
    .catalog-name { color: #b9c4dd; font-size: .85rem; }
    .count-badge { display: inline-block; min-width: 1.4em; padding: 0 .4em; border-radius: 1em; background: #6b778f; color: #fff; font-size: .8rem; text-align: center; }
    .count-badge.pending { background: #e0a100; color: #1d2430; font-weight: 600; }

    .context-bar { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; padding: .6rem 1rem; background: var(--panel); border-bottom: 1px solid var(--line); }
    .context-bar label { display: flex; flex-direction: column; gap: .15rem; color: var(--muted); }
    .context-bar input { width: 12rem; }

    .preset-bar { padding: .6rem 1rem; background: var(--panel); border-bottom: 1px solid var(--line); }
    .preset-line { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; margin-bottom: .5rem; }
    .preset-line select { min-width: 14rem; font-weight: 600; }
    .source-badge { padding: .15rem .6rem; border-radius: 1em; font-size: .85rem; border: 1px solid transparent; }
    .source-chat { background: #efe3ff; border-color: #b894f0; }
    .source-character { background: #e1f3ff; border-color: #86c3ee; }
    .source-profile { background: var(--ok-bg); border-color: var(--ok-line); }
    .source-default { background: #eef0f3; border-color: var(--line); }
    .source-none { background: var(--warn-bg); border-color: var(--warn-line); }
    .button-row { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; }
    .file-button { position: relative; display: inline-block; }
    .file-button input { position: absolute; inset: 0; opacity: 0; cursor: pointer; width: 100%; }
    .file-button:focus-within { outline: 2px solid var(--accent); }
    .preset-description { margin: .4rem 0 0; color: var(--muted); }
    .binding-list { list-style: none; display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; padding: 0; margin: .5rem 0 0; font-size: .85rem; color: var(--muted); }

    .notices { padding: 0 1rem; }
    .notice { padding: .45rem .7rem; border-radius: 6px; margin: .5rem 0; border: 1px solid var(--line); }
    .notice.info { background: var(--info-bg); border-color: #a9c1f3; }
    .notice.success { background: var(--ok-bg); border-color: var(--ok-line); }
    .notice.warning { background: var(--warn-bg); border-color: var(--warn-line); }
    .notice.error { background: var(--removed); border-color: #e9a19c; }
    ul.notice { padding-left: 1.8rem; }
    .notice .dismiss { float: right; padding: 0 .4rem; border: 0; background: transparent; }

    .operations { padding: .6rem 1rem 2rem; display: grid; grid-template-columns: minmax(0, 1fr); gap: .5rem; }
    .operation { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; }
    .operation > summary { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; padding: .55rem .8rem; cursor: pointer; list-style: none; }
    .operation > summary::-webkit-details-marker { display: none; }
    .operation > summary::before { content: "▸"; color: var(--muted); }
    .operation[open] > summary::before { content: "▾"; }
    .op-title { font-weight: 600; }
    .version-chip { font-size: .8rem; padding: .05rem .5rem; border-radius: 1em; background: var(--info-bg); border: 1px solid #a9c1f3; }
    .version-chip.default { background: #eef0f3; border-color: var(--line); }
    .badge { font-size: .75rem; padding: .05rem .45rem; border-radius: 1em; }
    .badge.update { background: #ffe9a8; }
    .badge.lint { background: var(--warn-bg); border: 1px solid var(--warn-line); }
    .op-body { padding: 0 .8rem .8rem; border-top: 1px solid var(--line); }
    .op-description { color: var(--muted); margin: .5rem 0; }
    .op-controls { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; margin-bottom: .5rem; }
    .op-controls select { min-width: 12rem; }
    .config-view { margin: 0; display: grid; gap: .35rem; }
    .field-row { display: grid; grid-template-columns: 12rem 1fr; gap: .6rem; }
    .field-row dt { color: var(--muted); font-size: .85rem; }
    .field-row dd { margin: 0; min-width: 0; }
    pre.text-value { margin: 0; white-space: pre-wrap; word-break: break-word; max-height: 18rem; overflow: auto; background: #f9fafb; border: 1px solid var(--line); border-radius: 5px; padding: .45rem; }
    .table-wrap { overflow-x: auto; max-width: 100%; }
    .data-table { border-collapse: collapse; font-size: .85rem; width: 100%; }
    .data-table th, .data-table td { border: 1px solid var(--line); padding: .25rem .4rem; text-align: left; vertical-align: top; }
    .variables summary { cursor: pointer; color: var(--muted); font-size: .85rem; margin-top: .5rem; }

    dialog.panel { border: 1px solid var(--line); border-radius: 10px; padding: 0; width: min(46rem, 96vw); max-height: 92vh; overflow: auto; }
    dialog.panel.wide { width: min(72rem, 98vw); }
    dialog.panel.small { width: min(28rem, 96vw); padding: 1rem; }
    dialog::backdrop { background: rgba(20, 26, 40, .45); }
    .dialog-header { display: flex; gap: .8rem; align-items: center; justify-content: space-between; padding: .7rem 1rem; border-bottom: 1px solid var(--line); position: sticky; top: 0; background: var(--panel); z-index: 1; flex-wrap: wrap; }
    .dialog-footer { display: flex; gap: .5rem; justify-content: flex-end; padding: .7rem 1rem; border-top: 1px solid var(--line); position: sticky; bottom: 0; background: var(--panel); }
    dialog.small .dialog-footer { padding: .7rem 0 0; border: 0; position: static; }
    dialog.small input { width: 100%; }
    .history-body, .update-list { padding: .5rem 1rem 1rem; }
    .update-list { list-style: none; margin: 0; }
    .update-item { border: 1px solid var(--line); border-radius: 8px; padding: .6rem; margin-bottom: .6rem; }
    .changelog { font-size: .85rem; color: var(--muted); margin: .3rem 0 .5rem; }
    #updates-panel > p { padding: 0 1rem; }

    .editor-status { font-size: .9rem; color: var(--muted); }
    .editor-status.saved { color: #1c7a3b; font-weight: 600; }
    .editor-status.error { color: var(--danger); font-weight: 600; }
    .editor-notice { padding: 0 1rem; }
    .editor-meta { display: grid; grid-template-columns: 1fr 2fr; gap: .6rem; padding: .6rem 1rem 0; }
    .editor-meta label, .editor-field > label { display: flex; flex-direction: column; gap: .2rem; color: var(--muted); }
    .editor-fields { display: grid; gap: .7rem; padding: .6rem 1rem; }
    .editor-field textarea { width: 100%; min-height: 7rem; resize: vertical; }
    .editor-field textarea.prompt { min-height: 16rem; }
    .editor-field.checkbox > label { flex-direction: row; align-items: center; gap: .4rem; color: var(--text); }
    .editor-field fieldset { border: 1px solid var(--line); border-radius: 6px; }
    .editor-field fieldset > div { display: flex; flex-wrap: wrap; gap: .6rem 1.2rem; }
    .entity-table td input:not([type=checkbox]), .entity-table td select { width: 100%; }
    .entity-table td textarea { width: 100%; min-height: 2.4rem; }
    .editor-form .lint-list { margin: 0 1rem .5rem; }
    .dialog-footer { flex-wrap: wrap; }
    .confirm-bar { flex: 1 1 100%; display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: 0; padding: .5rem .7rem; background: var(--warn-bg); border: 1px solid var(--warn-line); border-radius: 6px; }
    .confirm-bar[hidden], .lint-list[hidden] { display: none; }

    .diff-table { border-collapse: collapse; width: 100%; table-layout: fixed; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .8rem; margin-bottom: .8rem; }
    .diff-table caption { text-align: left; font-weight: 600; font-family: system-ui, sans-serif; padding: .3rem 0; }
    .diff-table th { text-align: left; background: #eef0f3; font-family: system-ui, sans-serif; padding: .25rem .4rem; }
    .diff-table td { padding: .1rem .4rem; white-space: pre-wrap; word-break: break-word; vertical-align: top; border-bottom: 1px solid #eef0f3; }
    .diff-table .ln, .diff-table th.ln { width: 2.6rem; color: var(--muted); text-align: right; user-select: none; }
    .diff-table td.removed { background: var(--removed); }
    .diff-table td.added { background: var(--added); }
    .diff-table td.empty { background: #f3f4f6; }
    .diff-table.conflict pre { margin: 0; white-space: pre-wrap; }

    .login-page { display: grid; place-items: center; min-height: 100vh; }
    .login-box { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 1.5rem; width: min(26rem, 94vw); display: grid; gap: .6rem; }
    .login-box form { display: grid; gap: .5rem; }

    @media (max-width: 720px) {
      .context-bar input { width: 100%; }
      .context-bar label { flex: 1 1 100%; }
      .preset-line select { min-width: 0; flex: 1 1 100%; }
      .field-row { grid-template-columns: 1fr; gap: .1rem; }
      .editor-meta { grid-template-columns: 1fr; }
      .op-controls select { min-width: 0; width: 100%; }
      .op-controls label { flex: 1 1 100%; display: flex; flex-direction: column; }
      .diff-table .ln { display: none; }
      .dialog-footer { position: static; }
    }
    """#
}
