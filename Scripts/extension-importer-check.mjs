// Runs the Auto-Recap extension's own preset importer (from a checkout of its repository) on a
// file exported here in its format, and prints what it stored, as JSON.
//
// Usage: node Scripts/extension-importer-check.mjs CHECKOUT_DIR EXPORTED_FILE
//
// The extension's `index.js` needs SillyTavern around it; it is replaced by a small in-memory
// stand-in (settings read and written as a plain object), so only the extension's own
// import code runs. Exits 1, printing the extension's error, when its importer refuses the file.
import { register } from 'node:module';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [checkout, exported] = process.argv.slice(2).map((path) => resolve(path));
const standIn = `
const settings = globalThis.__extensionSettings;
export const get_settings = (key) => settings[key];
export const set_settings = (key, value) => { settings[key] = value; };
export const saveSettingsDebounced = () => {};
export const log = () => {}, debug = () => {}, error = () => {}, toast = () => {};
export const SUBSYSTEM = new Proxy({}, { get: (_, name) => String(name) });
export const get_current_chat_identifier = () => null;
export const get_current_character_identifier = () => null;
export const getContext = () => ({});
`;
const hooks = `
const indexURL = ${JSON.stringify(pathToFileURL(resolve(checkout, 'index.js')).href)};
export async function load(url, context, nextLoad) {
    if (url === indexURL) return { format: 'module', source: ${JSON.stringify(standIn)}, shortCircuit: true };
    return nextLoad(url, context);
}
`;
register('data:text/javascript,' + encodeURIComponent(hooks));

const { default_settings } = await import(pathToFileURL(resolve(checkout, 'defaultSettings.js')).href);
globalThis.__extensionSettings = structuredClone(default_settings);
globalThis.window = {};
const { importPreset } = await import(pathToFileURL(resolve(checkout, 'operationsPresetsImport.js')).href);
try {
    const name = await importPreset(await readFile(exported, 'utf8'));
    const settings = globalThis.__extensionSettings;
    const preset = settings.operations_presets[name];
    const artifacts = Object.fromEntries(Object.entries(preset.operations).map(([operation, artifactName]) => [
        operation, (settings.operation_artifacts[operation] ?? []).find((artifact) => artifact.name === artifactName) ?? null,
    ]));
    process.stdout.write(JSON.stringify({ preset: name, operations: preset.operations, artifacts }, null, 2) + '\n');
} catch (err) {
    process.stderr.write(`the extension's importer refused the file: ${err.message}\n`);
    process.exit(1);
}
