import Mustache

/// The web UI's Mustache templates, kept in code so release builds need no resource bundle.
///
/// Every value is inserted with `{{x}}`, which HTML-escapes it (`<`, `>`, `&`, `"`, `'`);
/// triple braces are never used. JSON for the script travels in `data-*` attributes, which
/// the escaping keeps intact and the browser decodes.
enum WebTemplates {
    /// A library holding every template, registered by name (`page`, `login`, and the fragments).
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        let templates = [
            "page": page, "login": login, "diffTable": diffTable, "history": history,
            "diff": diff, "compare": compare, "merge": merge, "message": message,
        ]
        for (name, text) in templates {
            do {
                try library.register(text, named: name)
            } catch {
                preconditionFailure("template \(name) does not parse: \(error)")
            }
        }
        return library
    }()

    static func render(_ name: String, _ object: [String: Any]) -> String {
        library.render(object, withTemplate: name) ?? ""
    }

    static let login = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Sign in · PromptPresets</title>
        <link rel="stylesheet" href="/static/app.css?v={{assetVersion}}">
        </head>
        <body class="login-page">
        <main class="login-box">
        <h1>PromptPresets</h1>
        <p>Sign in with the admin token that <code>prompt-presets serve</code> printed on its first run.</p>
        {{#hasError}}<p class="notice error" role="alert" data-testid="login-error">{{error}}</p>{{/hasError}}
        <form method="post" action="/login">
        <label for="token">Admin token</label>
        <input id="token" name="token" type="password" autocomplete="current-password" required data-testid="login-token">
        <button type="submit" class="primary" data-testid="login-submit">Sign in</button>
        </form>
        </main>
        </body>
        </html>
        """

    static let page = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="csrf-token" content="{{csrfToken}}">
        <title>{{viewedName}} · PromptPresets</title>
        <link rel="stylesheet" href="/static/app.css?v={{assetVersion}}">
        <script src="/static/app.js?v={{assetVersion}}" defer></script>
        </head>
        <body>
        <header class="topbar">
          <h1>PromptPresets</h1>
          <span class="catalog-name" title="Catalog">{{catalogName}}</span>
          <span class="spacer"></span>
          <button type="button" id="updates-button" data-testid="updates-button" aria-controls="updates-panel">Updates <span class="count-badge{{#hasUpdates}} pending{{/hasUpdates}}" data-testid="updates-count">{{updateCount}}</span></button>
          <form method="post" action="/logout" class="inline-form">
            <input type="hidden" name="csrf" value="{{csrfToken}}">
            <button type="submit" data-testid="sign-out">Sign out</button>
          </form>
        </header>

        <form id="context-bar" class="context-bar" method="get" action="/" data-testid="context-bar" aria-label="Context">
          <label>Profile <input name="profile" value="{{profile}}" placeholder="Default" list="recent-profile" autocomplete="off" data-testid="context-profile"></label>
          <label>Character <input name="character" value="{{character}}" placeholder="none" list="recent-character" autocomplete="off" data-testid="context-character"></label>
          <label>Chat <input name="chat" value="{{chat}}" placeholder="none" list="recent-chat" autocomplete="off" data-testid="context-chat"></label>
          <button type="submit" data-testid="context-apply">Apply</button>
          <datalist id="recent-profile"></datalist>
          <datalist id="recent-character"></datalist>
          <datalist id="recent-chat"></datalist>
        </form>

        <section class="preset-bar" id="preset-bar" aria-label="Preset"
          data-preset-id="{{viewedID}}" data-preset-name="{{viewedName}}" data-preset-is-default="{{viewedIsDefault}}"
          data-in-effect="{{isInEffect}}" data-source="{{source}}" data-source-kind="{{sourceKind}}" data-source-key="{{sourceKey}}"
          data-effective-id="{{effectiveID}}" data-profile="{{effectiveProfile}}" data-character="{{character}}" data-chat="{{chat}}">
          <div class="preset-line">
            <label for="preset-select">Preset</label>
            <select id="preset-select" data-testid="preset-select">
              {{#presets}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/presets}}
            </select>
            {{#isInEffect}}<span class="source-badge source-{{source}}" data-testid="source-badge" data-source="{{source}}" title="Where this context's preset comes from">from {{sourceText}}</span>{{/isInEffect}}
            {{^isInEffect}}<span class="source-badge source-none" data-testid="source-badge" data-source="none" title="This preset is not the one the context uses">not in effect here</span>{{/isInEffect}}
          </div>
          <div class="button-row" role="toolbar" aria-label="Preset actions">
            <button type="button" data-action="rename-preset" data-testid="rename-preset"{{^canRename}} disabled title="The Default preset cannot be renamed"{{/canRename}}>Rename</button>
            <button type="button" data-action="delete-preset" data-testid="delete-preset"{{^canDelete}} disabled title="The Default preset cannot be deleted"{{/canDelete}}>Delete</button>
            <button type="button" data-action="duplicate-preset" data-testid="duplicate-preset">Duplicate</button>
            <label class="button file-button" data-testid="import-label">Import file<input type="file" id="import-file" accept=".json,application/json" data-testid="import-file"></label>
            <button type="button" data-action="export-preset" data-testid="export-preset">Export</button>
            <button type="button" data-action="export-preset-extension" data-testid="export-preset-extension" title="One file in the SillyTavern extension's own format, for its Import button">Export for SillyTavern</button>
            <button type="button" data-action="bind-character" data-testid="bind-character" title="{{bindCharacterHint}}"{{^canBindCharacter}} disabled{{/canBindCharacter}}>Bind to character</button>
            <button type="button" data-action="bind-chat" data-testid="bind-chat" title="{{bindChatHint}}"{{^canBindChat}} disabled{{/canBindChat}}>Bind to chat</button>
            <button type="button" data-action="bind-profile" data-testid="bind-profile" title="Make this the active preset of profile '{{effectiveProfile}}'"{{^canUseForProfile}} disabled{{/canUseForProfile}}>Use for profile</button>
            <button type="button" data-action="clear-binding" data-testid="clear-binding"{{^canClearBinding}} disabled title="Nothing is bound for this context"{{/canClearBinding}}>{{clearBindingLabel}}</button>
          </div>
          {{#hasViewedDescription}}<p class="preset-description">{{viewedDescription}}</p>{{/hasViewedDescription}}
          {{^isInEffect}}<p class="notice warning" data-testid="not-in-effect">You are viewing “{{viewedName}}”, but this context uses “{{effectiveName}}” (from {{sourceText}}).</p>{{/isInEffect}}
          {{#hasResolutionWarnings}}<ul class="notice warning">{{#resolutionWarnings}}<li>{{.}}</li>{{/resolutionWarnings}}</ul>{{/hasResolutionWarnings}}
          <ul class="binding-list" data-testid="binding-list" aria-label="Bindings of this context">
            {{#bindings}}<li data-kind="{{kind}}">{{kind}} <strong>{{key}}</strong> → {{#isBound}}<span data-testid="binding-{{kind}}">{{boundName}}</span>{{/isBound}}{{^isBound}}<span class="muted" data-testid="binding-{{kind}}">not bound</span>{{/isBound}}</li>{{/bindings}}
          </ul>
        </section>

        <div id="notices" class="notices" aria-live="polite" data-testid="notices"></div>

        <main class="operations" aria-label="Operations">
        {{#operations}}
        <details class="operation" id="op-{{key}}" data-operation="{{key}}" data-testid="operation-{{key}}"{{#isOpen}} open{{/isOpen}}
          data-title="{{title}}" data-artifact-id="{{artifactID}}" data-artifact-name="{{artifactName}}" data-version-name="{{versionName}}"
          data-schema="{{schemaJSON}}" data-config="{{configJSON}}" data-variables="{{variablesJSON}}">
          <summary>
            <span class="op-title">{{title}}</span>
            <span class="version-chip{{#isDefaultVersion}} default{{/isDefaultVersion}}" data-testid="version-{{key}}">{{versionName}}</span>
            {{#hasUpdate}}<span class="badge update" title="{{updateText}}">update</span>{{/hasUpdate}}
            {{#hasLint}}<span class="badge lint" title="Template variable warnings">{{lintCount}} warning(s)</span>{{/hasLint}}
          </summary>
          <div class="op-body">
            <p class="op-description">{{description}}</p>
            <div class="op-controls">
              <label>Version
                <select class="artifact-select" data-testid="artifact-select-{{key}}">
                  {{#versions}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/versions}}
                </select>
              </label>
              <button type="button" class="primary" data-action="edit" data-testid="edit-{{key}}">Edit</button>
              <button type="button" data-action="rename-version" data-testid="rename-version-{{key}}"{{^canRenameVersion}} disabled title="The default cannot be renamed"{{/canRenameVersion}}>Rename</button>
              <button type="button" data-action="delete-version" data-testid="delete-version-{{key}}" title="{{deleteHint}}"{{^canDeleteVersion}} disabled{{/canDeleteVersion}}>Delete</button>
              <button type="button" data-action="duplicate-version" data-testid="duplicate-version-{{key}}">Duplicate</button>
              <button type="button" data-action="history" data-testid="history-{{key}}">History</button>
            </div>
            {{#hasUpdate}}<p class="notice info">{{updateText}}. See Updates.</p>{{/hasUpdate}}
            {{#isUsedElsewhere}}<p class="muted">Also used by: {{usedElsewhere}}</p>{{/isUsedElsewhere}}
            {{#hasDanglingWarning}}<p class="notice warning">{{danglingWarning}}</p>{{/hasDanglingWarning}}
            {{#hasLint}}<ul class="notice warning lint-list">{{#lint}}<li>{{.}}</li>{{/lint}}</ul>{{/hasLint}}
            <dl class="config-view">
              {{#fields}}
              <div class="field-row field-{{key}}">
                <dt>{{title}}</dt>
                <dd>
                  {{#isText}}{{#isEmpty}}<span class="muted">(empty)</span>{{/isEmpty}}{{^isEmpty}}<pre class="text-value" data-testid="field-{{key}}">{{text}}</pre>{{/isEmpty}}{{/isText}}
                  {{#isValue}}<span data-testid="field-{{key}}">{{text}}</span>{{/isValue}}
                  {{#isTable}}<div class="table-wrap"><table class="data-table"><thead><tr>{{#columns}}<th>{{title}}</th>{{/columns}}</tr></thead><tbody>{{#rows}}<tr>{{#cells}}<td>{{text}}</td>{{/cells}}</tr>{{/rows}}</tbody></table></div>{{/isTable}}
                </dd>
              </div>
              {{/fields}}
            </dl>
            {{#hasVariables}}<details class="variables"><summary>Template variables</summary><ul>{{#variables}}<li><code>{{name}}</code>{{#required}} <em>(required)</em>{{/required}} — {{about}}</li>{{/variables}}</ul></details>{{/hasVariables}}
          </div>
        </details>
        {{/operations}}
        </main>

        <select id="connection-profiles" hidden aria-hidden="true" tabindex="-1">{{#connectionProfiles}}<option value="{{id}}">{{name}}</option>{{/connectionProfiles}}</select>

        <dialog id="updates-panel" class="panel" data-testid="updates-panel" aria-labelledby="updates-title">
          <header class="dialog-header"><h2 id="updates-title">Updates <span class="count-badge">{{updateCount}}</span></h2><button type="button" data-close>Close</button></header>
          {{^hasUpdates}}<p data-testid="no-updates">Every customised version is up to date with the defaults.</p>{{/hasUpdates}}
          <ul class="update-list">
          {{#updates}}
            <li class="update-item" data-preset-id="{{presetID}}" data-operation="{{operation}}" data-testid="update-{{operation}}">
              <div class="update-head"><strong>{{operationTitle}}</strong> in <strong>{{presetName}}</strong>: {{artifactName}} is based on Default {{from}}; Default {{to}} is out.</div>
              <ul class="changelog">{{#changelog}}<li>{{.}}</li>{{/changelog}}</ul>
              <div class="button-row">
                <button type="button" data-update-action="compare" data-testid="update-compare">Compare</button>
                <button type="button" data-update-action="merge" data-testid="update-merge">Merge</button>
                <button type="button" data-update-action="keep" data-testid="update-keep">Keep mine</button>
                <button type="button" data-update-action="revert" data-testid="update-revert">Revert to default</button>
                <button type="button" data-update-action="dismiss" data-testid="update-dismiss">Dismiss</button>
              </div>
              <div class="update-detail" aria-live="polite"></div>
            </li>
          {{/updates}}
          </ul>
        </dialog>

        <dialog id="import-report" class="panel wide" data-testid="import-report" aria-labelledby="import-report-title">
          <header class="dialog-header"><h2 id="import-report-title">Import report</h2><button type="button" data-close>Close</button></header>
          <p class="import-summary"></p>
          <table class="data-table import-table" data-testid="import-table">
            <thead><tr><th scope="col">Operation</th><th scope="col">In the file</th><th scope="col">Outcome</th></tr></thead>
            <tbody></tbody>
          </table>
        </dialog>

        <dialog id="history-dialog" class="panel wide" data-testid="history-dialog" aria-labelledby="history-title">
          <header class="dialog-header"><h2 id="history-title">History</h2><button type="button" data-close>Close</button></header>
          <div class="history-body"></div>
        </dialog>

        <dialog id="editor" class="panel wide" data-testid="editor" aria-labelledby="editor-title">
          <form method="dialog" class="editor-form" novalidate>
            <header class="dialog-header"><h2 id="editor-title">Edit</h2><span class="editor-status" data-testid="editor-status" aria-live="polite"></span></header>
            <div class="editor-notice" aria-live="polite"></div>
            <div class="editor-meta">
              <label>Version name <input name="__name" data-testid="editor-name" disabled></label>
              <label>Description <input name="__description" data-testid="editor-description" disabled></label>
            </div>
            <ul class="lint-list notice warning" data-testid="lint-warnings" hidden></ul>
            <div class="editor-fields"></div>
            <footer class="dialog-footer">
              <div class="confirm-bar" data-testid="cancel-confirm" hidden>
                <span>Discard this edit? The preset goes back to what it used before.</span>
                <button type="button" class="danger" data-editor="discard" data-testid="editor-discard">Discard changes</button>
                <button type="button" data-editor="keep-editing" data-testid="editor-keep-editing">Keep editing</button>
              </div>
              <button type="button" class="primary" data-editor="finish" data-testid="editor-finish">Finish</button>
              <button type="button" data-editor="cancel" data-testid="editor-cancel">Cancel</button>
            </footer>
          </form>
        </dialog>

        <dialog id="ask-dialog" class="panel small" data-testid="ask-dialog" aria-labelledby="ask-title">
          <form method="dialog">
            <h2 id="ask-title"></h2>
            <p class="ask-text"></p>
            <input name="answer" data-testid="ask-input" aria-labelledby="ask-title">
            <footer class="dialog-footer">
              <button type="submit" value="ok" class="primary" data-testid="ask-ok">OK</button>
              <button type="submit" value="cancel" data-testid="ask-cancel">Cancel</button>
            </footer>
          </form>
        </dialog>
        </body>
        </html>
        """

    static let message = """
        <p class="notice error" role="alert" data-testid="fragment-error">{{message}}</p>
        """

    static let diffTable = """
        {{#fields}}
        <table class="diff-table" data-testid="diff-table">
          <caption>{{title}}</caption>
          <thead><tr><th class="ln" scope="col"></th><th scope="col">{{leftTitle}}</th><th class="ln" scope="col"></th><th scope="col">{{rightTitle}}</th></tr></thead>
          <tbody>
          {{#rows}}<tr><td class="ln">{{leftNo}}</td><td class="{{leftClass}}">{{left}}</td><td class="ln">{{rightNo}}</td><td class="{{rightClass}}">{{right}}</td></tr>{{/rows}}
          </tbody>
        </table>
        {{/fields}}
        """

    static let history = """
        <div class="history" data-operation="{{operation}}">
        <h3>{{title}}</h3>
        <p class="muted">Pick two versions and compare them.</p>
        <div class="table-wrap">
        <table class="data-table history-table" data-testid="history-table">
          <thead><tr><th scope="col">From</th><th scope="col">To</th><th scope="col">Version</th><th scope="col">Forked from</th><th scope="col">Date</th><th scope="col">Origin</th><th scope="col">Used by</th></tr></thead>
          <tbody>
          {{#rows}}
          <tr>
            <td><input type="radio" name="from" value="{{ref}}" aria-label="Compare from {{label}}"{{#isFrom}} checked{{/isFrom}}></td>
            <td><input type="radio" name="to" value="{{ref}}" aria-label="Compare to {{label}}"{{#isTo}} checked{{/isTo}}></td>
            <td><strong>{{label}}</strong>{{#changelog}}<div class="muted small">{{.}}</div>{{/changelog}}</td>
            <td>{{parent}}</td><td>{{date}}</td><td>{{origin}}</td><td>{{usedBy}}</td>
          </tr>
          {{/rows}}
          </tbody>
        </table>
        </div>
        <div class="button-row"><button type="button" class="primary" data-history="compare" data-testid="history-compare">Compare</button></div>
        <div class="history-diff" aria-live="polite"></div>
        </div>
        """

    static let diff = """
        <div class="diff" data-testid="diff">
        <h4>{{heading}}</h4>
        {{#isIdentical}}<p data-testid="diff-identical">The two versions are identical.</p>{{/isIdentical}}
        <div class="table-wrap">{{>diffTable}}</div>
        </div>
        """

    static let compare = """
        <div class="compare" data-testid="compare">
        <h4>{{heading}}</h4>
        {{#sections}}
        <h5>{{caption}}</h5>
        {{#isUnknownBase}}<p class="muted">Which default your version started from is unknown, so there is nothing to show here.</p>{{/isUnknownBase}}
        {{^isUnknownBase}}{{#isIdentical}}<p class="muted">No differences.</p>{{/isIdentical}}{{/isUnknownBase}}
        <div class="table-wrap">{{>diffTable}}</div>
        {{/sections}}
        </div>
        """

    static let merge = """
        <div class="merge" data-testid="merge-preview" data-preset-id="{{presetID}}" data-operation="{{operation}}">
        <h4>{{heading}}</h4>
        {{#hasConflicts}}
        <p class="notice warning" data-testid="merge-conflicts">{{conflictCount}} field(s) conflict: both you and the new default changed the same lines. Nothing is written until you choose how to settle them.</p>
        {{#conflicts}}
        <h5>{{field}}</h5>
        {{#regions}}
        <div class="table-wrap"><table class="diff-table conflict"><thead><tr><th scope="col">Yours</th><th scope="col">New default</th></tr></thead>
        <tbody><tr><td class="removed"><pre>{{ours}}</pre></td><td class="added"><pre>{{theirs}}</pre></td></tr></tbody></table></div>
        {{/regions}}
        {{/conflicts}}
        <div class="button-row">
          <button type="button" data-merge="ours" data-testid="merge-keep-mine">Merge, keeping my lines in conflicts</button>
          <button type="button" data-merge="theirs" data-testid="merge-take-theirs">Merge, taking the default's lines in conflicts</button>
        </div>
        {{/hasConflicts}}
        {{^hasConflicts}}
        <p data-testid="merge-clean">The default's changes merge cleanly into your version.</p>
        {{#changedFields}}<h5>{{title}} after the merge</h5><pre class="text-value">{{text}}</pre>{{/changedFields}}
        {{^hasChanges}}<p class="muted">The merge changes nothing in your text; it only marks it as based on the new default.</p>{{/hasChanges}}
        <div class="button-row"><button type="button" class="primary" data-merge="apply" data-testid="merge-apply">Apply merge</button></div>
        {{/hasConflicts}}
        </div>
        """
}
