'use strict';

// A fresh AWS account, in-process, for `serverless deploy`: preloaded into the Serverless Framework with
// NODE_OPTIONS=--require, it replaces how the framework's AWS SDK (v2) sends requests, so no request leaves the
// machine. Each call is answered from a small account model kept in LATCH_AWS_STAND_IN_DIR (state.json, the S3
// objects, and calls.jsonl: one line per call), so a second `deploy` meets the stack the first one created.
//
// It holds the change sets to the rules CloudFormation applies to them and answers a broken one with the error
// CloudFormation gives (a ValidationError), never with a success:
//   - every parameter sent is declared in the template sent, and every declared parameter without a default
//     gets a value ("Parameters: [X] do not exist in the template" / "Parameters: [X] must have values");
//   - a value matches its parameter's AllowedPattern;
//   - the template is a TemplateBody or a TemplateURL to an object in a bucket of this account, and parses;
//   - CREATE only for a stack that does not exist, UPDATE only for one that does;
//   - named IAM resources need CAPABILITY_NAMED_IAM.
// Any operation it does not know fails loudly (UnknownOperation), so a new call of the framework is noticed.

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const dir = process.env.LATCH_AWS_STAND_IN_DIR;
if (!dir) {
  throw new Error('aws-account.js: LATCH_AWS_STAND_IN_DIR is not set');
}

const ACCOUNT = '123456789012';
const statePath = path.join(dir, 'state.json');
const objectsDir = path.join(dir, 'objects');
const callsPath = path.join(dir, 'calls.jsonl');

function loadState() {
  return fs.existsSync(statePath) ? JSON.parse(fs.readFileSync(statePath, 'utf8')) : { stacks: {}, buckets: {} };
}

function saveState(state) {
  fs.writeFileSync(statePath, JSON.stringify(state, null, 2));
}

function record(entry) {
  fs.appendFileSync(callsPath, JSON.stringify(entry) + '\n');
}

function awsError(code, message, statusCode = 400) {
  return Object.assign(new Error(message), { code, statusCode, retryable: false, time: new Date() });
}

function objectPath(bucket, key) {
  return path.join(objectsDir, bucket, ...key.split('/'));
}

// --- templates ------------------------------------------------------------------------------------------------

function templateOf(params, state) {
  if (params.TemplateBody !== undefined && params.TemplateURL !== undefined) {
    throw awsError('ValidationError', 'Specify exactly one of TemplateBody or TemplateUrl.');
  }

  let text = params.TemplateBody;
  if (params.TemplateURL !== undefined) {
    const { bucket, key } = parseS3Url(params.TemplateURL);
    if (!state.buckets[bucket] || !fs.existsSync(objectPath(bucket, key))) {
      throw awsError('ValidationError', `S3 error: Access Denied (${params.TemplateURL})`);
    }
    text = fs.readFileSync(objectPath(bucket, key), 'utf8');
  }

  if (text === undefined) {
    throw awsError('ValidationError', 'Either Template URL or Template Body must be specified.');
  }

  try {
    return { text, template: JSON.parse(text) };
  } catch (e) {
    throw awsError('ValidationError', `Template format error: JSON not well-formed. (${e.message})`);
  }
}

function parseS3Url(url) {
  const u = new URL(url);
  const virtualHosted = /^(.+)\.s3[.-]/.exec(u.hostname);
  const parts = u.pathname.replace(/^\//, '').split('/').map(decodeURIComponent);
  return virtualHosted ? { bucket: virtualHosted[1], key: parts.join('/') } : { bucket: parts[0], key: parts.slice(1).join('/') };
}

function checkParameters(template, sent, existing) {
  const declared = template.Parameters || {};
  const undeclared = (sent || []).map((p) => p.ParameterKey).filter((k) => !(k in declared));
  if (undeclared.length > 0) {
    throw awsError('ValidationError', `Parameters: [${undeclared.join(', ')}] do not exist in the template`);
  }

  const values = {};
  for (const p of sent || []) {
    if (p.UsePreviousValue) {
      if (!existing || !(p.ParameterKey in existing.parameters)) {
        throw awsError('ValidationError', `Invalid input for parameter key ${p.ParameterKey}. Cannot specify usePreviousValue as true for a parameter key not in the previous template`);
      }
      values[p.ParameterKey] = existing.parameters[p.ParameterKey];
    } else {
      values[p.ParameterKey] = p.ParameterValue;
    }
  }

  const missing = Object.keys(declared).filter((k) => !(k in values) && declared[k].Default === undefined);
  if (missing.length > 0) {
    throw awsError('ValidationError', `Parameters: [${missing.join(', ')}] must have values`);
  }

  for (const [key, declaration] of Object.entries(declared)) {
    const value = key in values ? values[key] : declaration.Default;
    if (declaration.AllowedPattern && !new RegExp(`^(?:${declaration.AllowedPattern})$`).test(String(value))) {
      throw awsError('ValidationError', `Parameter '${key}' must match pattern ${declaration.AllowedPattern}`);
    }
  }

  return values;
}

function checkCapabilities(template, capabilities) {
  const named = Object.values(template.Resources || {}).some(
    (r) => /^AWS::IAM::/.test(r.Type) && r.Properties && (r.Properties.RoleName || r.Properties.PolicyName || r.Properties.ManagedPolicyName)
  );
  if (named && !(capabilities || []).includes('CAPABILITY_NAMED_IAM')) {
    throw awsError('InsufficientCapabilitiesException', 'Requires capabilities : [CAPABILITY_NAMED_IAM]');
  }
}

function physicalId(stackName, logicalId, type) {
  const suffix = crypto.createHash('sha256').update(stackName + logicalId).digest('hex').slice(0, 12);
  if (type === 'AWS::S3::Bucket') {
    return `${stackName}-${logicalId}-${suffix}`.toLowerCase();
  }
  return `${stackName}-${logicalId}-${suffix}`;
}

// Outputs: a Ref to a resource is its physical id; anything else is a placeholder string.
function outputsOf(stack) {
  return Object.entries(stack.template.Outputs || {}).map(([key, output]) => {
    const value = output.Value;
    const ref = value && typeof value === 'object' && value.Ref;
    return {
      OutputKey: key,
      OutputValue: ref && stack.resources[ref] ? stack.resources[ref].physicalId : typeof value === 'string' ? value : `stand-in:${key}`,
    };
  });
}

// --- CloudFormation --------------------------------------------------------------------------------------------

function stackId(name) {
  return `arn:aws:cloudformation:${process.env.AWS_REGION || 'eu-west-1'}:${ACCOUNT}:stack/${name}/${crypto.createHash('md5').update(name).digest('hex')}`;
}

function findStack(state, nameOrId) {
  return Object.values(state.stacks).find((s) => s.name === nameOrId || s.id === nameOrId);
}

function requireStack(state, nameOrId) {
  const stack = findStack(state, nameOrId);
  if (!stack) {
    throw awsError('ValidationError', `Stack with id ${nameOrId} does not exist`);
  }
  return stack;
}

const cloudFormation = {
  describeStacks(params, state) {
    const stack = requireStack(state, params.StackName);
    return {
      Stacks: [{
        StackId: stack.id,
        StackName: stack.name,
        StackStatus: stack.status,
        CreationTime: new Date(stack.created),
        Parameters: Object.entries(stack.parameters).map(([k, v]) => ({ ParameterKey: k, ParameterValue: v })),
        Outputs: outputsOf(stack),
      }],
    };
  },

  createChangeSet(params, state) {
    const existing = findStack(state, params.StackName);
    if (params.ChangeSetType === 'CREATE' && existing) {
      throw awsError('AlreadyExistsException', `Stack [${params.StackName}] already exists and cannot be created again with the changeSet [${params.ChangeSetName}].`);
    }
    if (params.ChangeSetType !== 'CREATE' && !existing) {
      throw awsError('ValidationError', `Stack [${params.StackName}] does not exist`);
    }

    const { text, template } = templateOf(params, state);
    const parameters = checkParameters(template, params.Parameters, existing);
    checkCapabilities(template, params.Capabilities);

    const id = `arn:aws:cloudformation:eu-west-1:${ACCOUNT}:changeSet/${params.ChangeSetName}/${crypto.randomUUID()}`;
    const stack = existing || { name: params.StackName, id: stackId(params.StackName), status: 'REVIEW_IN_PROGRESS', created: Date.now(), template: {}, parameters: {}, resources: {}, events: [] };
    state.stacks[stack.name] = stack;
    const unchanged = existing && text === existing.templateText && JSON.stringify(parameters) === JSON.stringify(existing.parameters);
    stack.changeSet = { name: params.ChangeSetName, id, type: params.ChangeSetType, text, template, parameters, unchanged };

    record({ changeSet: { type: params.ChangeSetType, stack: params.StackName, templateBody: params.TemplateBody !== undefined, templateUrl: params.TemplateURL, template: text, parameters: params.Parameters } });
    return { Id: id, StackId: stack.id };
  },

  describeChangeSet(params, state) {
    const stack = requireStack(state, params.StackName);
    const changeSet = stack.changeSet;
    if (!changeSet || (changeSet.name !== params.ChangeSetName && changeSet.id !== params.ChangeSetName)) {
      throw awsError('ChangeSetNotFound', `ChangeSet [${params.ChangeSetName}] does not exist`, 404);
    }
    if (changeSet.unchanged) {
      return { ChangeSetName: changeSet.name, ChangeSetId: changeSet.id, StackId: stack.id, StackName: stack.name, Status: 'FAILED', ExecutionStatus: 'UNAVAILABLE', StatusReason: "The submitted information didn't contain changes. Submit different information to create a change set.", Changes: [] };
    }
    const changes = Object.entries(changeSet.template.Resources || {}).map(([logicalId, r]) => ({
      Type: 'Resource',
      ResourceChange: { Action: stack.resources[logicalId] ? 'Modify' : 'Add', LogicalResourceId: logicalId, ResourceType: r.Type },
    }));
    return { ChangeSetName: changeSet.name, ChangeSetId: changeSet.id, StackId: stack.id, StackName: stack.name, Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE', Changes: changes };
  },

  deleteChangeSet(params, state) {
    const stack = findStack(state, params.StackName);
    if (stack && stack.changeSet && (stack.changeSet.name === params.ChangeSetName || stack.changeSet.id === params.ChangeSetName)) {
      delete stack.changeSet;
    }
    return {};
  },

  executeChangeSet(params, state) {
    const stack = requireStack(state, params.StackName);
    const changeSet = stack.changeSet;
    if (!changeSet || (changeSet.name !== params.ChangeSetName && changeSet.id !== params.ChangeSetName) || changeSet.unchanged) {
      throw awsError('InvalidChangeSetStatus', `ChangeSet [${params.ChangeSetName}] cannot be executed in its current status`);
    }

    const action = changeSet.type === 'CREATE' ? 'CREATE' : 'UPDATE';
    const now = Date.now();
    const event = (logicalId, type, status, offset) => ({
      EventId: crypto.randomUUID(), StackId: stack.id, StackName: stack.name, LogicalResourceId: logicalId,
      ResourceType: type, ResourceStatus: status, Timestamp: new Date(now + offset).toISOString(),
    });

    const events = [event(stack.name, 'AWS::CloudFormation::Stack', `${action}_IN_PROGRESS`, 0)];
    const resources = {};
    for (const [logicalId, r] of Object.entries(changeSet.template.Resources || {})) {
      resources[logicalId] = { type: r.Type, physicalId: (stack.resources[logicalId] || {}).physicalId || physicalId(stack.name, logicalId, r.Type) };
      events.push(event(logicalId, r.Type, `${stack.resources[logicalId] ? 'UPDATE' : 'CREATE'}_COMPLETE`, 1));
      if (r.Type === 'AWS::S3::Bucket') {
        state.buckets[resources[logicalId].physicalId] = { region: process.env.AWS_REGION || 'eu-west-1' };
      }
    }
    events.push(event(stack.name, 'AWS::CloudFormation::Stack', `${action}_COMPLETE`, 2));

    Object.assign(stack, {
      status: `${action}_COMPLETE`, template: changeSet.template, templateText: changeSet.text, parameters: changeSet.parameters, resources,
      events: [...events.reverse(), ...stack.events],
    });
    delete stack.changeSet;
    return {};
  },

  describeStackEvents(params, state) {
    return { StackEvents: requireStack(state, params.StackName).events.map((e) => ({ ...e, Timestamp: new Date(e.Timestamp) })) };
  },

  describeStackResource(params, state) {
    const stack = requireStack(state, params.StackName);
    const resource = stack.resources[params.LogicalResourceId];
    if (!resource) {
      throw awsError('ValidationError', `Resource ${params.LogicalResourceId} does not exist for stack ${params.StackName}`);
    }
    return { StackResourceDetail: { StackName: stack.name, LogicalResourceId: params.LogicalResourceId, PhysicalResourceId: resource.physicalId, ResourceType: resource.type, ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() } };
  },

  listStackResources(params, state) {
    const stack = requireStack(state, params.StackName);
    return {
      StackResourceSummaries: Object.entries(stack.resources).map(([logicalId, r]) => ({
        LogicalResourceId: logicalId, PhysicalResourceId: r.physicalId, ResourceType: r.type, ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date(),
      })),
    };
  },

  getTemplate(params, state) {
    return { TemplateBody: requireStack(state, params.StackName).templateText };
  },

  validateTemplate(params, state) {
    const { template } = templateOf(params, state);
    if (!template.Resources || Object.keys(template.Resources).length === 0) {
      throw awsError('ValidationError', 'Template format error: At least one Resources member must be defined.');
    }
    return {
      Parameters: Object.entries(template.Parameters || {}).map(([k, p]) => ({ ParameterKey: k, DefaultValue: p.Default, NoEcho: false, Description: p.Description })),
    };
  },
};

// --- S3 ----------------------------------------------------------------------------------------------------

function requireBucket(state, bucket) {
  if (!state.buckets[bucket]) {
    throw awsError('NoSuchBucket', 'The specified bucket does not exist', 404);
  }
}

function listKeys(bucket, prefix) {
  const root = path.join(objectsDir, bucket);
  const keys = [];
  const walk = (d, parts) => {
    if (!fs.existsSync(d)) return;
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(d, entry.name), [...parts, entry.name]);
      else if (!entry.name.endsWith('.metadata.json')) keys.push([...parts, entry.name].join('/'));
    }
  };
  walk(root, []);
  return keys.filter((k) => k.startsWith(prefix || '')).sort();
}

const s3 = {
  headBucket(params, state) {
    requireBucket(state, params.Bucket);
    return {};
  },

  getBucketLocation(params, state) {
    requireBucket(state, params.Bucket);
    return { LocationConstraint: state.buckets[params.Bucket].region };
  },

  listObjectsV2(params, state) {
    requireBucket(state, params.Bucket);
    const contents = listKeys(params.Bucket, params.Prefix).map((key) => {
      const stat = fs.statSync(objectPath(params.Bucket, key));
      return { Key: key, Size: stat.size, LastModified: stat.mtime, ETag: '"stand-in"' };
    });
    return { Contents: contents, KeyCount: contents.length, IsTruncated: false };
  },

  headObject(params, state) {
    requireBucket(state, params.Bucket);
    const file = objectPath(params.Bucket, params.Key);
    if (!fs.existsSync(file)) {
      throw awsError('NotFound', null, 404);
    }
    return { ContentLength: fs.statSync(file).size, Metadata: JSON.parse(fs.readFileSync(`${file}.metadata.json`, 'utf8')) };
  },

  async upload(params, state) {
    requireBucket(state, params.Bucket);
    const body = await readBody(params.Body);
    const file = objectPath(params.Bucket, params.Key);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, body);
    fs.writeFileSync(`${file}.metadata.json`, JSON.stringify(params.Metadata || {}));
    return { Bucket: params.Bucket, Key: params.Key, Location: `https://${params.Bucket}.s3.amazonaws.com/${params.Key}`, ETag: '"stand-in"' };
  },

  deleteObjects(params, state) {
    requireBucket(state, params.Bucket);
    for (const { Key } of params.Delete.Objects) {
      fs.rmSync(objectPath(params.Bucket, Key), { force: true });
      fs.rmSync(`${objectPath(params.Bucket, Key)}.metadata.json`, { force: true });
    }
    return { Deleted: params.Delete.Objects };
  },
};

async function readBody(body) {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string' || Buffer.isBuffer(body)) return Buffer.from(body);
  const chunks = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

// --- the rest of a fresh account -------------------------------------------------------------------------------

const sts = {
  getCallerIdentity() {
    return { Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/deployer`, UserId: 'AIDASTANDIN' };
  },
};

// A function exists once a stack created it (the framework compares its code hash before uploading).
const lambda = {
  getFunction(params, state) {
    for (const stack of Object.values(state.stacks)) {
      for (const [logicalId, r] of Object.entries(stack.template.Resources || {})) {
        if (r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName === params.FunctionName && stack.resources[logicalId]) {
          return { Configuration: { FunctionName: params.FunctionName, Runtime: r.Properties.Runtime, CodeSha256: 'stand-in', LastModified: new Date(stack.created).toISOString() } };
        }
      }
    }
    throw awsError('ResourceNotFoundException', `Function not found: ${params.FunctionName}`, 404);
  },
};

const services = { cloudformation: cloudFormation, s3, sts, lambda };

async function answer(serviceId, operation, params) {
  const handler = (services[serviceId] || {})[operation];
  if (!handler) {
    record({ call: `${serviceId}.${operation}`, unknown: true });
    throw awsError('UnknownOperation', `aws-account.js: ${serviceId}.${operation} is not modelled by the stand-in`);
  }

  const state = loadState();
  try {
    const result = await handler(params, state);
    saveState(state);
    record({ call: `${serviceId}.${operation}`, params: summarize(params) });
    return result;
  } catch (e) {
    record({ call: `${serviceId}.${operation}`, params: summarize(params), error: e.code, message: e.message });
    throw e;
  }
}

function summarize(params) {
  const copy = { ...(params || {}) };
  if (copy.Body !== undefined) copy.Body = '(body)';
  if (copy.TemplateBody !== undefined) copy.TemplateBody = '(template)';
  return copy;
}

// --- the hook into the framework's SDK -----------------------------------------------------------------------

const frameworkDir = path.dirname(fs.realpathSync(process.argv[1]));
const AWS = require(require.resolve('aws-sdk', { paths: [frameworkDir] }));

function validate(service, operation, params) {
  const shape = service.api.operations[operation] && service.api.operations[operation].input;
  if (shape) {
    new AWS.ParamValidator(true).validate(shape, params);
  }
}

AWS.Request.prototype.promise = function promise() {
  const serviceId = this.service.serviceIdentifier;
  const { operation, params } = this;
  return Promise.resolve().then(() => {
    validate(this.service, operation, params);
    return answer(serviceId, operation, params);
  });
};

AWS.Request.prototype.send = function send(callback) {
  this.promise().then((data) => callback && callback(null, data), (err) => callback && callback(err));
  return this;
};

// S3.upload is a managed (multipart) upload rather than one request: answered as a single upload.
AWS.S3.prototype.upload = function upload(params) {
  return { promise: () => answer('s3', 'upload', params), on() { return this; } };
};
