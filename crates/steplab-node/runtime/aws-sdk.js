// The AWS SDK for JavaScript v3 as the Node.js runtimes include it, for the clients StepLab's
// services answer: `@aws-sdk/client-dynamodb`, `client-s3`, `client-sqs`, `client-sns`,
// `client-sfn`, `client-lambda`, `client-eventbridge` (and `lib-dynamodb`, `util-dynamodb`, in
// aws-sdk-dynamodb.js). A faithful subset written for StepLab, not the SDK itself: `client.send(
// new XCommand(input))` posts the call to the host (`{type: "aws", id, service, operation, input}`),
// which answers it from the run's services (`{type: "aws-reply", id, output | error}`); the output
// comes back with `$metadata`, timestamps as `Date`s, S3 bodies and Lambda payloads as the SDK
// gives them; a service's error is thrown as the SDK's exception class of that name (an instance of
// the client's `…ServiceException`), with `$fault` and `$metadata`.

const AWS_SDK = Symbol.for('steplab.aws-sdk');

// Calls waiting for the host's answer, by id.
const awsPending = new Map();
let awsNextId = 0;
let awsSend = null;

// The host's way of posting a message (a Worker's `postMessage`, a line on node's stdout).
function setAwsSender(send) {
  awsSend = send;
}

// The host's answer to call `message.id`.
function answerAws(message) {
  const pending = awsPending.get(message.id);
  if (!pending) return;
  awsPending.delete(message.id);
  pending(message);
}

function callAws(service, operation, input) {
  return new Promise((resolve) => {
    const id = ++awsNextId;
    awsPending.set(id, resolve);
    if (awsSend === null) {
      answerAws({ id, offline: true });
      return;
    }
    awsSend({ type: 'aws', id, service, operation, input });
  });
}

function requestId() {
  const hex = (n) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(Math.random() * 4)]}${hex(3)}-${hex(12)}`;
}

function metadata(httpStatusCode, id) {
  return { httpStatusCode, requestId: id, extendedRequestId: undefined, cfId: undefined, attempts: 1, totalRetryDelay: 0 };
}

// The SDK's exception classes: `ServiceException` (of @smithy/smithy-client) and one per client.
class ServiceException extends Error {
  constructor(options) {
    super(options.message);
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = options.name;
    this.$fault = options.$fault;
    this.$metadata = options.$metadata;
  }
}

function exceptionClass(base, name) {
  const cls = {
    [name]: class extends base {
      constructor(options) {
        super({ name, $fault: 'client', ...options });
      }
    },
  }[name];
  return cls;
}

// Members of an output the SDK gives as `Date`s, by service.
const TIMESTAMPS = {
  dynamodb: ['CreationDateTime', 'LastIncreaseDateTime', 'LastDecreaseDateTime'],
  s3: ['LastModified', 'CreationDate', 'Expires'],
  sfn: ['startDate', 'stopDate', 'creationDate', 'redriveDate', 'timestamp'],
  eventbridge: ['CreationTime', 'LastModifiedTime'],
};

function toDate(value) {
  if (typeof value === 'number') return new Date(value * 1000);
  if (typeof value === 'string') {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? value : d;
  }
  return value;
}

function withDates(value, names) {
  if (Array.isArray(value)) return value.map((v) => withDates(v, names));
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = names.includes(k) ? toDate(v) : withDates(v, names);
    return out;
  }
  return value;
}

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

function bytesOf(body) {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return textDecoder.decode(body);
  if (body instanceof ArrayBuffer) return textDecoder.decode(new Uint8Array(body));
  return String(body);
}

// An S3 object's body as the SDK gives it in Node.js: a stream with `transformToString()`,
// `transformToByteArray()` and `transformToWebStream()`.
function sdkStream(text) {
  const bytes = textEncoder.encode(text);
  return {
    transformToString: async (encoding) => (encoding && encoding !== 'utf-8' && encoding !== 'utf8'
      ? Array.from(bytes, (b) => String.fromCharCode(b)).join('')
      : text),
    transformToByteArray: async () => bytes,
    transformToWebStream: () => new ReadableStream({ start(c) { c.enqueue(bytes); c.close(); } }),
    async *[Symbol.asyncIterator]() {
      yield bytes;
    },
  };
}

// What the host is sent (`input`) and what the caller gets (`output`), per service and operation.
const SHAPES = {
  s3: {
    input: (op, input) => (op === 'PutObject' ? { ...input, Body: bytesOf(input.Body) } : input),
    output: (op, output) => (op === 'GetObject' ? { ...output, Body: sdkStream(output.Body ?? '') } : output),
  },
  lambda: {
    input: (op, input) => (op === 'Invoke' ? { ...input, Payload: bytesOf(input.Payload) } : input),
    output: (op, output) => (op === 'Invoke' && 'Payload' in output ? { ...output, Payload: textEncoder.encode(output.Payload ?? '') } : output),
  },
};

// The clients: package, client class, the host's service name, the SDK's service id (for the
// exception base class), operations, and the exceptions each exports.
const CLIENTS = [
  {
    pkg: '@aws-sdk/client-dynamodb', client: 'DynamoDBClient', service: 'dynamodb', base: 'DynamoDBServiceException',
    operations: ['BatchGetItem', 'BatchWriteItem', 'CreateTable', 'DeleteItem', 'DeleteTable', 'DescribeTable', 'GetItem', 'ListTables', 'PutItem', 'Query', 'Scan', 'TransactGetItems', 'TransactWriteItems', 'UpdateItem'],
    exceptions: ['ConditionalCheckFailedException', 'ResourceNotFoundException', 'ResourceInUseException', 'TransactionCanceledException', 'ItemCollectionSizeLimitExceededException', 'ProvisionedThroughputExceededException', 'InternalServerError'],
  },
  {
    pkg: '@aws-sdk/client-s3', client: 'S3Client', service: 's3', base: 'S3ServiceException',
    operations: ['CopyObject', 'CreateBucket', 'DeleteBucket', 'DeleteObject', 'DeleteObjects', 'GetObject', 'HeadBucket', 'HeadObject', 'ListBuckets', 'ListObjectsV2', 'PutObject'],
    exceptions: ['NoSuchKey', 'NoSuchBucket', 'NotFound', 'BucketAlreadyExists', 'BucketAlreadyOwnedByYou'],
  },
  {
    pkg: '@aws-sdk/client-sqs', client: 'SQSClient', service: 'sqs', base: 'SQSServiceException',
    operations: ['ChangeMessageVisibility', 'CreateQueue', 'DeleteMessage', 'DeleteMessageBatch', 'DeleteQueue', 'GetQueueAttributes', 'GetQueueUrl', 'ListQueues', 'PurgeQueue', 'ReceiveMessage', 'SendMessage', 'SendMessageBatch'],
    exceptions: ['QueueDoesNotExist', 'ReceiptHandleIsInvalid', 'InvalidMessageContents'],
  },
  {
    pkg: '@aws-sdk/client-sns', client: 'SNSClient', service: 'sns', base: 'SNSServiceException',
    operations: ['CreateTopic', 'DeleteTopic', 'ListSubscriptions', 'ListTopics', 'Publish', 'PublishBatch', 'Subscribe', 'Unsubscribe'],
    exceptions: ['NotFoundException', 'InvalidParameterException'],
  },
  {
    pkg: '@aws-sdk/client-sfn', client: 'SFNClient', service: 'stepfunctions', base: 'SFNServiceException', dates: 'sfn',
    operations: ['DescribeExecution', 'SendTaskFailure', 'SendTaskHeartbeat', 'SendTaskSuccess', 'StartExecution'],
    exceptions: ['ExecutionAlreadyExists', 'ExecutionDoesNotExist', 'InvalidExecutionInput', 'InvalidName', 'InvalidOutput', 'InvalidToken', 'StateMachineDoesNotExist', 'TaskDoesNotExist', 'TaskTimedOut'],
  },
  {
    pkg: '@aws-sdk/client-lambda', client: 'LambdaClient', service: 'lambda', base: 'LambdaServiceException',
    operations: ['Invoke'],
    exceptions: ['ResourceNotFoundException', 'ServiceException', 'InvalidRequestContentException', 'RequestTooLargeException', 'TooManyRequestsException'],
  },
  {
    pkg: '@aws-sdk/client-eventbridge', client: 'EventBridgeClient', service: 'events', base: 'EventBridgeServiceException', dates: 'eventbridge',
    operations: ['DescribeRule', 'ListRules', 'PutEvents', 'PutRule', 'PutTargets'],
    exceptions: ['ResourceNotFoundException'],
  },
];

// The error an offline SDK gets (no host answers: a function tested outside any run here).
function offlineError(service) {
  const region = globalThis.process?.env?.AWS_REGION ?? 'us-east-1';
  const error = new Error(`getaddrinfo ENOTFOUND ${service}.${region}.amazonaws.com`);
  error.code = 'ENOTFOUND';
  error.$metadata = { attempts: 3, totalRetryDelay: 0 };
  return error;
}

function makeClientModule(spec) {
  const module = {};
  const base = { [spec.base]: class extends ServiceException {} }[spec.base];
  module[spec.base] = base;
  module.ServiceException = ServiceException;
  for (const name of spec.exceptions) module[name] = exceptionClass(base, name);
  const dates = TIMESTAMPS[spec.dates ?? spec.service] ?? [];
  const shapes = SHAPES[spec.service];
  class Client {
    constructor(config = {}) {
      this.config = { ...config };
      this.middlewareStack = { add() {}, use() {} };
    }
    async send(command) {
      const operation = command?.constructor?.operation;
      if (!operation) throw new TypeError('command must be a Command of this client');
      if (typeof command.resolve === 'function') return command.resolve(this);
      const input = shapes ? shapes.input(operation, command.input ?? {}) : command.input ?? {};
      const answer = await callAws(spec.service, operation, input);
      if (answer.offline) throw offlineError(spec.service);
      const id = requestId();
      if (answer.error) {
        const { code, message, status } = answer.error;
        const cls = module[code] ?? module[`${code}Exception`] ?? null;
        const fault = status >= 500 ? 'server' : 'client';
        const options = { name: code, message, $fault: fault, $metadata: metadata(status, id) };
        const error = cls ? new cls(options) : new base(options);
        if (answer.error.item) error.Item = answer.error.item;
        throw error;
      }
      let output = withDates(answer.output ?? {}, dates);
      if (shapes) output = shapes.output(operation, output);
      return { $metadata: metadata(spec.service === 'lambda' ? output.StatusCode ?? 200 : 200, id), ...output };
    }
    destroy() {}
  }
  Object.defineProperty(Client, 'name', { value: spec.client });
  module[spec.client] = Client;
  for (const operation of spec.operations) {
    const name = `${operation}Command`;
    module[name] = {
      [name]: class {
        static operation = operation;
        constructor(input) {
          this.input = input;
        }
      },
    }[name];
  }
  return module;
}

// The packages a function can import or require, by specifier.
const SDK_PACKAGES = {};
for (const spec of CLIENTS) SDK_PACKAGES[spec.pkg] = makeClientModule(spec);
