// Loading the function's code file from `/var/task` and finding its handler, as the Node.js runtime
// does: `index.handler` names the module `index` and its export `handler`. The package's other
// files are found as Node finds them: `require('./util')` (`.js`, `.json`, a folder's
// `package.json` `main` or `index.js`), `import './util.mjs'` (exact paths; a `.json` file with
// `with { type: 'json' }`; a CommonJS file re-exported), `.js` files being ES modules under a
// `package.json` with `"type": "module"`. Not done: `import()` of the package's files, ES modules
// importing each other in a cycle (refused with a message). A `.mjs` file is an ES
// module (imported from a `data:` URL whose stack frames read `file:///var/task/index.mjs`), a
// `.js`/`.cjs` file is CommonJS (run in a `module`/`exports`/`require` wrapper whose frames read
// `/var/task/index.js`).

const TASK_ROOT = '/var/task';

// The Node built-ins a function can `require`/`import`: none yet (every host must offer the same).
const BUILT_INS = {};

// The packages the runtime includes (the AWS SDK, aws-sdk.js), which ES modules import through a
// `data:` module re-exporting them from here.
globalThis[AWS_SDK] = SDK_PACKAGES;

function sdkModuleUrl(specifier) {
  const names = Object.keys(SDK_PACKAGES[specifier]).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
  const source = `const m = globalThis[Symbol.for('steplab.aws-sdk')][${JSON.stringify(specifier)}];\n`
    + `export const { ${names.join(', ')} } = m;\nexport default m;\n`;
  // quotes too: the URL goes between the import statement's quotes
  return `data:text/javascript;charset=utf-8,${encodeURIComponent(source).replace(/'/g, '%27')}`;
}

function splitHandler(fullHandler) {
  if (fullHandler.includes('..')) {
    throw new MalformedHandlerName(
      `'${fullHandler}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const slash = fullHandler.lastIndexOf('/');
  const moduleRoot = fullHandler.slice(0, slash + 1);
  const match = fullHandler.slice(slash + 1).match(/^([^.]*)\.(.*)$/);
  if (!match) throw new MalformedHandlerName('Bad handler');
  return { moduleRoot, moduleName: match[1], handlerPath: match[2] };
}

function moduleNotFound(specifier, requireStack) {
  const err = new Error(`Cannot find module '${specifier}'\nRequire stack:\n${requireStack.map((p) => `- ${p}`).join('\n')}`);
  err.code = 'MODULE_NOT_FOUND';
  err.requireStack = requireStack;
  return err;
}

function packageNotFound(specifier, importer) {
  const err = new Error(`Cannot find package '${specifier}' imported from ${importer}`);
  err.code = 'ERR_MODULE_NOT_FOUND';
  return err;
}

// The module specifiers of an ES module's static imports (`import x from 'y'`, `import 'y'`,
// `export … from 'y'`): resolved before the module is imported, so that a missing package fails the
// same way in every host (a browser would say "Failed to resolve module specifier").
const STATIC_IMPORT = /((?:^|[;\n}])\s*(?:import|export)\s*(?:[\w*{}\s,$]*?\s*from\s*)?)(['"])([^'"\n]+)\2/g;

// The package's files: `/var/task/...` → text. Each environment loads them once: CommonJS modules
// are cached by path (as `require.cache`), ES modules by the `data:` URL made of their text.
let packageFiles = {};
const cjsCache = new Map();
const esmUrls = new Map();
const CJS_EXPORTS = Symbol.for('steplab.cjs-exports');
globalThis[CJS_EXPORTS] = {};

function isRelative(specifier) {
  return specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/')
    || specifier === '.' || specifier === '..';
}

function dirnameOf(path) {
  return path.slice(0, path.lastIndexOf('/')) || '/';
}

// `/var/task/a/../b/./c` → `/var/task/b/c`
function normalizePath(path) {
  const parts = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

function isFile(path) {
  return Object.hasOwn(packageFiles, path);
}

function isDirectory(path) {
  const prefix = `${path}/`;
  return Object.keys(packageFiles).some((p) => p.startsWith(prefix));
}

// The `type` of the nearest package.json at or above the file's folder, within /var/task.
function packageType(path) {
  for (let dir = dirnameOf(path); dir.startsWith(TASK_ROOT); dir = dirnameOf(dir)) {
    const manifest = `${dir}/package.json`;
    if (isFile(manifest)) {
      try {
        return JSON.parse(packageFiles[manifest]).type === 'module' ? 'module' : 'commonjs';
      } catch {
        return 'commonjs';
      }
    }
    if (dir === TASK_ROOT) break;
  }
  return 'commonjs';
}

function isEsmFile(path) {
  if (path.endsWith('.mjs')) return true;
  if (path.endsWith('.cjs') || path.endsWith('.json')) return false;
  return packageType(path) === 'module';
}

// CommonJS resolution of a path (Node's LOAD_AS_FILE, then LOAD_AS_DIRECTORY).
function resolveCjsPath(base) {
  for (const candidate of [base, `${base}.js`, `${base}.json`]) {
    if (isFile(candidate)) return candidate;
  }
  const manifest = `${base}/package.json`;
  if (isFile(manifest)) {
    let main;
    try {
      main = JSON.parse(packageFiles[manifest]).main;
    } catch {
      main = undefined;
    }
    if (typeof main === 'string' && main) {
      const entry = normalizePath(`${base}/${main}`);
      for (const candidate of [entry, `${entry}.js`, `${entry}.json`, `${entry}/index.js`, `${entry}/index.json`]) {
        if (isFile(candidate)) return candidate;
      }
    }
  }
  for (const candidate of [`${base}/index.js`, `${base}/index.json`]) {
    if (isFile(candidate)) return candidate;
  }
  return undefined;
}

function requireEsmError(path, parent) {
  const err = new Error(
    `require() of ES Module ${path} from ${parent} not supported.\n`
    + `Instead change the require of ${path} to a dynamic import() which is available in all CommonJS modules.`,
  );
  err.code = 'ERR_REQUIRE_ESM';
  return err;
}

// Runs (once) the CommonJS module or JSON file at `path`; `stack` is the require stack above it.
function loadCjs(path, stack) {
  const cached = cjsCache.get(path);
  if (cached) return cached.exports;
  const code = packageFiles[path];
  const module = { exports: {}, filename: path, id: stack.length > 1 ? path : '.', loaded: false };
  cjsCache.set(path, module);
  try {
    if (path.endsWith('.json')) {
      try {
        module.exports = JSON.parse(code);
      } catch (e) {
        e.message = `${path}: ${e.message}`;
        throw e;
      }
    } else {
      runCjs(code, path, module, [path, ...stack]);
    }
  } catch (e) {
    cjsCache.delete(path);
    throw e;
  }
  module.loaded = true;
  return module.exports;
}

function runCjs(code, path, module, requireStack) {
  const dirname = dirnameOf(path);
  const require = (specifier) => {
    const name = String(specifier).replace(/^node:/, '');
    if (Object.hasOwn(BUILT_INS, name)) return BUILT_INS[name];
    if (Object.hasOwn(SDK_PACKAGES, specifier)) return SDK_PACKAGES[specifier];
    if (isRelative(String(specifier))) {
      const spec = String(specifier);
      const target = resolveCjsPath(normalizePath(spec.startsWith('/') ? spec : `${dirname}/${spec}`));
      if (target !== undefined) {
        if (target.endsWith('.mjs') || (target.endsWith('.js') && isEsmFile(target))) {
          throw requireEsmError(target, path);
        }
        return loadCjs(target, requireStack);
      }
    }
    throw moduleNotFound(specifier, requireStack);
  };
  require.cache = {};
  // one line of wrapper, so the code's line numbers are its own
  const wrapper = (0, eval)(
    `(function (exports, require, module, __filename, __dirname) { ${code}\n})\n//# sourceURL=${path}`,
  );
  wrapper.call(module.exports, module.exports, require, module, path, dirname);
}

function esmNotFound(path, importer) {
  const err = new Error(`Cannot find module '${path}' imported from ${importer}`);
  err.code = 'ERR_MODULE_NOT_FOUND';
  return err;
}

function dataUrl(mime, text) {
  // quotes too: the URL goes between the import statement's quotes
  return `data:${mime};charset=utf-8,${encodeURIComponent(text).replace(/'/g, '%27')}`;
}

// The URL an ES module imports `specifier` from: the SDK's module, or a file of the package as a
// `data:` URL (an ES module with its own imports resolved the same way, a JSON file, or a CommonJS
// module run now and re-exported). Node's ES module resolution: relative specifiers are exact (no
// extension added, no folder's index).
function importUrl(specifier, importer, chain) {
  if (Object.hasOwn(SDK_PACKAGES, specifier)) return sdkModuleUrl(specifier);
  if (!isRelative(specifier)) {
    if (Object.hasOwn(BUILT_INS, specifier.replace(/^node:/, ''))) return specifier;
    throw packageNotFound(specifier, importer);
  }
  const path = normalizePath(specifier.startsWith('/') ? specifier : `${dirnameOf(importer)}/${specifier}`);
  if (!isFile(path)) {
    if (isDirectory(path)) {
      const err = new Error(`Directory import '${path}' is not supported resolving ES modules imported from ${importer}`);
      err.code = 'ERR_UNSUPPORTED_DIR_IMPORT';
      throw err;
    }
    throw esmNotFound(path, importer);
  }
  if (path.endsWith('.json')) return dataUrl('application/json', packageFiles[path]);
  if (isEsmFile(path)) return esmUrl(path, chain);
  const exports = loadCjs(path, [importer, '/var/runtime/index.mjs']);
  globalThis[CJS_EXPORTS][path] = exports;
  const names = exports && (typeof exports === 'object' || typeof exports === 'function')
    ? Object.keys(exports).filter((n) => n !== 'default' && /^[A-Za-z_$][\w$]*$/.test(n))
    : [];
  const source = `const m = globalThis[Symbol.for('steplab.cjs-exports')][${JSON.stringify(path)}];\n`
    + `${names.length ? `export const { ${names.join(', ')} } = m;\n` : ''}export default m;\n`;
  return dataUrl('text/javascript', source);
}

// The `data:` URL of the package's ES module at `path`, its static imports resolved.
function esmUrl(path, chain = []) {
  if (esmUrls.has(path)) return esmUrls.get(path);
  if (chain.includes(path)) {
    const err = new Error(
      `StepLab cannot load ES modules that import each other in a cycle: ${[...chain, path].join(' -> ')}`,
    );
    err.code = 'ERR_STEPLAB_IMPORT_CYCLE';
    throw err;
  }
  const code = packageFiles[path];
  const inner = [...chain, path];
  // the specifiers, in the import statements only (lines keep their numbers)
  const resolved = code.replace(STATIC_IMPORT, (whole, head, quote, specifier) => {
    const url = importUrl(specifier, path, inner);
    return url === specifier ? whole : `${head}${quote}${url}${quote}`;
  });
  const url = dataUrl('text/javascript', `${resolved}\n//# sourceURL=file://${path}`);
  esmUrls.set(path, url);
  return url;
}

// The user's module, or a `Runtime.*` error: `UserCodeSyntaxError` for a syntax error,
// `ImportModuleError` when the module (or a `require`d one) is not found.
// (nodejs24.x keeps the SyntaxError's own stack in the UserCodeSyntaxError.)
async function loadUserModule(files, moduleRoot, moduleName, modern) {
  packageFiles = files;
  cjsCache.clear();
  esmUrls.clear();
  const base = `${TASK_ROOT}/${moduleRoot}${moduleName}`.replace(/\/+/g, '/');
  try {
    for (const extension of ['', '.js', '.mjs', '.cjs']) {
      const path = base + extension;
      if (!Object.hasOwn(files, path)) continue;
      if (isEsmFile(path)) return await import(esmUrl(path));
      const module = { exports: {}, filename: path, id: '.', loaded: false };
      cjsCache.set(path, module);
      runCjs(files[path], path, module, [path, '/var/runtime/index.mjs']);
      module.loaded = true;
      return module.exports;
    }
    throw moduleNotFound(moduleName, ['/var/runtime/index.mjs']);
  } catch (e) {
    if (e instanceof SyntaxError) {
      const wrapped = new UserCodeSyntaxError(e);
      if (modern) wrapped.stack = e.stack;
      throw wrapped;
    }
    if (e && e.code === 'MODULE_NOT_FOUND') throw new ImportModuleError(e);
    throw e;
  }
}

// `modern`: nodejs24.x and later, which also look for the handler in the module's default export.
async function loadHandler(files, fullHandler, modern) {
  const { moduleRoot, moduleName, handlerPath } = splitHandler(fullHandler);
  const userModule = await loadUserModule(files, moduleRoot, moduleName, modern);
  const find = (root) => handlerPath.split('.').reduce((nested, key) => nested && nested[key], root);
  let handler = find(userModule);
  if (!handler && modern && userModule && typeof userModule === 'object' && 'default' in userModule) {
    handler = find(userModule.default);
  }
  if (!handler) throw new HandlerNotFound(`${fullHandler} is undefined or not exported`);
  if (typeof handler !== 'function') throw new HandlerNotFound(`${fullHandler} is not a function`);
  return handler;
}
