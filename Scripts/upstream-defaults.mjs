// Prints, as JSON, the `default_settings` object of one checkout of the Auto-Recap extension.
//
// Usage: node upstream-defaults.mjs CHECKOUT_DIR
//
// The extension's defaultSettings.js imports its default texts from plain modules and, in early
// releases, a few names from SillyTavern itself. The file is copied with every import turned into
// a lookup: modules that load on their own give their real exports, anything else (SillyTavern's
// script.js, …) gives a placeholder, so a value built from it is left out rather than guessed.
import { readFile, writeFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const checkout = resolve(process.argv[2]);
const source = await readFile(join(checkout, 'defaultSettings.js'), 'utf8');

const placeholder = '__prompt_presets_unavailable__';
const importPattern = /import\s*\{([^}]*)\}\s*from\s*['"]([^'"]+)['"];?/g;
const rewritten = source.replace(importPattern, (_, names, path) => {
    const bindings = names.split(',').map((name) => name.trim()).filter(Boolean)
        .map((name) => name.replace(/\s+as\s+/, ': '));
    return `const { ${bindings.join(', ')} } = await __load(${JSON.stringify(path)});`;
});

const shim = `
const __load = async (path) => {
    try { return await import(new URL(path, import.meta.url)); }
    catch { return new Proxy({}, { get: () => ${JSON.stringify(placeholder)} }); }
};
${rewritten}
`;
const shimPath = join(checkout, `__prompt_presets_defaults_${process.pid}.mjs`);
await writeFile(shimPath, shim);
try {
    const module = await import(pathToFileURL(shimPath).href);
    process.stdout.write(JSON.stringify({ placeholder, settings: module.default_settings ?? null }));
} finally {
    await rm(shimPath, { force: true });
}
