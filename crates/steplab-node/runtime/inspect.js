// StepLab's own subset of Node's `util.inspect` and `util.format`, written for the Lambda log
// lines: the output matches Node's for the values a handler commonly logs (primitives, arrays,
// plain objects and class instances, nested to depth 2, Errors with their stack, Map, Set, Date,
// RegExp, functions, circular references) with Node's defaults (depth 2, breakLength 80,
// compact 3, maxArrayLength 100). Host-neutral: no Node internals, no DOM.

const INSPECT_DEFAULTS = { depth: 2, breakLength: 80, compact: 3, maxArrayLength: 100 };

const IDENTIFIER = /^[a-zA-Z_][a-zA-Z_0-9]*$/;

// The global constructors (read without calling getters: Node defines some lazily).
const BUILT_IN_NAMES = new Set(
  Object.getOwnPropertyNames(globalThis).filter((name) => {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, name);
    return /^[A-Z]/.test(name) && descriptor !== undefined && typeof descriptor.value === 'function';
  }),
);

const ESCAPES = {
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\f': '\\f',
  '\r': '\\r',
  '\\': '\\\\',
};

function quoteString(text) {
  let quote = "'";
  if (text.includes("'")) {
    if (!text.includes('"')) quote = '"';
    else if (!text.includes('`') && !text.includes('${')) quote = '`';
  }
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0);
    if (ch === quote) out += `\\${ch}`;
    else if (ESCAPES[ch] !== undefined) out += ESCAPES[ch];
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
    else out += ch;
  }
  return `${quote}${out}${quote}`;
}

function formatNumber(n) {
  return Object.is(n, -0) ? '-0' : `${n}`;
}

function formatPrimitive(ctx, value) {
  switch (typeof value) {
    case 'string': {
      // long strings with line breaks are split into one quoted piece per line
      if (
        value.length > 16 &&
        value.length > ctx.breakLength - ctx.indentationLvl - 4 &&
        value.includes('\n')
      ) {
        return value
          .split(/(?<=\n)/)
          .map(quoteString)
          .join(` +\n${' '.repeat(ctx.indentationLvl + 2)}`);
      }
      return quoteString(value);
    }
    case 'number':
      return formatNumber(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
      return `${value}`;
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return value.toString();
    default:
      return String(value);
  }
}

function constructorName(value) {
  let proto = value;
  while (proto !== null && proto !== undefined) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, 'constructor');
    if (descriptor !== undefined && typeof descriptor.value === 'function' && descriptor.value.name !== '') {
      return descriptor.value.name;
    }
    proto = Object.getPrototypeOf(proto);
  }
  return null;
}

function formatValue(ctx, value, recurseTimes, typedKey) {
  if (typeof value !== 'object' && typeof value !== 'function') {
    return formatPrimitive(ctx, value);
  }
  if (value === null) return 'null';
  if (ctx.seen.includes(value)) {
    let index = ctx.circular.get(value);
    if (index === undefined) {
      index = ctx.circular.size + 1;
      ctx.circular.set(value, index);
    }
    return `[Circular *${index}]`;
  }
  return formatRaw(ctx, value, recurseTimes, typedKey);
}

function ownKeys(value) {
  const keys = Object.keys(value);
  for (const symbol of Object.getOwnPropertySymbols(value)) {
    if (Object.prototype.propertyIsEnumerable.call(value, symbol)) keys.push(symbol);
  }
  return keys;
}

function functionBase(value, ctor) {
  const source = Function.prototype.toString.call(value);
  if (source.startsWith('class') && source.endsWith('}')) {
    let base = `[class ${value.name || '(anonymous)'}`;
    const superclass = Object.getPrototypeOf(value);
    if (superclass && superclass.name) base += ` extends ${superclass.name}`;
    return `${base}]`;
  }
  let type = 'Function';
  const tag = Object.prototype.toString.call(value);
  if (tag === '[object AsyncFunction]') type = 'AsyncFunction';
  else if (tag === '[object GeneratorFunction]') type = 'GeneratorFunction';
  else if (tag === '[object AsyncGeneratorFunction]') type = 'AsyncGeneratorFunction';
  let base = `[${type}`;
  if (ctor === null) base += ' (null prototype)';
  base += value.name === '' ? ' (anonymous)' : `: ${value.name}`;
  base += ']';
  if (ctor !== type && ctor !== null) base += ` ${ctor}`;
  return base;
}

function errorBase(ctx, err, keys) {
  let stack =
    typeof err.stack === 'string' && err.stack !== '' ? hostNeutralStack(err.stack) : Error.prototype.toString.call(err);
  for (const name of ['name', 'message', 'stack']) {
    const index = keys.indexOf(name);
    if (index !== -1 && typeof err[name] === 'string' && stack.includes(err[name])) keys.splice(index, 1);
  }
  if ('cause' in err && !keys.includes('cause')) keys.push('cause');
  let pos = (err.message && stack.indexOf(err.message)) || -1;
  if (pos !== -1) pos += err.message.length;
  if (stack.indexOf('\n    at', pos) === -1) stack = `[${stack}]`;
  if (ctx.indentationLvl !== 0) {
    stack = stack.replaceAll('\n', `\n${' '.repeat(ctx.indentationLvl)}`);
  }
  return stack;
}

function formatRaw(ctx, value, recurseTimes, typedKey) {
  const ctor = constructorName(value);
  const keys = ownKeys(value);
  const prefix = (fallback, size) => {
    const name = ctor === null ? `[${fallback}: null prototype]` : ctor;
    const sized = size === undefined ? name : `${name}(${size})`;
    return ctor === fallback && size === undefined ? '' : `${sized} `;
  };
  let base = '';
  let braces;
  let formatter = () => [];
  let isArray = false;
  if (Array.isArray(value)) {
    isArray = true;
    const arrayKeys = keys.filter((k) => typeof k !== 'string' || !/^(0|[1-9][0-9]*)$/.test(k));
    keys.length = 0;
    keys.push(...arrayKeys);
    braces = [`${ctor === 'Array' ? '' : prefix('Array', value.length)}[`, ']'];
    if (value.length === 0 && keys.length === 0) return `${braces[0]}]`;
    formatter = formatArray;
  } else if (value instanceof Map) {
    braces = [`${prefix('Map', value.size)}{`, '}'];
    if (value.size === 0 && keys.length === 0) return `${braces[0]}}`;
    formatter = formatMap;
  } else if (value instanceof Set) {
    braces = [`${prefix('Set', value.size)}{`, '}'];
    if (value.size === 0 && keys.length === 0) return `${braces[0]}}`;
    formatter = formatSet;
  } else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const elements = Array.from(value);
    braces = [`${prefix(ctor, value.length)}[`, ']'];
    if (value.length === 0 && keys.length === 0) return `${braces[0]}]`;
    const numeric = keys.filter((k) => typeof k !== 'string' || !/^(0|[1-9][0-9]*)$/.test(k));
    keys.length = 0;
    keys.push(...numeric);
    formatter = (c) => elements.slice(0, c.maxArrayLength).map((e) => formatPrimitive(c, e));
    isArray = true;
  } else {
    braces = ['{', '}'];
    if (typeof value === 'function') {
      base = functionBase(value, ctor);
      if (keys.length === 0) return base;
    } else if (value instanceof Error) {
      base = errorBase(ctx, value, keys);
      if (keys.length === 0) return base;
    } else if (value instanceof RegExp) {
      base = RegExp.prototype.toString.call(value);
      if (keys.length === 0) return base;
    } else if (value instanceof Date) {
      base = Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
      if (keys.length === 0) return base;
    } else if (value instanceof Promise) {
      braces[0] = `${prefix('Promise')}{`;
      formatter = () => ['<pending>'];
    } else if (value instanceof WeakMap || value instanceof WeakSet) {
      return `${ctor} { <items unknown> }`;
    } else if (typeof value.then === 'undefined' && Symbol.iterator in value && ctor === null) {
      braces[0] = `${prefix('Object')}{`;
    } else {
      const tag = value[Symbol.toStringTag];
      let name = ctor === null ? '[Object: null prototype]' : ctor;
      if (typeof tag === 'string' && tag !== '' && tag !== name) name = `${name} [${tag}]`;
      if (keys.length === 0) return name === 'Object' ? '{}' : `${name} {}`;
      braces[0] = name === 'Object' ? '{' : `${name} {`;
    }
  }
  if (recurseTimes > ctx.depth) {
    return ctor === null ? '[Object: null prototype]' : `[${ctor}]`;
  }
  recurseTimes += 1;
  ctx.seen.push(value);
  ctx.currentDepth = recurseTimes;
  const output = formatter(ctx, value, recurseTimes);
  for (const key of keys) {
    output.push(formatProperty(ctx, value, recurseTimes, key, false));
  }
  ctx.seen.pop();
  const index = ctx.circular.get(value);
  if (index !== undefined) {
    const reference = `<ref *${index}>`;
    if (base === '') braces[0] = `${reference} ${braces[0]}`;
    else base = `${reference} ${base}`;
  }
  return reduceToSingleString(ctx, output, base, braces, isArray, recurseTimes, value);
}

function formatProperty(ctx, value, recurseTimes, key, arrayElement) {
  const descriptor = Object.getOwnPropertyDescriptor(value, key) || { value: value[key], enumerable: true };
  let str;
  if (descriptor.value !== undefined || !('get' in descriptor || 'set' in descriptor)) {
    ctx.indentationLvl += 2;
    str = formatValue(ctx, descriptor.value, recurseTimes);
    ctx.indentationLvl -= 2;
  } else if (descriptor.get !== undefined) {
    str = descriptor.set !== undefined ? '[Getter/Setter]' : '[Getter]';
  } else {
    str = descriptor.set !== undefined ? '[Setter]' : 'undefined';
  }
  if (arrayElement) return str;
  let name;
  if (typeof key === 'symbol') name = `[${key.toString()}]`;
  else if (descriptor.enumerable === false) name = `[${key}]`;
  else if (IDENTIFIER.test(key)) name = key;
  else name = quoteString(key);
  return `${name}: ${str}`;
}

function formatArray(ctx, value, recurseTimes) {
  const output = [];
  const length = Math.min(value.length, ctx.maxArrayLength);
  let i = 0;
  for (; i < value.length && output.length < length; i++) {
    if (!Object.prototype.hasOwnProperty.call(value, i)) {
      let holes = 1;
      while (i + holes < value.length && !Object.prototype.hasOwnProperty.call(value, i + holes)) holes++;
      output.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`);
      i += holes - 1;
    } else {
      output.push(formatProperty(ctx, value, recurseTimes, String(i), true));
    }
  }
  const remaining = value.length - i;
  if (remaining > 0) output.push(`... ${remaining} more item${remaining > 1 ? 's' : ''}`);
  return output;
}

function formatMap(ctx, value, recurseTimes) {
  const output = [];
  ctx.indentationLvl += 2;
  for (const [k, v] of value) {
    output.push(`${formatValue(ctx, k, recurseTimes)} => ${formatValue(ctx, v, recurseTimes)}`);
  }
  ctx.indentationLvl -= 2;
  return output;
}

function formatSet(ctx, value, recurseTimes) {
  const output = [];
  ctx.indentationLvl += 2;
  for (const v of value) output.push(formatValue(ctx, v, recurseTimes));
  ctx.indentationLvl -= 2;
  return output;
}

// Arrays of more than six short entries are laid out in aligned columns, as Node does.
function groupArrayElements(ctx, output, value) {
  let totalLength = 0;
  let maxLength = 0;
  let outputLength = output.length;
  if (output.length > 0 && output[output.length - 1].startsWith('... ') && output[output.length - 1].endsWith('more items')) {
    outputLength--;
  }
  const separatorSpace = 2;
  const dataLen = [];
  for (let i = 0; i < outputLength; i++) {
    const len = output[i].length;
    dataLen.push(len);
    totalLength += len + separatorSpace;
    if (maxLength < len) maxLength = len;
  }
  const actualMax = maxLength + separatorSpace;
  if (actualMax * 3 + ctx.indentationLvl < ctx.breakLength && (totalLength / actualMax > 5 || maxLength <= 6)) {
    const averageBias = Math.sqrt(actualMax - totalLength / output.length);
    const biasedMax = Math.max(actualMax - 3 - averageBias, 1);
    const columns = Math.min(
      Math.round(Math.sqrt(2.5 * biasedMax * outputLength) / biasedMax),
      Math.floor((ctx.breakLength - ctx.indentationLvl) / actualMax),
      ctx.compact * 4,
      15,
    );
    if (columns <= 1) return output;
    const maxLineLength = [];
    for (let i = 0; i < columns; i++) {
      let lineLength = 0;
      for (let j = i; j < output.length; j += columns) {
        if (dataLen[j] > lineLength) lineLength = dataLen[j];
      }
      maxLineLength.push(lineLength + separatorSpace);
    }
    let padStart = true;
    for (let i = 0; i < output.length; i++) {
      if (typeof value[i] !== 'number' && typeof value[i] !== 'bigint') {
        padStart = false;
        break;
      }
    }
    const grouped = [];
    for (let i = 0; i < outputLength; i += columns) {
      const max = Math.min(i + columns, outputLength);
      let line = '';
      let j = i;
      for (; j < max - 1; j++) {
        const cell = `${output[j]}, `;
        line += padStart ? cell.padStart(maxLineLength[j - i], ' ') : cell.padEnd(maxLineLength[j - i], ' ');
      }
      line += padStart ? output[j].padStart(maxLineLength[j - i] - separatorSpace, ' ') : output[j];
      grouped.push(line);
    }
    if (outputLength < output.length) grouped.push(output[outputLength]);
    return grouped;
  }
  return output;
}

function isBelowBreakLength(ctx, output, start, base) {
  let totalLength = output.length + start;
  if (totalLength + output.length > ctx.breakLength) return false;
  for (const entry of output) {
    totalLength += entry.length;
    if (totalLength > ctx.breakLength) return false;
  }
  return base === '' || !base.includes('\n');
}

function reduceToSingleString(ctx, output, base, braces, isArray, recurseTimes, value) {
  const entries = output.length;
  if (isArray && entries > 6) output = groupArrayElements(ctx, output, value);
  if (ctx.currentDepth - recurseTimes < ctx.compact && entries === output.length) {
    const start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10;
    if (isBelowBreakLength(ctx, output, start, base)) {
      const joined = output.join(', ');
      if (!joined.includes('\n')) {
        return `${base ? `${base} ` : ''}${braces[0]} ${joined} ${braces[1]}`;
      }
    }
  }
  const indentation = `\n${' '.repeat(ctx.indentationLvl)}`;
  return `${base ? `${base} ` : ''}${braces[0]}${indentation}  ${output.join(`,${indentation}  `)}${indentation}${braces[1]}`;
}

function inspect(value, options) {
  const ctx = {
    ...INSPECT_DEFAULTS,
    ...options,
    seen: [],
    circular: new Map(),
    indentationLvl: 0,
    currentDepth: 0,
  };
  return formatValue(ctx, value, 0);
}

function hasBuiltInToString(value) {
  if (typeof value.toString !== 'function') return true;
  if (Object.prototype.hasOwnProperty.call(value, 'toString')) return false;
  let pointer = value;
  do {
    pointer = Object.getPrototypeOf(pointer);
  } while (pointer !== null && !Object.prototype.hasOwnProperty.call(pointer, 'toString'));
  if (pointer === null) return true;
  const descriptor = Object.getOwnPropertyDescriptor(pointer, 'constructor');
  return descriptor !== undefined && typeof descriptor.value === 'function' && BUILT_IN_NAMES.has(descriptor.value.name);
}

function stringifyOrCircular(value) {
  try {
    return JSON.stringify(value);
  } catch (err) {
    if (err instanceof TypeError && /circular/i.test(err.message)) return '[Circular]';
    throw err;
  }
}

function formatSpecifier(spec, arg) {
  switch (spec) {
    case 's':
      if (typeof arg === 'number') return formatNumber(arg);
      if (typeof arg === 'bigint') return `${arg}n`;
      if (typeof arg !== 'object' || arg === null || !hasBuiltInToString(arg)) return String(arg);
      return inspect(arg, { depth: 0 });
    case 'j':
      return stringifyOrCircular(arg);
    case 'd':
      if (typeof arg === 'bigint') return `${arg}n`;
      if (typeof arg === 'symbol') return 'NaN';
      return formatNumber(Number(arg));
    case 'i':
      if (typeof arg === 'bigint') return `${arg}n`;
      if (typeof arg === 'symbol') return 'NaN';
      return formatNumber(Number.parseInt(arg));
    case 'f':
      if (typeof arg === 'symbol') return 'NaN';
      return formatNumber(Number.parseFloat(arg));
    case 'O':
      return inspect(arg);
    case 'o':
      return inspect(arg, { depth: 4 });
    case 'c':
      return '';
    default:
      return undefined;
  }
}

// `util.format(...args)`: printf-like specifiers in a first string argument, then the remaining
// arguments, strings as they are and everything else inspected, joined by spaces.
function format(...args) {
  const first = args[0];
  let a = 0;
  let str = '';
  let join = '';
  if (typeof first === 'string') {
    if (args.length === 1) return first;
    let lastPos = 0;
    for (let i = 0; i < first.length - 1; i++) {
      if (first[i] !== '%') continue;
      const next = first[++i];
      if (a + 1 !== args.length) {
        if (next === '%') {
          str += first.slice(lastPos, i);
          lastPos = i + 1;
          continue;
        }
        if (!'sjdifoOc'.includes(next)) continue;
        const text = formatSpecifier(next, args[++a]);
        if (lastPos !== i - 1) str += first.slice(lastPos, i - 1);
        str += text;
        lastPos = i + 1;
      } else if (next === '%') {
        str += first.slice(lastPos, i);
        lastPos = i + 1;
      }
    }
    if (lastPos !== 0) {
      a++;
      join = ' ';
      if (lastPos < first.length) str += first.slice(lastPos);
    }
  }
  while (a < args.length) {
    const value = args[a];
    str += join;
    str += typeof value !== 'string' ? inspect(value) : value;
    join = ' ';
    a++;
  }
  return str;
}
