// Loading the function's code file from `/var/task` and finding its handler, as the Node.js runtime
// does: `index.handler` names the module `index` and its export `handler`. A `.mjs` file is an ES
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
function staticImports(source) {
  const found = [];
  const pattern = /(?:^|[;\n}])\s*(?:import|export)\s*(?:[\w*{}\s,$]*?\s*from\s*)?(['"])([^'"\n]+)\1/g;
  for (const match of source.matchAll(pattern)) found.push(match[2]);
  return found;
}

async function importEsm(code, path) {
  const url = `file://${path}`;
  for (const specifier of staticImports(code)) {
    if (Object.hasOwn(SDK_PACKAGES, specifier)) continue;
    if (!Object.hasOwn(BUILT_INS, specifier.replace(/^node:/, ''))) {
      throw packageNotFound(specifier, path);
    }
  }
  // the SDK's specifiers, in the import statements only (lines keep their numbers)
  const resolved = code.replace(
    /((?:^|[;\n}])\s*(?:import|export)\s*(?:[\w*{}\s,$]*?\s*from\s*)?)(['"])(@aws-sdk\/[^'"\n]+)\2/g,
    (whole, head, quote, specifier) => (Object.hasOwn(SDK_PACKAGES, specifier) ? `${head}${quote}${sdkModuleUrl(specifier)}${quote}` : whole),
  );
  return import(`data:text/javascript;charset=utf-8,${encodeURIComponent(`${resolved}\n//# sourceURL=${url}`)}`);
}

function requireCjs(code, path) {
  const module = { exports: {}, filename: path, id: '.', loaded: false };
  const dirname = path.slice(0, path.lastIndexOf('/'));
  const require = (specifier) => {
    const name = String(specifier).replace(/^node:/, '');
    if (Object.hasOwn(BUILT_INS, name)) return BUILT_INS[name];
    if (Object.hasOwn(SDK_PACKAGES, specifier)) return SDK_PACKAGES[specifier];
    throw moduleNotFound(specifier, [path, '/var/runtime/index.mjs']);
  };
  // one line of wrapper, so the code's line numbers are its own
  const wrapper = (0, eval)(
    `(function (exports, require, module, __filename, __dirname) { ${code}\n})\n//# sourceURL=${path}`,
  );
  wrapper.call(module.exports, module.exports, require, module, path, dirname);
  module.loaded = true;
  return module.exports;
}

// The user's module, or a `Runtime.*` error: `UserCodeSyntaxError` for a syntax error,
// `ImportModuleError` when the module (or a `require`d one) is not found.
// (nodejs24.x keeps the SyntaxError's own stack in the UserCodeSyntaxError.)
async function loadUserModule(files, moduleRoot, moduleName, modern) {
  const base = `${TASK_ROOT}/${moduleRoot}${moduleName}`.replace(/\/+/g, '/');
  try {
    for (const extension of ['', '.js', '.mjs', '.cjs']) {
      const path = base + extension;
      if (!Object.hasOwn(files, path)) continue;
      return extension === '.mjs' ? await importEsm(files[path], path) : requireCjs(files[path], path);
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
