// `@aws-sdk/util-dynamodb` (`marshall`, `unmarshall`, `convertToAttr`, `convertToNative`) and
// `@aws-sdk/lib-dynamodb` (`DynamoDBDocumentClient.from(client)` and its commands, which take and
// give plain JavaScript values), as the SDK behaves with its default options: numbers come back as
// JavaScript numbers, `undefined` values are refused unless `removeUndefinedValues`.

function convertToAttr(value, options = {}) {
  if (value === null) return { NULL: true };
  if (value === undefined) throw new Error('Pass options.removeUndefinedValues=true to remove undefined values from map/array/set.');
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number' || typeof value === 'bigint') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`Special numeric value ${value} is not allowed`);
    return { N: String(value) };
  }
  if (typeof value === 'boolean') return { BOOL: value };
  if (value instanceof Uint8Array) return { B: value };
  if (value instanceof Set) {
    const items = [...value];
    if (options.removeUndefinedValues) items.splice(0, items.length, ...items.filter((v) => v !== undefined));
    if (items.length === 0) throw new Error('Set must not be empty');
    if (items.every((v) => typeof v === 'string')) return { SS: items };
    if (items.every((v) => typeof v === 'number' || typeof v === 'bigint')) return { NS: items.map(String) };
    if (items.every((v) => v instanceof Uint8Array)) return { BS: items };
    throw new Error('Only Number Set (NS), Binary Set (BS) or String Set (SS) are allowed.');
  }
  if (Array.isArray(value)) {
    const items = options.removeUndefinedValues ? value.filter((v) => v !== undefined) : value;
    return { L: items.map((v) => convertToAttr(v, options)) };
  }
  if (typeof value === 'object') {
    if (typeof value.value === 'string' && value.constructor?.name === 'NumberValue') return { N: value.value };
    return { M: marshall(value, options) };
  }
  throw new Error(`Unsupported type passed: ${value}. Pass options.convertClassInstanceToMap=true to marshall typeof object as map attribute.`);
}

function marshall(item, options = {}) {
  const out = {};
  for (const [key, value] of Object.entries(item ?? {})) {
    if (value === undefined && options.removeUndefinedValues) continue;
    out[key] = convertToAttr(value, options);
  }
  return out;
}

function base64ToBytes(text) {
  const binary = atob(text);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function convertToNative(attr, options = {}) {
  const [[type, value]] = Object.entries(attr);
  switch (type) {
    case 'S': return value;
    case 'N': return options.wrapNumbers ? { value } : Number(value);
    case 'BOOL': return value;
    case 'NULL': return null;
    case 'B': return typeof value === 'string' ? base64ToBytes(value) : value;
    case 'SS': return new Set(value);
    case 'NS': return new Set(value.map((n) => (options.wrapNumbers ? { value: n } : Number(n))));
    case 'BS': return new Set(value.map((b) => (typeof b === 'string' ? base64ToBytes(b) : b)));
    case 'L': return value.map((v) => convertToNative(v, options));
    case 'M': return unmarshall(value, options);
    default: throw new Error(`Unsupported type passed: ${type}`);
  }
}

function unmarshall(item, options = {}) {
  const out = {};
  for (const [key, value] of Object.entries(item ?? {})) out[key] = convertToNative(value, options);
  return out;
}

// Binary values travel to the host as base64, as the services take them.
function bytesToBase64(bytes) {
  return btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));
}

function wireValues(value) {
  if (value instanceof Uint8Array) return bytesToBase64(value);
  if (Array.isArray(value)) return value.map(wireValues);
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = wireValues(v);
    return out;
  }
  return value;
}

// lib-dynamodb: each command marshalls these input members and unmarshalls these output members.
const DOCUMENT_COMMANDS = {
  Put: ['PutItem', { Item: 'item', ExpressionAttributeValues: 'item' }, { Attributes: 'item' }],
  Get: ['GetItem', { Key: 'item' }, { Item: 'item' }],
  Update: ['UpdateItem', { Key: 'item', ExpressionAttributeValues: 'item' }, { Attributes: 'item' }],
  Delete: ['DeleteItem', { Key: 'item', ExpressionAttributeValues: 'item' }, { Attributes: 'item' }],
  Query: ['Query', { ExpressionAttributeValues: 'item', ExclusiveStartKey: 'item' }, { Items: 'items', LastEvaluatedKey: 'item' }],
  Scan: ['Scan', { ExpressionAttributeValues: 'item', ExclusiveStartKey: 'item' }, { Items: 'items', LastEvaluatedKey: 'item' }],
  BatchGet: ['BatchGetItem', { RequestItems: 'batchGet' }, { Responses: 'responses', UnprocessedKeys: 'batchGetOut' }],
  BatchWrite: ['BatchWriteItem', { RequestItems: 'batchWrite' }, { UnprocessedItems: 'batchWriteOut' }],
  TransactGet: ['TransactGetItems', { TransactItems: 'transactGet' }, { Responses: 'transactGetOut' }],
  TransactWrite: ['TransactWriteItems', { TransactItems: 'transactWrite' }, {}],
};

function marshallMember(kind, value, options) {
  const m = (v) => marshall(v, options);
  const mapTables = (tables, f) => Object.fromEntries(Object.entries(tables).map(([t, v]) => [t, f(v)]));
  switch (kind) {
    case 'item': return m(value);
    case 'batchGet': return mapTables(value, (r) => ({ ...r, Keys: r.Keys.map(m) }));
    case 'batchWrite': return mapTables(value, (rs) => rs.map((r) => (r.PutRequest
      ? { PutRequest: { Item: m(r.PutRequest.Item) } }
      : { DeleteRequest: { Key: m(r.DeleteRequest.Key) } })));
    case 'transactGet': return value.map((t) => ({ Get: { ...t.Get, Key: m(t.Get.Key) } }));
    case 'transactWrite': return value.map((t) => {
      const [[op, body]] = Object.entries(t);
      const out = { ...body };
      for (const k of ['Item', 'Key', 'ExpressionAttributeValues']) if (body[k]) out[k] = m(body[k]);
      return { [op]: out };
    });
    default: return value;
  }
}

function unmarshallMember(kind, value, options) {
  const u = (v) => unmarshall(v, options);
  const mapTables = (tables, f) => Object.fromEntries(Object.entries(tables).map(([t, v]) => [t, f(v)]));
  switch (kind) {
    case 'item': return u(value);
    case 'items': return value.map(u);
    case 'responses': return mapTables(value, (items) => items.map(u));
    case 'batchGetOut': return mapTables(value, (r) => ({ ...r, Keys: r.Keys.map(u) }));
    case 'batchWriteOut': return mapTables(value, (rs) => rs.map((r) => (r.PutRequest
      ? { PutRequest: { Item: u(r.PutRequest.Item) } }
      : { DeleteRequest: { Key: u(r.DeleteRequest.Key) } })));
    case 'transactGetOut': return value.map((r) => (r.Item ? { ...r, Item: u(r.Item) } : r));
    default: return value;
  }
}

function libDynamodb(dynamodb) {
  const module = {};
  class DynamoDBDocumentClient {
    constructor(client, translateConfig = {}) {
      this.client = client;
      this.translateConfig = translateConfig;
      this.config = client.config;
    }
    static from(client, translateConfig) {
      return new DynamoDBDocumentClient(client, translateConfig);
    }
    send(command) {
      return this.client.send(command.constructor.operation ? command : command.lowLevel(this.translateConfig));
    }
    destroy() {}
  }
  module.DynamoDBDocumentClient = DynamoDBDocumentClient;
  module.DynamoDBDocument = DynamoDBDocumentClient;
  for (const [name, [operation, inputs, outputs]] of Object.entries(DOCUMENT_COMMANDS)) {
    const lowLevel = dynamodb[`${operation}Command`];
    module[`${name}Command`] = {
      [`${name}Command`]: class {
        constructor(input) {
          this.input = input;
        }
        // the command as the client takes it, its output translated back when answered
        lowLevel(config) {
          const marshallOptions = config.marshallOptions ?? {};
          const unmarshallOptions = config.unmarshallOptions ?? {};
          const input = { ...this.input };
          for (const [member, kind] of Object.entries(inputs)) {
            if (input[member] !== undefined) input[member] = wireValues(marshallMember(kind, input[member], marshallOptions));
          }
          const command = new lowLevel(input);
          command.resolve = async (client) => {
            delete command.resolve;
            const output = await client.send(command);
            for (const [member, kind] of Object.entries(outputs)) {
              if (output[member] !== undefined) output[member] = unmarshallMember(kind, output[member], unmarshallOptions);
            }
            return output;
          };
          return command;
        }
      },
    }[`${name}Command`];
  }
  return module;
}

SDK_PACKAGES['@aws-sdk/util-dynamodb'] = { marshall, unmarshall, convertToAttr, convertToNative };
SDK_PACKAGES['@aws-sdk/lib-dynamodb'] = libDynamodb(SDK_PACKAGES['@aws-sdk/client-dynamodb']);

// Low-level DynamoDB binary values travel as base64 too.
{
  const dynamodb = SDK_PACKAGES['@aws-sdk/client-dynamodb'];
  const send = dynamodb.DynamoDBClient.prototype.send;
  dynamodb.DynamoDBClient.prototype.send = function sendWithBinary(command) {
    if (command && command.input && !command.resolve) command.input = wireValues(command.input);
    return send.call(this, command);
  };
}
